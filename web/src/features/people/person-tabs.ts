/** The tabs of the person page, in their order; `summary` (Resumo 360°) is the default and has no URL value. */
export const PERSON_TABS = ['summary', 'activities', 'attachments', 'assets', 'documents', 'lgpd'] as const;
export type PersonTab = (typeof PERSON_TABS)[number];

export function parsePersonSearch(search: Record<string, unknown>): { tab?: PersonTab } {
  const tab = PERSON_TABS.find((t) => t === search.tab);
  return tab && tab !== 'summary' ? { tab } : {};
}
