import { generateCnpj } from '@funil/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../src/db/seed/demo-data.ts';
import { verifyAllChains } from '../src/modules/timeline/timeline.service.ts';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call, newOpportunity, opportunityWorld, personBody, type World } from './opportunity-fixtures.ts';

// Campos personalizados (issue 17): admins define fields per workspace (versioned, archived when records hold
// values); people and opportunities carry the values, checked per type, required, per role, with every change
// on the timeline.

let ctx: TestContext;
let w: World;
const random = createRandom(17);

type Field = { id: string; key: string; version: number; options: { value: string; label: string }[] };

let seq = 0;
async function newField(body: Record<string, unknown>, user: TestUser = w.admin): Promise<Field> {
  const res = await call(ctx, user, 'POST', '/custom-fields', {
    entity: 'person',
    label: `Campo ${++seq}`,
    ...body,
  });
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const errorsOf = (body: { errors?: { field: string; code: string }[] }) =>
  Object.fromEntries((body.errors ?? []).map((e) => [e.field, e.code]));

beforeAll(async () => {
  ctx = await createTestContext();
  w = await opportunityWorld(ctx);
});
afterAll(() => ctx.close());

describe('definitions', () => {
  it('are created by admins with a key from the label, listed in order, refused to brokers', async () => {
    const field = await newField({ label: 'Data da visita', type: 'date' });
    expect(field).toMatchObject({
      key: 'data_da_visita',
      type: 'date',
      version: 1,
      required: false,
      visibleRoles: null,
    });
    const twin = await newField({ label: 'Data da visita', type: 'date' });
    expect(twin.key).toBe('data_da_visita_2');
    const choice = await newField({
      label: 'Plano',
      type: 'choice',
      options: [{ label: 'Básico' }, { label: 'Plus' }],
    });
    expect(choice.options).toEqual([
      { value: 'basico', label: 'Básico' },
      { value: 'plus', label: 'Plus' },
    ]);
    const list = await call(ctx, w.brokerA1, 'GET', '/custom-fields?entity=person');
    const keys = list.body.items.map((f: Field) => f.key);
    expect(keys.indexOf('data_da_visita')).toBeLessThan(keys.indexOf('plano'));
    const refused = await call(ctx, w.brokerA1, 'POST', '/custom-fields', {
      entity: 'person',
      type: 'text',
      label: 'X',
    });
    expect(refused.status).toBe(403);
    const noOptions = await call(ctx, w.admin, 'POST', '/custom-fields', {
      entity: 'person',
      type: 'choice',
      label: 'Y',
    });
    expect(noOptions.status).toBe(422);
    expect(errorsOf(noOptions.body)).toEqual({ options: 'required' });
  });

  it('carry an optional form section: trimmed, blank is none, at most 80 characters, changed and cleared', async () => {
    const field = await newField({ label: 'Corretor da visita', type: 'text', section: '  Visita  ' });
    expect(field).toMatchObject({ section: 'Visita' });
    expect(await newField({ label: 'Sem seção', type: 'text', section: '   ' })).toMatchObject({
      section: null,
    });
    const long = await call(ctx, w.admin, 'POST', '/custom-fields', {
      entity: 'person',
      type: 'text',
      label: 'Z',
      section: 'x'.repeat(81),
    });
    expect(long.status).toBe(422);
    expect(errorsOf(long.body)).toEqual({ section: 'too_long' });
    const moved = await call(
      ctx,
      w.admin,
      'PATCH',
      `/custom-fields/${field.id}`,
      { section: 'Financeiro' },
      { 'if-match': '"1"' },
    );
    expect(moved.body).toMatchObject({ section: 'Financeiro', version: 2 });
    const cleared = await call(
      ctx,
      w.admin,
      'PATCH',
      `/custom-fields/${field.id}`,
      { section: null },
      { 'if-match': '"2"' },
    );
    expect(cleared.body).toMatchObject({ section: null });
    const listed = await call(ctx, w.brokerA1, 'GET', '/custom-fields?entity=person');
    expect(listed.body.items.find((f: Field) => f.key === field.key)).toMatchObject({ section: null });
  });

  it('are edited under If-Match: options keep their values, can be archived, never removed; position moves', async () => {
    const field = await newField({ type: 'choice', options: [{ label: 'A' }, { label: 'B' }] });
    const path = `/custom-fields/${field.id}`;
    const noMatch = await call(ctx, w.admin, 'PATCH', path, { label: 'Novo' });
    expect(noMatch.status).toBe(428);
    const stale = await call(ctx, w.admin, 'PATCH', path, { label: 'Novo' }, { 'if-match': '"9"' });
    expect(stale.status).toBe(412);
    const removed = await call(
      ctx,
      w.admin,
      'PATCH',
      path,
      { options: [{ value: 'a', label: 'A' }] },
      { 'if-match': '"1"' },
    );
    expect(errorsOf(removed.body)).toEqual({ options: 'option_removed' });
    const edited = await call(
      ctx,
      w.admin,
      'PATCH',
      path,
      {
        label: 'Renomeado',
        options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B', archived: true }, { label: 'C' }],
        position: 0,
      },
      { 'if-match': '"1"' },
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ label: 'Renomeado', version: 2, position: 0 });
    expect(edited.body.options).toEqual([
      { value: 'a', label: 'A' },
      { value: 'b', label: 'B', archived: true },
      { value: 'c', label: 'C' },
    ]);
    const list = await call(ctx, w.admin, 'GET', '/custom-fields?entity=person');
    expect(list.body.items[0].id).toBe(field.id);
  });

  it('answers a JSON Schema of the workspace fields for the caller’s role', async () => {
    const res = await call(ctx, w.brokerA1, 'GET', '/custom-fields/openapi-schema?entity=person');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: { data_da_visita: { type: 'string', format: 'date', title: 'Data da visita' } },
    });
  });
});

describe('values on people', () => {
  it('are checked per type, normalized, and named at the field on errors', async () => {
    const ws = await createWorkspace(ctx.db, 'Tipos');
    const admin = await createUser(ctx, ws.workspaceId, 'admin');
    const make = async (label: string, type: string, extra: Record<string, unknown> = {}) =>
      (await newField({ label, type, ...extra }, admin)).key;
    const keys = {
      text: await make('Texto', 'text'),
      long: await make('Longo', 'long_text'),
      number: await make('Número', 'number'),
      money: await make('Renda', 'money'),
      date: await make('Data', 'date'),
      bool: await make('Sim ou não', 'boolean'),
      choice: await make('Escolha', 'choice', { options: [{ label: 'Um' }, { label: 'Dois' }] }),
      multi: await make('Várias', 'multi_choice', { options: [{ label: 'Um' }, { label: 'Dois' }] }),
      user: await make('Usuário', 'user'),
      url: await make('Site', 'url'),
      email: await make('E-mail extra', 'email'),
      phone: await make('Telefone extra', 'phone'),
      document: await make('CNPJ da empresa', 'document'),
    };
    const cnpj = generateCnpj(random);
    const good = await call(
      ctx,
      admin,
      'POST',
      '/people',
      personBody({
        customFields: {
          [keys.text]: ' oi ',
          [keys.long]: 'a\nb',
          [keys.number]: 3.5,
          [keys.money]: 123456,
          [keys.date]: '2026-03-01',
          [keys.bool]: true,
          [keys.choice]: 'dois',
          [keys.multi]: ['dois', 'um'],
          [keys.user]: admin.id,
          [keys.url]: 'https://funil.app',
          [keys.email]: 'X@Y.COM',
          [keys.phone]: '(11) 98765-4321',
          [keys.document]: cnpj.replace(/^(..)(...)(...)(....)(..)$/, '$1.$2.$3/$4-$5'),
        },
      }),
    );
    expect(good.status).toBe(201);
    expect(good.body.customFields).toEqual({
      [keys.text]: 'oi',
      [keys.long]: 'a\nb',
      [keys.number]: 3.5,
      [keys.money]: 123456,
      [keys.date]: '2026-03-01',
      [keys.bool]: true,
      [keys.choice]: 'dois',
      [keys.multi]: ['um', 'dois'],
      [keys.user]: admin.id,
      [keys.url]: 'https://funil.app',
      [keys.email]: 'x@y.com',
      [keys.phone]: '+5511987654321',
      [keys.document]: cnpj,
    });
    const read = await call(ctx, admin, 'GET', `/people/${good.body.id}`);
    expect(read.body.customFields).toEqual(good.body.customFields);

    const bad = await call(
      ctx,
      admin,
      'POST',
      '/people',
      personBody({
        customFields: {
          [keys.text]: 5,
          [keys.number]: 'três',
          [keys.money]: 1.5,
          [keys.date]: '2026-02-30',
          [keys.bool]: 'sim',
          [keys.choice]: 'tres',
          [keys.multi]: ['um', 'x'],
          [keys.user]: 'ninguém',
          [keys.url]: 'ftp://x',
          [keys.email]: 'x@',
          [keys.phone]: '12',
          [keys.document]: '00000000000',
          inexistente: 'x',
        },
      }),
    );
    expect(bad.status).toBe(422);
    expect(errorsOf(bad.body)).toEqual({
      [`customFields.${keys.text}`]: 'invalid_type',
      [`customFields.${keys.number}`]: 'invalid_number',
      [`customFields.${keys.money}`]: 'invalid_money',
      [`customFields.${keys.date}`]: 'invalid_date',
      [`customFields.${keys.bool}`]: 'invalid_type',
      [`customFields.${keys.choice}`]: 'unknown_option',
      [`customFields.${keys.multi}`]: 'unknown_option',
      [`customFields.${keys.user}`]: 'invalid_user',
      [`customFields.${keys.url}`]: 'invalid_url',
      [`customFields.${keys.email}`]: 'invalid_email',
      [`customFields.${keys.phone}`]: 'invalid_phone',
      [`customFields.${keys.document}`]: 'invalid_document',
      'customFields.inexistente': 'unknown_field',
    });
    // A well-formed id of nobody in the workspace is refused once the shape is right.
    const stranger = await call(
      ctx,
      admin,
      'POST',
      '/people',
      personBody({ customFields: { [keys.user]: w.admin.id } }),
    );
    expect(errorsOf(stranger.body)).toEqual({ [`customFields.${keys.user}`]: 'unknown_user' });
    const count = await ctx.db.query('SELECT count(*)::int AS n FROM people WHERE workspace_id = $1', [
      ws.workspaceId,
    ]);
    expect(count.rows[0].n).toBe(1);
  });

  it('requires required fields on create, lets an update leave them alone, refuses clearing them', async () => {
    const ws = await createWorkspace(ctx.db, 'Obrigatórios');
    const admin = await createUser(ctx, ws.workspaceId, 'admin');
    const broker = await createUser(ctx, ws.workspaceId, 'broker');
    const person = await call(ctx, broker, 'POST', '/people', personBody());
    expect(person.status).toBe(201);
    const field = await newField({ label: 'Origem do lead', type: 'text', required: true }, admin);
    const missing = await call(ctx, broker, 'POST', '/people', personBody());
    expect(missing.status).toBe(422);
    expect(errorsOf(missing.body)).toEqual({ 'customFields.origem_do_lead': 'required' });
    // The older record, made before the field, is still editable without it.
    const edit = await call(
      ctx,
      broker,
      'PATCH',
      `/people/${person.body.id}`,
      { name: 'Nome novo' },
      { 'if-match': '"1"' },
    );
    expect(edit.status).toBe(200);
    const cleared = await call(
      ctx,
      broker,
      'PATCH',
      `/people/${person.body.id}`,
      { customFields: { [field.key]: null } },
      { 'if-match': '"2"' },
    );
    expect(errorsOf(cleared.body)).toEqual({ 'customFields.origem_do_lead': 'required' });
  });

  it('are hidden from and refused to roles outside the field’s roles', async () => {
    const ws = await createWorkspace(ctx.db, 'Papéis');
    const admin = await createUser(ctx, ws.workspaceId, 'admin');
    const broker = await createUser(ctx, ws.workspaceId, 'broker');
    const secret = await newField(
      { label: 'Renda declarada', type: 'money', required: true, visibleRoles: ['admin', 'manager'] },
      admin,
    );
    const open = await newField({ label: 'Apelido', type: 'text' }, admin);
    // Required for admins and managers only: the broker registers without it.
    const mine = await call(
      ctx,
      broker,
      'POST',
      '/people',
      personBody({ ownerId: broker.id, customFields: { [open.key]: 'Zé' } }),
    );
    expect(mine.status).toBe(201);
    const set = await call(
      ctx,
      admin,
      'PATCH',
      `/people/${mine.body.id}`,
      { customFields: { [secret.key]: 500000 } },
      { 'if-match': '"1"' },
    );
    expect(set.body.customFields).toEqual({ [open.key]: 'Zé', [secret.key]: 500000 });
    const read = await call(ctx, broker, 'GET', `/people/${mine.body.id}`);
    expect(read.body.customFields).toEqual({ [open.key]: 'Zé' });
    const fields = await call(ctx, broker, 'GET', '/custom-fields?entity=person');
    expect(fields.body.items.map((f: Field) => f.key)).toEqual([open.key]);
    const refused = await call(
      ctx,
      broker,
      'PATCH',
      `/people/${mine.body.id}`,
      { customFields: { [secret.key]: 1 } },
      { 'if-match': '"2"' },
    );
    expect(refused.status).toBe(403);
    expect(errorsOf(refused.body)).toEqual({ [`customFields.${secret.key}`]: 'forbidden_field' });
    const events = await call(ctx, broker, 'GET', `/people/${mine.body.id}/timeline?filter=changes`);
    expect(JSON.stringify(events.body)).not.toContain('500000');
  });

  it('record every change as field_changed with label, old and new; archiving keeps values and history', async () => {
    const ws = await createWorkspace(ctx.db, 'Histórico');
    const admin = await createUser(ctx, ws.workspaceId, 'admin');
    const field = await newField(
      { label: 'Cor preferida', type: 'choice', options: [{ label: 'Azul' }, { label: 'Verde' }] },
      admin,
    );
    const other = await newField({ label: 'Vazio', type: 'text' }, admin);
    const person = await call(
      ctx,
      admin,
      'POST',
      '/people',
      personBody({ customFields: { [field.key]: 'azul' } }),
    );
    const path = `/people/${person.body.id}`;
    const edit = await call(
      ctx,
      admin,
      'PATCH',
      path,
      { customFields: { [field.key]: 'verde' } },
      { 'if-match': '"1"' },
    );
    expect(edit.status).toBe(200);
    const same = await call(
      ctx,
      admin,
      'PATCH',
      path,
      { customFields: { [field.key]: 'verde' } },
      { 'if-match': '"2"' },
    );
    expect(same.body.version).toBe(2);
    const events = await call(ctx, admin, 'GET', `${path}/timeline?filter=changes`);
    expect(events.body.items).toHaveLength(1);
    expect(events.body.items[0].data.changes).toEqual([
      {
        field: `customFields.${field.key}`,
        label: 'Cor preferida',
        type: 'choice',
        old: 'azul',
        new: 'verde',
        options: [
          { value: 'azul', label: 'Azul' },
          { value: 'verde', label: 'Verde' },
        ],
      },
    ]);
    // The field with values is archived, not deleted; the one without values is deleted.
    const gone = await call(ctx, admin, 'DELETE', `/custom-fields/${other.id}`, undefined, {
      'if-match': '"1"',
    });
    expect(gone.status).toBe(204);
    const archived = await call(ctx, admin, 'DELETE', `/custom-fields/${field.id}`, undefined, {
      'if-match': '"1"',
    });
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
    const read = await call(ctx, admin, 'GET', path);
    expect(read.body.customFields).toEqual({});
    const stored = await ctx.db.query(
      'SELECT custom_fields FROM people WHERE workspace_id = $1 AND id = $2',
      [ws.workspaceId, person.body.id],
    );
    expect(stored.rows[0].custom_fields).toEqual({ [field.key]: 'verde' });
    const writeArchived = await call(
      ctx,
      admin,
      'PATCH',
      path,
      { customFields: { [field.key]: 'azul' } },
      { 'if-match': '"2"' },
    );
    expect(errorsOf(writeArchived.body)).toEqual({ [`customFields.${field.key}`]: 'unknown_field' });
    expect((await call(ctx, admin, 'GET', `${path}/timeline?filter=changes`)).body.items).toHaveLength(1);
    // Restored, the values show again.
    const restored = await call(
      ctx,
      admin,
      'PATCH',
      `/custom-fields/${field.id}`,
      { archived: false },
      { 'if-match': `"${archived.body.version}"` },
    );
    expect(restored.body.archivedAt).toBeNull();
    expect((await call(ctx, admin, 'GET', path)).body.customFields).toEqual({ [field.key]: 'verde' });
    expect((await verifyAllChains(ctx.db)).broken).toEqual([]);
  });
});

describe('values on opportunities', () => {
  it('are required, checked and recorded like people’s', async () => {
    const plan = await newField({
      entity: 'opportunity',
      label: 'Financiamento',
      type: 'choice',
      required: true,
      options: [{ label: 'À vista' }, { label: 'Financiado' }],
    });
    const money = await newField({
      entity: 'opportunity',
      label: 'Entrada',
      type: 'money',
      showOnCard: true,
    });
    expect((money as unknown as { showOnCard: boolean }).showOnCard).toBe(true);
    const holder = await call(ctx, w.brokerA1, 'POST', '/people', personBody({ customFields: {} }));
    const missing = await call(ctx, w.brokerA1, 'POST', '/opportunities', {
      pipelineId: w.pipelineId,
      title: 'Casa',
      holderId: holder.body.id,
    });
    expect(missing.status).toBe(422);
    expect(errorsOf(missing.body)).toEqual({ [`customFields.${plan.key}`]: 'required' });
    const { opportunity } = await newOpportunity(ctx, w, w.brokerA1, {
      customFields: { [plan.key]: 'a_vista', [money.key]: 5000000 },
    });
    expect(opportunity.customFields).toEqual({ [plan.key]: 'a_vista', [money.key]: 5000000 });
    const path = `/opportunities/${opportunity.id}`;
    const bad = await call(
      ctx,
      w.brokerA1,
      'PATCH',
      path,
      { customFields: { [money.key]: '50' } },
      { 'if-match': '"1"' },
    );
    expect(errorsOf(bad.body)).toEqual({ [`customFields.${money.key}`]: 'invalid_money' });
    const edit = await call(
      ctx,
      w.brokerA1,
      'PATCH',
      path,
      { customFields: { [plan.key]: 'financiado', [money.key]: null } },
      { 'if-match': '"1"' },
    );
    expect(edit.status).toBe(200);
    expect(edit.body.customFields).toEqual({ [plan.key]: 'financiado' });
    const events = await call(ctx, w.brokerA1, 'GET', `${path}/timeline?filter=changes`);
    expect(events.body.items[0].data.changes).toEqual([
      expect.objectContaining({
        field: `customFields.${plan.key}`,
        label: 'Financiamento',
        old: 'a_vista',
        new: 'financiado',
      }),
      { field: `customFields.${money.key}`, label: 'Entrada', type: 'money', old: 5000000, new: null },
    ]);
  });
});

describe('user fields on the timeline', () => {
  it('record the old and new user with their names, on people and opportunities', async () => {
    const v = await opportunityWorld(ctx); // a workspace of its own: no required field of the tests above
    const onPerson = await newField({ label: 'Responsável técnico', type: 'user' }, v.admin);
    const person = await call(
      ctx,
      v.admin,
      'POST',
      '/people',
      personBody({ customFields: { [onPerson.key]: v.brokerA1.id } }),
    );
    const personPath = `/people/${person.body.id}`;
    const edit = await call(
      ctx,
      v.admin,
      'PATCH',
      personPath,
      { customFields: { [onPerson.key]: v.brokerA2.id } },
      { 'if-match': '"1"' },
    );
    expect(edit.status).toBe(200);
    expect(edit.body.customFields).toEqual({ [onPerson.key]: v.brokerA2.id }); // the value stays the id
    const personEvents = await call(ctx, v.admin, 'GET', `${personPath}/timeline?filter=changes`);
    expect(personEvents.body.items[0].data.changes).toEqual([
      {
        field: `customFields.${onPerson.key}`,
        label: 'Responsável técnico',
        type: 'user',
        old: { id: v.brokerA1.id, name: 'Corretora A1' },
        new: { id: v.brokerA2.id, name: 'Corretor A2' },
      },
    ]);

    const onCard = await newField({ entity: 'opportunity', label: 'Indicado por', type: 'user' }, v.admin);
    const { opportunity } = await newOpportunity(ctx, v, v.brokerA1);
    const cardPath = `/opportunities/${opportunity.id}`;
    const cardEdit = await call(
      ctx,
      v.brokerA1,
      'PATCH',
      cardPath,
      { customFields: { [onCard.key]: v.manager.id } },
      { 'if-match': '"1"' },
    );
    expect(cardEdit.status).toBe(200);
    const cardEvents = await call(ctx, v.brokerA1, 'GET', `${cardPath}/timeline?filter=changes`);
    expect(cardEvents.body.items[0].data.changes).toEqual([
      {
        field: `customFields.${onCard.key}`,
        label: 'Indicado por',
        type: 'user',
        old: null,
        new: { id: v.manager.id, name: 'Gerente Alfa' },
      },
    ]);
  });
});
