import {
  type ActionMatrix,
  CAPABILITIES,
  type Capability,
  type RoleMatrix,
  withDefaultActions,
  ZCreateAssetTypeRequest,
  ZCreateCustomFieldRequest,
  ZCreatePersonRequest,
  ZCreatePipelineRequest,
} from '@funil/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssetType } from '../src/modules/assets/asset-types.service.ts';
import type { Actor } from '../src/modules/auth/actor.ts';
import { listCampaigns } from '../src/modules/campaigns/campaigns.service.ts';
import { createCustomField } from '../src/modules/custom-fields/custom-fields.service.ts';
import { listRules } from '../src/modules/distribution/distribution.service.ts';
import { createExport } from '../src/modules/exports/exports.service.ts';
import { listImports } from '../src/modules/imports/imports.service.ts';
import { listIntegrations } from '../src/modules/integrations/integrations.service.ts';
import { exportOpportunities } from '../src/modules/opportunities/opportunities-board.service.ts';
import { listDuplicates } from '../src/modules/people/duplicates.service.ts';
import { createPerson } from '../src/modules/people/people.service.ts';
import { restorePerson } from '../src/modules/people/person-status.service.ts';
import { offerToTeam } from '../src/modules/people/wallet.service.ts';
import { createPipeline } from '../src/modules/pipelines/pipelines.service.ts';
import { createBranch } from '../src/modules/users/users.service.ts';
import {
  getSmtpSettings,
  setActionMatrix,
  setPrivacySettings,
} from '../src/modules/workspaces/workspaces.service.ts';
import { exportAs } from './export-fixtures.ts';
import {
  createTeam,
  createTestContext,
  createUser,
  createWorkspace,
  type TestContext,
  type TestUser,
} from './helpers.ts';
import { call, personBody } from './opportunity-fixtures.ts';

/**
 * Capability × a representative use case of it: a manager without the grant gets 403 from the API and from the
 * service called directly; once the admin grants it on the role matrix, the same request succeeds.
 */
let ctx: TestContext;
let workspaceId: string;
let admin: TestUser;
let manager: TestUser;
let teamId: string;
let n = 0;

const matrixNow = async () => {
  const res = await call(ctx, admin, 'GET', '/workspace/role-matrix');
  return { matrix: res.body as RoleMatrix, etag: res.headers.etag as string };
};

/** Puts the manager's grant of one capability to `granted`, everything else as it is. */
async function grant(capability: Capability, granted: boolean) {
  const { matrix, etag } = await matrixNow();
  matrix.manager.capabilities[capability] = granted;
  const res = await call(ctx, admin, 'PUT', '/workspace/role-matrix', matrix, { 'if-match': etag });
  expect(res.status).toBe(200);
}

/** The manager as a service sees them: the workspace's current matrices, no team. */
async function managerActor(): Promise<Actor> {
  return {
    userId: manager.id,
    workspaceId,
    role: 'manager',
    name: 'Gerente',
    email: manager.email,
    branchId: null,
    teamIds: [],
    managedTeamIds: [],
    matrix: (await matrixNow()).matrix,
    actionMatrix: (await actionMatrixNow()).matrix,
  };
}

const actionMatrixNow = async () =>
  (await call(ctx, admin, 'GET', '/workspace/action-matrix')).body as {
    matrix: ActionMatrix;
    version: number;
  };
const settingsVersion = async () => (await actionMatrixNow()).version;
const privacySettings = {
  controllerName: 'Construtora Exemplo Ltda',
  dpoName: 'Encarregada',
  dpoEmail: 'dpo@example.com',
  dpoPhone: '',
};

/** A person in the manager's wallet (so the manager sees it), optionally archived by the admin. */
async function managersPerson(archived = false) {
  const res = await call(ctx, admin, 'POST', '/people', personBody({ ownerId: manager.id }));
  expect(res.status).toBe(201);
  if (archived) expect((await call(ctx, admin, 'POST', `/people/${res.body.id}/archive`)).status).toBe(200);
  return res.body.id as string;
}

type Case = {
  /** The request through the API, as the manager; its status. */
  http: () => Promise<number>;
  /** The same kind of use case called on the service directly. */
  direct: (actor: Actor) => Promise<unknown>;
};

const CASES: Record<Capability, Case> = {
  manageUsers: {
    http: async () => (await call(ctx, manager, 'POST', '/branches', { name: `Filial ${++n}` })).status,
    direct: (actor) => createBranch(ctx.db, actor, `Filial direta ${++n}`),
  },
  manageAccess: {
    http: async () =>
      (
        await call(
          ctx,
          manager,
          'PUT',
          '/workspace/action-matrix',
          { matrix: (await actionMatrixNow()).matrix },
          {
            'if-match': `"${await settingsVersion()}"`,
          },
        )
      ).status,
    direct: async (actor) => {
      const { matrix, version } = await actionMatrixNow();
      return setActionMatrix(ctx.db, actor, version, matrix);
    },
  },
  manageWorkspace: {
    http: async () =>
      (
        await call(
          ctx,
          manager,
          'PUT',
          '/workspace/wallet-settings',
          { expiryDays: 45 },
          {
            'if-match': `"${await settingsVersion()}"`,
          },
        )
      ).status,
    direct: (actor) => getSmtpSettings(ctx.db, actor),
  },
  manageFunnels: {
    http: async () =>
      (await call(ctx, manager, 'POST', '/pipelines', { name: `Funil ${++n}`, stages: [{ name: 'Novo' }] }))
        .status,
    direct: (actor) =>
      createPipeline(
        ctx.db,
        actor,
        ZCreatePipelineRequest.parse({ name: `Funil direto ${++n}`, stages: [{ name: 'A' }] }),
      ),
  },
  manageIntegrations: {
    http: async () =>
      (
        await call(ctx, manager, 'POST', '/integrations', {
          name: `ERP ${++n}`,
          kind: 'erp',
          scopes: ['erp:receivables'],
        })
      ).status,
    direct: (actor) => listIntegrations(ctx.db, actor),
  },
  manageAssetTypes: {
    http: async () => (await call(ctx, manager, 'POST', '/asset-types', { name: `Tipo ${++n}` })).status,
    direct: (actor) =>
      createAssetType(ctx.db, actor, ZCreateAssetTypeRequest.parse({ name: `Tipo direto ${++n}` })),
  },
  manageCustomFields: {
    http: async () =>
      (
        await call(ctx, manager, 'POST', '/custom-fields', {
          entity: 'person',
          type: 'text',
          label: `Campo ${++n}`,
        })
      ).status,
    direct: (actor) =>
      createCustomField(
        ctx.db,
        actor,
        ZCreateCustomFieldRequest.parse({ entity: 'person', type: 'text', label: `Campo direto ${++n}` }),
      ),
  },
  // One capability for exporting any list ("Exportar listas"): asking for an export, and the job's own pages (the
  // opportunities list's export reads through the same check).
  exportPeople: {
    http: async () => (await exportAs(ctx, manager, { list: 'activities', format: 'xlsx' })).status,
    direct: async (actor) => {
      await exportOpportunities(ctx.db, actor, { sort: 'rank' }).next();
      return createExport(ctx.db, actor, { list: 'people', format: 'csv', filters: { tag: 'vip' } });
    },
  },
  restorePeople: {
    http: async () =>
      (await call(ctx, manager, 'POST', `/people/${await managersPerson(true)}/restore`)).status,
    direct: async (actor) => restorePerson(ctx.db, actor, await managersPerson(true)),
  },
  assignOwners: {
    http: async () => (await call(ctx, manager, 'POST', '/people', personBody({ ownerId: admin.id }))).status,
    direct: (actor) =>
      createPerson(ctx.db, actor, ZCreatePersonRequest.parse(personBody({ ownerId: admin.id }))),
  },
  superviseAllTeams: {
    http: async () =>
      (await call(ctx, manager, 'POST', `/people/${await managersPerson()}/offer`, { teamId })).status,
    direct: async (actor) => offerToTeam(ctx.db, actor, await managersPerson(), teamId),
  },
  manageDistribution: {
    http: async () => (await call(ctx, manager, 'GET', '/distribution/rules')).status,
    direct: (actor) => listRules(ctx.db, actor),
  },
  sendCampaigns: {
    http: async () => (await call(ctx, manager, 'GET', '/campaigns')).status,
    direct: (actor) => listCampaigns(ctx.db, actor, { limit: 5 }),
  },
  mergePeople: {
    http: async () => (await call(ctx, manager, 'GET', '/people/duplicates')).status,
    direct: (actor) => listDuplicates(ctx.db, actor, { limit: 5 }),
  },
  importPeople: {
    http: async () => (await call(ctx, manager, 'GET', '/imports')).status,
    direct: (actor) => listImports(ctx.db, actor),
  },
  managePrivacy: {
    http: async () =>
      (
        await call(ctx, manager, 'PUT', '/workspace/privacy-settings', privacySettings, {
          'if-match': `"${await settingsVersion()}"`,
        })
      ).status,
    direct: async (actor) => setPrivacySettings(ctx.db, actor, await settingsVersion(), privacySettings),
  },
};

beforeAll(async () => {
  ctx = await createTestContext();
  ({ workspaceId } = await createWorkspace(ctx.db));
  admin = await createUser(ctx, workspaceId, 'admin');
  manager = await createUser(ctx, workspaceId, 'manager');
  const broker = await createUser(ctx, workspaceId, 'broker');
  // A team the manager does not manage: only `superviseAllTeams` opens it to them.
  teamId = await createTeam(ctx.db, workspaceId, [], [broker.id]);
  // Restoring is the undo of the person page's `archive` action, which managers lack by default.
  const actions = withDefaultActions(null);
  actions.manager.archive = true;
  const put = await call(
    ctx,
    admin,
    'PUT',
    '/workspace/action-matrix',
    { matrix: actions },
    {
      'if-match': `"${await settingsVersion()}"`,
    },
  );
  expect(put.status).toBe(200);
});
afterAll(() => ctx.close());

describe('every capability guards its use cases, in the service', () => {
  it('names a case for every capability', () => {
    expect(Object.keys(CASES).sort()).toEqual([...CAPABILITIES].sort());
  });

  for (const capability of CAPABILITIES) {
    it(`${capability}: 403 without the grant (API and service), 2xx with it, 403 again once removed`, async () => {
      const { http, direct } = CASES[capability];
      await grant(capability, false);
      expect(await http()).toBe(403);
      await expect(direct(await managerActor())).rejects.toMatchObject({ status: 403 });
      const me = (await call(ctx, manager, 'GET', '/auth/me')).body.user;
      expect(me.capabilities).not.toContain(capability);

      await grant(capability, true);
      const granted = await http();
      expect(granted >= 200 && granted < 300, `${capability} granted answered ${granted}`).toBe(true);
      await expect(direct(await managerActor())).resolves.toBeDefined();
      expect((await call(ctx, manager, 'GET', '/auth/me')).body.user.capabilities).toContain(capability);

      await grant(capability, false);
      expect(await http()).toBe(403);
    });
  }
});

describe('the locked role and the role matrix', () => {
  it('an admin holds every capability, and a PUT cannot take one away from the admin', async () => {
    const { matrix, etag } = await matrixNow();
    matrix.admin.capabilities.manageAccess = false;
    matrix.admin.peopleScope = 'own';
    const res = await call(ctx, admin, 'PUT', '/workspace/role-matrix', matrix, { 'if-match': etag });
    expect(res.body.admin.capabilities.manageAccess).toBe(true);
    expect(res.body.admin.peopleScope).toBe('all');
    expect((await call(ctx, admin, 'GET', '/auth/me')).body.user.capabilities).toEqual([...CAPABILITIES]);
  });

  it('a matrix stored before capabilities (peopleExport) keeps working: export follows it, the rest defaults', async () => {
    const { workspaceId: other } = await createWorkspace(ctx.db, 'Matriz Antiga');
    const oldManager = await createUser(ctx, other, 'manager');
    const oldBroker = await createUser(ctx, other, 'broker');
    await ctx.db.query(
      `UPDATE workspaces SET settings = jsonb_set(settings, '{roleMatrix}', $2::jsonb) WHERE id = $1`,
      [
        other,
        JSON.stringify({
          admin: { peopleScope: 'all', peopleExport: true },
          manager: { peopleScope: 'managed', peopleExport: false },
          broker: { peopleScope: 'own', peopleExport: true },
          attendant: { peopleScope: 'own', peopleExport: false },
        }),
      ],
    );
    expect((await exportAs(ctx, oldManager, { list: 'people' })).status).toBe(403);
    expect((await exportAs(ctx, oldBroker, { list: 'people' })).status).toBe(200);
    expect((await call(ctx, oldManager, 'GET', '/auth/me')).body.user.capabilities).toEqual([
      'assignOwners',
      'manageDistribution',
      'mergePeople',
      'importPeople',
    ]);
  });

  it('whoever manages users may not create or edit a user of a role with more access than theirs', async () => {
    await grant('manageUsers', true);
    const body = (role: string) => ({
      name: `Novo ${++n}`,
      email: `novo${n}@teste.funil`,
      password: 'senha-longa-123',
      role,
    });
    expect((await call(ctx, manager, 'POST', '/users', body('admin'))).status).toBe(403);
    expect((await call(ctx, manager, 'POST', '/users', body('broker'))).status).toBe(201);
    const adminRow = (await call(ctx, admin, 'GET', '/users')).body.items.find(
      (u: { id: string }) => u.id === admin.id,
    );
    const edit = await call(
      ctx,
      manager,
      'PATCH',
      `/users/${admin.id}`,
      { name: 'Tomado' },
      {
        'if-match': `"${adminRow.version}"`,
      },
    );
    expect(edit.status).toBe(403);
    await grant('manageUsers', false);
  });
});
