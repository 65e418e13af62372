/** What a client still lacks for the workspace's sale requirements (the pré-cadastro's 422 `sale-requirements`). */
export const SALE_REQUIREMENT_KEYS = ['document', 'address', 'phone', 'email', 'birthDate'] as const;
export type SaleRequirementKey = (typeof SALE_REQUIREMENT_KEYS)[number];

export type PreRegistrationSearch = { preRegistration?: string; missing?: SaleRequirementKey[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The person form opened for a pré-cadastro (`?preRegistration=<won negotiation>&missing=document,address`):
 * anything else in the address is dropped, so a tampered link opens the plain edit form.
 */
export function parsePreRegistrationSearch(search: Record<string, unknown>): PreRegistrationSearch {
  const id =
    typeof search.preRegistration === 'string' && UUID.test(search.preRegistration)
      ? search.preRegistration
      : null;
  if (!id) return {};
  const listed = Array.isArray(search.missing)
    ? search.missing
    : typeof search.missing === 'string'
      ? search.missing.split(',')
      : [];
  const missing = SALE_REQUIREMENT_KEYS.filter((k) => listed.includes(k));
  return { preRegistration: id, missing };
}
