import { randomBytes } from 'node:crypto';
import {
  type CreateIntakeSourceRequest,
  INTAKE_CUSTOM_PREFIX,
  type IntakeLogEntry,
  type IntakeMapping,
  type IntakePreview,
  type IntakePreviewRequest,
  type IntakeSource,
  normalizeLead,
  parseIntakePayload,
  type UpdateIntakeSourceRequest,
  ZCreateIntakeSourceRequest,
  ZIntakePreviewRequest,
  ZUpdateIntakeSourceRequest,
} from '@funil/domain';
import { type Db, type Queryable, type Tx, transaction } from '../../db/pool.ts';
import { notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { assertCan } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { assertActivePurpose } from '../consents/consents.service.ts';
import { fieldsOf } from '../custom-fields/custom-fields.service.ts';
import { createIntegration } from '../integrations/integrations.service.ts';
import { findPipeline } from '../pipelines/pipelines.service.ts';
import { existingUserIds } from '../users/users.service.ts';
import * as repo from './intake.repository.ts';

export type IntakeSourcesDeps = { db: Db; secrets: SecretBox };

/** A source as the admin page shows it: never the Meta app secret, only whether there is one. */
export function presentSource(r: repo.IntakeSourceRow): IntakeSource {
  return {
    id: r.integration_id,
    name: r.name,
    preset: r.preset,
    pipelineId: r.pipeline_id,
    stageId: r.stage_id,
    media: r.media,
    channel: r.channel,
    defaultOwnerId: r.default_owner_id,
    alwaysNewOpportunity: r.always_new_opportunity,
    mapping: r.mapping,
    endpointPath: `/api/v1/intake/${r.integration_id}/leads`,
    formPath: `/api/v1/intake/forms/${r.form_key}`,
    consentText: r.consent_text,
    consentVersion: r.consent_version,
    consentSetting:
      r.consent_purpose_id && r.consent_basis
        ? { purposeId: r.consent_purpose_id, legalBasis: r.consent_basis }
        : null,
    allowedOrigins: r.allowed_origins,
    thankYouUrl: r.thank_you_url,
    googleKey: r.google_key,
    metaVerifyToken: r.meta_verify_token,
    hasMetaAppSecret: r.meta_app_secret_sealed !== null,
    version: r.version,
  };
}

/** The funnel and stage must exist in the workspace, the default owner must be one of its users. */
async function assertSettings(
  db: Queryable,
  workspaceId: string,
  v: { pipelineId: string; stageId: string | null; defaultOwnerId: string | null },
) {
  const pipeline = await findPipeline(db, workspaceId, v.pipelineId);
  if (!pipeline) throw validationError([{ field: 'pipelineId', code: 'unknown_pipeline', message: '' }]);
  if (v.stageId && !pipeline.stages.some((s) => s.id === v.stageId)) {
    throw validationError([{ field: 'stageId', code: 'unknown_stage', message: '' }]);
  }
  if (
    v.defaultOwnerId &&
    !(await existingUserIds(db, workspaceId, [v.defaultOwnerId])).has(v.defaultOwnerId)
  ) {
    throw validationError([{ field: 'defaultOwnerId', code: 'unknown_user', message: '' }]);
  }
}

/** A mapping's custom targets (`cf.<key>`) must name live person fields. */
async function assertMappingFields(db: Queryable, workspaceId: string, mapping: IntakeMapping) {
  const keys = Object.keys(mapping).flatMap((k) =>
    k.startsWith(INTAKE_CUSTOM_PREFIX) ? [k.slice(INTAKE_CUSTOM_PREFIX.length)] : [],
  );
  if (keys.length === 0) return;
  const live = new Set(
    (await fieldsOf(db, workspaceId, 'person')).filter((f) => f.archivedAt === null).map((f) => f.key),
  );
  const unknown = keys.filter((k) => !live.has(k));
  if (unknown.length) {
    throw validationError(
      unknown.map((k) => ({
        field: `mapping.${INTAKE_CUSTOM_PREFIX}${k}`,
        code: 'unknown_field',
        message: '',
      })),
    );
  }
}

const origins = (list: string[]) => [...new Set(list.map((o) => o.replace(/\/$/, '')))];

/** The workspace's lead sources (`manageIntegrations`). */
export async function listIntakeSources(db: Db, actor: Actor): Promise<IntakeSource[]> {
  assertCan(actor, 'manageIntegrations');
  return (await repo.listSources(db, actor.workspaceId)).map(presentSource);
}

/** One lead source (`manageIntegrations`). */
export async function getIntakeSource(db: Db, actor: Actor, id: string): Promise<IntakeSource> {
  assertCan(actor, 'manageIntegrations');
  const row = await repo.findSource(db, actor.workspaceId, id);
  if (!row) throw notFound();
  return presentSource(row);
}

/**
 * Creates a lead source: an integration of kind `lead_source` with a token of scope `intake:leads` (its secret
 * answered once) and the intake settings; the site form key and the Google Ads key are generated.
 */
export async function createIntakeSource(
  deps: IntakeSourcesDeps,
  actor: Actor,
  input: CreateIntakeSourceRequest,
): Promise<{ source: IntakeSource; token: string }> {
  assertCan(actor, 'manageIntegrations');
  const body = ZCreateIntakeSourceRequest.parse(input);
  const settings = {
    pipelineId: body.pipelineId,
    stageId: body.stageId ?? null,
    defaultOwnerId: body.defaultOwnerId ?? null,
  };
  await assertSettings(deps.db, actor.workspaceId, settings);
  await assertMappingFields(deps.db, actor.workspaceId, body.mapping);
  const consentSetting = body.consentSetting ?? null;
  if (consentSetting) {
    await assertActivePurpose(
      deps.db,
      actor.workspaceId,
      consentSetting.purposeId,
      'consentSetting.purposeId',
    );
  }
  const source = (tx: Tx, integrationId: string) =>
    repo.insertSource(tx, actor.workspaceId, integrationId, {
      ...settings,
      preset: body.preset,
      media: body.media,
      channel: body.channel,
      alwaysNewOpportunity: body.alwaysNewOpportunity,
      mapping: body.mapping,
      consentText: body.consentText,
      consentSetting,
      allowedOrigins: origins(body.allowedOrigins),
      thankYouUrl: body.thankYouUrl ?? null,
      metaVerifyToken: body.metaVerifyToken,
      metaAppSecretSealed: body.metaAppSecret ? deps.secrets.seal(body.metaAppSecret) : null,
      formKey: randomBytes(18).toString('base64url'),
      googleKey: randomBytes(24).toString('base64url'),
    });
  const { integration, secret } = await createIntegration(
    deps,
    actor,
    { name: body.name, kind: 'lead_source', scopes: ['intake:leads'] },
    source,
  );
  return { source: await getIntakeSource(deps.db, actor, integration.id), token: secret };
}

/**
 * Edits a source's intake settings at the version the admin read (412 when stale). A changed consent text gets a
 * new consent version, so each lead records the wording it agreed to.
 */
export async function updateIntakeSource(
  deps: IntakeSourcesDeps,
  actor: Actor,
  id: string,
  expected: number,
  input: UpdateIntakeSourceRequest,
): Promise<IntakeSource> {
  assertCan(actor, 'manageIntegrations');
  const patch = ZUpdateIntakeSourceRequest.parse(input);
  await transaction(deps.db, async (tx) => {
    const version = await repo.lockSource(tx, actor.workspaceId, id);
    const current = version === null ? null : await repo.findSource(tx, actor.workspaceId, id);
    if (version === null || !current) throw notFound();
    if (version !== expected) throw versionMismatch(version);
    const next = {
      preset: patch.preset ?? current.preset,
      pipelineId: patch.pipelineId ?? current.pipeline_id,
      stageId: patch.stageId !== undefined ? patch.stageId : patch.pipelineId ? null : current.stage_id,
      media: patch.media !== undefined ? patch.media : current.media,
      channel: patch.channel !== undefined ? patch.channel : current.channel,
      defaultOwnerId: patch.defaultOwnerId !== undefined ? patch.defaultOwnerId : current.default_owner_id,
      alwaysNewOpportunity: patch.alwaysNewOpportunity ?? current.always_new_opportunity,
      mapping: patch.mapping ?? current.mapping,
      consentText: patch.consentText ?? current.consent_text,
      consentSetting:
        patch.consentSetting !== undefined
          ? patch.consentSetting
          : current.consent_purpose_id && current.consent_basis
            ? { purposeId: current.consent_purpose_id, legalBasis: current.consent_basis }
            : null,
      allowedOrigins: patch.allowedOrigins ? origins(patch.allowedOrigins) : current.allowed_origins,
      thankYouUrl: patch.thankYouUrl !== undefined ? patch.thankYouUrl : current.thank_you_url,
      metaVerifyToken:
        patch.metaVerifyToken !== undefined ? patch.metaVerifyToken : current.meta_verify_token,
      metaAppSecretSealed:
        patch.metaAppSecret === undefined
          ? current.meta_app_secret_sealed
          : patch.metaAppSecret === null
            ? null
            : deps.secrets.seal(patch.metaAppSecret),
    };
    await assertSettings(tx, actor.workspaceId, {
      pipelineId: next.pipelineId,
      stageId: next.stageId ?? null,
      defaultOwnerId: next.defaultOwnerId ?? null,
    });
    if (patch.mapping) await assertMappingFields(tx, actor.workspaceId, patch.mapping);
    if (next.consentSetting && next.consentSetting.purposeId !== current.consent_purpose_id) {
      await assertActivePurpose(
        tx,
        actor.workspaceId,
        next.consentSetting.purposeId,
        'consentSetting.purposeId',
      );
    }
    await repo.updateSource(tx, actor.workspaceId, id, {
      ...next,
      stageId: next.stageId ?? null,
      defaultOwnerId: next.defaultOwnerId ?? null,
      consentVersionBump: next.consentText !== current.consent_text,
    });
  });
  return getIntakeSource(deps.db, actor, id);
}

/** What a pasted payload becomes under a preset and mapping, without storing anything (`manageIntegrations`). */
export function previewIntake(actor: Actor, input: IntakePreviewRequest): IntakePreview {
  assertCan(actor, 'manageIntegrations');
  const body = ZIntakePreviewRequest.parse(input);
  const parsed = parseIntakePayload(body.preset, body.payload, body.mapping);
  if (!parsed.ok) return { leads: [], errors: parsed.issues };
  return {
    errors: [],
    leads: parsed.leads.map((lead) => {
      const n = normalizeLead(lead);
      return { parsed: lead, normalized: n.ok ? n.lead : null, rejectReason: n.ok ? null : n.reason };
    }),
  };
}

// ---------- The intake log ----------

const encodeCursor = (r: { received_at_key?: string; id: string }) =>
  Buffer.from(JSON.stringify([r.received_at_key, r.id])).toString('base64url');

function decodeCursor(cursor: string | undefined): { receivedAt: string; id: string } | null {
  if (!cursor) return null;
  try {
    const [receivedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof receivedAt !== 'string' || Number.isNaN(Date.parse(receivedAt))) throw new Error('bad');
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error('bad');
    return { receivedAt, id };
  } catch {
    throw validationError([{ field: 'cursor', code: 'invalid_value', message: '' }]);
  }
}

const presentLead = (r: repo.IntakeLeadRow): IntakeLogEntry => ({
  id: r.id,
  source: { id: r.source_id, name: r.source_name ?? '' },
  externalId: r.external_id,
  status: r.status as IntakeLogEntry['status'],
  reason: r.reason,
  lead: r.lead,
  consent: r.consent,
  person: r.person_id ? { id: r.person_id, name: r.person_name ?? '' } : null,
  createdPerson: r.created_person,
  opportunity: r.opportunity_id ? { id: r.opportunity_id, title: r.opportunity_title ?? '' } : null,
  distribution: r.distribution,
  rawBody: r.raw_body,
  contentType: r.content_type,
  receivedAt: r.received_at.toISOString(),
  processedAt: r.processed_at?.toISOString() ?? null,
});

/** The intake log, newest first, by keyset cursor (`manageIntegrations`). */
export async function listIntakeLeads(
  db: Db,
  actor: Actor,
  q: {
    sourceId?: string | undefined;
    status?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ items: IntakeLogEntry[]; nextCursor: string | null }> {
  assertCan(actor, 'manageIntegrations');
  const rows = await repo.listLeads(db, actor.workspaceId, {
    sourceId: q.sourceId ?? null,
    status: q.status ?? null,
    limit: q.limit + 1,
    before: decodeCursor(q.cursor),
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(presentLead),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
  };
}
