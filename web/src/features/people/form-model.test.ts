import { describe, expect, it } from 'vitest';
import {
  changedFields,
  choosePrimary,
  emptyPersonForm,
  formFieldOf,
  formToBody,
  inferPhoneType,
  newPhoneRow,
  personToForm,
  phonesToRows,
  removeRow,
  toFormField,
  validatePersonForm,
} from './form-model.ts';
import type { Person, Phone } from './types.ts';

const person: Person = {
  id: '0b8f1a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
  kind: 'individual',
  typeId: '5d1f6c4e-2a3b-4c5d-8e9f-0a1b2c3d4e5f',
  documents: [],
  name: 'João da Silva',
  tradeName: null,
  document: '52998224725',
  rg: null,
  stateRegistration: null,
  cnaeCode: null,
  cnaeDescription: null,
  registrationStatus: null,
  birthDate: '1990-04-01',
  stage: 'lead',
  ownerId: null,
  owner: null,
  branchId: null,
  tags: ['vip'],
  source: { media: 'Google', channel: null },
  origin: 'manual',
  originIntegration: null,
  originPayload: null,
  createdBy: null,
  phones: [{ masked: '(11) 9••••-••21', type: 'whatsapp', kind: 'mobile', primary: true }],
  emails: [{ address: 'joao@example.com', type: 'personal', primary: true }],
  addresses: [],
  social: { instagram: 'https://instagram.com/joao' },
  sharedWith: { userIds: [], teamIds: [] },
  photoUrl: null,
  version: 3,
  createdAt: '2026-01-01T10:00:00Z',
  updatedAt: '2026-01-01T10:00:00Z',
  customFields: {},
};

describe('validatePersonForm', () => {
  it('accepts a filled form and normalizes it with the domain schema', () => {
    const values = {
      ...emptyPersonForm({ ownerId: null, branchId: null }),
      name: 'Maria Souza',
      document: '529.982.247-25',
    };
    values.phones = [{ ...newPhoneRow(true), number: '(11) 98765-4321' }];
    const result = validatePersonForm(values);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.document).toBe('52998224725');
    expect(result.data.phones[0]?.number).toBe('+5511987654321');
    expect(result.data.emails).toEqual([]);
  });

  it('reports errors on the form rows, skipping blank rows', () => {
    const values = {
      ...emptyPersonForm({ ownerId: null, branchId: null }),
      name: '',
      document: '111.111.111-11',
    };
    values.phones = [newPhoneRow(true), { ...newPhoneRow(false), number: '123' }];
    const result = validatePersonForm(values);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.name).toBe('required');
    expect(result.errors.document).toBe('invalid_document');
    // The blank first row is left out of the body, so body phones.0 is form row 1.
    expect(result.errors['phones.1.number']).toBe('invalid_phone');
  });

  it('asks companies for a CNPJ', () => {
    const values = {
      ...emptyPersonForm({ ownerId: null, branchId: null }),
      kind: 'company' as const,
      name: 'ACME',
    };
    values.document = '529.982.247-25';
    const result = validatePersonForm(values);
    expect(!result.ok && result.errors.document).toBe('expected_cnpj');
  });
});

describe('list rows', () => {
  it('keeps exactly one primary', () => {
    const rows = [newPhoneRow(true), newPhoneRow(false), newPhoneRow(false)];
    expect(choosePrimary(rows, 2).map((r) => r.primary)).toEqual([false, false, true]);
    expect(removeRow(rows, 0).map((r) => r.primary)).toEqual([true, false]);
  });

  it('maps body paths back to form rows', () => {
    expect(toFormField('phones.0.number', { phones: [2] })).toBe('phones.2.number');
    expect(toFormField('name', { phones: [2] })).toBe('name');
    expect(toFormField('emails.5.address', { emails: [0] })).toBe('emails.5.address');
  });

  it('marks the first kept row primary when none was chosen', () => {
    const values = emptyPersonForm({ ownerId: null, branchId: null });
    values.phones = [
      { ...newPhoneRow(false), number: '(11) 98765-4321' },
      { ...newPhoneRow(false), number: '(11) 3333-4444' },
    ];
    const { body } = formToBody(values);
    expect((body.phones as { primary: boolean }[]).map((p) => p.primary)).toEqual([true, false]);
  });
});

const fullPhones: Phone[] = [{ number: '+5511987654321', type: 'whatsapp', primary: true }];

describe('changedFields', () => {
  /** The edit form of `person`, its phones revealed (as the edit page does before they can change). */
  const validated = (edit: (v: ReturnType<typeof personToForm>) => void) => {
    const values = { ...personToForm(person), phones: phonesToRows(fullPhones), maskedPhones: null };
    edit(values);
    const result = validatePersonForm(values);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return changedFields(result.data, person, fullPhones);
  };

  it('never sends phones that stayed masked, whatever else changed', () => {
    const values = personToForm(person);
    expect(values.maskedPhones).toEqual(person.phones);
    expect(values.phones).toEqual([]);
    values.name = 'João Renomeado';
    const { body } = formToBody(values);
    expect(body).not.toHaveProperty('phones');
    const result = validatePersonForm(values);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(changedFields(result.data, person, null)).toEqual({ name: 'João Renomeado' });
  });

  it('edits phones freely when the person had none (nothing to hide)', () => {
    const values = personToForm({ ...person, phones: [] });
    expect(values.maskedPhones).toBeNull();
  });

  it('sends nothing when nothing changed', () => {
    expect(validated(() => {})).toEqual({});
  });

  it('sends only the edited fields', () => {
    expect(
      validated((v) => {
        v.stage = 'client';
        v.tags = ['vip', 'novo'];
      }),
    ).toEqual({ stage: 'client', tags: ['vip', 'novo'] });
  });

  it('sends the whole list when one phone changes', () => {
    const changed = validated((v) => {
      v.phones = [...v.phones, { ...newPhoneRow(false), number: '(11) 3333-4444' }];
    });
    expect(Object.keys(changed)).toEqual(['phones']);
    expect(changed.phones).toHaveLength(2);
  });

  it('clears a social link', () => {
    expect(
      validated((v) => {
        v.social.instagram = '';
      }),
    ).toEqual({ social: {} });
  });
});

describe('inferPhoneType', () => {
  it('tells Brazilian mobiles from landlines while typing', () => {
    expect(inferPhoneType('(11) 98765-4321', 'landline')).toBe('mobile');
    expect(inferPhoneType('(11) 3333-4444', 'mobile')).toBe('landline');
    expect(inferPhoneType('(11) 3333', 'mobile')).toBe('mobile');
  });
  it('reads prefixed numbers the way they are stored', () => {
    expect(inferPhoneType('55 (91) 98765-4321', 'landline')).toBe('mobile');
    expect(inferPhoneType('0 15 (11) 3456-7890', 'mobile')).toBe('landline');
    expect(inferPhoneType('0 (11) 98765-4321', 'landline')).toBe('mobile');
    expect(inferPhoneType('+12125550123', 'landline')).toBe('landline');
  });
  it('keeps a type the user chose on purpose', () => {
    expect(inferPhoneType('(11) 3333-4444', 'whatsapp')).toBe('whatsapp');
    expect(inferPhoneType('(11) 98765-4321', 'commercial')).toBe('commercial');
  });
});

describe('person type documents in the form', () => {
  const foreigner = {
    ...emptyPersonForm({ ownerId: null, branchId: null }),
    typeId: '7a1f6c4e-2a3b-4c5d-8e9f-0a1b2c3d4e5f',
    name: 'John Smith',
    passportCountry: 'us',
    passportNumber: 'X123-4567',
  };

  it('sends the type and the passport typed (normalized), and no IE when its inputs are blank', () => {
    const result = validatePersonForm(foreigner);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.typeId).toBe(foreigner.typeId);
    expect(result.data.documents).toEqual([{ kind: 'passport', country: 'US', number: 'X1234567' }]);
  });

  it('puts document errors on their inputs, from the client check and from the server', () => {
    const result = validatePersonForm({ ...foreigner, passportNumber: '12', ieState: 'SP', ieNumber: '123' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({
      passportNumber: 'invalid_passport',
      ieNumber: 'invalid_state_registration',
    });
    const { rowIndex } = formToBody({
      ...foreigner,
      passportCountry: '',
      passportNumber: '',
      ieState: 'SP',
      ieNumber: '1',
    });
    expect(formFieldOf(toFormField('documents.0.number', rowIndex))).toBe('ieNumber');
    expect(formFieldOf('documents.passport')).toBe('passportNumber');
    expect(formFieldOf(toFormField('documents.0.state', rowIndex))).toBe('ieState');
  });

  it('an edit sends the type and documents only when they changed', () => {
    const form = personToForm(person);
    const unchanged = validatePersonForm(form);
    if (!unchanged.ok) throw new Error('invalid');
    expect(changedFields(unchanged.data, person, null)).toEqual({});
    const moved = validatePersonForm({
      ...form,
      typeId: foreigner.typeId,
      document: '',
      passportCountry: 'AR',
      passportNumber: 'AAB123456',
    });
    if (!moved.ok) throw new Error('invalid');
    expect(changedFields(moved.data, person, null)).toEqual({
      typeId: foreigner.typeId,
      document: null,
      documents: [{ kind: 'passport', country: 'AR', number: 'AAB123456' }],
    });
  });
});
