import type { Uf } from './cep.ts';

/**
 * Inscrição estadual (IE): each state has its own format and check digits (SINTEGRA's "Conferência de IE"). Every
 * state's check digits are verified, SP's rural producers (`P…`) included. "ISENTO" (exempt) is valid anywhere.
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

/** The weights n, n−1, …, 2 (the most common series). */
const downTo2 = (n: number): number[] => Array.from({ length: n - 1 }, (_, i) => n - i);

/** The usual mod-11 digit: remainder 0 or 1 → 0, else 11 − remainder. */
function mod11(sum: number): number {
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

/** 11 − remainder, where 10 and 11 wrap to 0 and 1 (RO, PE's old 14 digits). */
const mod11Wrapped = (sum: number): number => (11 - (sum % 11)) % 10;

/** (sum × 10) mod 11, where 10 → 0 (AL, RN). */
const times10Mod11 = (sum: number): number => ((sum * 10) % 11) % 10;

/**
 * The states with one check digit at the end over all the other digits with the weights n…2 and the usual mod 11
 * (CE, PB, PI and SE state it as "11 − remainder, 10 or 11 → 0", MS as "remainder 0 → 0, above 9 → 0", AM as
 * "a sum below 11: 11 − sum": the same digit), optionally with a fixed prefix; MT weighs its 10 digits 3, 2, 9…2.
 */
const lastDigitMod11 =
  (prefix = '', weights?: readonly number[]) =>
  (d: number[], value: string): boolean =>
    value.startsWith(prefix) && d[d.length - 1] === mod11(weightedSum(d, weights ?? downTo2(d.length)));

/** Two check digits at the end, the second over the first too, both the usual mod 11 (AC, DF). */
const twoDigitsMod11 =
  (prefix: string, weights1: readonly number[], weights2: readonly number[]) =>
  (d: number[], value: string): boolean =>
    value.startsWith(prefix) &&
    d[d.length - 2] === mod11(weightedSum(d, weights1)) &&
    d[d.length - 1] === mod11(weightedSum(d, weights2));

/** SP: 12 digits, the 9th and the 12th are check digits (the last digit of the mod-11 remainder). */
const SP_WEIGHTS_1 = [1, 3, 4, 5, 6, 7, 8, 10];
function validSp(d: number[]): boolean {
  const dv1 = (weightedSum(d, SP_WEIGHTS_1) % 11) % 10;
  const dv2 = (weightedSum(d, [3, 2, 10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11) % 10;
  return d[8] === dv1 && d[11] === dv2;
}

/** SP's rural producers: P + 12 digits (8 digits, check digit, 3 digits); the check digit is SP's first one. */
const validSpRural = (d: number[]) => d[8] === (weightedSum(d, SP_WEIGHTS_1) % 11) % 10;

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
  const dv2 = digit(weightedSum(d, downTo2(base + 1)));
  const dv1 = digit(weightedSum([...d.slice(0, base), dv2], downTo2(base + 2)));
  return d[base] === dv1 && d[base + 1] === dv2;
}

/** GO: 9 digits starting 10, 11, 15 or 20–29; remainder 1 gives 1 only in the 10103105–10119997 range. */
function validGo(d: number[], value: string): boolean {
  if (!/^(1[015]|2\d)/.test(value)) return false;
  const rest = weightedSum(d, downTo2(9)) % 11;
  const base = Number(value.slice(0, 8));
  const dv = rest === 0 ? 0 : rest === 1 ? (base >= 10103105 && base <= 10119997 ? 1 : 0) : 11 - rest;
  return d[8] === dv;
}

/** AL: 9 digits, "24", then the company type (0 normal, 3 rural producer, 5 substitute, 7 street micro, 8 micro). */
const validAl = (d: number[], value: string) =>
  /^24[03578]/.test(value) && d[8] === times10Mod11(weightedSum(d, downTo2(9)));

/**
 * AP: 9 digits starting "03". The sum starts at p and remainder 1 gives d, by range of the first 8 digits:
 * up to 03017000 p = 5, d = 0; up to 03019022 p = 9, d = 1; above, p = 0, d = 0.
 */
function validAp(d: number[], value: string): boolean {
  if (!value.startsWith('03')) return false;
  const base = Number(value.slice(0, 8));
  const [p, dOnRest1] = base <= 3017000 ? [5, 0] : base <= 3019022 ? [9, 1] : [0, 0];
  const dv = 11 - ((p + weightedSum(d, downTo2(9))) % 11);
  return d[8] === (dv === 10 ? 0 : dv === 11 ? dOnRest1 : dv);
}

/** PE: 9 digits (e-Fisco), two mod-11 check digits; or the old 14 digits, one digit 11 − remainder wrapped. */
const validPe = (d: number[]) =>
  d.length === 14
    ? d[13] === mod11Wrapped(weightedSum(d, [5, 4, 3, 2, 1, 9, 8, 7, 6, 5, 4, 3, 2]))
    : d[7] === mod11(weightedSum(d, downTo2(8))) && d[8] === mod11(weightedSum(d, downTo2(9)));

/** RN: 9 or 10 digits starting "20", one (sum × 10) mod 11 check digit. */
const validRn = (d: number[], value: string) =>
  value.startsWith('20') && d[d.length - 1] === times10Mod11(weightedSum(d, downTo2(d.length)));

/**
 * RO: 14 digits (since 2000), weights 6…2, 9…2; or the old 9 digits (3 of the municipality, not weighed),
 * weights 6…2. One digit, 11 − remainder wrapped.
 */
const validRo = (d: number[]) =>
  d.length === 14
    ? d[13] === mod11Wrapped(weightedSum(d, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]))
    : d[8] === mod11Wrapped(weightedSum(d.slice(3), downTo2(6)));

/** RR: 9 digits starting "24", weights 1…8, the check digit is the sum mod 9. */
const validRr = (d: number[], value: string) =>
  value.startsWith('24') && d[8] === weightedSum(d, [1, 2, 3, 4, 5, 6, 7, 8]) % 9;

/**
 * TO: 9 digits, the usual mod 11; or the old 11 digits whose 3rd–4th (type: 01, 02, 03, 99) are left out of the
 * sum.
 */
function validTo(d: number[], value: string): boolean {
  if (d.length === 9) return lastDigitMod11()(d, value);
  return (
    /^\d\d(0[123]|99)/.test(value) &&
    d[10] === mod11(weightedSum([...d.slice(0, 2), ...d.slice(4)], downTo2(9)))
  );
}

const CHECK_DIGITS: Readonly<Record<Uf, (digits: number[], value: string) => boolean>> = {
  AC: twoDigitsMod11('01', [4, 3, 2, ...downTo2(9)], [5, 4, 3, 2, ...downTo2(9)]),
  AL: validAl,
  AP: validAp,
  AM: lastDigitMod11(),
  BA: validBa,
  CE: lastDigitMod11(),
  DF: twoDigitsMod11('07', [4, 3, 2, ...downTo2(9)], [5, 4, 3, 2, ...downTo2(9)]),
  ES: lastDigitMod11(),
  GO: validGo,
  MA: lastDigitMod11('12'),
  MT: lastDigitMod11('', [3, 2, ...downTo2(9)]),
  MS: lastDigitMod11('28'),
  MG: validMg,
  PA: lastDigitMod11('15'),
  PB: lastDigitMod11(),
  PR: validPr,
  PE: validPe,
  PI: lastDigitMod11(),
  RJ: validRj,
  RN: validRn,
  RS: validRs,
  RO: validRo,
  RR: validRr,
  SC: lastDigitMod11(),
  SP: validSp,
  SE: lastDigitMod11(),
  TO: validTo,
};

/** True for an IE of `uf` normalized by `normalizeDocument`: ISENTO, or the state's length in digits with right check digits. */
export function isValidStateRegistration(uf: Uf, value: string): boolean {
  if (value === STATE_REGISTRATION_EXEMPT) return true;
  if (uf === 'SP' && /^P\d{12}$/.test(value)) return validSpRural(digitsOf(value.slice(1)));
  if (!/^\d+$/.test(value) || !IE_LENGTHS[uf].includes(value.length)) return false;
  if (/^(\d)\1*$/.test(value)) return false;
  return CHECK_DIGITS[uf](digitsOf(value), value);
}
