import { usePerson } from '../people/queries.ts';
import { LinkedActivities } from './LinkedActivities.tsx';

/** The person page's tab "Atividades": the person's activities, their counts, and adding one for them. */
export function PersonActivitiesTab({ personId }: { personId: string }) {
  const person = usePerson(personId);
  return (
    <LinkedActivities link={{ personId }} defaults={{ personId, personName: person.data?.name ?? null }} />
  );
}
