/** `/opportunities/new` search params: where the card starts and who the holder is. */
export type NewOpportunitySearch = { pipelineId?: string; stageId?: string; holderId?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Keeps only well-formed ids: anything else would be refused by the API anyway. */
export function parseNewOpportunitySearch(raw: Record<string, unknown>): NewOpportunitySearch {
  const search: NewOpportunitySearch = {};
  for (const key of ['pipelineId', 'stageId', 'holderId'] as const) {
    const value = raw[key];
    if (typeof value === 'string' && UUID.test(value.trim())) search[key] = value.trim().toLowerCase();
  }
  return search;
}
