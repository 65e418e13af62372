import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call, personBody } from './opportunity-fixtures.ts';

let ctx: TestContext;
let admin: TestUser;
let brokerA: TestUser;
let brokerB: TestUser;
let otherAdmin: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  const { workspaceId, branchId } = await createWorkspace(ctx.db);
  admin = await createUser(ctx, workspaceId, 'admin', { name: 'Admin' });
  brokerA = await createUser(ctx, workspaceId, 'broker', { branchId, name: 'Corretora A' });
  brokerB = await createUser(ctx, workspaceId, 'broker', { branchId, name: 'Corretor B' });
  const other = await createWorkspace(ctx.db, 'Outra Imobiliária');
  otherAdmin = await createUser(ctx, other.workspaceId, 'admin', { name: 'Admin 2' });
});
afterAll(async () => {
  await ctx?.close();
});

/** A person without the CPF/phone/e-mail of personBody: only what a type's documents say. */
const bare = (overrides: Record<string, unknown>) =>
  personBody({ document: null, phones: [], emails: [], addresses: [], ...overrides });

async function createType(name: string, body: Record<string, unknown>) {
  const res = await call(ctx, admin, 'POST', '/person-types', { name, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number };
}

describe('person types', () => {
  it('every workspace has the two built-in types, new ones included, which cannot be deleted', async () => {
    const list = await call(ctx, otherAdmin, 'GET', '/person-types');
    expect(list.status).toBe(200);
    expect(list.body.items.map((t: { name: string; builtin: string }) => [t.name, t.builtin])).toEqual([
      ['Pessoa jurídica', 'company'],
      ['Pessoa física', 'individual'],
    ]);
    const individual = list.body.items[1];
    expect(individual.documents).toEqual([{ kind: 'cpf', required: false }]);
    const del = await call(ctx, otherAdmin, 'DELETE', `/person-types/${individual.id}`, undefined, {
      'if-match': `"${individual.version}"`,
    });
    expect(del.status).toBe(409);
    expect(del.body.detail).toMatch(/padrão/);
    // The database refuses too, whoever asks.
    await expect(ctx.db.query('DELETE FROM person_types WHERE id = $1', [individual.id])).rejects.toThrow(
      /cannot be deleted/,
    );
  });

  it('admins create, rename and delete types; brokers only read them; bad rules are 422', async () => {
    const forbidden = await call(ctx, brokerA, 'POST', '/person-types', {
      name: 'Tipo X',
      baseKind: 'individual',
      documents: [],
    });
    expect(forbidden.status).toBe(403);
    const bad = await call(ctx, admin, 'POST', '/person-types', {
      name: 'Ruim',
      baseKind: 'individual',
      documents: [{ kind: 'cnpj', required: true }, { kind: 'passport' }, { kind: 'passport' }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(
      expect.arrayContaining([
        'documents.0.kind:document_not_for_kind',
        'documents.2.kind:duplicate_document',
      ]),
    );
    const type = await createType('Órgão público', {
      baseKind: 'company',
      documents: [{ kind: 'cnpj', required: true }],
    });
    const taken = await call(ctx, admin, 'POST', '/person-types', {
      name: 'órgão PÚBLICO',
      baseKind: 'company',
    });
    expect(taken.status).toBe(422);
    expect(taken.body.errors[0]).toMatchObject({ field: 'name', code: 'name_taken' });
    const renamed = await call(
      ctx,
      admin,
      'PUT',
      `/person-types/${type.id}`,
      { name: 'Órgão governamental', baseKind: 'company', documents: [{ kind: 'cnpj', required: true }] },
      { 'if-match': `"${type.version}"` },
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Órgão governamental', version: 2, inUse: false });
    const stale = await call(ctx, admin, 'DELETE', `/person-types/${type.id}`, undefined, {
      'if-match': `"${type.version}"`,
    });
    expect(stale.status).toBe(412);
    const read = await call(ctx, brokerA, 'GET', '/person-types');
    expect(read.body.items.some((t: { id: string }) => t.id === type.id)).toBe(true);
    const gone = await call(ctx, admin, 'DELETE', `/person-types/${type.id}`, undefined, {
      'if-match': '"2"',
    });
    expect(gone.status).toBe(204);
  });

  it('a foreigner registers with a passport and no CPF; the same passport again is a 409 naming the holder', async () => {
    const type = await createType('Estrangeiro', {
      baseKind: 'individual',
      documents: [{ kind: 'passport', required: true }],
    });
    const missing = await call(ctx, brokerA, 'POST', '/people', bare({ typeId: type.id }));
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([
      expect.objectContaining({ field: 'documents.passport', code: 'required' }),
    ]);
    const withCpf = await call(
      ctx,
      brokerA,
      'POST',
      '/people',
      personBody({ typeId: type.id, documents: [{ kind: 'passport', country: 'us', number: 'X1234567' }] }),
    );
    expect(withCpf.status).toBe(422);
    expect(withCpf.body.errors[0]).toMatchObject({ field: 'document', code: 'document_not_accepted' });
    const badPassport = await call(
      ctx,
      brokerA,
      'POST',
      '/people',
      bare({ typeId: type.id, documents: [{ kind: 'passport', country: 'US', number: '12-3' }] }),
    );
    expect(badPassport.status).toBe(422);
    expect(badPassport.body.errors[0]).toMatchObject({
      field: 'documents.0.number',
      code: 'invalid_passport',
    });

    const created = await call(
      ctx,
      brokerA,
      'POST',
      '/people',
      bare({
        name: 'John Smith',
        typeId: type.id,
        documents: [{ kind: 'passport', country: 'us', number: 'x12-34567' }],
      }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'individual',
      typeId: type.id,
      document: null,
      documents: [{ kind: 'passport', country: 'US', number: 'X1234567' }],
    });
    const read = await call(ctx, brokerA, 'GET', `/people/${created.body.id}`);
    expect(read.body).toMatchObject({ typeId: type.id, documents: created.body.documents });

    // Broker B cannot see John: the duplicate is refused all the same, naming who to ask instead of him.
    const again = await call(
      ctx,
      brokerB,
      'POST',
      '/people',
      bare({
        name: 'Johnny Smith',
        typeId: type.id,
        documents: [{ kind: 'passport', country: 'US', number: 'X1234567' }],
      }),
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('person-duplicate');
    expect(again.body.matches).toEqual([
      {
        field: 'passport',
        value: 'US X1234567',
        personId: null,
        visible: false,
        name: null,
        ownerName: 'Corretora A',
      },
    ]);
    const visibleAgain = await call(
      ctx,
      brokerA,
      'POST',
      '/people',
      bare({
        name: 'Johnny Smith',
        typeId: type.id,
        documents: [{ kind: 'passport', country: 'US', number: 'X1234567' }],
      }),
    );
    expect(visibleAgain.status).toBe(409);
    expect(visibleAgain.body.matches[0]).toMatchObject({ personId: created.body.id, name: 'John Smith' });
    // Another country's passport with the same number is another document.
    const otherCountry = await call(
      ctx,
      brokerA,
      'POST',
      '/people',
      bare({
        name: 'Jean Dupont',
        typeId: type.id,
        documents: [{ kind: 'passport', country: 'FR', number: 'X1234567' }],
      }),
    );
    expect(otherCountry.status).toBe(201);

    // The search box finds him by the passport number; broker B, who may not see him, does not.
    const found = await call(ctx, brokerA, 'GET', '/people?q=X1234567');
    expect(found.body.items.map((p: { name: string }) => p.name).sort()).toEqual([
      'Jean Dupont',
      'John Smith',
    ]);
    const hidden = await call(ctx, brokerB, 'GET', '/people?q=X1234567');
    expect(hidden.body.items).toEqual([]);

    // In use: the type cannot go; nor may its base kind change under its people.
    const types = await call(ctx, admin, 'GET', `/person-types/${type.id}`);
    expect(types.body.inUse).toBe(true);
    const del = await call(ctx, admin, 'DELETE', `/person-types/${type.id}`, undefined, {
      'if-match': `"${types.body.version}"`,
    });
    expect(del.status).toBe(409);
    const rekind = await call(
      ctx,
      admin,
      'PUT',
      `/person-types/${type.id}`,
      { name: 'Estrangeiro', baseKind: 'company', documents: [] },
      { 'if-match': `"${types.body.version}"` },
    );
    expect(rekind.status).toBe(422);
    expect(rekind.body.errors[0]).toMatchObject({ field: 'baseKind', code: 'base_kind_locked' });
  });

  it('a rural producer takes a CPF and a valid IE; editing records the change; ISENTO may repeat', async () => {
    const type = await createType('Produtor rural', {
      baseKind: 'individual',
      documents: [
        { kind: 'cpf', required: true },
        { kind: 'state_registration', required: true },
      ],
    });
    const badIe = await call(
      ctx,
      brokerA,
      'POST',
      '/people',
      bare({
        typeId: type.id,
        document: personBody().document,
        documents: [{ kind: 'state_registration', state: 'SP', number: '110.042.490.115' }],
      }),
    );
    expect(badIe.status).toBe(422);
    expect(badIe.body.errors[0]).toMatchObject({
      field: 'documents.0.number',
      code: 'invalid_state_registration',
    });
    const farmer = await call(
      ctx,
      brokerA,
      'POST',
      '/people',
      bare({
        name: 'Sítio Boa Vista',
        typeId: type.id,
        document: personBody().document,
        documents: [{ kind: 'state_registration', state: 'SP', number: '110.042.490.114' }],
      }),
    );
    expect(farmer.status, JSON.stringify(farmer.body)).toBe(201);
    const exempt = { kind: 'state_registration', state: 'MG', number: 'isento' };
    for (const name of ['Isento Um', 'Isento Dois']) {
      const res = await call(
        ctx,
        brokerA,
        'POST',
        '/people',
        bare({ name, typeId: type.id, document: personBody().document, documents: [exempt] }),
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const duplicateIe = await call(
      ctx,
      brokerA,
      'POST',
      '/people',
      bare({
        typeId: type.id,
        document: personBody().document,
        documents: [{ kind: 'state_registration', state: 'SP', number: '110042490114' }],
      }),
    );
    expect(duplicateIe.status).toBe(409);
    expect(duplicateIe.body.matches[0]).toMatchObject({
      field: 'state_registration',
      value: 'SP 110042490114',
    });

    // Moving the farmer to Pessoa física drops the IE; the edit is one field_changed with both fields.
    const builtin = (await call(ctx, brokerA, 'GET', '/person-types')).body.items.find(
      (t: { builtin: string | null }) => t.builtin === 'individual',
    );
    const keepsIe = await call(
      ctx,
      brokerA,
      'PATCH',
      `/people/${farmer.body.id}`,
      { typeId: builtin.id },
      { 'if-match': '"1"' },
    );
    expect(keepsIe.status).toBe(422);
    expect(keepsIe.body.errors[0]).toMatchObject({ field: 'documents.0', code: 'document_not_accepted' });
    const moved = await call(
      ctx,
      brokerA,
      'PATCH',
      `/people/${farmer.body.id}`,
      { typeId: builtin.id, documents: [] },
      { 'if-match': '"1"' },
    );
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ typeId: builtin.id, documents: [], version: 2 });
    const timeline = await call(ctx, brokerA, 'GET', `/people/${farmer.body.id}/timeline`);
    const change = timeline.body.items.find((e: { kind: string }) => e.kind === 'field_changed');
    expect(change.data.changes.map((c: { field: string }) => c.field)).toEqual(['typeId', 'documents']);
  });

  it('people registered by kind alone carry the built-in type, and an unknown or foreign type is 422', async () => {
    const person = await call(ctx, brokerA, 'POST', '/people', personBody());
    expect(person.status).toBe(201);
    const builtin = (await call(ctx, brokerA, 'GET', '/person-types')).body.items.find(
      (t: { builtin: string | null }) => t.builtin === 'individual',
    );
    expect(person.body.typeId).toBe(builtin.id);
    const foreignType = (await call(ctx, otherAdmin, 'GET', '/person-types')).body.items[0].id;
    const foreign = await call(ctx, brokerA, 'POST', '/people', personBody({ typeId: foreignType }));
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0]).toMatchObject({ field: 'typeId', code: 'unknown_person_type' });
    const company = (await call(ctx, brokerA, 'GET', '/person-types')).body.items.find(
      (t: { builtin: string | null }) => t.builtin === 'company',
    );
    const mismatch = await call(ctx, brokerA, 'POST', '/people', personBody({ typeId: company.id }));
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.errors.map((e: { code: string }) => e.code)).toContain('kind_mismatch');
  });
});
