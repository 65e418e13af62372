import { LinkedActivities } from './LinkedActivities.tsx';

/** The opportunity page's activities section, new ones linked to it (and to its holder when known). */
export function OpportunityActivities({
  opportunityId,
  holder,
}: {
  opportunityId: string;
  holder?: { id: string; name: string } | null | undefined;
}) {
  return (
    <LinkedActivities
      link={{ opportunityId }}
      defaults={{ opportunityId, personId: holder?.id ?? null, personName: holder?.name ?? null }}
    />
  );
}
