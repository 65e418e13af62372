import {
  type AssignmentReason,
  BUSINESS_TIME_ZONE,
  type DistributionMode,
  type DistributionOverview,
  type DistributionSchedule,
} from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';

export type RuleRow = {
  id: string;
  workspace_id: string;
  position: number;
  name: string;
  pipeline_id: string;
  pipeline_name: string;
  source_id: string | null;
  branch_id: string | null;
  team_id: string | null;
  mode: DistributionMode;
  only_on_duty: boolean;
  schedule: DistributionSchedule | null;
  sla_minutes: number | null;
  active: boolean;
  version: number;
  members: { userId: string; name: string; weight: number; dailyCap: number | null }[];
};

const RULE_SELECT = `SELECT r.*, p.name AS pipeline_name,
    coalesce((SELECT json_agg(json_build_object('userId', m.user_id, 'name', u.name, 'weight', m.weight,
                'dailyCap', m.daily_cap) ORDER BY m.position)
              FROM distribution_rule_members m JOIN users u ON u.id = m.user_id AND u.workspace_id = m.workspace_id
              WHERE m.workspace_id = r.workspace_id AND m.rule_id = r.id), '[]') AS members
  FROM distribution_rules r JOIN pipelines p ON p.id = r.pipeline_id AND p.workspace_id = r.workspace_id`;

export async function listRules(db: Queryable, workspaceId: string): Promise<RuleRow[]> {
  const { rows } = await db.query(
    `${RULE_SELECT} WHERE r.workspace_id = $1 AND r.deleted_at IS NULL ORDER BY r.position, r.created_at`,
    [workspaceId],
  );
  return rows;
}

export async function findRule(db: Queryable, workspaceId: string, id: string): Promise<RuleRow | null> {
  const { rows } = await db.query(
    `${RULE_SELECT} WHERE r.workspace_id = $1 AND r.id = $2 AND r.deleted_at IS NULL`,
    [workspaceId, id],
  );
  return rows[0] ?? null;
}

export type RuleValues = {
  name: string;
  pipelineId: string;
  sourceId: string | null;
  branchId: string | null;
  teamId: string | null;
  mode: DistributionMode;
  onlyOnDuty: boolean;
  schedule: DistributionSchedule | null;
  slaMinutes: number | null;
  active: boolean;
};

export async function insertRule(db: Queryable, workspaceId: string, v: RuleValues): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO distribution_rules (workspace_id, position, name, pipeline_id, source_id, branch_id, team_id, mode,
       only_on_duty, schedule, sla_minutes, active)
     VALUES ($1, (SELECT coalesce(max(position), 0) + 1 FROM distribution_rules WHERE workspace_id = $1),
       $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     RETURNING id`,
    [
      workspaceId,
      v.name,
      v.pipelineId,
      v.sourceId,
      v.branchId,
      v.teamId,
      v.mode,
      v.onlyOnDuty,
      v.schedule ? JSON.stringify(v.schedule) : null,
      v.slaMinutes,
      v.active,
    ],
  );
  await db.query('INSERT INTO distribution_rotation (rule_id, workspace_id) VALUES ($1, $2)', [
    rows[0].id,
    workspaceId,
  ]);
  return rows[0].id;
}

/** Updates a rule at the expected version; false when it changed meanwhile (or is gone). */
export async function updateRule(
  db: Queryable,
  workspaceId: string,
  id: string,
  expected: number,
  v: RuleValues,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE distribution_rules SET name = $4, pipeline_id = $5, source_id = $6, branch_id = $7, team_id = $8,
       mode = $9, only_on_duty = $10, schedule = $11, sla_minutes = $12, active = $13,
       version = version + 1, updated_at = now()
     WHERE workspace_id = $1 AND id = $2 AND version = $3 AND deleted_at IS NULL`,
    [
      workspaceId,
      id,
      expected,
      v.name,
      v.pipelineId,
      v.sourceId,
      v.branchId,
      v.teamId,
      v.mode,
      v.onlyOnDuty,
      v.schedule ? JSON.stringify(v.schedule) : null,
      v.slaMinutes,
      v.active,
    ],
  );
  return (rowCount ?? 0) > 0;
}

/** Replaces the members, keeping the weighted state of those who stay. */
export async function replaceMembers(
  db: Queryable,
  workspaceId: string,
  ruleId: string,
  members: { userId: string; weight: number; dailyCap: number | null }[],
) {
  await db.query(
    'DELETE FROM distribution_rule_members WHERE workspace_id = $1 AND rule_id = $2 AND NOT (user_id = ANY($3::uuid[]))',
    [workspaceId, ruleId, members.map((m) => m.userId)],
  );
  for (const [i, m] of members.entries()) {
    await db.query(
      `INSERT INTO distribution_rule_members (rule_id, workspace_id, user_id, position, weight, daily_cap)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (rule_id, user_id, workspace_id) DO UPDATE SET position = $4, weight = $5, daily_cap = $6`,
      [ruleId, workspaceId, m.userId, i, m.weight, m.dailyCap],
    );
  }
}

/** Deletes a rule from use (its assignments keep naming it); its queued leads leave the queue. */
/**
 * Moves a rule one place up or down in the order rules are tried: the workspace's rules are locked and renumbered
 * 1..n in one statement, so two managers reordering at once end with a consistent order. False: no such rule.
 */
export async function moveRule(
  db: Queryable,
  workspaceId: string,
  id: string,
  direction: 'up' | 'down',
): Promise<boolean> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM distribution_rules WHERE workspace_id = $1 AND deleted_at IS NULL
     ORDER BY position, created_at FOR UPDATE`,
    [workspaceId],
  );
  const ids = rows.map((r) => r.id);
  const from = ids.indexOf(id);
  if (from < 0) return false;
  const to = direction === 'up' ? from - 1 : from + 1;
  if (to < 0 || to >= ids.length) return true;
  [ids[from], ids[to]] = [ids[to] as string, ids[from] as string];
  await db.query(
    `UPDATE distribution_rules r SET position = o.position
     FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, position)
     WHERE r.workspace_id = $1 AND r.id = o.id`,
    [workspaceId, ids],
  );
  return true;
}

export async function deleteRule(db: Queryable, workspaceId: string, id: string, expected: number) {
  const { rowCount } = await db.query(
    `UPDATE distribution_rules SET deleted_at = now(), active = false, version = version + 1
     WHERE workspace_id = $1 AND id = $2 AND version = $3 AND deleted_at IS NULL`,
    [workspaceId, id, expected],
  );
  await db.query('DELETE FROM distribution_queue WHERE workspace_id = $1 AND rule_id = $2', [
    workspaceId,
    id,
  ]);
  return (rowCount ?? 0) > 0;
}

/** The active rules that may take a lead of this funnel / source / branch / team, first match first. */
export async function matchingRules(
  db: Queryable,
  workspaceId: string,
  lead: { pipelineId: string; sourceId: string | null; branchId: string | null; teamId: string | null },
): Promise<RuleRow[]> {
  const { rows } = await db.query(
    `${RULE_SELECT}
     WHERE r.workspace_id = $1 AND r.deleted_at IS NULL AND r.active AND r.pipeline_id = $2
       AND (r.source_id IS NULL OR r.source_id = $3) AND (r.branch_id IS NULL OR r.branch_id = $4)
       AND (r.team_id IS NULL OR r.team_id = $5)
     ORDER BY r.position, r.created_at`,
    [workspaceId, lead.pipelineId, lead.sourceId, lead.branchId, lead.teamId],
  );
  return rows;
}

/** Locks the rule's rotation row until the transaction ends: one lead takes a turn at a time. */
export async function lockRotation(db: Queryable, workspaceId: string, ruleId: string) {
  await db.query(
    'INSERT INTO distribution_rotation (rule_id, workspace_id) VALUES ($1, $2) ON CONFLICT (rule_id, workspace_id) DO NOTHING',
    [ruleId, workspaceId],
  );
  const { rows } = await db.query(
    'SELECT last_user_id, turns FROM distribution_rotation WHERE workspace_id = $1 AND rule_id = $2 FOR UPDATE',
    [workspaceId, ruleId],
  );
  return { lastUserId: (rows[0]?.last_user_id as string | null) ?? null };
}

export async function saveRotation(
  db: Queryable,
  workspaceId: string,
  ruleId: string,
  lastUserId: string,
  weights: { userId: string; current: number }[],
) {
  await db.query(
    'UPDATE distribution_rotation SET last_user_id = $3, turns = turns + 1 WHERE workspace_id = $1 AND rule_id = $2',
    [workspaceId, ruleId, lastUserId],
  );
  if (weights.length === 0) return;
  await db.query(
    `UPDATE distribution_rule_members m SET current_weight = w.current
     FROM unnest($3::uuid[], $4::int[]) AS w(user_id, current)
     WHERE m.workspace_id = $1 AND m.rule_id = $2 AND m.user_id = w.user_id`,
    [workspaceId, ruleId, weights.map((w) => w.userId), weights.map((w) => w.current)],
  );
}

export type Candidate = {
  userId: string;
  name: string;
  weight: number;
  dailyCap: number | null;
  current: number;
  active: boolean;
  onDuty: boolean;
  today: number;
};

/** The rule's members in rotation order with what eligibility needs: active, on duty, assignments today (SP day). */
export async function candidates(
  db: Queryable,
  workspaceId: string,
  ruleId: string,
  now: Date,
): Promise<Candidate[]> {
  const { rows } = await db.query(
    `SELECT m.user_id, u.name, m.weight, m.daily_cap, m.current_weight, u.active,
       coalesce(d.on_duty, false) AS on_duty,
       (SELECT count(*) FROM lead_assignments a
        WHERE a.workspace_id = m.workspace_id AND a.user_id = m.user_id AND a.rule_id = m.rule_id
          AND a.status <> 'reclaimed'
          AND (a.assigned_at AT TIME ZONE '${BUSINESS_TIME_ZONE}')::date
            = ($3::timestamptz AT TIME ZONE '${BUSINESS_TIME_ZONE}')::date)::int AS today
     FROM distribution_rule_members m
     JOIN users u ON u.id = m.user_id AND u.workspace_id = m.workspace_id
     LEFT JOIN duty_checkins d ON d.user_id = m.user_id AND d.workspace_id = m.workspace_id
     WHERE m.workspace_id = $1 AND m.rule_id = $2
     ORDER BY m.position`,
    [workspaceId, ruleId, now],
  );
  return rows.map((r) => ({
    userId: r.user_id,
    name: r.name,
    weight: r.weight,
    dailyCap: r.daily_cap,
    current: r.current_weight,
    active: r.active,
    onDuty: r.on_duty,
    today: r.today,
  }));
}

export async function insertAssignment(
  db: Queryable,
  a: {
    workspaceId: string;
    opportunityId: string;
    personId: string;
    ruleId: string;
    ruleName: string;
    userId: string;
    reason: AssignmentReason;
    at: Date;
    slaDueAt: Date | null;
  },
): Promise<number> {
  const { rows } = await db.query(
    `INSERT INTO lead_assignments (workspace_id, opportunity_id, person_id, rule_id, rule_name, user_id, reason,
       assigned_at, sla_due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [a.workspaceId, a.opportunityId, a.personId, a.ruleId, a.ruleName, a.userId, a.reason, a.at, a.slaDueAt],
  );
  return rows[0].id;
}

/** Who already held this lead through the roleta (a reclaim never hands it back to them). */
export async function previousAssignees(db: Queryable, workspaceId: string, opportunityId: string) {
  const { rows } = await db.query(
    'SELECT DISTINCT user_id FROM lead_assignments WHERE workspace_id = $1 AND opportunity_id = $2',
    [workspaceId, opportunityId],
  );
  return new Set(rows.map((r) => r.user_id as string));
}

export async function enqueue(
  db: Queryable,
  q: {
    workspaceId: string;
    opportunityId: string;
    ruleId: string;
    personId: string;
    createdPerson: boolean;
    sourceId: string | null;
    at: Date;
  },
) {
  await db.query(
    `INSERT INTO distribution_queue (opportunity_id, workspace_id, rule_id, person_id, created_person, source_id,
       queued_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (opportunity_id, workspace_id) DO UPDATE SET rule_id = $3`,
    [q.opportunityId, q.workspaceId, q.ruleId, q.personId, q.createdPerson, q.sourceId, q.at],
  );
}

export async function dequeue(db: Queryable, workspaceId: string, opportunityId: string) {
  await db.query('DELETE FROM distribution_queue WHERE workspace_id = $1 AND opportunity_id = $2', [
    workspaceId,
    opportunityId,
  ]);
}

export type QueuedLead = {
  workspaceId: string;
  opportunityId: string;
  personId: string;
  pipelineId: string;
  sourceId: string | null;
  createdPerson: boolean;
};

/** Leads waiting in the queue, oldest first (the periodic job tries them again). */
export async function queuedLeads(db: Queryable, limit: number): Promise<QueuedLead[]> {
  const { rows } = await db.query(
    `/* tenancy: any workspace — the periodic job releases every workspace's queue */
     SELECT q.workspace_id, q.opportunity_id, q.person_id, o.pipeline_id, q.source_id, q.created_person
     FROM distribution_queue q JOIN opportunities o ON o.id = q.opportunity_id AND o.workspace_id = q.workspace_id
     ORDER BY q.queued_at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    workspaceId: r.workspace_id,
    opportunityId: r.opportunity_id,
    personId: r.person_id,
    pipelineId: r.pipeline_id,
    sourceId: r.source_id,
    createdPerson: r.created_person,
  }));
}

export async function isQueued(db: Queryable, workspaceId: string, opportunityId: string) {
  const { rowCount } = await db.query(
    'SELECT 1 FROM distribution_queue WHERE workspace_id = $1 AND opportunity_id = $2',
    [workspaceId, opportunityId],
  );
  return (rowCount ?? 0) > 0;
}

export type OpenAssignment = {
  id: number;
  workspaceId: string;
  opportunityId: string;
  personId: string;
  ruleId: string | null;
  ruleName: string;
  userId: string;
  assignedAt: Date;
  slaDueAt: Date | null;
};

type AssignmentRecord = {
  id: string;
  workspace_id: string;
  opportunity_id: string;
  person_id: string;
  rule_id: string | null;
  rule_name: string;
  user_id: string;
  assigned_at: Date;
  sla_due_at: Date | null;
};

const openOf = (r: AssignmentRecord): OpenAssignment => ({
  id: Number(r.id),
  workspaceId: r.workspace_id,
  opportunityId: r.opportunity_id,
  personId: r.person_id,
  ruleId: r.rule_id,
  ruleName: r.rule_name,
  userId: r.user_id,
  assignedAt: r.assigned_at,
  slaDueAt: r.sla_due_at,
});

/** Open assignments with an SLA (the job checks them for a first contact, and reclaims the overdue ones). */
export async function openAssignments(db: Queryable, now: Date, limit: number): Promise<OpenAssignment[]> {
  const { rows } = await db.query<AssignmentRecord>(
    `/* tenancy: any workspace — the periodic SLA job covers every workspace */
     SELECT * FROM lead_assignments WHERE status = 'open' AND assigned_at > $2::timestamptz - interval '7 days'
     ORDER BY sla_due_at NULLS LAST, assigned_at LIMIT $1`,
    [limit, now],
  );
  return rows.map(openOf);
}

/** Locks one open assignment (another instance may be at it); null once it is no longer open. */
export async function lockOpenAssignment(db: Queryable, workspaceId: string, id: number) {
  const { rows } = await db.query<AssignmentRecord>(
    `SELECT * FROM lead_assignments WHERE workspace_id = $1 AND id = $2 AND status = 'open' FOR UPDATE SKIP LOCKED`,
    [workspaceId, id],
  );
  return rows[0] ? openOf(rows[0]) : null;
}

/** Timeline kinds that count as the owner's contact with the lead. */
const CONTACT_KINDS = [
  'note',
  'email_sent',
  'stage_changed',
  'status_changed',
  'activity_completed',
  'helpdesk_activity',
];

/**
 * The first contact by the owner since the assignment: a note, e-mail, message, completed activity (call, …) or
 * stage move on the negotiation or on its holder, as the timeline records them.
 */
export async function firstContactAt(
  db: Queryable,
  workspaceId: string,
  a: { opportunityId: string; personId: string; userId: string; assignedAt: Date },
): Promise<Date | null> {
  const { rows } = await db.query(
    `SELECT min(occurred_at) AS at FROM timeline_events
     WHERE workspace_id = $1 AND actor_id = $2 AND occurred_at >= $3 AND kind = ANY($4::text[])
       AND ((subject_type = 'opportunity' AND subject_id = $5) OR (subject_type = 'person' AND subject_id = $6))`,
    [workspaceId, a.userId, a.assignedAt, CONTACT_KINDS, a.opportunityId, a.personId],
  );
  return rows[0]?.at ?? null;
}

export async function closeAssignment(
  db: Queryable,
  workspaceId: string,
  id: number,
  status: 'contacted' | 'reclaimed' | 'expired',
  at: Date,
) {
  await db.query(
    `UPDATE lead_assignments SET status = $3, closed_at = $4,
       contacted_at = CASE WHEN $3 = 'contacted' THEN $4 ELSE contacted_at END
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, status, at],
  );
}

/** Who hears about a reclaim: the manager(s) of the previous owner's team and of the card, and who supervises all teams. */
export async function managersToNotify(
  db: Queryable,
  workspaceId: string,
  previousOwnerId: string,
  cardManagerId: string | null,
): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT DISTINCT u.id FROM users u
     WHERE u.workspace_id = $1 AND u.active AND u.id <> $2 AND (
       u.id = $3
       OR u.id IN (SELECT mm.user_id FROM team_members mm JOIN team_members me
                     ON me.team_id = mm.team_id AND me.workspace_id = mm.workspace_id
                   WHERE mm.workspace_id = $1 AND mm.is_manager AND me.user_id = $2 AND NOT me.is_manager)
       OR u.role = 'admin'
       OR coalesce((SELECT (w.settings #>> ARRAY['roleMatrix', u.role, 'capabilities', 'superviseAllTeams'])::boolean
                    FROM workspaces w WHERE w.id = $1), false))`,
    [workspaceId, previousOwnerId, cardManagerId],
  );
  return rows.map((r) => r.id);
}

// Duty (plantão)

export async function setDuty(db: Queryable, workspaceId: string, userId: string, onDuty: boolean) {
  await db.query(
    `INSERT INTO duty_checkins (user_id, workspace_id, on_duty, changed_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (user_id, workspace_id) DO UPDATE SET on_duty = $3,
       changed_at = CASE WHEN duty_checkins.on_duty = $3 THEN duty_checkins.changed_at ELSE now() END
     WHERE duty_checkins.workspace_id = $2`,
    [userId, workspaceId, onDuty],
  );
}

export async function dutyOf(db: Queryable, workspaceId: string, userId: string) {
  const { rows } = await db.query(
    `SELECT coalesce(d.on_duty, false) AS on_duty, d.changed_at,
       EXISTS (SELECT 1 FROM distribution_rule_members m JOIN distribution_rules r
                 ON r.id = m.rule_id AND r.workspace_id = m.workspace_id
               WHERE m.workspace_id = $1 AND m.user_id = $2 AND r.deleted_at IS NULL) AS member
     FROM (SELECT 1) one LEFT JOIN duty_checkins d ON d.workspace_id = $1 AND d.user_id = $2`,
    [workspaceId, userId],
  );
  return {
    onDuty: rows[0].on_duty as boolean,
    since: (rows[0].changed_at as Date | null)?.toISOString() ?? null,
    member: rows[0].member as boolean,
  };
}

// The manager page

export async function overview(
  db: Queryable,
  workspaceId: string,
  now: Date,
  onlyUserId: string | null,
): Promise<DistributionOverview> {
  const onDuty = await db.query(
    `SELECT d.user_id, u.name, d.changed_at FROM duty_checkins d
     JOIN users u ON u.id = d.user_id AND u.workspace_id = d.workspace_id
     WHERE d.workspace_id = $1 AND d.on_duty AND u.active AND ($2::uuid IS NULL OR d.user_id = $2)
     ORDER BY u.name`,
    [workspaceId, onlyUserId],
  );
  type QueueRow = {
    opportunity_id: string;
    title: string;
    rule_id: string;
    rule_name: string;
    queued_at: Date;
  };
  const queue: { rows: QueueRow[] } = onlyUserId
    ? { rows: [] }
    : await db.query<QueueRow>(
        `SELECT q.opportunity_id, o.title, q.rule_id, r.name AS rule_name, q.queued_at FROM distribution_queue q
         JOIN opportunities o ON o.id = q.opportunity_id AND o.workspace_id = q.workspace_id
         JOIN distribution_rules r ON r.id = q.rule_id AND r.workspace_id = q.workspace_id
         WHERE q.workspace_id = $1 ORDER BY q.queued_at LIMIT 200`,
        [workspaceId],
      );
  const brokers = await db.query(
    `WITH today AS (
       SELECT a.user_id, a.assigned_at, a.contacted_at FROM lead_assignments a
       WHERE a.workspace_id = $1 AND ($3::uuid IS NULL OR a.user_id = $3)
         AND (a.assigned_at AT TIME ZONE '${BUSINESS_TIME_ZONE}')::date
           = ($2::timestamptz AT TIME ZONE '${BUSINESS_TIME_ZONE}')::date)
     SELECT t.user_id, u.name, count(*)::int AS leads,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.contacted_at - t.assigned_at))
         FILTER (WHERE t.contacted_at IS NOT NULL) AS median,
       avg(extract(epoch FROM t.contacted_at - t.assigned_at)) FILTER (WHERE t.contacted_at IS NOT NULL) AS avg
     FROM today t JOIN users u ON u.id = t.user_id AND u.workspace_id = $1
     GROUP BY t.user_id, u.name ORDER BY u.name`,
    [workspaceId, now, onlyUserId],
  );
  const recent = await db.query(
    `SELECT a.id, a.opportunity_id, o.title, a.rule_id, a.rule_name, a.user_id, u.name AS user_name, a.reason,
       a.assigned_at, a.sla_due_at, a.contacted_at, a.status
     FROM lead_assignments a
     JOIN opportunities o ON o.id = a.opportunity_id AND o.workspace_id = a.workspace_id
     JOIN users u ON u.id = a.user_id AND u.workspace_id = a.workspace_id
     WHERE a.workspace_id = $1 AND ($2::uuid IS NULL OR a.user_id = $2)
     ORDER BY a.assigned_at DESC, a.id DESC LIMIT 50`,
    [workspaceId, onlyUserId],
  );
  const secs = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));
  return {
    onDuty: onDuty.rows.map((r) => ({ userId: r.user_id, name: r.name, since: r.changed_at.toISOString() })),
    queue: queue.rows.map((r) => ({
      opportunityId: r.opportunity_id,
      title: r.title,
      ruleId: r.rule_id,
      ruleName: r.rule_name,
      queuedAt: r.queued_at.toISOString(),
    })),
    brokers: brokers.rows.map((r) => ({
      userId: r.user_id,
      name: r.name,
      leadsToday: r.leads,
      medianFirstResponseSeconds: secs(r.median),
      avgFirstResponseSeconds: secs(r.avg),
    })),
    recent: recent.rows.map((r) => ({
      id: Number(r.id),
      opportunityId: r.opportunity_id,
      title: r.title,
      ruleId: r.rule_id,
      ruleName: r.rule_name,
      userId: r.user_id,
      userName: r.user_name,
      reason: r.reason,
      assignedAt: r.assigned_at.toISOString(),
      slaDueAt: r.sla_due_at?.toISOString() ?? null,
      contactedAt: r.contacted_at?.toISOString() ?? null,
      status: r.status,
    })),
  };
}
