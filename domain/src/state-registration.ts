import type { Uf } from './cep.ts';

/**
 * Inscrição estadual (IE): each state has its own format and check digits (SINTEGRA's "Conferência de IE").
 * The check digits are verified for SP (commerce and industry), MG, RJ, PR, RS, SC, BA and GO; the other states
 * (and SP's rural producers, `P…`) are checked by their length in digits only. "ISENTO" (exempt) is valid anywhere.
 */

export const STATE_REGISTRATION_EXEMPT = 'ISENTO';

/** How many digits each state's IE has (several lengths where old and new formats coexist). */
const IE_LENGTHS: Readonly<Record<Uf, readonly number[]>> = {
  AC: [13],
  AL: [9],
  AP: [9],
  AM: [9],
  BA: [8, 9],
  CE: [9],
  DF: [13],
  ES: [9],
  GO: [9],
  MA: [9],
  MT: [11],
  MS: [9],
  MG: [13],
  PA: [9],
  PB: [9],
  PR: [10],
  PE: [9, 14],
  PI: [9],
  RJ: [8],
  RN: [9, 10],
  RS: [10],
  RO: [9, 14],
  RR: [9],
  SC: [9],
  SP: [12],
  SE: [9],
  TO: [9, 11],
};

const digitsOf = (value: string): number[] => [...value].map(Number);

/** Σ digit × weight over the first `weights.length` digits. */
function weightedSum(digits: readonly number[], weights: readonly number[]): number {
  return weights.reduce((sum, w, i) => sum + (digits[i] as number) * w, 0);
}

/** The usual mod-11 digit: remainder 0 or 1 → 0, else 11 − remainder. */
function mod11(sum: number): number {
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

/** SP: 12 digits, the 9th and the 12th are check digits (the last digit of the mod-11 remainder). */
function validSp(d: number[]): boolean {
  const dv1 = (weightedSum(d, [1, 3, 4, 5, 6, 7, 8, 10]) % 11) % 10;
  const dv2 = (weightedSum(d, [3, 2, 10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11) % 10;
  return d[8] === dv1 && d[11] === dv2;
}

/**
 * MG: 13 digits (municipality, order, establishment, 2 check digits). The first is taken over the 11 digits with
 * a 0 after the municipality, weights 1,2,1,2… summing the products' digits, up to the next ten.
 */
function validMg(d: number[]): boolean {
  const padded = [...d.slice(0, 3), 0, ...d.slice(3, 11)];
  const sum = padded.reduce((acc, digit, i) => {
    const product = digit * (i % 2 === 0 ? 1 : 2);
    return acc + Math.floor(product / 10) + (product % 10);
  }, 0);
  const dv1 = (10 - (sum % 10)) % 10;
  const dv2 = mod11(weightedSum([...d.slice(0, 11), dv1], [3, 2, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2]));
  return d[11] === dv1 && d[12] === dv2;
}

/** RJ: 8 digits, one mod-11 check digit. */
const validRj = (d: number[]) => d[7] === mod11(weightedSum(d, [2, 7, 6, 5, 4, 3, 2]));

/** PR: 10 digits, two mod-11 check digits. */
const validPr = (d: number[]) =>
  d[8] === mod11(weightedSum(d, [3, 2, 7, 6, 5, 4, 3, 2])) &&
  d[9] === mod11(weightedSum(d, [4, 3, 2, 7, 6, 5, 4, 3, 2]));

/** RS: 10 digits (3 of the municipality), one check digit: 11 − remainder, 10 and 11 → 0. */
function validRs(d: number[]): boolean {
  const dv = 11 - (weightedSum(d, [2, 9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  return d[9] === (dv >= 10 ? 0 : dv);
}

/** SC: 9 digits, one mod-11 check digit. */
const validSc = (d: number[]) => d[8] === mod11(weightedSum(d, [9, 8, 7, 6, 5, 4, 3, 2]));

/**
 * BA: 8 or 9 digits, two check digits computed last one first. The modulus is 10 when the leading digit (the
 * second one for 9 digits) is 0–5 or 8, else 11.
 */
function validBa(d: number[]): boolean {
  const base = d.length - 2;
  const lead = d[d.length === 9 ? 1 : 0] as number;
  const digit = (sum: number) => {
    if ([6, 7, 9].includes(lead)) return mod11(sum);
    const rest = sum % 10;
    return rest === 0 ? 0 : 10 - rest;
  };
  const weights = (n: number) => Array.from({ length: n }, (_, i) => n + 1 - i);
  const dv2 = digit(weightedSum(d, weights(base)));
  const dv1 = digit(weightedSum([...d.slice(0, base), dv2], weights(base + 1)));
  return d[base] === dv1 && d[base + 1] === dv2;
}

/** GO: 9 digits starting 10, 11, 15 or 20–29; remainder 1 gives 1 only in the 10103105–10119997 range. */
function validGo(d: number[], value: string): boolean {
  if (!/^(1[015]|2\d)/.test(value)) return false;
  const rest = weightedSum(d, [9, 8, 7, 6, 5, 4, 3, 2]) % 11;
  const base = Number(value.slice(0, 8));
  const dv = rest === 0 ? 0 : rest === 1 ? (base >= 10103105 && base <= 10119997 ? 1 : 0) : 11 - rest;
  return d[8] === dv;
}

const CHECK_DIGITS: Partial<Record<Uf, (digits: number[], value: string) => boolean>> = {
  SP: validSp,
  MG: validMg,
  RJ: validRj,
  PR: validPr,
  RS: validRs,
  SC: validSc,
  BA: validBa,
  GO: validGo,
};

/** The states whose IE check digits are verified (the others by length only). */
export const IE_CHECKED_STATES = Object.keys(CHECK_DIGITS) as Uf[];

/** True for an IE of `uf` normalized by `normalizeDocument`: ISENTO, or the state's length in digits with right check digits. */
export function isValidStateRegistration(uf: Uf, value: string): boolean {
  if (value === STATE_REGISTRATION_EXEMPT) return true;
  // SP's rural producers: P + 12 digits; their own rule is not checked (length only).
  if (uf === 'SP' && /^P\d{12}$/.test(value)) return true;
  if (!/^\d+$/.test(value) || !IE_LENGTHS[uf].includes(value.length)) return false;
  if (/^(\d)\1*$/.test(value)) return false;
  const check = CHECK_DIGITS[uf];
  return check ? check(digitsOf(value), value) : true;
}
