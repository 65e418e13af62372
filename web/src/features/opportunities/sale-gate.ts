import {
  type InvolvedPerson,
  type MissingSaleData,
  SALE_REQUIREMENTS,
  type SaleRequirement,
} from '@funil/domain';
import { isApiError } from '../../lib/api.ts';

/**
 * A sale refused (422 `sale-requirements`) with, per involved person, what is still missing. Thrown by
 * the win and accept mutations instead of the bare ApiError so the page can list who to fix.
 */
export class SaleGateError extends Error {
  readonly missing: MissingSaleData[];

  constructor(missing: MissingSaleData[]) {
    super('sale-requirements');
    this.name = 'SaleGateError';
    this.missing = missing;
  }
}

export const isSaleGateError = (error: unknown): error is SaleGateError => error instanceof SaleGateError;

export const isSaleRequirementsProblem = (error: unknown): boolean =>
  isApiError(error) && error.code === 'sale-requirements';

const isRequirement = (v: unknown): v is SaleRequirement =>
  typeof v === 'string' && (SALE_REQUIREMENTS as readonly string[]).includes(v);

/** The problem's own `missing` list, when the error carries it (read defensively: it is server data). */
export function missingFromProblem(error: unknown): MissingSaleData[] | null {
  const list = (error as { missing?: unknown } | null)?.missing;
  if (!Array.isArray(list)) return null;
  const rows = list.flatMap((m): MissingSaleData[] => {
    if (typeof m !== 'object' || m === null) return [];
    const { personId, name, missing } = m as Record<string, unknown>;
    if (typeof personId !== 'string' || !Array.isArray(missing)) return [];
    return [{ personId, name: typeof name === 'string' ? name : '', missing: missing.filter(isRequirement) }];
  });
  return rows.filter((r) => r.missing.length > 0);
}

/** The same list built from the involved people (each carries the requirements it does not meet yet). */
export function missingFromPeople(people: readonly InvolvedPerson[]): MissingSaleData[] {
  return people
    .filter((p) => p.missing.length > 0)
    .map((p) => ({ personId: p.personId, name: p.name, missing: [...p.missing] }));
}
