import type { LookupAddress, LookupCompany } from '@funil/domain';
import { api, isApiError } from '../../lib/api.ts';

/** What a lookup came to, for the form: the record, or why there is none (never an exception). */
export type LookupOutcome<T> =
  | { status: 'found'; value: T }
  | { status: 'not_found' | 'unavailable' | 'disabled' | 'invalid' };

function miss(error: unknown): LookupOutcome<never> {
  if ((error as Error)?.name === 'AbortError') throw error;
  if (!isApiError(error)) return { status: 'unavailable' };
  if (error.code === 'lookup-not-found') return { status: 'not_found' };
  if (error.code === 'lookup-disabled') return { status: 'disabled' };
  if (error.code === 'validation') return { status: 'invalid' };
  return { status: 'unavailable' };
}

/** `GET /lookups/cnpj/{cnpj}`; a provider down, a network error or a 5xx is `unavailable`. */
export async function fetchCompany(
  cnpj: string,
  signal?: AbortSignal,
): Promise<LookupOutcome<LookupCompany>> {
  try {
    const res = await api.get<{ company: LookupCompany }>(`/lookups/cnpj/${encodeURIComponent(cnpj)}`, {
      signal,
    });
    return { status: 'found', value: res.company };
  } catch (error) {
    return miss(error);
  }
}

/** `GET /lookups/cep/{cep}`. */
export async function fetchAddress(cep: string, signal?: AbortSignal): Promise<LookupOutcome<LookupAddress>> {
  try {
    const res = await api.get<{ address: LookupAddress }>(`/lookups/cep/${encodeURIComponent(cep)}`, {
      signal,
    });
    return { status: 'found', value: res.address };
  } catch (error) {
    return miss(error);
  }
}
