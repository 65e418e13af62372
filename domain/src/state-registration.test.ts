import { describe, expect, it } from 'vitest';
import { normalizeDocument } from './documents.ts';
import { IE_CHECKED_STATES, isValidStateRegistration } from './state-registration.ts';

// Valid IEs worked out with each state's rule (SINTEGRA's examples where it gives one).
const VALID = {
  SP: '110.042.490.114',
  MG: '062.307.904/0081',
  RJ: '99.999.99-3',
  PR: '123.45678-50',
  RS: '224/3658792',
  SC: '251.040.852',
  BA: '123456-63',
  GO: '10.987.654-7',
} as const;

/** The same IE with its last digit moved by one (always a wrong check digit). */
const lastDigitOff = (ie: string) => ie.slice(0, -1) + String((Number(ie.slice(-1)) + 1) % 10);

describe('state registration (IE)', () => {
  it.each(Object.entries(VALID))('%s: accepts %s and refuses a wrong check digit', (uf, ie) => {
    const value = normalizeDocument(ie);
    expect(isValidStateRegistration(uf as keyof typeof VALID, value)).toBe(true);
    expect(isValidStateRegistration(uf as keyof typeof VALID, lastDigitOff(value))).toBe(false);
  });

  it('checks the first check digit too, not only the last (SP, MG, PR, BA)', () => {
    expect(isValidStateRegistration('SP', '110042491114')).toBe(false); // 9th digit off
    expect(isValidStateRegistration('MG', '0623079040091')).toBe(false);
    expect(isValidStateRegistration('PR', '1234567860')).toBe(false);
    expect(isValidStateRegistration('BA', '12345673')).toBe(false);
  });

  it('BA: 9 digits and the modulus 11 series (first digit 6, 7 or 9)', () => {
    expect(isValidStateRegistration('BA', '100000306')).toBe(true);
    expect(isValidStateRegistration('BA', '100000307')).toBe(false);
    expect(isValidStateRegistration('BA', '61234557')).toBe(true);
    expect(isValidStateRegistration('BA', '61234558')).toBe(false);
  });

  it('GO: only the 10, 11, 15 and 20–29 series', () => {
    expect(isValidStateRegistration('GO', '109876547')).toBe(true);
    expect(isValidStateRegistration('GO', '129876544')).toBe(false);
  });

  it('ISENTO is valid in any state; a wrong length or letters never are', () => {
    expect(isValidStateRegistration('AM', normalizeDocument('isento'))).toBe(true);
    expect(isValidStateRegistration('SP', '11004249011')).toBe(false);
    expect(isValidStateRegistration('RJ', '9999999A')).toBe(false);
    expect(isValidStateRegistration('SC', '000000000')).toBe(false);
  });

  it('the other states are checked by length only', () => {
    expect(IE_CHECKED_STATES).toEqual(['SP', 'MG', 'RJ', 'PR', 'RS', 'SC', 'BA', 'GO']);
    expect(isValidStateRegistration('AM', '123456789')).toBe(true);
    expect(isValidStateRegistration('AM', '1234567890')).toBe(false);
    expect(isValidStateRegistration('MT', '12345678901')).toBe(true);
    // SP's rural producers (P + 12 digits): length only.
    expect(isValidStateRegistration('SP', 'P011004243002')).toBe(true);
  });
});
