import { describe, expect, it } from 'vitest';
import { documentRuleErrors, ZCreatePersonTypeRequest, ZIdentityDocumentInput } from './person-types.ts';

describe('passport input', () => {
  it('normalizes the number and the country', () => {
    expect(ZIdentityDocumentInput.parse({ kind: 'passport', country: 'us ', number: 'ab-123 456' })).toEqual({
      kind: 'passport',
      country: 'US',
      number: 'AB123456',
    });
  });

  it.each([
    ['12345', 'invalid_passport'], // too short
    ['A'.repeat(21), 'invalid_passport'], // too long
    ['ÁB1234', 'invalid_passport'], // not A–Z
  ])('refuses %s (%s)', (number, code) => {
    const result = ZIdentityDocumentInput.safeParse({ kind: 'passport', country: 'BR', number });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(code);
  });

  it('refuses a country that is not two letters, and an IE of an unknown state', () => {
    const passport = ZIdentityDocumentInput.safeParse({
      kind: 'passport',
      country: 'USA',
      number: 'X1234567',
    });
    expect(passport.error?.issues[0]?.message).toBe('invalid_country');
    const ie = ZIdentityDocumentInput.safeParse({ kind: 'state_registration', state: 'XX', number: '123' });
    expect(ie.error?.issues.map((i) => i.message)).toEqual(['invalid_uf']);
  });
});

describe('person type rules', () => {
  it('a type takes CPF only on individuals, CNPJ only on companies, and "none" alone', () => {
    const result = ZCreatePersonTypeRequest.safeParse({
      name: 'Misto',
      baseKind: 'individual',
      documents: [{ kind: 'cnpj' }, { kind: 'none' }],
    });
    expect(result.error?.issues.map((i) => i.message)).toEqual(['document_not_for_kind', 'none_with_others']);
  });

  const foreigner = [{ kind: 'passport', required: true }] as const;
  const passport = { kind: 'passport', country: 'US', number: 'X1234567' } as const;

  it('a person with the required passport and no CPF fits a foreigner type', () => {
    expect(documentRuleErrors(foreigner, { document: null, documents: [passport] })).toEqual([]);
  });

  it('names what is missing, not accepted or repeated', () => {
    expect(documentRuleErrors(foreigner, { document: null, documents: [] })).toEqual([
      { field: 'documents.passport', code: 'required' },
    ]);
    expect(
      documentRuleErrors(foreigner, { document: '52998224725', documents: [passport, passport] }),
    ).toEqual([
      { field: 'document', code: 'document_not_accepted' },
      { field: 'documents.1', code: 'duplicate_document' },
    ]);
    expect(
      documentRuleErrors([{ kind: 'cpf', required: true }], {
        document: null,
        documents: [{ kind: 'state_registration', state: 'SP', number: 'ISENTO' }],
      }),
    ).toEqual([
      { field: 'documents.0', code: 'document_not_accepted' },
      { field: 'document', code: 'required' },
    ]);
  });
});
