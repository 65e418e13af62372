/**
 * CPF (individuals) and CNPJ (companies): normalization, validation, masks and generators.
 * CNPJ follows the alphanumeric format introduced by Receita Federal in July 2026 (12 chars [0-9A-Z]
 * + 2 numeric check digits); purely numeric CNPJs are the special case where every char is a digit.
 */

const CPF_LENGTH = 11;
const CNPJ_LENGTH = 14;
const CNPJ_DV1_WEIGHTS = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const CNPJ_DV2_WEIGHTS = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CPF_PATTERN = /^\d{11}$/;
const CNPJ_PATTERN = /^[0-9A-Z]{12}\d{2}$/;
const ALL_SAME = /^(.)\1*$/;

/** Strips any mask (dots, dashes, slashes, spaces…) and uppercases, so lookups and storage agree. */
export function normalizeDocument(input: string): string {
  return input.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
}

/** Mod-11 check digit of `chars` (value = ASCII code − 48) with weights decreasing from `first`. */
function cpfDigit(chars: string, first: number): number {
  let sum = 0;
  for (let i = 0; i < chars.length; i++) sum += (chars.charCodeAt(i) - 48) * (first - i);
  const rest = (sum * 10) % 11;
  return rest === 10 ? 0 : rest;
}

/** The two CPF check digits for a 9-digit base. */
export function cpfCheckDigits(base: string): string {
  const dv1 = cpfDigit(base, 10);
  return `${dv1}${cpfDigit(`${base}${dv1}`, 11)}`;
}

/** Official CNPJ mod-11 rule: remainder < 2 → 0, else 11 − remainder. */
function cnpjDigit(chars: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (chars.charCodeAt(i) - 48) * (weights[i] as number);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

/** The two CNPJ check digits for a 12-char [0-9A-Z] base (the alphanumeric CNPJ included). */
export function cnpjCheckDigits(base: string): string {
  const dv1 = cnpjDigit(base, CNPJ_DV1_WEIGHTS);
  return `${dv1}${cnpjDigit(`${base}${dv1}`, CNPJ_DV2_WEIGHTS)}`;
}

/** True for a normalized CPF: 11 digits, right check digits, not a repeated digit (000…, 111…). */
export function isValidCpf(value: string): boolean {
  if (!CPF_PATTERN.test(value) || ALL_SAME.test(value)) return false;
  return cpfCheckDigits(value.slice(0, 9)) === value.slice(9);
}

/** True for a normalized CNPJ, numeric or alphanumeric: 12 × [0-9A-Z] + 2 check digits, not all the same char. */
export function isValidCnpj(value: string): boolean {
  if (!CNPJ_PATTERN.test(value) || ALL_SAME.test(value)) return false;
  return cnpjCheckDigits(value.slice(0, 12)) === value.slice(12);
}

/** Which valid document a normalized value is (CPF or CNPJ), or null when it is neither. */
export function documentKind(normalized: string): 'cpf' | 'cnpj' | null {
  if (isValidCpf(normalized)) return 'cpf';
  if (isValidCnpj(normalized)) return 'cnpj';
  return null;
}

/** Masks an 11-char CPF as `123.456.789-09`; any other length comes back unchanged. */
export function formatCpf(v: string): string {
  if (v.length !== CPF_LENGTH) return v;
  return `${v.slice(0, 3)}.${v.slice(3, 6)}.${v.slice(6, 9)}-${v.slice(9)}`;
}

/** Masks a 14-char CNPJ as `12.ABC.345/01DE-35`; any other length comes back unchanged. */
export function formatCnpj(v: string): string {
  if (v.length !== CNPJ_LENGTH) return v;
  return `${v.slice(0, 2)}.${v.slice(2, 5)}.${v.slice(5, 8)}/${v.slice(8, 12)}-${v.slice(12)}`;
}

/** Display form of a stored/typed document, masked by kind; empty for null, unchanged when not valid. */
export function formatDocument(v: string | null | undefined): string {
  if (!v) return '';
  const normalized = normalizeDocument(v);
  const kind = documentKind(normalized);
  if (kind === 'cpf') return formatCpf(normalized);
  if (kind === 'cnpj') return formatCnpj(normalized);
  return v;
}

/** Punctuation to insert before the char at each position, for the progressive input masks. */
const CPF_MASK: Readonly<Record<number, string>> = { 3: '.', 6: '.', 9: '-' };
const CNPJ_MASK: Readonly<Record<number, string>> = { 2: '.', 5: '.', 8: '/', 12: '-' };

/** Progressive mask for a document input while typing: drops invalid chars, caps length, adds punctuation. */
export function maskDocumentInput(raw: string, kind: 'individual' | 'company'): string {
  const isCpf = kind === 'individual';
  const max = isCpf ? CPF_LENGTH : CNPJ_LENGTH;
  const mask = isCpf ? CPF_MASK : CNPJ_MASK;
  let out = '';
  let count = 0;
  for (const ch of raw.toUpperCase()) {
    if (count === max) break;
    const isDigit = ch >= '0' && ch <= '9';
    const isLetter = ch >= 'A' && ch <= 'Z';
    // CPF is digits only; CNPJ allows letters in its first 12 chars, never in the check digits.
    if (!isDigit && !(isLetter && !isCpf && count < 12)) continue;
    out += (mask[count] ?? '') + ch;
    count++;
  }
  return out;
}

/** A random char from the first `size` chars of the alphanumeric alphabet. */
function pick(random: () => number, size: number): string {
  return ALPHANUMERIC[Math.floor(random() * size)] as string;
}

/** A valid normalized CPF drawn from `random` (a PRNG in [0, 1)), for seeds, tests and benchmarks. */
export function generateCpf(random: () => number): string {
  for (;;) {
    let base = '';
    for (let i = 0; i < 9; i++) base += pick(random, 10);
    if (!ALL_SAME.test(base)) return base + cpfCheckDigits(base);
  }
}

/**
 * A valid normalized CNPJ drawn from `random`; usually a head office (`/0001`). With `alphanumeric`, the
 * 8-char root always holds at least one letter, as the post-2026 CNPJs do.
 */
export function generateCnpj(random: () => number, options?: { alphanumeric?: boolean }): string {
  const alphabet = options?.alphanumeric ? ALPHANUMERIC.length : 10;
  for (;;) {
    let root = '';
    for (let i = 0; i < 8; i++) root += pick(random, alphabet);
    if (options?.alphanumeric && /^\d+$/.test(root)) continue;
    if (ALL_SAME.test(root)) continue;
    const branch = random() < 0.8 ? '0001' : `000${1 + Math.floor(random() * 9)}`;
    const base = root + branch;
    return base + cnpjCheckDigits(base);
  }
}
