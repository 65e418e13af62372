import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAllChains } from '../src/modules/timeline/timeline.service.ts';
import {
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call, personBody } from './opportunity-fixtures.ts';

// Ativos (issue 5 §5): asset types with their own fields (admin, versioned), assets per client under the
// people policy, each change on the person's timeline.

let ctx: TestContext;
let admin: TestUser;
let broker: TestUser;
let otherBroker: TestUser;
let outsider: TestUser;

const ROUTER_FIELDS = [
  { key: 'modelo', label: 'Modelo', type: 'text', required: true },
  { key: 'velocidade', label: 'Velocidade (Mbps)', type: 'number' },
  { key: 'instalado_em', label: 'Data de instalação', type: 'date' },
  { key: 'wifi6', label: 'Wi-Fi 6', type: 'boolean' },
  { key: 'faixa', label: 'Faixa', type: 'select', options: ['2,4 GHz', '5 GHz'], required: true },
];

let typeSeq = 0;
async function newType(fields: unknown[] = ROUTER_FIELDS) {
  typeSeq++;
  const res = await call(ctx, admin, 'POST', '/asset-types', { name: `Roteador ${typeSeq}`, fields });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body as { id: string; version: number; name: string };
}

async function newPerson(user = broker) {
  const res = await call(ctx, user, 'POST', '/people', personBody({ ownerId: user.id }));
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as string;
}

const validValues = { modelo: 'Archer AX73', velocidade: 600, instalado_em: '2025-03-10', faixa: '5 GHz' };

beforeAll(async () => {
  ctx = await createTestContext();
  const { workspaceId } = await createWorkspace(ctx.db);
  admin = await createUser(ctx, workspaceId, 'admin', { name: 'Admin' });
  broker = await createUser(ctx, workspaceId, 'broker', { name: 'Carla Corretora' });
  otherBroker = await createUser(ctx, workspaceId, 'broker', { name: 'Outro Corretor' });
  const other = await createWorkspace(ctx.db, 'Outro Provedor');
  outsider = await createUser(ctx, other.workspaceId, 'admin');
});
afterAll(() => ctx.close());

describe('asset types', () => {
  it('are created by admins with their fields, read by everyone, refused to others', async () => {
    const type = await newType();
    expect(type).toMatchObject({ version: 1, archivedAt: null, assetCount: 0 });
    expect((type as unknown as { fields: { key: string; options: string[] }[] }).fields[4]).toMatchObject({
      key: 'faixa',
      options: ['2,4 GHz', '5 GHz'],
    });
    const refused = await call(ctx, broker, 'POST', '/asset-types', { name: 'Do corretor', fields: [] });
    expect(refused.status).toBe(403);
    const list = await call(ctx, broker, 'GET', '/asset-types');
    expect(list.body.items.map((t: { id: string }) => t.id)).toContain(type.id);
    // Another workspace does not see it.
    expect((await call(ctx, outsider, 'GET', `/asset-types/${type.id}`)).status).toBe(404);
  });

  it('refuses bad field definitions and a repeated name with per-field pt-BR errors', async () => {
    const res = await call(ctx, admin, 'POST', '/asset-types', {
      name: '',
      fields: [
        { key: 'Modelo X', label: 'Modelo', type: 'text' },
        { key: 'faixa', label: 'Faixa', type: 'select', options: [] },
        { key: 'faixa', label: 'Outra', type: 'text' },
      ],
    });
    expect(res.status).toBe(422);
    const fields = Object.fromEntries(
      res.body.errors.map((e: { field: string; message: string }) => [e.field, e.message]),
    );
    expect(fields).toMatchObject({
      name: 'Campo obrigatório',
      'fields.0.key': 'Valor inválido',
      'fields.1.options': 'Campo obrigatório',
      'fields.2.key': 'Repetido',
    });
    const type = await newType();
    const taken = await call(ctx, admin, 'POST', '/asset-types', {
      name: type.name.toUpperCase(),
      fields: [],
    });
    expect(taken.status).toBe(422);
    expect(taken.body.errors[0]).toMatchObject({ field: 'name', code: 'name_taken' });
  });

  it('are edited with If-Match: 428 without it, 412 when stale', async () => {
    const type = await newType();
    const body = { name: `${type.name} v2`, fields: ROUTER_FIELDS.slice(0, 2) };
    expect((await call(ctx, admin, 'PUT', `/asset-types/${type.id}`, body)).status).toBe(428);
    const saved = await call(ctx, admin, 'PUT', `/asset-types/${type.id}`, body, { 'if-match': '"1"' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ name: `${type.name} v2`, version: 2 });
    expect(saved.headers.etag).toBe('"2"');
    const stale = await call(ctx, admin, 'PUT', `/asset-types/${type.id}`, body, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('version-mismatch');
  });

  it('are deleted when unused and archived (then restorable) when some asset uses them', async () => {
    const unused = await newType();
    const deleted = await call(ctx, admin, 'DELETE', `/asset-types/${unused.id}`, undefined, {
      'if-match': '"1"',
    });
    expect(deleted.status).toBe(204);
    expect((await call(ctx, admin, 'GET', `/asset-types/${unused.id}`)).status).toBe(404);

    const used = await newType();
    const person = await newPerson();
    await call(ctx, broker, 'POST', `/people/${person}/assets`, {
      assetTypeId: used.id,
      identifier: 'SN-ARCH-1',
      values: validValues,
    });
    const archived = await call(ctx, admin, 'DELETE', `/asset-types/${used.id}`, undefined, {
      'if-match': '"1"',
    });
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
    expect(archived.body.assetCount).toBe(1);
    expect(
      (await call(ctx, broker, 'GET', '/asset-types')).body.items.map((t: { id: string }) => t.id),
    ).not.toContain(used.id);
    // No new assets of an archived type; the existing one still shows it.
    const refused = await call(ctx, broker, 'POST', `/people/${person}/assets`, {
      assetTypeId: used.id,
      identifier: 'SN-ARCH-2',
      values: validValues,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({
      field: 'assetTypeId',
      message: 'Tipo de ativo não encontrado',
    });
    const list = await call(ctx, broker, 'GET', `/people/${person}/assets`);
    expect(list.body.items[0].assetType).toMatchObject({ id: used.id, archived: true });
    const restored = await call(
      ctx,
      admin,
      'PUT',
      `/asset-types/${used.id}`,
      { name: used.name, fields: ROUTER_FIELDS, archived: false },
      { 'if-match': archived.headers.etag as string },
    );
    expect(restored.body.archivedAt).toBeNull();
  });
});

describe("a person's assets", () => {
  it('checks the values against the type fields, with pt-BR errors per field', async () => {
    const type = await newType();
    const person = await newPerson();
    const res = await call(ctx, broker, 'POST', `/people/${person}/assets`, {
      assetTypeId: type.id,
      identifier: 'SN-1',
      startDate: '2025-05-01',
      endDate: '2025-04-01',
      values: { velocidade: 'rápida', instalado_em: '2025-02-30', wifi6: 'sim', faixa: '6 GHz', cor: 'azul' },
    });
    expect(res.status).toBe(422);
    expect(res.body.title).toBe('Dados inválidos');
    const fields = Object.fromEntries(
      res.body.errors.map((e: { field: string; message: string }) => [e.field, e.message]),
    );
    expect(fields).toEqual({ endDate: 'O término é anterior ao início' });
    const values = await call(ctx, broker, 'POST', `/people/${person}/assets`, {
      assetTypeId: type.id,
      identifier: 'SN-1',
      values: { velocidade: 'rápida', instalado_em: '2025-02-30', wifi6: 'sim', faixa: '6 GHz', cor: 'azul' },
    });
    expect(values.status).toBe(422);
    expect(
      Object.fromEntries(
        values.body.errors.map((e: { field: string; message: string }) => [e.field, e.message]),
      ),
    ).toEqual({
      'values.cor': 'Campo desconhecido',
      'values.modelo': 'Campo obrigatório',
      'values.velocidade': 'Número inválido',
      'values.instalado_em': 'Data inválida',
      'values.wifi6': 'Tipo de valor inválido',
      'values.faixa': 'Opção não encontrada',
    });
    expect((await call(ctx, broker, 'GET', `/people/${person}/assets`)).body.items).toEqual([]);
  });

  it('are added, edited with If-Match (412 when stale) and ended, each on the timeline', async () => {
    const type = await newType();
    const person = await newPerson();
    const created = await call(ctx, broker, 'POST', `/people/${person}/assets`, {
      assetTypeId: type.id,
      identifier: ' SN-2024-0001 ',
      startDate: '2025-03-10',
      values: { ...validValues, wifi6: true, modelo: '  Archer AX73 ' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      identifier: 'SN-2024-0001',
      status: 'active',
      startDate: '2025-03-10',
      endDate: null,
      values: { modelo: 'Archer AX73', velocidade: 600, wifi6: true, faixa: '5 GHz' },
      createdBy: { id: broker.id },
      version: 1,
    });
    const assetId = created.body.id as string;
    const url = `/people/${person}/assets/${assetId}`;

    expect((await call(ctx, broker, 'PATCH', url, { status: 'suspended' })).status).toBe(428);
    const edited = await call(
      ctx,
      broker,
      'PATCH',
      url,
      { status: 'suspended', values: { ...validValues, velocidade: 300 } },
      { 'if-match': '"1"' },
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: 'suspended', version: 2, values: { velocidade: 300 } });
    const stale = await call(ctx, broker, 'PATCH', url, { status: 'active' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);

    const ended = await call(
      ctx,
      broker,
      'POST',
      `${url}/end`,
      { endDate: '2025-09-30' },
      { 'if-match': '"2"' },
    );
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ status: 'ended', endDate: '2025-09-30', version: 3 });
    expect((await call(ctx, broker, 'POST', `${url}/end`, {})).status).toBe(409);

    const timeline = await call(ctx, broker, 'GET', `/people/${person}/timeline`);
    const events = timeline.body.items.filter((e: { kind: string }) => e.kind === 'asset_changed');
    expect(events.map((e: { data: { action: string } }) => e.data.action)).toEqual([
      'ended',
      'updated',
      'added',
    ]);
    // "Visualizar alterações" lists them too.
    const changes = await call(ctx, broker, 'GET', `/people/${person}/timeline?filter=changes`);
    expect(changes.body.items.filter((e: { kind: string }) => e.kind === 'asset_changed')).toHaveLength(3);
    expect(events[2]).toMatchObject({
      actor: { id: broker.id },
      data: { asset: { id: assetId, type: type.name, identifier: 'SN-2024-0001' } },
    });
    expect(events[1].data.changes).toEqual([
      { field: 'status', old: 'active', new: 'suspended' },
      { field: 'values.velocidade', label: 'Velocidade (Mbps)', old: 600, new: 300 },
      { field: 'values.wifi6', label: 'Wi-Fi 6', old: true, new: null },
    ]);
    expect(events[0].data.changes).toEqual([
      { field: 'status', old: 'suspended', new: 'ended' },
      { field: 'endDate', old: null, new: '2025-09-30' },
    ]);
  });

  it('answer 404 for a person the user may not see, in reads and writes', async () => {
    const type = await newType();
    const person = await newPerson();
    const created = await call(ctx, broker, 'POST', `/people/${person}/assets`, {
      assetTypeId: type.id,
      identifier: 'SN-PRIV',
      values: validValues,
    });
    const url = `/people/${person}/assets/${created.body.id}`;
    expect((await call(ctx, otherBroker, 'GET', `/people/${person}/assets`)).status).toBe(404);
    expect(
      (
        await call(ctx, otherBroker, 'POST', `/people/${person}/assets`, {
          assetTypeId: type.id,
          identifier: 'SN-X',
          values: validValues,
        })
      ).status,
    ).toBe(404);
    expect(
      (await call(ctx, otherBroker, 'PATCH', url, { status: 'ended' }, { 'if-match': '"1"' })).status,
    ).toBe(404);
    expect((await call(ctx, otherBroker, 'POST', `${url}/end`, {})).status).toBe(404);
    expect((await call(ctx, outsider, 'GET', `/people/${person}/assets`)).status).toBe(404);
    // The admin of the workspace sees it; an asset id under another person is not found.
    expect((await call(ctx, admin, 'GET', `/people/${person}/assets`)).body.items).toHaveLength(1);
    const another = await newPerson();
    expect(
      (
        await call(
          ctx,
          broker,
          'PATCH',
          `/people/${another}/assets/${created.body.id}`,
          { status: 'ended' },
          { 'if-match': '"1"' },
        )
      ).status,
    ).toBe(404);
  });

  it('keeps every chain intact', async () => {
    expect((await verifyAllChains(ctx.db)).broken).toEqual([]);
  });
});
