import { generateCpf } from '@funil/domain';
import { createRandom } from '../src/db/seed/demo-data.ts';
import { createTeam, createUser, createWorkspace, type TestContext, type TestUser } from './helpers.ts';

const random = createRandom(4);

/** Calls the API as `user` and returns status, parsed body and headers. */
export async function call(
  ctx: TestContext,
  user: TestUser,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await ctx.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { cookie: user.cookie, ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.body ? res.json() : null, headers: res.headers };
}

/** A complete individual (CPF, phone, e-mail, address); `overrides` can take any of it away. */
export function personBody(overrides: Record<string, unknown> = {}) {
  const n = Math.floor(random() * 1e8)
    .toString()
    .padStart(8, '0');
  return {
    kind: 'individual',
    name: `Cliente ${n}`,
    document: generateCpf(random),
    phones: [{ number: `(11) 9${n.slice(0, 4)}-${n.slice(4)}`, type: 'whatsapp' }],
    emails: [{ address: `cliente.${n}@exemplo.com.br` }],
    addresses: [{ cep: '01310-100', street: 'Av. Paulista', number: '1000', city: 'São Paulo', state: 'SP' }],
    ...overrides,
  };
}

/**
 * A workspace with an admin, two teams (Alfa: manager + brokers A1, A2; Beta: broker B1), a branch manager,
 * lists, and a funnel "Vendas" whose "Proposta" stage requires value and close date.
 */
export async function opportunityWorld(ctx: TestContext) {
  const { workspaceId, branchId } = await createWorkspace(ctx.db);
  const otherBranch = (
    await ctx.db.query("INSERT INTO branches (workspace_id, name) VALUES ($1, 'Filial 2') RETURNING id", [
      workspaceId,
    ])
  ).rows[0].id as string;
  const admin = await createUser(ctx, workspaceId, 'admin', { name: 'Admin' });
  const manager = await createUser(ctx, workspaceId, 'manager', {
    branchId: otherBranch,
    name: 'Gerente Alfa',
  });
  const brokerA1 = await createUser(ctx, workspaceId, 'broker', { branchId, name: 'Corretora A1' });
  const brokerA2 = await createUser(ctx, workspaceId, 'broker', { branchId, name: 'Corretor A2' });
  const brokerB1 = await createUser(ctx, workspaceId, 'broker', { branchId, name: 'Corretor B1' });
  const branchManager = await createUser(ctx, workspaceId, 'manager', { branchId, name: 'Gerente Matriz' });
  const teamAlfa = await createTeam(ctx.db, workspaceId, [manager.id], [brokerA1.id, brokerA2.id]);
  const teamBeta = await createTeam(ctx.db, workspaceId, [], [brokerB1.id]);
  const lists: Record<string, { id: string; label: string }[]> = {};
  for (const [list, labels] of [
    ['loss_reason', ['Preço', 'Concorrência']],
    ['discard_reason', ['Duplicado']],
    ['business_plan', ['Apartamento 2 dorms']],
    ['qualification', ['Frio', 'Quente']],
  ] as const) {
    const settings = await call(ctx, admin, 'GET', '/opportunity-settings');
    const res = await call(
      ctx,
      admin,
      'PUT',
      `/opportunity-settings/lists/${list}`,
      { items: labels.map((label) => ({ label })) },
      { 'if-match': settings.headers.etag as string },
    );
    if (res.status !== 200) throw new Error(`lists: ${res.status} ${JSON.stringify(res.body)}`);
    lists[list] = res.body.lists[list];
  }
  const pipeline = await call(ctx, admin, 'POST', '/pipelines', {
    name: 'Vendas',
    stages: [
      { name: 'Novo lead', probability: 10, rottingDays: 3 },
      { name: 'Visita', probability: 40 },
      { name: 'Proposta', probability: 70, requiredFields: ['valueCents', 'expectedCloseDate'] },
      { name: 'Contrato', probability: 90 },
    ],
  });
  if (pipeline.status !== 201)
    throw new Error(`pipeline: ${pipeline.status} ${JSON.stringify(pipeline.body)}`);
  const stages = pipeline.body.stages as { id: string; name: string }[];
  return {
    workspaceId,
    branchId,
    admin,
    manager,
    brokerA1,
    brokerA2,
    brokerB1,
    branchManager,
    teamAlfa,
    teamBeta,
    lists: lists as Record<
      'loss_reason' | 'discard_reason' | 'business_plan' | 'qualification',
      { id: string }[]
    >,
    pipelineId: pipeline.body.id as string,
    stages,
  };
}

export type World = Awaited<ReturnType<typeof opportunityWorld>>;

/** A person owned by `user` and an opportunity of theirs with that person as holder. */
export async function newOpportunity(
  ctx: TestContext,
  w: World,
  user: TestUser,
  overrides: Record<string, unknown> = {},
  person: Record<string, unknown> = {},
) {
  const holder = await call(ctx, user, 'POST', '/people', personBody(person));
  if (holder.status !== 201) throw new Error(`person: ${holder.status} ${JSON.stringify(holder.body)}`);
  const res = await call(ctx, user, 'POST', '/opportunities', {
    pipelineId: w.pipelineId,
    title: 'Apartamento na Vila Mariana',
    holderId: holder.body.id,
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`opportunity: ${res.status} ${JSON.stringify(res.body)}`);
  return { opportunity: res.body, holderId: holder.body.id as string };
}
