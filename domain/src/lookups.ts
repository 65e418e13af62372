/**
 * Company (CNPJ) and address (CEP) lookups in public registries (BrasilAPI, ReceitaWS, ViaCEP): what the API answers
 * and the web fills the forms with. Providers' payloads are turned into these shapes by their adapters.
 */

/** An address as a registry gives it: any part may be missing (a CEP of a whole city has no street). */
export type LookupAddress = {
  cep: string;
  street: string | null;
  number: string | null;
  complement: string | null;
  district: string | null;
  city: string | null;
  /** Two-letter UF. */
  state: string | null;
};

/** A company as the Receita Federal registry has it. */
export type LookupCompany = {
  cnpj: string;
  /** Razão social. */
  name: string;
  /** Nome fantasia. */
  tradeName: string | null;
  /** Main activity: CNAE code as `6201-5/01` and its description. */
  cnaeCode: string | null;
  cnaeDescription: string | null;
  /** Situação cadastral, as the registry words it (`ATIVA`, `BAIXADA`, `INAPTA`, `SUSPENSA`, `NULA`). */
  registrationStatus: string | null;
  address: LookupAddress | null;
  phone: string | null;
  email: string | null;
};

/** Why a provider gave no answer: too slow, an error status or no connection, or a body that is not its format. */
export type LookupTrouble = 'timeout' | 'error' | 'bad_response';

/** What did not find a record; provider trouble is `unavailable`, never an error. */
export type LookupMiss =
  | { status: 'not_found' }
  | { status: 'unavailable'; reason: LookupTrouble }
  | { status: 'disabled' };

export type CnpjLookup = { status: 'found'; company: LookupCompany; cached: boolean } | LookupMiss;
export type CepLookup = { status: 'found'; address: LookupAddress; cached: boolean } | LookupMiss;

/** `6201501` / `62.01-5-01` / `6201-5/01` → `6201-5/01` (the IBGE form); anything else unchanged. */
export function formatCnae(code: string | number): string {
  const digits = String(code).replace(/\D/g, '');
  if (digits.length !== 7) return String(code);
  return `${digits.slice(0, 4)}-${digits.slice(4, 5)}/${digits.slice(5)}`;
}
