import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatPhone,
  generateMobile,
  maskPhoneInput,
  normalizePhone,
  phoneDigitsForWhatsApp,
} from './phones.ts';

/** A seeded PRNG in [0, 1) (mulberry32), so a failing case replays from its seed. */
const randomArb = fc.integer().map((seed) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
});

const VALID_DDDS = [
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46,
  47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85,
  86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99,
];

/** Any valid Brazilian number, mobile or landline, as E.164. */
const brazilianArb = fc
  .tuple(
    fc.constantFrom(...VALID_DDDS),
    fc.oneof(fc.stringMatching(/^9\d{8}$/), fc.stringMatching(/^[2-5]\d{7}$/)),
  )
  .map(([ddd, subscriber]) => `+55${ddd}${subscriber}`);

describe('normalizePhone', () => {
  it.each([
    '(11) 98765-4321',
    '11 98765 4321',
    '11987654321',
    '11 9 8765-4321',
    '+55 11 98765-4321',
    '+55 (11) 98765-4321',
    '+5511987654321',
    '55 11 987654321',
    '5511987654321',
    '0xx11 98765-4321',
    '(0xx11) 98765-4321',
    '0XX11 98765-4321',
    '011 98765-4321',
    '(011) 98765-4321',
    '0 15 11 98765-4321',
    '11.98765.4321',
    '  (11) 98765-4321  ',
  ])('reads the mobile %s', (input) => {
    expect(normalizePhone(input)).toBe('+5511987654321');
  });

  it.each([
    ['(11) 3456-7890', '+551134567890'],
    ['21 2345-6789', '+552123456789'],
    ['+55 51 5432-1098', '+555154321098'],
    ['0 21 51 4444-1234', '+555144441234'],
    ['0 21 85 3222-1111', '+558532221111'],
    ['(55) 99123-4567', '+5555991234567'],
    ['55 55 99123-4567', '+5555991234567'],
    ['(99) 3522-1234', '+559935221234'],
  ])('reads %s as %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it('keeps foreign numbers written with their country code', () => {
    expect(normalizePhone('+1 (212) 555-0123')).toBe('+12125550123');
    expect(normalizePhone('+351 912 345 678')).toBe('+351912345678');
    expect(normalizePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalizePhone('+1234567')).toBeNull(); // 7 digits
    expect(normalizePhone('+1234567890123456')).toBeNull(); // 16 digits
    expect(normalizePhone('+0 123 456 789')).toBeNull();
  });

  it.each([
    '',
    '   ',
    'abc',
    '98765-4321', // no DDD
    '3456-7890',
    '(11) 8765-4321', // 8-digit mobile without the ninth digit
    '(11) 6765-4321',
    '(11) 98765-432', // too short
    '(11) 88765-4321', // 9 digits must start with 9
    '(11) 1456-7890', // landlines start with 2–5
    '(20) 98765-4321', // DDD 20 does not exist
    '(23) 98765-4321',
    '(10) 3456-7890',
    '(52) 98765-4321',
    '(56) 98765-4321',
    '(90) 98765-4321',
    '+55 20 98765-4321',
    '+55 11 8765-4321',
    '119876543210', // 12 digits that are not 55 + national
    '(11) 98765-4321 ramal 2',
    '11 98765-4321x',
    '0500 123 4567', // premium-rate lines stay refused
    '0900 123 4567',
    '0 21 0800 727 1234', // a carrier code before 0800
    '0800 727', // too short
    '5004-1234', // not a número único prefix
    '(30) 3456-7890', // DDD 30 is unassigned
    '(30) 98765-4321',
    '1198765432a',
  ])('rejects %j', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });

  it('accepts every valid DDD and no other', () => {
    for (let ddd = 10; ddd <= 99; ddd++) {
      const result = normalizePhone(`(${ddd}) 98765-4321`);
      expect(result === null ? null : ddd).toBe(VALID_DDDS.includes(ddd) ? ddd : null);
    }
    expect(VALID_DDDS).toHaveLength(67);
  });

  it('is idempotent on its outputs', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789 +()-.x'), maxLength: 20 }), (input) => {
        const once = normalizePhone(input);
        if (once !== null) expect(normalizePhone(once)).toBe(once);
      }),
    );
    fc.assert(
      fc.property(brazilianArb, (e164) => {
        expect(normalizePhone(e164)).toBe(e164);
      }),
    );
  });

  it('reads back what formatPhone and maskPhoneInput display', () => {
    fc.assert(
      fc.property(brazilianArb, (e164) => {
        expect(normalizePhone(formatPhone(e164))).toBe(e164);
        expect(normalizePhone(maskPhoneInput(e164.slice(3)))).toBe(e164);
        expect(normalizePhone(maskPhoneInput(e164))).toBe(e164);
      }),
    );
  });
});

describe('formatPhone', () => {
  it('masks Brazilian numbers and leaves the rest alone', () => {
    expect(formatPhone('+5511987654321')).toBe('(11) 98765-4321');
    expect(formatPhone('+551134567890')).toBe('(11) 3456-7890');
    expect(formatPhone('+12125550123')).toBe('+12125550123');
    expect(formatPhone('not a phone')).toBe('not a phone');
  });
});

describe('phoneDigitsForWhatsApp', () => {
  it('keeps digits only', () => {
    expect(phoneDigitsForWhatsApp('+5511987654321')).toBe('5511987654321');
    expect(phoneDigitsForWhatsApp('+12125550123')).toBe('12125550123');
  });
});

describe('maskPhoneInput', () => {
  it('masks a mobile progressively', () => {
    const typed = '11987654321';
    const steps = [...typed].map((_, i) => maskPhoneInput(typed.slice(0, i + 1)));
    expect(steps).toEqual([
      '(1',
      '(11',
      '(11) 9',
      '(11) 98',
      '(11) 987',
      '(11) 9876',
      '(11) 9876-5',
      '(11) 9876-54',
      '(11) 9876-543',
      '(11) 9876-5432',
      '(11) 98765-4321',
    ]);
  });

  it('masks landlines and keeps the trunk zero, the carrier and the country code it was given', () => {
    expect(maskPhoneInput('1134567890')).toBe('(11) 3456-7890');
    expect(maskPhoneInput('011987654321')).toBe('0 (11) 98765-4321');
    expect(maskPhoneInput('0xx11 98765-4321')).toBe('0 (11) 98765-4321');
    expect(maskPhoneInput('0 15 11 98765-4321')).toBe('0 15 (11) 98765-4321');
    expect(maskPhoneInput('55 91 98765-4321')).toBe('55 (91) 98765-4321');
    expect(maskPhoneInput('55 11 3456-7890')).toBe('55 (11) 3456-7890');
    expect(maskPhoneInput('')).toBe('');
    expect(maskPhoneInput('abc')).toBe('');
  });

  it('leaves too many digits unmasked instead of cutting them (validation refuses them)', () => {
    expect(maskPhoneInput('(11) 98765-43219999')).toBe('119876543219999');
    expect(maskPhoneInput('+55 11 98765-43219')).toBe('+55119876543219');
    expect(normalizePhone(maskPhoneInput('(11) 98765-43219999'))).toBeNull();
  });

  it('re-reads the digits as they come: 55 is a DDD until the number is too long for one', () => {
    expect(maskPhoneInput('55919876543')).toBe('(55) 91987-6543');
    expect(maskPhoneInput('559198765432')).toBe('55 (91) 9876-5432');
    expect(maskPhoneInput('5591987654321')).toBe('55 (91) 98765-4321');
  });

  it('switches to international with a leading +', () => {
    expect(maskPhoneInput('+')).toBe('+');
    expect(maskPhoneInput('+5')).toBe('+5');
    expect(maskPhoneInput('+55')).toBe('+55');
    expect(maskPhoneInput('+551')).toBe('+55 (1');
    expect(maskPhoneInput('+5511987654321')).toBe('+55 (11) 98765-4321');
    expect(maskPhoneInput('+1 212 555 0123')).toBe('+12125550123');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 25 }), (raw) => {
        const masked = maskPhoneInput(raw);
        expect(maskPhoneInput(masked)).toBe(masked);
      }),
    );
  });

  it('never loses or reorders a digit, and never ends in a separator that backspace could not remove', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789 +()-.xa'), maxLength: 25 }), (raw) => {
        const masked = maskPhoneInput(raw);
        expect(digitsOf(masked)).toBe(digitsOf(raw));
        expect(masked).toMatch(/^(\+|.*\d)?$/);
      }),
    );
  });

  it('means what normalizePhone reads, for anything normalizePhone accepts the characters of', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.string({ unit: fc.constantFrom(...'0123456789 ()-.'), maxLength: 20 }),
        (plus, rest) => {
          const raw = `${plus ? '+' : ''}${rest}`;
          expect(normalizePhone(maskPhoneInput(raw))).toBe(normalizePhone(raw));
        },
      ),
    );
  });

  it('keeps every documented way of writing a number, pasted or typed digit by digit', () => {
    fc.assert(
      fc.property(
        brazilianArb,
        fc.constantFrom(...WRITINGS),
        fc.stringMatching(/^\d{2}$/),
        (e164, write, csp) => {
          const raw = write(e164.slice(3, 5), e164.slice(5), csp);
          expect(normalizePhone(raw)).toBe(e164);
          const pasted = maskPhoneInput(raw);
          expect(digitsOf(pasted)).toBe(digitsOf(raw));
          expect(normalizePhone(pasted)).toBe(e164);
          // Each keystroke appends to what the field shows, and the field re-masks it.
          const typed = [...raw].reduce((shown, key) => maskPhoneInput(shown + key), '');
          expect(typed).toBe(pasted);
        },
      ),
    );
  });
});

const digitsOf = (text: string) => text.replace(/\D/g, '');

/** `98765-4321` / `3456-7890`: the subscriber as people write it. */
const hyphenated = (subscriber: string) => `${subscriber.slice(0, -4)}-${subscriber.slice(-4)}`;

/** The ways of writing a Brazilian number that normalizePhone documents (DDD, subscriber, carrier code). */
const WRITINGS: ((ddd: string, subscriber: string, csp: string) => string)[] = [
  (d, s) => `(${d}) ${hyphenated(s)}`,
  (d, s) => `${d} ${s.slice(0, -4)} ${s.slice(-4)}`,
  (d, s) => `${d}${s}`,
  (d, s) => `${d}.${s.slice(0, -4)}.${s.slice(-4)}`,
  (d, s) => `+55 ${d} ${hyphenated(s)}`,
  (d, s) => `+55 (${d}) ${hyphenated(s)}`,
  (d, s) => `+55${d}${s}`,
  (d, s) => `55 ${d} ${hyphenated(s)}`,
  (d, s) => `55 ${d} ${s}`,
  (d, s) => `55${d}${s}`,
  (d, s) => `0xx${d} ${hyphenated(s)}`,
  (d, s) => `(0xx${d}) ${hyphenated(s)}`,
  (d, s) => `0${d} ${hyphenated(s)}`,
  (d, s) => `(0${d}) ${hyphenated(s)}`,
  (d, s, c) => `0 ${c} ${d} ${hyphenated(s)}`,
  (d, s, c) => `0${c}${d}${s}`,
];

describe('generateMobile', () => {
  it('always produces a valid, normalized Brazilian mobile', () => {
    fc.assert(
      fc.property(randomArb, (random) => {
        const phone = generateMobile(random);
        expect(phone).toMatch(/^\+55\d{2}9\d{8}$/);
        expect(normalizePhone(phone)).toBe(phone);
      }),
    );
  });
});
