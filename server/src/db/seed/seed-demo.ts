import type { Role } from '@funil/domain';
import { DEFAULT_ROLE_MATRIX } from '@funil/domain';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { Actor } from '../../modules/auth/actor.ts';
import { hashPassword } from '../../modules/auth/auth.service.ts';
import { createPurpose } from '../../modules/consents/consents.service.ts';
import { addNote, createPerson, updatePerson } from '../../modules/people/people.service.ts';
import type { Db } from '../pool.ts';
import { createRandom, generateDemoPeople } from './demo-data.ts';
import { seedDemoAssets } from './seed-assets.ts';
import { seedDemoActivities, seedDemoErpData } from './seed-client-page.ts';
import { seedDemoOpportunities } from './seed-opportunities.ts';
import { seedDemoPersonTypes } from './seed-person-types.ts';

export type DemoLogin = { email: string; password: string; role: Role; name: string };

const STAFF: { name: string; email: string; role: Role; branch: 0 | 1; team: 0 | 1 | null }[] = [
  { name: 'Mariana Costa', email: 'gerente.sp@funil.local', role: 'manager', branch: 0, team: 0 },
  { name: 'Ricardo Almeida', email: 'gerente.campinas@funil.local', role: 'manager', branch: 1, team: 1 },
  { name: 'Carla Mendes', email: 'carla@funil.local', role: 'broker', branch: 0, team: 0 },
  { name: 'Bruno Oliveira', email: 'bruno@funil.local', role: 'broker', branch: 0, team: 0 },
  { name: 'Juliana Ferreira', email: 'juliana@funil.local', role: 'broker', branch: 1, team: 1 },
  { name: 'Thiago Santos', email: 'thiago@funil.local', role: 'broker', branch: 1, team: 1 },
  { name: 'Patrícia Lima', email: 'atendimento@funil.local', role: 'attendant', branch: 0, team: null },
];

/**
 * Creates the demo workspace once (when the database has no workspace): an admin, two managers, four
 * brokers, an attendant, two teams, two branches and `peopleCount` people with history.
 * Returns the logins, or null when a workspace already existed.
 */
export async function seedDemoWorkspace(
  db: Db,
  secrets: SecretBox,
  opts: { adminEmail: string; adminPassword: string; peopleCount?: number; seed?: number },
): Promise<DemoLogin[] | null> {
  const client = await db.connect();
  let ids: { workspaceId: string; users: (Actor & { password: string })[] };
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(7302)');
    const existing = await client.query('SELECT 1 FROM workspaces LIMIT 1');
    if (existing.rowCount) {
      await client.query('ROLLBACK');
      return null;
    }
    const ws = await client.query(`INSERT INTO workspaces (name) VALUES ('Funil Demo Imóveis') RETURNING id`);
    const workspaceId: string = ws.rows[0].id;
    const branches = await client.query(
      `INSERT INTO branches (workspace_id, name) VALUES ($1, 'Matriz São Paulo'), ($1, 'Filial Campinas') RETURNING id`,
      [workspaceId],
    );
    const branchIds: string[] = branches.rows.map((r) => r.id);
    const teams = await client.query(
      `INSERT INTO teams (workspace_id, name, branch_id) VALUES ($1, 'Equipe Paulista', $2), ($1, 'Equipe Campinas', $3)
       RETURNING id`,
      [workspaceId, branchIds[0], branchIds[1]],
    );
    const teamIds: string[] = teams.rows.map((r) => r.id);
    const staffPassword = opts.adminPassword;
    const hash = await hashPassword(staffPassword);
    const users: (Actor & { password: string })[] = [];
    const everyone = [
      {
        name: 'Administrador Funil',
        email: opts.adminEmail,
        role: 'admin' as Role,
        branch: 0 as const,
        team: null,
      },
      ...STAFF,
    ];
    for (const s of everyone) {
      const u = await client.query(
        `INSERT INTO users (workspace_id, name, email, password_hash, role, branch_id)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [workspaceId, s.name, s.email, hash, s.role, branchIds[s.branch]],
      );
      const teamId = s.team === null ? null : (teamIds[s.team] as string);
      if (teamId) {
        await client.query(
          'INSERT INTO team_members (workspace_id, team_id, user_id, is_manager) VALUES ($1, $2, $3, $4)',
          [workspaceId, teamId, u.rows[0].id, s.role === 'manager'],
        );
      }
      users.push({
        userId: u.rows[0].id,
        workspaceId,
        role: s.role,
        name: s.name,
        email: s.email,
        branchId: branchIds[s.branch] ?? null,
        teamIds: teamId ? [teamId] : [],
        managedTeamIds: teamId && s.role === 'manager' ? [teamId] : [],
        matrix: DEFAULT_ROLE_MATRIX,
        password: staffPassword,
      });
    }
    await client.query('COMMIT');
    ids = { workspaceId, users };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }

  const random = createRandom(opts.seed ?? 2026);
  const brokers = ids.users.filter((u) => u.role === 'broker');
  const attendant = ids.users.find((u) => u.role === 'attendant');
  const people = generateDemoPeople(random, opts.peopleCount ?? 300);
  const holders: { personId: string; ownerId: string }[] = [];
  for (const [index, demo] of people.entries()) {
    const owner = brokers[index % brokers.length] as Actor;
    const author = index % 10 === 0 && attendant ? attendant : owner;
    const { notes, ...input } = demo;
    const person = await createPerson(db, author, {
      ...input,
      rg: null,
      stateRegistration: null,
      customFields: {},
      documents: [],
      ownerId: owner.userId,
      branchId: owner.branchId,
      sharedWith: { userIds: [], teamIds: [] },
    });
    for (const note of notes) await addNote(db, owner, person.id, note);
    if (index % 5 === 0 && holders.length < 60) holders.push({ personId: person.id, ownerId: owner.userId });
    if (index % 4 === 0) {
      const next = person.stage === 'client' ? 'client' : index % 8 === 0 ? 'client' : 'prospect';
      await updatePerson(db, owner, person.id, person.version, { stage: next });
    }
  }
  const admin = ids.users.find((u) => u.role === 'admin') as Actor;
  await seedDemoOpportunities(db, admin, brokers, holders);
  await seedDemoAssets(db, admin, brokers, holders);
  await seedDemoPersonTypes(db, admin);
  await seedDemoActivities(db, brokers, holders);
  await seedDemoErpData(db, secrets, admin, holders);
  // Two LGPD purposes ("finalidades") the LGPD tab, lead sources and imports offer.
  await createPurpose(db, admin, {
    name: 'Contato sobre imóveis de interesse',
    description: 'Retorno a pedidos de informação, visitas e propostas.',
    text: 'Autorizo o contato por telefone, WhatsApp e e-mail sobre os imóveis pelos quais demonstrei interesse.',
  });
  await createPurpose(db, admin, {
    name: 'Envio de ofertas e lançamentos',
    description: 'Comunicações comerciais (envios em massa).',
    text: 'Autorizo o envio de ofertas e lançamentos por e-mail e WhatsApp. Posso revogar a qualquer momento.',
  });
  return ids.users.map((u) => ({ email: u.email, password: u.password, role: u.role, name: u.name }));
}
