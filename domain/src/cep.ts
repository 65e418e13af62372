/** Brazilian states and postal codes (CEP): normalization, validation and masks. */

/** The 26 states plus the Distrito Federal, by their official two-letter codes. */
export const UFS = [
  'AC',
  'AL',
  'AM',
  'AP',
  'BA',
  'CE',
  'DF',
  'ES',
  'GO',
  'MA',
  'MG',
  'MS',
  'MT',
  'PA',
  'PB',
  'PE',
  'PI',
  'PR',
  'RJ',
  'RN',
  'RO',
  'RR',
  'RS',
  'SC',
  'SE',
  'SP',
  'TO',
] as const;
export type Uf = (typeof UFS)[number];

/** Digits only, so `01310-100`, `01.310-100` and `01310100` are stored the same. */
export function normalizeCep(input: string): string {
  return input.replace(/\D/g, '');
}

/** True for a normalized CEP: 8 digits, not all zeros. */
export function isValidCep(normalized: string): boolean {
  return /^\d{8}$/.test(normalized) && normalized !== '00000000';
}

/** Display form `01310-100`; anything that is not 8 digits once normalized comes back unchanged. */
export function formatCep(v: string): string {
  const digits = normalizeCep(v);
  return digits.length === 8 ? `${digits.slice(0, 5)}-${digits.slice(5)}` : v;
}

/** Progressive mask for a CEP input while typing: digits only, 8 max, hyphen after the fifth. */
export function maskCepInput(raw: string): string {
  const digits = normalizeCep(raw).slice(0, 8);
  return digits.length > 5 ? `${digits.slice(0, 5)}-${digits.slice(5)}` : digits;
}
