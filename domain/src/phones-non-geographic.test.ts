import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPhone, maskPhones, takesWhatsApp } from './phone-reveal.ts';
import { formatPhone, maskPhoneInput, mayHaveWhatsApp, normalizePhone, phoneKind } from './phones.ts';

describe('non-geographic numbers (0800, 0300, números únicos)', () => {
  it.each([
    ['0800 727 1234', '+558007271234'],
    ['0800-727-1234', '+558007271234'],
    ['08007271234', '+558007271234'],
    ['+55 800 727 1234', '+558007271234'],
    ['0800 123 456', '+55800123456'],
    ['0300 123 4567', '+553001234567'],
    ['4004-1234', '+5540041234'],
    ['4003 1234', '+5540031234'],
    ['3003 1234', '+5530031234'],
    ['4020-1234', '+5540201234'],
    ['+55 4004 1234', '+5540041234'],
  ])('normalizes %j to %s (the E.164 form libphonenumber writes)', (input, e164) => {
    expect(normalizePhone(input)).toBe(e164);
  });

  it.each([
    ['0800 727', null],
    ['0500 123 4567', null],
    ['0900 123 4567', null],
    ['04004 1234', null], // a número único has no trunk 0
    ['5004-1234', null],
    ['4004-123', null],
  ])('refuses %j', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it('types each number by what it is', () => {
    expect(phoneKind('+558007271234')).toBe('toll_free');
    expect(phoneKind('+5540041234')).toBe('shared_cost');
    expect(phoneKind('+553001234567')).toBe('shared_cost');
    expect(phoneKind('+5511987654321')).toBe('mobile');
    expect(phoneKind('+551134567890')).toBe('landline');
    expect(phoneKind('+12125550123')).toBe('foreign');
  });

  it('formats them as they are published', () => {
    expect(formatPhone('+558007271234')).toBe('0800 727 1234');
    expect(formatPhone('+55800123456')).toBe('0800 123 456');
    expect(formatPhone('+553001234567')).toBe('0300 123 4567');
    expect(formatPhone('+5540041234')).toBe('4004-1234');
    expect(formatPhone('+5530031234')).toBe('3003-1234');
  });

  it('masks them while typing, digit by digit, and reads back what the mask shows', () => {
    const typed = (digits: string) => [...digits].reduce((shown, d) => maskPhoneInput(shown + d), '');
    expect(typed('08007271234')).toBe('0800 727 1234');
    expect(typed('40041234')).toBe('4004-1234');
    expect(typed('03001234567')).toBe('0300 123 4567');
    expect(maskPhoneInput('0800')).toBe('0800');
    expect(maskPhoneInput('08007')).toBe('0800 7');
    expect(maskPhoneInput('4004')).toBe('4004');
    expect(maskPhoneInput('40041')).toBe('4004-1');
    for (const e164 of ['+558007271234', '+5540041234', '+553001234567']) {
      expect(normalizePhone(formatPhone(e164))).toBe(e164);
      expect(normalizePhone(maskPhoneInput(formatPhone(e164)))).toBe(e164);
    }
  });

  it('masks them on output, keeping the prefix and the last two digits', () => {
    expect(maskPhone('+558007271234')).toBe('0800 •••-••34');
    expect(maskPhone('+5540041234')).toBe('4004-••34');
    const [masked] = maskPhones([{ number: '+5540041234', type: 'commercial', primary: true }]);
    expect(masked).toEqual({ masked: '4004-••34', type: 'commercial', kind: 'shared_cost', primary: true });
  });

  it('never offers WhatsApp for them, whatever type was chosen', () => {
    expect(mayHaveWhatsApp('+558007271234')).toBe(false);
    expect(mayHaveWhatsApp('+5540041234')).toBe(false);
    expect(takesWhatsApp('whatsapp', '+558007271234')).toBe(false);
    expect(takesWhatsApp('mobile', '+5540041234')).toBe(false);
    expect(takesWhatsApp('mobile', '+5511987654321')).toBe(true);
  });

  it('keeps the unassigned DDDs 30, 40 and 80 refused as geographic numbers', () => {
    for (const ddd of ['30', '40', '80']) {
      expect(normalizePhone(`(${ddd}) 98765-4321`)).toBeNull();
      expect(normalizePhone(`(${ddd}) 3456-7890`)).toBeNull();
    }
  });

  it('keeps every mask a prefix-preserving view of the digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^(?:0800|0300|4004|3003)\d{0,8}$/), (raw) => {
        expect(maskPhoneInput(raw).replace(/\D/g, '')).toBe(raw);
      }),
    );
  });
});
