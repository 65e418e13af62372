import { generateCpf, type RoleMatrix } from '@funil/domain';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../src/db/seed/demo-data.ts';
import { verifyAllChains } from '../src/modules/timeline/timeline.service.ts';
import { createTestContext, type TestContext, type TestUser } from './helpers.ts';
import { call, opportunityWorld, type World } from './opportunity-fixtures.ts';

let ctx: TestContext;
let w: World;
let owner: pg.Client;
const random = createRandom(13);

beforeAll(async () => {
  ctx = await createTestContext();
  w = await opportunityWorld(ctx);
  owner = new pg.Client({ connectionString: ctx.ownerUrl });
  await owner.connect();
});
afterAll(async () => {
  await owner.end();
  await ctx.close();
});

const address = {
  cep: '04101-000',
  street: 'Rua Domingos de Morais',
  number: '10',
  city: 'São Paulo',
  state: 'SP',
};

async function person(user: TestUser, body: Record<string, unknown>) {
  const res = await call(ctx, user, 'POST', '/people', {
    kind: 'individual',
    document: generateCpf(random),
    addresses: [address],
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number };
}

const version = async (id: string) =>
  (await call(ctx, w.admin, 'GET', `/people/${id}`)).body.version as number;

/** Everything a merge may touch, as the database holds it (the row without its bookkeeping columns). */
async function snapshot(ids: string[]) {
  const q = async (sql: string) => (await owner.query(sql, [ids])).rows;
  return {
    people: await q(
      `SELECT to_jsonb(p) - 'version' - 'updated_at' - 'last_activity_at' - 'search_vector' AS row
       FROM people p WHERE id = ANY($1) ORDER BY id`,
    ),
    phones: await q(
      'SELECT person_id, number, type, is_primary, position FROM person_phones WHERE person_id = ANY($1) ORDER BY number',
    ),
    emails: await q(
      'SELECT person_id, address, type, is_primary, position FROM person_emails WHERE person_id = ANY($1) ORDER BY address',
    ),
    addresses: await q(
      'SELECT person_id, cep, street, is_primary, position FROM person_addresses WHERE person_id = ANY($1) ORDER BY person_id, position',
    ),
    opportunities: await q(
      'SELECT opportunity_id, person_id, role FROM opportunity_people WHERE person_id = ANY($1) ORDER BY opportunity_id',
    ),
    activities: await q('SELECT id, person_id FROM activities WHERE person_id = ANY($1) ORDER BY id'),
    attachments: await q('SELECT id, person_id FROM attachments WHERE person_id = ANY($1) ORDER BY id'),
    identityDocuments: await q(
      'SELECT person_id, kind, issuer, number FROM person_documents WHERE person_id = ANY($1) ORDER BY person_id, kind',
    ),
  };
}

async function upload(user: TestUser, personId: string, name: string, text: string) {
  const boundary = '----funil-merge-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n`,
    ),
    Buffer.from(text),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/people/${personId}/attachments?source=tab`,
    headers: { cookie: user.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  expect(res.statusCode, res.body).toBe(201);
}

async function timelineKinds(user: TestUser, id: string) {
  const res = await call(ctx, user, 'GET', `/people/${id}/timeline`);
  expect(res.status).toBe(200);
  return (res.body.items as { kind: string; subject: { id: string } }[]).map(
    (e) => `${e.kind}:${e.subject.id}`,
  );
}

async function expectHistoryIntact() {
  const report = await verifyAllChains(ctx.db);
  expect(report.broken).toEqual([]);
  expect(report.events).toBeGreaterThan(0);
}

describe('duplicates and merge', () => {
  let keep: { id: string; version: number };
  let dupe: { id: string; version: number };
  let opportunityId: string;

  it('the finder queues what the unique indexes cannot see; the queue shows only pairs whose two people the viewer sees', async () => {
    keep = await person(w.admin, {
      name: 'Maria Aparecida da Silva',
      ownerId: w.brokerA1.id,
      phones: [{ number: '(11) 98111-2222', type: 'mobile' }],
      emails: [{ address: 'maria.silva@gmail.com' }],
      birthDate: '1980-05-17',
    });
    dupe = await person(w.admin, {
      name: 'Maria Aparecida Silva',
      ownerId: w.brokerB1.id,
      phones: [{ number: '(11) 98333-4444', type: 'whatsapp' }],
      emails: [{ address: 'mariasilva+imoveis@gmail.com' }],
      tags: ['site'],
    });
    // The same mobile with and without the 9th digit: only data from before normalization can hold it.
    const old = await person(w.admin, { name: 'Joaquim Pereira Lopes', addresses: [] });
    const current = await person(w.admin, {
      name: 'Roberto Nunes',
      phones: [{ number: '(21) 98765-4321' }],
      addresses: [{ ...address, cep: '20040-002', city: 'Rio de Janeiro', state: 'RJ' }],
    });
    await owner.query(
      `INSERT INTO person_phones (workspace_id, person_id, number, type, is_primary, position)
       VALUES ($1, $2, '+552187654321', 'mobile', true, 0)`,
      [w.workspaceId, old.id],
    );
    // Not duplicates: a similar name in another city.
    await person(w.admin, {
      name: 'Maria Aparecida Silva',
      addresses: [{ ...address, cep: '30130-010', city: 'Belo Horizonte', state: 'MG' }],
    });

    const scan = await call(ctx, w.admin, 'POST', '/people/duplicates/scan');
    expect(scan.status).toBe(200);
    const queue = await call(ctx, w.admin, 'GET', '/people/duplicates');
    expect(queue.status).toBe(200);
    type Pair = { id: string; reasons: string[]; score: number; a: { id: string }; b: { id: string } };
    const pairOf = (x: string, y: string) =>
      (queue.body.items as Pair[]).find((p) => [p.a.id, p.b.id].sort().join() === [x, y].sort().join());
    const maria = pairOf(keep.id, dupe.id);
    expect(maria?.reasons).toEqual(['email_alias', 'similar_name_city']);
    expect(maria?.score).toBeGreaterThanOrEqual(0.9);
    expect(pairOf(old.id, current.id)?.reasons).toEqual(['phone_ninth_digit']);
    expect(queue.body.items).toHaveLength(2);

    // A broker has no mergePeople by default; granted it, still sees only pairs of people they see.
    expect((await call(ctx, w.brokerA1, 'GET', '/people/duplicates')).status).toBe(403);
    const matrix = await call(ctx, w.admin, 'GET', '/workspace/role-matrix');
    const m = matrix.body as RoleMatrix;
    m.broker.capabilities.mergePeople = true;
    const put = await call(ctx, w.admin, 'PUT', '/workspace/role-matrix', m, {
      'if-match': matrix.headers.etag as string,
    });
    expect(put.status).toBe(200);
    expect((await call(ctx, w.brokerA1, 'GET', '/people/duplicates')).body.items).toEqual([]);
    const hidden = await call(ctx, w.brokerA1, 'POST', '/people/merges', {
      survivorId: keep.id,
      mergedId: dupe.id,
      survivorVersion: keep.version,
      mergedVersion: dupe.version,
    });
    expect(hidden.status).toBe(404);
    expect((await call(ctx, w.brokerA1, 'POST', `/people/duplicates/${maria?.id}/dismiss`)).status).toBe(404);

    // Ignorar: the other pair leaves the queue and a new scan does not bring it back.
    const other = pairOf(old.id, current.id) as Pair;
    expect((await call(ctx, w.admin, 'POST', `/people/duplicates/${other.id}/dismiss`)).status).toBe(200);
    await call(ctx, w.admin, 'POST', '/people/duplicates/scan');
    const after = await call(ctx, w.admin, 'GET', '/people/duplicates');
    expect((after.body.items as Pair[]).map((p) => p.id)).toEqual([maria?.id]);
  });

  it('merges field by field, moving contacts, opportunities, activities and files; both timelines record it; one of two concurrent merges wins', async () => {
    const opp = await call(ctx, w.admin, 'POST', '/opportunities', {
      pipelineId: w.pipelineId,
      title: 'Casa no Ipiranga',
      holderId: dupe.id,
    });
    expect(opp.status).toBe(201);
    opportunityId = opp.body.id;
    const activity = await call(ctx, w.admin, 'POST', '/activities', {
      kind: 'call',
      title: 'Retornar ligação',
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      personId: dupe.id,
    });
    expect(activity.status, JSON.stringify(activity.body)).toBe(201);
    await upload(w.admin, dupe.id, 'nota.txt', 'Interessada em casa com quintal.');
    expect(
      (await call(ctx, w.admin, 'POST', `/people/${dupe.id}/notes`, { body: 'Ligou pelo site' })).status,
    ).toBe(201);
    const dupeRow = (await call(ctx, w.admin, 'GET', `/people/${dupe.id}`)).body;
    const keepBefore = (await call(ctx, w.admin, 'GET', `/people/${keep.id}`)).body;
    const before = await snapshot([keep.id, dupe.id]);
    await expectHistoryIntact();

    const body = {
      survivorId: keep.id,
      mergedId: dupe.id,
      survivorVersion: keepBefore.version,
      mergedVersion: dupeRow.version,
      fields: { name: 'merged', document: 'merged' },
    };
    // Stale versions: 412, nothing changed.
    const stale = await call(ctx, w.admin, 'POST', '/people/merges', {
      ...body,
      mergedVersion: dupeRow.version + 5,
    });
    expect(stale.status).toBe(412);
    expect(await snapshot([keep.id, dupe.id])).toEqual(before);

    const [one, two] = await Promise.all([
      call(ctx, w.admin, 'POST', '/people/merges', body),
      call(ctx, w.admin, 'POST', '/people/merges', body),
    ]);
    expect([one.status, two.status].sort()).toEqual([201, 409]);
    const merge = (one.status === 201 ? one : two).body;
    expect(merge.moved).toEqual({
      phones: 1,
      emails: 1,
      addresses: 1,
      opportunities: 1,
      activities: 1,
      attachments: 1,
      documents: 0,
      assets: 0,
      salesOrders: 0,
    });
    expect(merge.changedFields.sort()).toEqual(['document', 'name', 'tags']);

    const survivor = (await call(ctx, w.admin, 'GET', `/people/${keep.id}`)).body;
    expect(survivor.name).toBe('Maria Aparecida Silva');
    expect(survivor.document).toBe(dupeRow.document);
    expect(survivor.birthDate).toBe('1980-05-17');
    expect(survivor.tags).toEqual(['site']);
    expect(survivor.emails.map((e: { address: string }) => e.address)).toEqual([
      'maria.silva@gmail.com',
      'mariasilva+imoveis@gmail.com',
    ]);
    expect(survivor.phones).toHaveLength(2);
    expect(survivor.phones.filter((p: { primary: boolean }) => p.primary)).toHaveLength(1);
    const moved = await snapshot([keep.id]);
    expect(moved.opportunities).toEqual([
      { opportunity_id: opportunityId, person_id: keep.id, role: 'holder' },
    ]);
    expect(moved.activities.map((a) => a.person_id)).toEqual([keep.id]);
    expect(moved.attachments.map((a) => a.person_id)).toEqual([keep.id]);

    // The merged person leaves every list and search; only restorers open it, and only the undo brings it back.
    const search = await call(ctx, w.admin, 'GET', `/people?q=${encodeURIComponent(dupeRow.document)}`);
    expect(search.body.items.map((p: { id: string }) => p.id)).toEqual([keep.id]);
    expect((await call(ctx, w.brokerB1, 'GET', `/people/${dupe.id}`)).status).toBe(404);
    expect((await call(ctx, w.admin, 'POST', `/people/${dupe.id}/restore`)).status).toBe(409);

    // Both timelines: the survivor's shows its own events, the merged person's (the note) and the opportunity's.
    const survivorTimeline = await timelineKinds(w.admin, keep.id);
    expect(survivorTimeline).toContain(`merged:${keep.id}`);
    expect(survivorTimeline).not.toContain(`merged:${dupe.id}`);
    expect(survivorTimeline).toContain(`note:${dupe.id}`);
    expect(survivorTimeline).toContain(`field_changed:${keep.id}`);
    expect(survivorTimeline.some((k) => k.endsWith(`:${opportunityId}`))).toBe(true);
    expect(await timelineKinds(w.admin, dupe.id)).toContain(`merged:${dupe.id}`);
    await expectHistoryIntact();

    const merges = await call(ctx, w.admin, 'GET', `/people/${keep.id}/merges`);
    expect(merges.body.items).toEqual([
      expect.objectContaining({ id: merge.id, undoable: true, undoneAt: null }),
    ]);
    const queue = await call(ctx, w.admin, 'GET', '/people/duplicates');
    expect(queue.body.items).toEqual([]);

    // Desfazer mesclagem: exactly what was there before, both people back, both timelines say so.
    const undo = await call(ctx, w.admin, 'POST', `/people/merges/${merge.id}/undo`);
    expect(undo.status).toBe(200);
    expect(undo.body.undoable).toBe(false);
    expect(await snapshot([keep.id, dupe.id])).toEqual(before);
    expect((await call(ctx, w.admin, 'POST', `/people/merges/${merge.id}/undo`)).status).toBe(409);
    expect(await timelineKinds(w.admin, keep.id)).toContain(`merge_undone:${keep.id}`);
    const merged = await timelineKinds(w.admin, dupe.id);
    expect(merged).toContain(`merge_undone:${dupe.id}`);
    expect(await timelineKinds(w.admin, keep.id)).not.toContain(`note:${dupe.id}`);
    expect((await call(ctx, w.brokerB1, 'GET', `/people/${dupe.id}`)).status).toBe(200);
    await expectHistoryIntact();
    // The pair is back in the queue.
    expect((await call(ctx, w.admin, 'GET', '/people/duplicates')).body.items).toHaveLength(1);
  });

  it('a merge older than 30 days can no longer be undone (410)', async () => {
    const res = await call(ctx, w.admin, 'POST', '/people/merges', {
      survivorId: dupe.id,
      mergedId: keep.id,
      survivorVersion: await version(dupe.id),
      mergedVersion: await version(keep.id),
    });
    expect(res.status).toBe(201);
    await owner.query(`UPDATE person_merges SET merged_at = now() - interval '31 days' WHERE id = $1`, [
      res.body.id,
    ]);
    const merges = await call(ctx, w.admin, 'GET', `/people/${dupe.id}/merges`);
    expect(merges.body.items).toContainEqual(expect.objectContaining({ id: res.body.id, undoable: false }));
    expect((await call(ctx, w.admin, 'POST', `/people/merges/${res.body.id}/undo`)).status).toBe(410);
    await expectHistoryIntact();
  });

  it('refuses merging a person with itself, and unknown people', async () => {
    const same = await call(ctx, w.admin, 'POST', '/people/merges', {
      survivorId: dupe.id,
      mergedId: dupe.id,
      survivorVersion: 1,
      mergedVersion: 1,
    });
    expect(same.status).toBe(422);
    const unknown = await call(ctx, w.admin, 'POST', '/people/merges', {
      survivorId: dupe.id,
      mergedId: '00000000-0000-4000-8000-000000000000',
      survivorVersion: 1,
      mergedVersion: 1,
    });
    expect(unknown.status).toBe(404);
  });
});

/** The field entries of a person's own `field_changed` events, newest event first. */
async function changedFields(id: string) {
  const res = await call(ctx, w.admin, 'GET', `/people/${id}/timeline?filter=changes`);
  expect(res.status).toBe(200);
  return (
    res.body.items as { kind: string; subject: { id: string }; data: { changes: { field: string }[] } }[]
  )
    .filter((e) => e.kind === 'field_changed' && e.subject.id === id)
    .map((e) => e.data.changes.map((c) => c.field).sort());
}

describe('merge: custom fields and documents (passport, IE)', () => {
  let withIe: string;
  let docsType: string;

  it('the survivor takes the custom values chosen field by field and the merged documents; undo restores both records exactly', async () => {
    const field = async (label: string, type: string) => {
      const res = await call(ctx, w.admin, 'POST', '/custom-fields', { entity: 'person', label, type });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.key as string;
    };
    const [nickname, income, job, hobby, color] = [
      await field('Apelido', 'text'),
      await field('Renda', 'number'),
      await field('Profissão', 'text'),
      await field('Passatempo', 'text'),
      await field('Cor preferida', 'text'),
    ];
    const type = await call(ctx, w.admin, 'POST', '/person-types', {
      name: 'Pessoa com passaporte e IE',
      baseKind: 'individual',
      documents: [{ kind: 'cpf' }, { kind: 'passport' }, { kind: 'state_registration' }],
    });
    expect(type.status, JSON.stringify(type.body)).toBe(201);
    const keep = await person(w.admin, {
      name: 'Cláudio Ferraz',
      typeId: type.body.id,
      documents: [{ kind: 'state_registration', state: 'MG', number: 'ISENTO' }],
      customFields: { [nickname]: 'Cacau', [income]: 5000, [hobby]: 'Pesca' },
    });
    const dupe = await person(w.admin, {
      name: 'Claudio Ferraz',
      typeId: type.body.id,
      documents: [
        { kind: 'passport', country: 'US', number: 'X1234567' },
        { kind: 'state_registration', state: 'SP', number: '110042490114' },
      ],
      customFields: { [nickname]: 'Claudinho', [income]: 7000, [job]: 'Agrônomo', [color]: 'Verde' },
    });
    withIe = dupe.id;
    docsType = type.body.id;
    const before = await snapshot([keep.id, dupe.id]);
    const body = {
      survivorId: keep.id,
      mergedId: dupe.id,
      survivorVersion: keep.version,
      mergedVersion: dupe.version,
      customFields: { [nickname]: 'merged', [income]: 'survivor', [color]: 'survivor' },
      documents: { state_registration: 'merged' },
    };
    const unknown = await call(ctx, w.admin, 'POST', '/people/merges', {
      ...body,
      customFields: { nao_existe: 'merged' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ field: 'customFields.nao_existe', code: 'unknown_field' }),
    ]);

    const merge = await call(ctx, w.admin, 'POST', '/people/merges', body);
    expect(merge.status, JSON.stringify(merge.body)).toBe(201);
    const survivor = (await call(ctx, w.admin, 'GET', `/people/${keep.id}`)).body;
    // Chosen from the merged record, kept from the survivor, only the merged record had it, only the survivor had it
    // (and the color, which only the merged record had, was chosen empty from the survivor).
    expect(survivor.customFields).toEqual({
      [nickname]: 'Claudinho',
      [income]: 5000,
      [job]: 'Agrônomo',
      [hobby]: 'Pesca',
    });
    expect(survivor.documents).toEqual([
      { kind: 'passport', country: 'US', number: 'X1234567' },
      { kind: 'state_registration', state: 'SP', number: '110042490114' },
    ]);
    const merged = (await snapshot([dupe.id])).identityDocuments;
    expect(merged).toEqual([]);
    // Both timelines: the survivor's field_changed carries the custom values and the documents, the merged person's
    // the documents it gave.
    expect((await changedFields(keep.id))[0]).toEqual(
      ['documents', `customFields.${job}`, `customFields.${nickname}`].sort(),
    );
    expect((await changedFields(dupe.id))[0]).toEqual(['documents']);
    await expectHistoryIntact();

    const undo = await call(ctx, w.admin, 'POST', `/people/merges/${merge.body.id}/undo`);
    expect(undo.status, JSON.stringify(undo.body)).toBe(200);
    expect(await snapshot([keep.id, dupe.id])).toEqual(before);
    expect((await changedFields(keep.id))[0]).toEqual(
      ['documents', `customFields.${job}`, `customFields.${nickname}`].sort(),
    );
    expect((await changedFields(dupe.id))[0]).toEqual(['documents']);
    await expectHistoryIntact();
  });

  it("a document the survivor's person type does not take stays with the merged record", async () => {
    const keep = await person(w.admin, {
      name: 'Beatriz Moura Lima',
      documents: [],
    });
    const type = await call(ctx, w.admin, 'POST', '/person-types', {
      name: 'Estrangeira',
      baseKind: 'individual',
      documents: [{ kind: 'cpf' }, { kind: 'passport' }],
    });
    expect(type.status, JSON.stringify(type.body)).toBe(201);
    const dupe = await person(w.admin, {
      name: 'Beatriz Moura',
      typeId: type.body.id,
      documents: [{ kind: 'passport', country: 'PT', number: 'P9876543' }],
    });
    const merge = await call(ctx, w.admin, 'POST', '/people/merges', {
      survivorId: keep.id,
      mergedId: dupe.id,
      survivorVersion: keep.version,
      mergedVersion: dupe.version,
    });
    expect(merge.status).toBe(201);
    // The survivor's type (Pessoa física) takes no passport: it stays with the archived record.
    expect((await call(ctx, w.admin, 'GET', `/people/${keep.id}`)).body.documents).toEqual([]);
    expect((await snapshot([dupe.id])).identityDocuments).toEqual([
      { person_id: dupe.id, kind: 'passport', issuer: 'PT', number: 'P9876543' },
    ]);
    expect(merge.body.changedFields).not.toContain('documents');
  });

  it("a user field taken from the merged record is named on the survivor's timeline; undo gives the id back", async () => {
    const field = await call(ctx, w.admin, 'POST', '/custom-fields', {
      entity: 'person',
      label: 'Captador',
      type: 'user',
    });
    expect(field.status, JSON.stringify(field.body)).toBe(201);
    const key = field.body.key as string;
    const keep = await person(w.admin, { name: 'Sérgio Tavares', customFields: { [key]: w.brokerA1.id } });
    const dupe = await person(w.admin, { name: 'Sergio Tavares', customFields: { [key]: w.brokerA2.id } });
    const merge = await call(ctx, w.admin, 'POST', '/people/merges', {
      survivorId: keep.id,
      mergedId: dupe.id,
      survivorVersion: keep.version,
      mergedVersion: dupe.version,
      customFields: { [key]: 'merged' },
    });
    expect(merge.status, JSON.stringify(merge.body)).toBe(201);
    const change = async () => {
      const res = await call(ctx, w.admin, 'GET', `/people/${keep.id}/timeline?filter=changes`);
      const event = (
        res.body.items as {
          kind: string;
          data: { changes: { field: string; old: unknown; new: unknown }[] };
        }[]
      ).find((e) => e.kind === 'field_changed');
      return event?.data.changes.find((c) => c.field === `customFields.${key}`);
    };
    expect(await change()).toMatchObject({
      old: { id: w.brokerA1.id, name: 'Corretora A1' },
      new: { id: w.brokerA2.id, name: 'Corretor A2' },
    });
    const undo = await call(ctx, w.admin, 'POST', `/people/merges/${merge.body.id}/undo`);
    expect(undo.status, JSON.stringify(undo.body)).toBe(200);
    expect((await call(ctx, w.admin, 'GET', `/people/${keep.id}`)).body.customFields[key]).toBe(
      w.brokerA1.id,
    );
    expect(await change()).toMatchObject({
      old: { id: w.brokerA2.id, name: 'Corretor A2' },
      new: { id: w.brokerA1.id, name: 'Corretora A1' },
    });
  });

  it('refuses (422) giving the survivor a CPF its person type does not take, and changes nothing', async () => {
    const type = await call(ctx, w.admin, 'POST', '/person-types', {
      name: 'Estrangeiro sem CPF',
      baseKind: 'individual',
      documents: [{ kind: 'passport', required: true }],
    });
    expect(type.status, JSON.stringify(type.body)).toBe(201);
    const keep = await person(w.admin, {
      name: 'John Carter Silva',
      typeId: type.body.id,
      document: null,
      documents: [{ kind: 'passport', country: 'US', number: 'JC445566' }],
    });
    const dupe = await person(w.admin, { name: 'John Carter' });
    const before = await snapshot([keep.id, dupe.id]);
    const refused = await call(ctx, w.admin, 'POST', '/people/merges', {
      survivorId: keep.id,
      mergedId: dupe.id,
      survivorVersion: keep.version,
      mergedVersion: dupe.version,
      fields: { document: 'merged' },
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'fields.document', code: 'document_not_accepted' }),
    ]);
    expect(await snapshot([keep.id, dupe.id])).toEqual(before);
    // Keeping the survivor's (no CPF) merges.
    const merge = await call(ctx, w.admin, 'POST', '/people/merges', {
      survivorId: keep.id,
      mergedId: dupe.id,
      survivorVersion: keep.version,
      mergedVersion: dupe.version,
    });
    expect(merge.status, JSON.stringify(merge.body)).toBe(201);
    expect((await call(ctx, w.admin, 'GET', `/people/${keep.id}`)).body.document).toBeNull();
  });

  it('an undo after one of the two was anonymized (LGPD) answers 409 and gives nothing back', async () => {
    const keep = await person(w.admin, { name: 'Rita Valente Prado' });
    const dupe = await person(w.admin, {
      name: 'Rita Valente',
      emails: [{ address: 'rita.valente@exemplo.com.br' }],
    });
    const merge = await call(ctx, w.admin, 'POST', '/people/merges', {
      survivorId: keep.id,
      mergedId: dupe.id,
      survivorVersion: keep.version,
      mergedVersion: dupe.version,
      fields: { name: 'merged', document: 'merged' },
    });
    expect(merge.status, JSON.stringify(merge.body)).toBe(201);
    const erased = await call(ctx, w.admin, 'POST', `/people/${keep.id}/anonymize`, {
      reason: 'Pedido do titular (art. 18)',
    });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    const before = await snapshot([keep.id, dupe.id]);
    const undo = await call(ctx, w.admin, 'POST', `/people/merges/${merge.body.id}/undo`);
    expect(undo.status, JSON.stringify(undo.body)).toBe(409);
    expect(undo.headers['content-type']).toContain('application/problem+json');
    expect(undo.body.code).toBe('merge-anonymized');
    expect(await snapshot([keep.id, dupe.id])).toEqual(before);
    await expectHistoryIntact();
  });

  it('the finder pairs an IE typed in the free-text field with the same IE in another person’s field or documents', async () => {
    // The unique index refuses the same passport or IE (same UF) twice in `documents`; only the free text escapes it.
    const typed = await person(w.admin, {
      name: 'Osvaldo Queiroz',
      stateRegistration: '110.042.490.114',
      addresses: [],
    });
    const typedAgain = await person(w.admin, {
      name: 'Renata Vasconcelos',
      stateRegistration: '110042490114',
      addresses: [],
    });
    const exempt = [
      await person(w.admin, { name: 'Teodoro Amaral', stateRegistration: 'Isento', addresses: [] }),
      await person(w.admin, { name: 'Úrsula Campos', stateRegistration: 'ISENTO', addresses: [] }),
    ];
    expect((await call(ctx, w.admin, 'POST', '/people/duplicates/scan')).status).toBe(200);
    const queue = await call(ctx, w.admin, 'GET', '/people/duplicates?limit=100');
    const pairs = (queue.body.items as { reasons: string[]; a: { id: string }; b: { id: string } }[]).map(
      (p) => ({
        ids: [p.a.id, p.b.id].sort().join(),
        reasons: p.reasons,
      }),
    );
    for (const [x, y] of [
      [typed.id, typedAgain.id],
      [typed.id, withIe],
      [typedAgain.id, withIe],
    ] as const) {
      expect(pairs).toContainEqual({ ids: [x, y].sort().join(), reasons: ['state_registration'] });
    }
    const exemptIds = exempt.map((p) => p.id);
    expect(pairs.filter((p) => exemptIds.some((id) => p.ids.includes(id)))).toEqual([]);
  });

  it('a differing passport both hold stays with each unless chosen; a custom field the role does not see cannot be chosen (403)', async () => {
    const hidden = await call(ctx, w.admin, 'POST', '/custom-fields', {
      entity: 'person',
      label: 'Score interno',
      type: 'number',
      visibleRoles: ['admin'],
    });
    expect(hidden.status, JSON.stringify(hidden.body)).toBe(201);
    const matrix = await call(ctx, w.admin, 'GET', '/workspace/role-matrix');
    const m = matrix.body as RoleMatrix;
    m.broker.capabilities.mergePeople = true;
    const put = await call(ctx, w.admin, 'PUT', '/workspace/role-matrix', m, {
      'if-match': matrix.headers.etag as string,
    });
    expect(put.status).toBe(200);
    const keep = await person(w.admin, {
      name: 'Helena Prado',
      ownerId: w.brokerA1.id,
      typeId: docsType,
      documents: [{ kind: 'passport', country: 'BR', number: 'AB123456' }],
      customFields: { [hidden.body.key]: 10 },
    });
    const dupe = await person(w.admin, {
      name: 'Helena do Prado',
      ownerId: w.brokerA1.id,
      typeId: docsType,
      documents: [{ kind: 'passport', country: 'PT', number: 'CD654321' }],
      customFields: { [hidden.body.key]: 20 },
    });
    const body = {
      survivorId: keep.id,
      mergedId: dupe.id,
      survivorVersion: keep.version,
      mergedVersion: dupe.version,
    };
    const forbidden = await call(ctx, w.brokerA1, 'POST', '/people/merges', {
      ...body,
      customFields: { [hidden.body.key]: 'merged' },
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.errors).toEqual([
      expect.objectContaining({ field: `customFields.${hidden.body.key}`, code: 'forbidden_field' }),
    ]);
    const before = await snapshot([keep.id, dupe.id]);
    const merge = await call(ctx, w.brokerA1, 'POST', '/people/merges', body);
    expect(merge.status, JSON.stringify(merge.body)).toBe(201);
    // Nothing differed that the survivor takes: each keeps its passport and its hidden value.
    expect(await snapshot([keep.id, dupe.id])).toEqual({
      ...before,
      people: expect.any(Array),
      phones: expect.any(Array),
      emails: expect.any(Array),
      addresses: expect.any(Array),
    });
    expect(merge.body.changedFields).toEqual([]);
    expect((await call(ctx, w.admin, 'GET', `/people/${keep.id}`)).body.customFields).toEqual({
      [hidden.body.key]: 10,
    });
  });

  it('an undo whose document is now held by another person answers 409 and changes nothing', async () => {
    const keep = await person(w.admin, { name: 'Ivo Sampaio', typeId: docsType });
    const dupe = await person(w.admin, {
      name: 'Ivo Sampaio Neto',
      typeId: docsType,
      documents: [{ kind: 'passport', country: 'US', number: 'ZZ998877' }],
    });
    const merge = await call(ctx, w.admin, 'POST', '/people/merges', {
      survivorId: keep.id,
      mergedId: dupe.id,
      survivorVersion: keep.version,
      mergedVersion: dupe.version,
    });
    expect(merge.status).toBe(201);
    const edit = await call(ctx, w.admin, 'PATCH', `/people/${keep.id}`, {
      version: await version(keep.id),
      documents: [],
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    await person(w.admin, {
      name: 'Outra Pessoa',
      typeId: docsType,
      addresses: [],
      documents: [{ kind: 'passport', country: 'US', number: 'ZZ998877' }],
    });
    const before = await snapshot([keep.id, dupe.id]);
    const undo = await call(ctx, w.admin, 'POST', `/people/merges/${merge.body.id}/undo`);
    expect(undo.status, JSON.stringify(undo.body)).toBe(409);
    expect(await snapshot([keep.id, dupe.id])).toEqual(before);
  });
});
