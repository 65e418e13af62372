import { describe, expect, it } from 'vitest';
import { maskPhone, maskPhones } from './phone-reveal.ts';

describe('maskPhone', () => {
  it('keeps the area code, the first digit and the last two of Brazilian numbers', () => {
    expect(maskPhone('+5511987654321')).toBe('(11) 9••••-••21');
    expect(maskPhone('+551134567890')).toBe('(11) 3•••-••90');
  });

  it('hides all but the country digit and the last two of foreign numbers', () => {
    expect(maskPhone('+14155550123')).toBe('+1 ••••••••23');
  });

  it('never contains the hidden digits', () => {
    const masked = maskPhone('+5521998877665');
    expect(masked).not.toMatch(/9887|8877|7766/);
    expect(masked.replace(/\D/g, '')).toBe('21965');
  });

  it('keeps type, kind and primary flag of each phone', () => {
    expect(maskPhones([{ number: '+5511987654321', type: 'whatsapp', primary: true }])).toEqual([
      { masked: '(11) 9••••-••21', type: 'whatsapp', kind: 'mobile', primary: true },
    ]);
  });
});
