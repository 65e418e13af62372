import type { InvolvedRole, OpportunityCard, OpportunitySort, SaleRequirement } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';
import { prepared, SqlParams } from '../../lib/sql.ts';

/** `o` is an open card that has stayed in its stage (`s`) longer than the stage allows. */
export const ROTTING_SQL = `(o.status = 'open' AND s.rotting_days IS NOT NULL
  AND o.stage_entered_at < now() - s.rotting_days * interval '1 day')`;

/** The stored row of an opportunity with the names the API shows. */
export type OpportunityRow = {
  id: string;
  workspace_id: string;
  pipeline_id: string;
  stage_id: string;
  rank: string;
  title: string;
  description: string | null;
  value_cents: number | null;
  expected_close_date: string | null;
  business_plan_id: string | null;
  city: string | null;
  owner_id: string | null;
  owner_name: string | null;
  team_id: string | null;
  team_name: string | null;
  manager_id: string | null;
  manager_name: string | null;
  branch_id: string | null;
  branch_name: string | null;
  qualification_id: string | null;
  source_media: string | null;
  source_channel: string | null;
  tags: string[];
  status: 'open' | 'won' | 'lost' | 'discarded';
  status_reason_id: string | null;
  status_note: string | null;
  closed_at: Date | null;
  stage_entered_at: Date;
  rotting: boolean;
  origin: 'manual' | 'integration';
  origin_integration: string | null;
  origin_payload: unknown;
  created_by: string | null;
  created_by_name: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
};

/**
 * Locks one opportunity the predicate lets through until the transaction ends; false if there is none.
 * A plain row lock: a concurrent writer's new version is re-checked against the predicate alone (with a
 * join, the re-check would compare the new stage with the old joined stage row and miss the card).
 */
export async function lockOpportunity(db: Queryable, id: string, visible: (params: SqlParams) => string) {
  const params = new SqlParams();
  const idParam = params.add(id);
  const { rowCount } = await db.query(
    `SELECT 1 FROM opportunities o WHERE o.id = ${idParam} AND ${visible(params)} FOR UPDATE`,
    params.values,
  );
  return rowCount === 1;
}

/** One opportunity the predicate lets through, with the names the API shows. */
export async function findOpportunity(
  db: Queryable,
  id: string,
  visible: (params: SqlParams) => string,
): Promise<OpportunityRow | null> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const where = visible(params);
  const { rows } = await db.query<OpportunityRow>(
    `SELECT o.*, ${ROTTING_SQL} AS rotting, ow.name AS owner_name, t.name AS team_name, m.name AS manager_name,
       b.name AS branch_name, cb.name AS created_by_name
     FROM opportunities o
     JOIN pipeline_stages s ON s.id = o.stage_id
     LEFT JOIN users ow ON ow.id = o.owner_id
     LEFT JOIN teams t ON t.id = o.team_id
     LEFT JOIN users m ON m.id = o.manager_id
     LEFT JOIN branches b ON b.id = o.branch_id
     LEFT JOIN users cb ON cb.id = o.created_by
     WHERE o.id = ${idParam} AND ${where}`,
    params.values,
  );
  return rows[0] ?? null;
}

export type OpportunityValues = {
  title: string;
  description: string | null;
  valueCents: number | null;
  expectedCloseDate: string | null;
  businessPlanId: string | null;
  city: string | null;
  ownerId: string | null;
  teamId: string | null;
  managerId: string | null;
  branchId: string | null;
  qualificationId: string | null;
  source: { media: string | null; channel: string | null };
  tags: string[];
};

const COLUMNS: Record<keyof OpportunityValues, (v: OpportunityValues) => [string, unknown][]> = {
  title: (v) => [['title', v.title]],
  description: (v) => [['description', v.description]],
  valueCents: (v) => [['value_cents', v.valueCents]],
  expectedCloseDate: (v) => [['expected_close_date', v.expectedCloseDate]],
  businessPlanId: (v) => [['business_plan_id', v.businessPlanId]],
  city: (v) => [['city', v.city]],
  ownerId: (v) => [['owner_id', v.ownerId]],
  teamId: (v) => [['team_id', v.teamId]],
  managerId: (v) => [['manager_id', v.managerId]],
  branchId: (v) => [['branch_id', v.branchId]],
  qualificationId: (v) => [['qualification_id', v.qualificationId]],
  source: (v) => [
    ['source_media', v.source.media],
    ['source_channel', v.source.channel],
  ],
  tags: (v) => [['tags', v.tags]],
};

export async function insertOpportunity(
  db: Queryable,
  o: OpportunityValues & {
    id: string;
    workspaceId: string;
    pipelineId: string;
    stageId: string;
    rank: string;
    origin: 'manual' | 'integration';
    originIntegration: string | null;
    originPayload: unknown;
    createdBy: string;
  },
) {
  const columns = (Object.keys(COLUMNS) as (keyof OpportunityValues)[]).flatMap((k) => COLUMNS[k](o));
  const all: [string, unknown][] = [
    ['id', o.id],
    ['workspace_id', o.workspaceId],
    ['pipeline_id', o.pipelineId],
    ['stage_id', o.stageId],
    ['rank', o.rank],
    ['origin', o.origin],
    ['origin_integration', o.originIntegration],
    ['origin_payload', o.originPayload === undefined ? null : JSON.stringify(o.originPayload)],
    ['created_by', o.createdBy],
    ...columns,
  ];
  await db.query(
    `INSERT INTO opportunities (${all.map(([c]) => c).join(', ')})
     VALUES (${all.map((_, i) => `$${i + 1}`).join(', ')})`,
    all.map(([, v]) => v),
  );
  await db.query(
    `INSERT INTO opportunity_stage_visits (workspace_id, opportunity_id, pipeline_id, stage_id, entered_at)
     VALUES ($1, $2, $3, $4, now())`,
    [o.workspaceId, o.id, o.pipelineId, o.stageId],
  );
}

/** Writes the changed fields and bumps the version. */
export async function updateOpportunityFields(
  db: Queryable,
  id: string,
  changed: Partial<OpportunityValues>,
  values: OpportunityValues,
): Promise<number> {
  const set = (Object.keys(changed) as (keyof OpportunityValues)[]).flatMap((k) => COLUMNS[k](values));
  const { rows } = await db.query(
    `UPDATE opportunities SET ${set.map(([c], i) => `${c} = $${i + 2}`).join(', ')},
       version = version + 1, updated_at = now()
     WHERE id = $1 RETURNING version`,
    [id, ...set.map(([, v]) => v)],
  );
  return rows[0].version;
}

/**
 * Puts the card in `stageId` at `rank`. Entering another stage closes the open stage visit and starts one,
 * and resets the rotting clock.
 */
export async function moveOpportunityRow(
  db: Queryable,
  o: {
    id: string;
    workspaceId: string;
    pipelineId: string;
    fromStageId: string;
    stageId: string;
    rank: string;
  },
): Promise<{ version: number; stageEnteredAt: Date }> {
  const changesStage = o.fromStageId !== o.stageId;
  const { rows } = await db.query(
    prepared(
      `UPDATE opportunities SET stage_id = $2, rank = $3, version = version + 1, updated_at = now(),
         stage_entered_at = CASE WHEN $4 THEN now() ELSE stage_entered_at END,
         rotting_notified_on = CASE WHEN $4 THEN NULL ELSE rotting_notified_on END
       WHERE id = $1 RETURNING version, stage_entered_at`,
      [o.id, o.stageId, o.rank, changesStage],
    ),
  );
  if (changesStage) {
    await db.query(
      prepared(
        `WITH closed AS (
           UPDATE opportunity_stage_visits SET left_at = now() WHERE opportunity_id = $2 AND left_at IS NULL)
         INSERT INTO opportunity_stage_visits (workspace_id, opportunity_id, pipeline_id, stage_id, entered_at)
         VALUES ($1, $2, $3, $4, now())`,
        [o.workspaceId, o.id, o.pipelineId, o.stageId],
      ),
    );
  }
  return { version: rows[0].version, stageEnteredAt: rows[0].stage_entered_at };
}

/**
 * Serializes placing cards in one column until the transaction ends: two writers computing a rank between
 * the same neighbours would otherwise produce the same rank.
 */
export async function lockColumn(db: Queryable, stageId: string) {
  await db.query(prepared('SELECT pg_advisory_xact_lock(hashtextextended($1, 1))', [`column:${stageId}`]));
}

/** The ranks around a place in a column of open cards (the moved card itself left out). */
export async function neighbourRanks(
  db: Queryable,
  q: { stageId: string; excludeId: string; position: number | null; afterId: string | null | undefined },
): Promise<{ before: string | null; after: string | null }> {
  if (q.afterId !== undefined) {
    const { rows } = await db.query(
      `SELECT a.rank AS before,
         (SELECT o.rank FROM opportunities o WHERE o.stage_id = $1 AND o.status = 'open' AND o.id <> $2
            AND o.rank > coalesce(a.rank, '') ORDER BY o.rank LIMIT 1) AS after
       FROM (SELECT (SELECT rank FROM opportunities WHERE id = $3 AND stage_id = $1 AND status = 'open') AS rank) a`,
      [q.stageId, q.excludeId, q.afterId],
    );
    return { before: rows[0].before ?? null, after: rows[0].after ?? null };
  }
  const position = q.position ?? 0;
  const { rows } = await db.query(
    prepared(
      `SELECT rank FROM opportunities WHERE stage_id = $1 AND status = 'open' AND id <> $2
       ORDER BY rank OFFSET $3 LIMIT 2`,
      [q.stageId, q.excludeId, Math.max(0, position - 1)],
    ),
  );
  if (position === 0) return { before: null, after: rows[0]?.rank ?? null };
  return { before: rows[0]?.rank ?? null, after: rows[1]?.rank ?? null };
}

/** The last rank of a column (any status), to append cards after it. */
export async function lastRank(db: Queryable, stageId: string): Promise<string | null> {
  const { rows } = await db.query(
    `SELECT rank FROM opportunities WHERE stage_id = $1 ORDER BY rank DESC LIMIT 1`,
    [stageId],
  );
  return rows[0]?.rank ?? null;
}

/** The first rank of the open cards of a column, to put a card on top. */
export async function firstOpenRank(db: Queryable, stageId: string): Promise<string | null> {
  const { rows } = await db.query(
    prepared(`SELECT rank FROM opportunities WHERE stage_id = $1 AND status = 'open' ORDER BY rank LIMIT 1`, [
      stageId,
    ]),
  );
  return rows[0]?.rank ?? null;
}

export async function opportunityIdsInStage(db: Queryable, stageId: string): Promise<string[]> {
  const { rows } = await db.query(`SELECT id FROM opportunities WHERE stage_id = $1 ORDER BY rank`, [
    stageId,
  ]);
  return rows.map((r) => r.id);
}

export async function setStatus(
  db: Queryable,
  id: string,
  s: { status: string; reasonId: string | null; note: string | null },
): Promise<number> {
  const { rows } = await db.query(
    `UPDATE opportunities SET status = $2, status_reason_id = $3, status_note = $4,
       closed_at = CASE WHEN $2 = 'open' THEN NULL ELSE now() END,
       version = version + 1, updated_at = now()
     WHERE id = $1 RETURNING version`,
    [id, s.status, s.reasonId, s.note],
  );
  return rows[0].version;
}

export async function bumpVersion(db: Queryable, id: string): Promise<number> {
  const { rows } = await db.query(
    `UPDATE opportunities SET version = version + 1, updated_at = now() WHERE id = $1 RETURNING version`,
    [id],
  );
  return rows[0].version;
}

// ---------- Involved people ----------

export type InvolvedRow = {
  person_id: string;
  role: InvolvedRole;
  name: string;
  kind: 'individual' | 'company';
  visible: boolean;
  missing: Record<SaleRequirement, boolean>;
};

/** The people involved in an opportunity (holder first), what each lacks, and whether the viewer sees them. */
export async function listInvolved(
  db: Queryable,
  opportunityId: string,
  visiblePerson: (params: SqlParams) => string,
): Promise<InvolvedRow[]> {
  const params = new SqlParams();
  const id = params.add(opportunityId);
  const visible = visiblePerson(params);
  const { rows } = await db.query(
    `SELECT op.person_id, op.role, p.name, p.kind, (${visible}) AS visible,
       jsonb_build_object(
         'document', p.document IS NULL,
         'address', NOT EXISTS (SELECT 1 FROM person_addresses x WHERE x.person_id = p.id),
         'phone', NOT EXISTS (SELECT 1 FROM person_phones x WHERE x.person_id = p.id),
         'email', NOT EXISTS (SELECT 1 FROM person_emails x WHERE x.person_id = p.id),
         'birthDate', p.birth_date IS NULL) AS missing
     FROM opportunity_people op JOIN people p ON p.id = op.person_id
     WHERE op.opportunity_id = ${id}
     ORDER BY op.role = 'holder' DESC, op.added_at, p.name`,
    params.values,
  );
  return rows;
}

export async function upsertInvolved(
  db: Queryable,
  r: { workspaceId: string; opportunityId: string; personId: string; role: InvolvedRole; addedBy: string },
) {
  await db.query(
    `INSERT INTO opportunity_people (workspace_id, opportunity_id, person_id, role, added_by)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (opportunity_id, person_id) DO UPDATE SET role = EXCLUDED.role`,
    [r.workspaceId, r.opportunityId, r.personId, r.role, r.addedBy],
  );
}

export async function demoteHolder(db: Queryable, opportunityId: string) {
  await db.query(
    `UPDATE opportunity_people SET role = 'other' WHERE opportunity_id = $1 AND role = 'holder'`,
    [opportunityId],
  );
}

export async function removeInvolved(db: Queryable, opportunityId: string, personId: string) {
  await db.query(`DELETE FROM opportunity_people WHERE opportunity_id = $1 AND person_id = $2`, [
    opportunityId,
    personId,
  ]);
}

// ---------- Cards: the board and the list ----------

const CARD_SELECT = `o.id, o.pipeline_id, o.stage_id, o.title, o.value_cents, o.status, o.expected_close_date, o.tags,
  o.stage_entered_at, o.rank, o.version, o.created_at, o.owner_id, ow.name AS owner_name, o.team_id,
  t.name AS team_name, h.person_id AS holder_id, hp.name AS holder_name, ${ROTTING_SQL} AS rotting,
  floor(extract(epoch FROM now() - o.stage_entered_at) / 86400)::int AS days_in_stage`;

const CARD_JOINS = `JOIN pipeline_stages s ON s.id = o.stage_id
  LEFT JOIN users ow ON ow.id = o.owner_id
  LEFT JOIN teams t ON t.id = o.team_id
  LEFT JOIN opportunity_people h ON h.opportunity_id = o.id AND h.role = 'holder'
  LEFT JOIN people hp ON hp.id = h.person_id`;

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toCard(r: any): OpportunityCard {
  return {
    id: r.id,
    pipelineId: r.pipeline_id,
    stageId: r.stage_id,
    title: r.title,
    holder: r.holder_id ? { id: r.holder_id, name: r.holder_name } : null,
    valueCents: r.value_cents,
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
    team: r.team_id ? { id: r.team_id, name: r.team_name ?? '' } : null,
    status: r.status,
    expectedCloseDate: r.expected_close_date,
    tags: r.tags,
    stageEnteredAt: r.stage_entered_at.toISOString(),
    daysInStage: r.days_in_stage,
    rotting: r.rotting,
    rank: r.rank,
    version: r.version,
    createdAt: r.created_at.toISOString(),
  };
}

/**
 * The first `limit` cards of each live stage of a pipeline in board order, under `where` (filters over
 * `o` and the stage `s`). One statement: a lateral top-N per stage on the (stage, status, rank) index.
 */
export async function boardCards(
  db: Queryable,
  q: { pipelineId: string; where: string[]; params: SqlParams; limit: number },
): Promise<OpportunityCard[]> {
  const { rows } = await db.query(
    prepared(
      `SELECT ${CARD_SELECT}
       FROM pipeline_stages s0
       CROSS JOIN LATERAL (
         SELECT o.id FROM opportunities o JOIN pipeline_stages s ON s.id = o.stage_id
         WHERE o.stage_id = s0.id AND ${q.where.join(' AND ')}
         ORDER BY o.rank, o.id LIMIT ${Math.trunc(q.limit)}) top
       JOIN opportunities o ON o.id = top.id
       ${CARD_JOINS}
       WHERE s0.pipeline_id = ${q.params.add(q.pipelineId)} AND s0.archived_at IS NULL
       ORDER BY s0.position, o.rank, o.id`,
      q.params.values,
    ),
  );
  return rows.map(toCard);
}

/** Cards and value per stage under the same filters as the board. */
export async function stageTotals(
  db: Queryable,
  q: { pipelineId: string; where: string[]; params: SqlParams },
): Promise<Map<string, { count: number; valueCents: number }>> {
  const { rows } = await db.query(
    prepared(
      `SELECT o.stage_id, count(*)::int AS n, coalesce(sum(o.value_cents), 0)::bigint AS total
       FROM opportunities o JOIN pipeline_stages s ON s.id = o.stage_id
       WHERE o.pipeline_id = ${q.params.add(q.pipelineId)} AND ${q.where.join(' AND ')}
       GROUP BY o.stage_id`,
      q.params.values,
    ),
  );
  return new Map(rows.map((r) => [r.stage_id, { count: r.n, valueCents: Number(r.total) }]));
}

const SORTS: Record<string, { expr: string; cast: string; value: (r: OpportunityCard) => string }> = {
  rank: { expr: 'o.rank', cast: 'text COLLATE "C"', value: (r) => r.rank },
  title: { expr: 'o.title', cast: 'text', value: (r) => r.title },
  valueCents: {
    expr: 'coalesce(o.value_cents, -1)',
    cast: 'bigint',
    value: (r) => String(r.valueCents ?? -1),
  },
  expectedCloseDate: {
    expr: "coalesce(o.expected_close_date, '9999-12-31')",
    cast: 'date',
    value: (r) => r.expectedCloseDate ?? '9999-12-31',
  },
  createdAt: { expr: 'o.created_at', cast: 'timestamptz', value: (r) => r.createdAt },
  stageEnteredAt: { expr: 'o.stage_entered_at', cast: 'timestamptz', value: (r) => r.stageEnteredAt },
};

/** A keyset page of cards in the requested order, and the cursor to the next page. */
export async function listCards(
  db: Queryable,
  q: {
    where: string[];
    params: SqlParams;
    sort: OpportunitySort;
    limit: number;
    cursor: [string, string] | null;
  },
): Promise<{ items: OpportunityCard[]; next: [string, string] | null }> {
  const desc = q.sort.startsWith('-');
  const sort = SORTS[q.sort.replace('-', '')] ?? (SORTS.rank as (typeof SORTS)[string]);
  const where = [...q.where];
  if (q.cursor) {
    where.push(
      `(${sort.expr}, o.id) ${desc ? '<' : '>'} (${q.params.add(q.cursor[0])}::${sort.cast}, ${q.params.add(q.cursor[1])}::uuid)`,
    );
  }
  const dir = desc ? 'DESC' : 'ASC';
  const { rows } = await db.query(
    prepared(
      `SELECT ${CARD_SELECT} FROM opportunities o ${CARD_JOINS}
       WHERE ${where.join(' AND ')}
       ORDER BY ${sort.expr} ${dir}, o.id ${dir}
       LIMIT ${Math.trunc(q.limit) + 1}`,
      q.params.values,
    ),
  );
  const items = rows.slice(0, q.limit).map(toCard);
  const last = items[items.length - 1];
  return { items, next: rows.length > q.limit && last ? [sort.value(last), last.id] : null };
}

export async function countCards(db: Queryable, where: string[], values: unknown[]): Promise<number> {
  const { rows } = await db.query(
    prepared(
      `SELECT count(*)::int AS n FROM opportunities o JOIN pipeline_stages s ON s.id = o.stage_id
       WHERE ${where.join(' AND ')}`,
      values,
    ),
  );
  return rows[0].n;
}

// ---------- Proposals and sales orders ----------

export type ProposalRow = {
  id: string;
  value_cents: number;
  conditions: string | null;
  valid_until: string | null;
  items: { description: string; quantity: number; unitCents: number }[];
  status: 'open' | 'accepted' | 'superseded';
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  accepted_at: Date | null;
};

export async function listProposals(
  db: Queryable,
  opportunityId: string,
  id?: string,
): Promise<ProposalRow[]> {
  const { rows } = await db.query(
    `SELECT pr.*, u.name AS created_by_name FROM proposals pr LEFT JOIN users u ON u.id = pr.created_by
     WHERE pr.opportunity_id = $1 AND ($2::uuid IS NULL OR pr.id = $2) ORDER BY pr.created_at DESC`,
    [opportunityId, id ?? null],
  );
  return rows;
}

export async function insertProposal(
  db: Queryable,
  p: {
    workspaceId: string;
    opportunityId: string;
    valueCents: number;
    conditions: string | null;
    validUntil: string | null;
    items: unknown[];
    createdBy: string;
  },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO proposals (workspace_id, opportunity_id, value_cents, conditions, valid_until, items, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      p.workspaceId,
      p.opportunityId,
      p.valueCents,
      p.conditions,
      p.validUntil,
      JSON.stringify(p.items),
      p.createdBy,
    ],
  );
  return rows[0].id;
}

/** Accepts one proposal (the others become superseded) and writes its sales order. */
export async function acceptProposal(
  db: Queryable,
  p: { workspaceId: string; opportunityId: string; proposalId: string; createdBy: string },
): Promise<{ id: string; number: number }> {
  await db.query(
    `UPDATE proposals SET status = CASE WHEN id = $2 THEN 'accepted' ELSE 'superseded' END,
       accepted_at = CASE WHEN id = $2 THEN now() ELSE accepted_at END
     WHERE opportunity_id = $1 AND status = 'open'`,
    [p.opportunityId, p.proposalId],
  );
  const { rows } = await db.query(
    `INSERT INTO sales_orders (workspace_id, opportunity_id, proposal_id, value_cents, items, created_by)
     SELECT $1, $2, id, value_cents, items, $4 FROM proposals WHERE id = $3
     RETURNING id, number`,
    [p.workspaceId, p.opportunityId, p.proposalId, p.createdBy],
  );
  return rows[0];
}

export async function findSalesOrder(
  db: Queryable,
  opportunityId: string,
): Promise<{ id: string; number: number; valueCents: number; createdAt: string } | null> {
  const { rows } = await db.query(
    `SELECT id, number, value_cents, created_at FROM sales_orders WHERE opportunity_id = $1`,
    [opportunityId],
  );
  const r = rows[0];
  return r
    ? { id: r.id, number: r.number, valueCents: r.value_cents, createdAt: r.created_at.toISOString() }
    : null;
}
