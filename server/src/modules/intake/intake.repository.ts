import type { IntakeMapping, IntakePreset, LegalBasis, ParsedLead } from '@funil/domain';
import type { Queryable } from '../../db/pool.ts';

export type IntakeSourceRow = {
  integration_id: string;
  workspace_id: string;
  name: string;
  created_by: string | null;
  preset: IntakePreset;
  pipeline_id: string;
  stage_id: string | null;
  media: string | null;
  channel: string | null;
  default_owner_id: string | null;
  always_new_opportunity: boolean;
  mapping: IntakeMapping;
  form_key: string;
  consent_text: string;
  consent_version: number;
  consent_purpose_id: string | null;
  consent_basis: LegalBasis | null;
  allowed_origins: string[];
  thank_you_url: string | null;
  google_key: string | null;
  meta_verify_token: string | null;
  meta_app_secret_sealed: string | null;
  version: number;
};

const SOURCE_COLUMNS = `s.integration_id, s.workspace_id, i.name, i.created_by, s.preset, s.pipeline_id, s.stage_id,
  s.media, s.channel, s.default_owner_id, s.always_new_opportunity, s.mapping, s.form_key, s.consent_text,
  s.consent_version, s.consent_purpose_id, s.consent_basis, s.allowed_origins, s.thank_you_url, s.google_key, s.meta_verify_token, s.meta_app_secret_sealed,
  s.version`;
const SOURCE_FROM = `intake_sources s JOIN integrations i
  ON i.id = s.integration_id AND i.workspace_id = s.workspace_id AND i.deleted_at IS NULL`;

export type SourceValues = {
  preset: IntakePreset;
  pipelineId: string;
  stageId: string | null;
  media: string | null;
  channel: string | null;
  defaultOwnerId: string | null;
  alwaysNewOpportunity: boolean;
  mapping: IntakeMapping;
  consentText: string;
  consentSetting: { purposeId: string; legalBasis: LegalBasis } | null;
  allowedOrigins: string[];
  thankYouUrl: string | null;
  metaVerifyToken: string | null;
  metaAppSecretSealed: string | null;
};

export async function insertSource(
  db: Queryable,
  workspaceId: string,
  integrationId: string,
  v: SourceValues & { formKey: string; googleKey: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO intake_sources (integration_id, workspace_id, preset, pipeline_id, stage_id, media, channel,
       default_owner_id, always_new_opportunity, mapping, form_key, consent_text, allowed_origins, thank_you_url,
       google_key, meta_verify_token, meta_app_secret_sealed, consent_purpose_id, consent_basis)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
    [
      integrationId,
      workspaceId,
      v.preset,
      v.pipelineId,
      v.stageId,
      v.media,
      v.channel,
      v.defaultOwnerId,
      v.alwaysNewOpportunity,
      JSON.stringify(v.mapping),
      v.formKey,
      v.consentText,
      v.allowedOrigins,
      v.thankYouUrl,
      v.googleKey,
      v.metaVerifyToken,
      v.metaAppSecretSealed,
      v.consentSetting?.purposeId ?? null,
      v.consentSetting?.legalBasis ?? null,
    ],
  );
}

export async function listSources(db: Queryable, workspaceId: string): Promise<IntakeSourceRow[]> {
  const { rows } = await db.query(
    `SELECT ${SOURCE_COLUMNS} FROM ${SOURCE_FROM} WHERE s.workspace_id = $1 ORDER BY i.created_at DESC LIMIT 500`,
    [workspaceId],
  );
  return rows;
}

export async function findSource(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<IntakeSourceRow | null> {
  const { rows } = await db.query(
    `SELECT ${SOURCE_COLUMNS} FROM ${SOURCE_FROM} WHERE s.workspace_id = $1 AND s.integration_id = $2`,
    [workspaceId, id],
  );
  return rows[0] ?? null;
}

/* The public endpoints know only the source id (or the form key) from the URL: the workspace comes from the row. */
export async function findSourceById(db: Queryable, id: string): Promise<IntakeSourceRow | null> {
  // Every lead posted reads it: planned once per connection.
  const { rows } = await db.query({
    name: 'intake.sourceById',
    text: `/* tenancy: any workspace — a public intake URL names its source, the row names the workspace */
     SELECT ${SOURCE_COLUMNS} FROM ${SOURCE_FROM} WHERE s.integration_id = $1`,
    values: [id],
  });
  return rows[0] ?? null;
}

export async function findSourceByFormKey(db: Queryable, formKey: string): Promise<IntakeSourceRow | null> {
  const { rows } = await db.query(
    `/* tenancy: any workspace — a site form's public key names its source, the row names the workspace */
     SELECT ${SOURCE_COLUMNS} FROM ${SOURCE_FROM} WHERE s.form_key = $1`,
    [formKey],
  );
  return rows[0] ?? null;
}

export async function lockSource(db: Queryable, workspaceId: string, id: string): Promise<number | null> {
  const { rows } = await db.query(
    'SELECT version FROM intake_sources WHERE workspace_id = $1 AND integration_id = $2 FOR UPDATE',
    [workspaceId, id],
  );
  return rows[0]?.version ?? null;
}

export async function updateSource(
  db: Queryable,
  workspaceId: string,
  id: string,
  v: SourceValues & { consentVersionBump: boolean },
): Promise<void> {
  await db.query(
    `UPDATE intake_sources SET preset = $3, pipeline_id = $4, stage_id = $5, media = $6, channel = $7,
       default_owner_id = $8, always_new_opportunity = $9, mapping = $10, consent_text = $11, allowed_origins = $12,
       thank_you_url = $13, meta_verify_token = $14, meta_app_secret_sealed = $15,
       consent_version = consent_version + (CASE WHEN $16 THEN 1 ELSE 0 END),
       consent_purpose_id = $17, consent_basis = $18,
       version = version + 1, updated_at = now()
     WHERE workspace_id = $1 AND integration_id = $2`,
    [
      workspaceId,
      id,
      v.preset,
      v.pipelineId,
      v.stageId,
      v.media,
      v.channel,
      v.defaultOwnerId,
      v.alwaysNewOpportunity,
      JSON.stringify(v.mapping),
      v.consentText,
      v.allowedOrigins,
      v.thankYouUrl,
      v.metaVerifyToken,
      v.metaAppSecretSealed,
      v.consentVersionBump,
      v.consentSetting?.purposeId ?? null,
      v.consentSetting?.legalBasis ?? null,
    ],
  );
}

// ---------- Leads ----------

export type IntakeLeadRow = {
  id: string;
  workspace_id: string;
  source_id: string;
  source_name?: string;
  external_id: string | null;
  status: string;
  reason: string | null;
  content_type: string | null;
  raw_body: string;
  lead: ParsedLead;
  consent: { text: string; version: number } | null;
  person_id: string | null;
  person_name?: string | null;
  created_person: boolean | null;
  opportunity_id: string | null;
  opportunity_title?: string | null;
  event_recorded: boolean;
  distribution: unknown;
  attempts: number;
  received_at: Date;
  processed_at: Date | null;
  received_at_key?: string;
};

/**
 * Stores a received lead once per (source, external id): answers the new row's id, or null when the source already
 * sent this lead (the existing row is then read by `findLeadByExternalId`).
 */
export async function insertLead(
  db: Queryable,
  v: {
    workspaceId: string;
    sourceId: string;
    externalId: string | null;
    contentType: string | null;
    rawBody: string;
    lead: ParsedLead;
    consent: { text: string; version: number } | null;
    rejected?: string;
  },
): Promise<{ id: string; status: string } | null> {
  const { rows } = await db.query({
    name: 'intake.insertLead',
    text: `INSERT INTO intake_leads (workspace_id, source_id, external_id, content_type, raw_body, lead, consent, status,
       reason, processed_at, queued_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8::text IS NULL THEN 'pending' ELSE 'rejected' END, $8,
       CASE WHEN $8::text IS NULL THEN NULL ELSE now() END, CASE WHEN $8::text IS NULL THEN NULL ELSE now() END)
     ON CONFLICT (source_id, external_id, workspace_id) WHERE external_id IS NOT NULL DO NOTHING
     RETURNING id, status`,
    values: [
      v.workspaceId,
      v.sourceId,
      v.externalId,
      v.contentType,
      v.rawBody,
      JSON.stringify(v.lead),
      v.consent ? JSON.stringify(v.consent) : null,
      v.rejected ?? null,
    ],
  });
  return rows[0] ?? null;
}

export async function findLeadByExternalId(
  db: Queryable,
  workspaceId: string,
  sourceId: string,
  externalId: string,
): Promise<{ id: string; status: string } | null> {
  const { rows } = await db.query(
    'SELECT id, status FROM intake_leads WHERE workspace_id = $1 AND source_id = $2 AND external_id = $3',
    [workspaceId, sourceId, externalId],
  );
  return rows[0] ?? null;
}

export async function findLead(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<IntakeLeadRow | null> {
  const { rows } = await db.query('SELECT * FROM intake_leads WHERE workspace_id = $1 AND id = $2', [
    workspaceId,
    id,
  ]);
  return rows[0] ?? null;
}

/** Records a step of the lead's processing (the person found or made, the negotiation made). */
export async function recordStep(
  db: Queryable,
  workspaceId: string,
  id: string,
  step: { personId?: string; createdPerson?: boolean; opportunityId?: string; eventRecorded?: boolean },
): Promise<void> {
  await db.query(
    `UPDATE intake_leads SET person_id = COALESCE($3, person_id), created_person = COALESCE($4, created_person),
       opportunity_id = COALESCE($5, opportunity_id), event_recorded = event_recorded OR $6
     WHERE workspace_id = $1 AND id = $2`,
    [
      workspaceId,
      id,
      step.personId ?? null,
      step.createdPerson ?? null,
      step.opportunityId ?? null,
      step.eventRecorded ?? false,
    ],
  );
}

export async function finishLead(
  db: Queryable,
  workspaceId: string,
  id: string,
  end: { status: string; reason: string | null; distribution: unknown },
): Promise<void> {
  await db.query(
    `UPDATE intake_leads SET status = $3, reason = $4, distribution = $5, processed_at = now()
     WHERE workspace_id = $1 AND id = $2`,
    [
      workspaceId,
      id,
      end.status,
      end.reason,
      end.distribution == null ? null : JSON.stringify(end.distribution),
    ],
  );
}

/**
 * Ends a lead whose person was anonymized at their request (suppression list): `suppressed`, and what it carried
 * (raw body, parsed lead, consent) is dropped — the row only says a suppressed lead came from this source.
 */
export async function suppressLead(db: Queryable, workspaceId: string, id: string): Promise<void> {
  await db.query(
    `UPDATE intake_leads SET status = 'suppressed', reason = 'suppressed', raw_body = '', lead = '{}'::jsonb,
       consent = NULL, processed_at = now()
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id],
  );
}

/** Claims leads not yet queued (the relay): marks them queued and answers their ids. */
export async function claimUnqueued(
  db: Queryable,
  limit: number,
): Promise<{ id: string; workspace_id: string }[]> {
  const { rows } = await db.query(
    `/* tenancy: any workspace — the relay queues every workspace's new leads */
     UPDATE intake_leads SET queued_at = now()
     WHERE id IN (SELECT id FROM intake_leads WHERE queued_at IS NULL ORDER BY received_at LIMIT $1
                  FOR UPDATE SKIP LOCKED)
     RETURNING id, workspace_id`,
    [limit],
  );
  return rows;
}

/** Puts a lead back in line for the relay (its job could not be queued). */
export async function unqueue(db: Queryable, workspaceId: string, id: string): Promise<void> {
  await db.query('UPDATE intake_leads SET queued_at = NULL WHERE workspace_id = $1 AND id = $2', [
    workspaceId,
    id,
  ]);
}

export async function listLeads(
  db: Queryable,
  workspaceId: string,
  q: {
    sourceId: string | null;
    status: string | null;
    limit: number;
    before: { receivedAt: string; id: string } | null;
  },
): Promise<IntakeLeadRow[]> {
  const { rows } = await db.query(
    `SELECT l.*, l.received_at::text AS received_at_key, i.name AS source_name, p.name AS person_name,
            o.title AS opportunity_title
     FROM intake_leads l
     JOIN integrations i ON i.id = l.source_id AND i.workspace_id = l.workspace_id
     LEFT JOIN people p ON p.id = l.person_id AND p.workspace_id = l.workspace_id
     LEFT JOIN opportunities o ON o.id = l.opportunity_id AND o.workspace_id = l.workspace_id
     WHERE l.workspace_id = $1 AND ($2::uuid IS NULL OR l.source_id = $2) AND ($3::text IS NULL OR l.status = $3)
       AND ($5::timestamptz IS NULL OR (l.received_at, l.id) < ($5::timestamptz, $6::uuid))
     ORDER BY l.received_at DESC, l.id DESC LIMIT $4`,
    [workspaceId, q.sourceId, q.status, q.limit, q.before?.receivedAt ?? null, q.before?.id ?? null],
  );
  return rows;
}

/**
 * Counts one site form post of a client in the current minute (all instances share the count) and answers the
 * count so far. The client's older windows are dropped on its first post of a minute.
 */
export async function countFormHit(
  db: Queryable,
  workspaceId: string,
  sourceId: string,
  client: string,
): Promise<number> {
  const { rows } = await db.query(
    `INSERT INTO intake_form_hits (workspace_id, source_id, client, window_start)
     VALUES ($1, $2, $3, date_trunc('minute', now()))
     ON CONFLICT (source_id, client, window_start, workspace_id) DO UPDATE SET hits = intake_form_hits.hits + 1
     RETURNING hits`,
    [workspaceId, sourceId, client],
  );
  if (rows[0].hits === 1) {
    await db.query(
      `DELETE FROM intake_form_hits WHERE workspace_id = $1 AND source_id = $2 AND client = $3
         AND window_start < date_trunc('minute', now())`,
      [workspaceId, sourceId, client],
    );
  }
  return rows[0].hits;
}

/** Serializes intake's negotiation decision per person (transaction-scoped advisory lock). */
export async function lockPersonIntake(db: Queryable, workspaceId: string, personId: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `intake:${workspaceId}:${personId}`,
  ]);
}
