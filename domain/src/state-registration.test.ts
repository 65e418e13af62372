import { describe, expect, it } from 'vitest';
import type { Uf } from './cep.ts';
import { normalizeDocument } from './documents.ts';
import { isValidStateRegistration } from './state-registration.ts';

/**
 * One valid IE per state, with its source. "SINTEGRA" is the example printed on that state's "Conferência de IE"
 * page (sintegra.gov.br/Cad_Estados/cad_XX.html); "Stella" is a valid value in Caelum Stella's validator tests
 * (IEMatoGrossoDoSulValidatorTest); "by hand" is a number built here whose check digit is worked out in the comment
 * with the published rule (weights from left to right; r = remainder).
 */
const VALID: readonly (readonly [Uf, string, string])[] = [
  ['AC', '01.004.823/001-12', 'SINTEGRA'],
  ['AL', '24000004-8', 'SINTEGRA'],
  ['AP', '03.012.345-9', 'SINTEGRA'],
  ['AM', '99.999.999-0', 'SINTEGRA'],
  ['BA', '123456-63', 'SINTEGRA'],
  ['BA', '100000306', 'by hand: 9 digits, 2nd digit 0 → modulus 10'],
  ['BA', '61234557', 'by hand: 1st digit 6 → modulus 11'],
  ['CE', '06000001-5', 'SINTEGRA'],
  ['DF', '07.300001.001-09', 'SINTEGRA'],
  ['ES', '99999999-0', 'SINTEGRA'],
  ['GO', '10.987.654-7', 'SINTEGRA'],
  ['MA', '12000038-5', 'SINTEGRA'],
  ['MT', '0013000001-9', 'SINTEGRA'],
  ['MS', '28.303.759-8', 'Stella'],
  ['MG', '062.307.904/0081', 'SINTEGRA'],
  ['PA', '15-999999-5', 'SINTEGRA'],
  ['PB', '06000001-5', 'SINTEGRA'],
  ['PR', '123.45678-50', 'SINTEGRA'],
  ['PE', '0321418-40', 'SINTEGRA (e-Fisco, 9 digits)'],
  ['PE', '18.1.001.0000004-9', 'SINTEGRA (old 14 digits)'],
  // 0·9+1·8+2·7+3·6+4·5+5·4+6·3+7·2 = 112, r = 2, 11 − 2 = 9.
  ['PI', '01234567-9', 'by hand'],
  ['RJ', '99.999.99-3', 'SINTEGRA'],
  ['RN', '20.040.040-1', 'SINTEGRA (9 digits)'],
  ['RN', '20.0.040.040-0', 'SINTEGRA (10 digits)'],
  ['RS', '224/3658792', 'SINTEGRA'],
  ['RO', '0000000062521-3', 'SINTEGRA (14 digits)'],
  ['RO', '101.62521-3', 'SINTEGRA (old 9 digits)'],
  ['RR', '24006628-1', 'SINTEGRA'],
  ['SC', '251.040.852', 'SINTEGRA'],
  ['SP', '110.042.490.114', 'SINTEGRA (commerce and industry)'],
  ['SE', '27123456-3', 'SINTEGRA'],
  ['TO', '29.01.022783-6', 'SINTEGRA (old 11 digits)'],
  // 2·9+9·8+0·7+2·6+2·5+7·4+8·3+3·2 = 170, r = 5, 11 − 5 = 6 (the 11-digit example without its type "01").
  ['TO', '29022783-6', 'by hand (9 digits)'],
];

/** The same IE with its last digit moved by one (always a wrong check digit). */
const lastDigitOff = (ie: string) => ie.slice(0, -1) + String((Number(ie.slice(-1)) + 1) % 10);

describe('state registration (IE)', () => {
  it.each(VALID)('%s: accepts %s (%s) and refuses it with a wrong last check digit', (uf, ie) => {
    const value = normalizeDocument(ie);
    expect(isValidStateRegistration(uf, value)).toBe(true);
    expect(isValidStateRegistration(uf, lastDigitOff(value))).toBe(false);
  });

  it('every state has a valid example above', () => {
    expect(new Set(VALID.map(([uf]) => uf)).size).toBe(27);
  });

  it("SP's rural producers: P + 12 digits, the 9th is the check digit (SINTEGRA's P-01100424.3/002)", () => {
    expect(isValidStateRegistration('SP', normalizeDocument('P-01100424.3/002'))).toBe(true);
    expect(isValidStateRegistration('SP', 'P011004244002')).toBe(false);
    expect(isValidStateRegistration('SP', 'P01100424300')).toBe(false);
  });

  it('checks the first check digit too, not only the last (SP, MG, PR, BA, AC, DF, PE)', () => {
    expect(isValidStateRegistration('SP', '110042491114')).toBe(false); // 9th digit off
    expect(isValidStateRegistration('MG', '0623079040091')).toBe(false);
    expect(isValidStateRegistration('PR', '1234567860')).toBe(false);
    expect(isValidStateRegistration('BA', '12345673')).toBe(false);
    expect(isValidStateRegistration('AC', '0100482300120')).toBe(false);
    expect(isValidStateRegistration('DF', '0730000100117')).toBe(false);
    expect(isValidStateRegistration('PE', '032141858')).toBe(false);
  });

  it('the states with a fixed start refuse an IE whose digits are right but whose start is not', () => {
    // AC and DF share their weights: each one's example has the other's start.
    expect(isValidStateRegistration('AC', '0730000100109')).toBe(false);
    expect(isValidStateRegistration('DF', '0100482300112')).toBe(false);
    // SE's example has the 9…2 mod-11 digit of MA, PA and MS but none of their starts (12, 15, 28).
    for (const uf of ['MA', 'PA', 'MS'] as const)
      expect(isValidStateRegistration(uf, '271234563')).toBe(false);
    // AL's example has RN's (sum × 10) mod-11 digit but not its start (20).
    expect(isValidStateRegistration('RN', '240000048')).toBe(false);
    // AL: 2·9+4·8+1·7+4·2 = 65, 650 mod 11 = 1: the digit is right but 1 is no company type (0, 3, 5, 7, 8).
    expect(isValidStateRegistration('AL', '241000041')).toBe(false);
    // TO's 11 digits: the type (3rd–4th) must be 01, 02, 03 or 99.
    expect(isValidStateRegistration('TO', '29040227836')).toBe(false);
    // GO: only the 10, 11, 15 and 20–29 series.
    expect(isValidStateRegistration('GO', '129876544')).toBe(false);
  });

  it('ISENTO is valid in any state; a wrong length, letters or one repeated digit never are', () => {
    expect(isValidStateRegistration('AM', normalizeDocument('isento'))).toBe(true);
    expect(isValidStateRegistration('SP', '11004249011')).toBe(false);
    expect(isValidStateRegistration('AM', '9999999990')).toBe(false);
    expect(isValidStateRegistration('RJ', '9999999A')).toBe(false);
    expect(isValidStateRegistration('SC', '000000000')).toBe(false);
  });
});
