import { formatCep, type LookupAddress, type LookupCompany } from '@funil/domain';

/**
 * Filling a form from a registry record: empty fields take the record's value; a field the user already filled with
 * something else is never overwritten here, only listed as a conflict (the form asks before replacing it).
 */
export type Fill<K extends string> = { patch: Partial<Record<K, string>>; conflicts: K[] };

const same = (a: string, b: string) =>
  a.trim().localeCompare(b.trim(), 'pt-BR', { sensitivity: 'base' }) === 0;

function fill<K extends string>(
  current: Record<K, string>,
  incoming: Partial<Record<K, string | null>>,
): Fill<K> {
  const patch: Partial<Record<K, string>> = {};
  const conflicts: K[] = [];
  for (const key of Object.keys(incoming) as K[]) {
    const value = incoming[key];
    if (!value) continue;
    const now = current[key] ?? '';
    if (!now.trim()) patch[key] = value;
    else if (!same(now, value)) conflicts.push(key);
  }
  return { patch, conflicts };
}

export const COMPANY_FIELDS = [
  'name',
  'tradeName',
  'cnaeCode',
  'cnaeDescription',
  'registrationStatus',
] as const;
export type CompanyField = (typeof COMPANY_FIELDS)[number];

/** The company's own fields from a CNPJ record. */
export function fillCompany(
  current: Record<CompanyField, string>,
  company: LookupCompany,
): Fill<CompanyField> {
  return fill(current, {
    name: company.name,
    tradeName: company.tradeName,
    cnaeCode: company.cnaeCode,
    cnaeDescription: company.cnaeDescription,
    registrationStatus: company.registrationStatus,
  });
}

export const ADDRESS_FIELDS = ['cep', 'street', 'number', 'complement', 'district', 'city', 'state'] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

/** An address row's fields from a record (CEP lookup: no number; CNPJ lookup: the company's full address). */
export function fillAddress(
  current: Record<AddressField, string>,
  address: LookupAddress,
): Fill<AddressField> {
  return fill(current, {
    cep: formatCep(address.cep),
    street: address.street,
    number: address.number,
    complement: address.complement,
    district: address.district,
    city: address.city,
    state: address.state,
  });
}

/** Whether an address row is still blank (a company's address may go into it). */
export const isBlankAddress = (row: Record<AddressField, string>) =>
  ADDRESS_FIELDS.every((f) => !row[f]?.trim());
