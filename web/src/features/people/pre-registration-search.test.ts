import { describe, expect, it } from 'vitest';
import { parsePreRegistrationSearch } from './pre-registration-search.ts';

const id = '0b8f6a4e-1f2a-4c3d-9e8f-123456789abc';

describe('parsePreRegistrationSearch', () => {
  it('keeps the won negotiation and the known missing requirements, in their order', () => {
    expect(parsePreRegistrationSearch({ preRegistration: id, missing: 'address,document,shoeSize' })).toEqual(
      {
        preRegistration: id,
        missing: ['document', 'address'],
      },
    );
    expect(parsePreRegistrationSearch({ preRegistration: id, missing: ['email'] })).toEqual({
      preRegistration: id,
      missing: ['email'],
    });
  });

  it('opens the plain form for anything else', () => {
    expect(parsePreRegistrationSearch({})).toEqual({});
    expect(parsePreRegistrationSearch({ preRegistration: 'x', missing: 'document' })).toEqual({});
  });
});
