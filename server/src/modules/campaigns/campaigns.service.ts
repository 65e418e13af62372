import {
  type Campaign,
  type CampaignCounts,
  type CampaignFilter,
  type CampaignRecipient,
  type CampaignVariable,
  type CreateCampaignRequest,
  campaignValues,
  maskPhone,
  RECIPIENT_STATUSES,
  type RecipientStatus,
  renderCampaignText,
  type SkipReason,
} from '@funil/domain';
import type { z } from 'zod';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { DomainError, notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { SqlParams } from '../../lib/sql.ts';
import type { Actor } from '../auth/actor.ts';
import { callListIds } from '../callcenter/callcenter.service.ts';
import { assertPeopleCustomFilter, peopleFilterPredicates } from '../people/people-search.service.ts';
import { assertMayRunCampaigns } from './campaigns.policy.ts';
import * as repo from './campaigns.repository.ts';
import type { ZWhatsAppAccountRequest } from './campaigns.schema.ts';

// Mass sends (envios comerciais): a campaign is made as a draft, previewed, started (its recipients are taken once,
// from the people list's filters under the starter's visibility), then sent by the `campaign-batch` jobs
// (campaigns.jobs.ts) at the campaign's pace; it can be paused, resumed and cancelled.

const emptyCounts = (): CampaignCounts =>
  Object.fromEntries(RECIPIENT_STATUSES.map((s) => [s, 0])) as CampaignCounts;

function present(row: repo.CampaignRow, counts: Partial<Record<RecipientStatus, number>> = {}): Campaign {
  const all = { ...emptyCounts(), ...counts };
  return {
    id: row.id,
    name: row.name,
    channel: row.channel,
    status: row.status,
    subject: row.subject,
    body: row.body,
    template:
      row.template_name && row.template_language
        ? {
            name: row.template_name,
            language: row.template_language,
            params: row.template_params as CampaignVariable[],
          }
        : null,
    filter: row.filter as CampaignFilter,
    throttlePerMinute: row.throttle_per_minute,
    createdBy: row.created_by ? { id: row.created_by, name: row.created_by_name ?? '' } : null,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    version: row.version,
    counts: all,
    total: Object.values(all).reduce((a, b) => a + b, 0),
  };
}

async function load(db: Queryable, actor: Actor, id: string, forUpdate = false) {
  const row = await repo.findCampaign(db, actor.workspaceId, id, forUpdate);
  if (!row) throw notFound();
  return row;
}

/** One campaign with its recipients counted per status (the progress bar). */
export async function getCampaign(db: Queryable, actor: Actor, id: string): Promise<Campaign> {
  assertMayRunCampaigns(actor);
  const row = await load(db, actor, id);
  return present(row, (await repo.countByStatus(db, actor.workspaceId, [id])).get(id));
}

/** The workspace's campaigns, newest first, a page at a time. */
export async function listCampaigns(
  db: Queryable,
  actor: Actor,
  q: { limit: number; cursor?: string | undefined },
): Promise<{ items: Campaign[]; nextCursor: string | null }> {
  assertMayRunCampaigns(actor);
  const rows = (await repo.listCampaigns(
    db,
    actor.workspaceId,
    q.limit,
    decodeCursor(q.cursor),
  )) as (repo.CampaignRow & {
    created_at_text: string;
  })[];
  const page = rows.slice(0, q.limit);
  const counts = await repo.countByStatus(
    db,
    actor.workspaceId,
    page.map((r) => r.id),
  );
  const last = page.at(-1);
  return {
    items: page.map((r) => present(r, counts.get(r.id))),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.created_at_text, last.id]) : null,
  };
}

/** Makes a draft campaign (nothing is sent until it is started). */
export async function createCampaign(db: Db, actor: Actor, input: CreateCampaignRequest): Promise<Campaign> {
  assertMayRunCampaigns(actor);
  await assertPeopleCustomFilter(db, actor, input.filter.cf, 'filter.cf');
  const id = await repo.insertCampaign(db, {
    workspaceId: actor.workspaceId,
    name: input.name,
    channel: input.channel,
    subject: input.channel === 'email' ? (input.subject ?? null) : null,
    body: input.body,
    templateName: input.channel === 'whatsapp' ? (input.template?.name ?? null) : null,
    templateLanguage: input.channel === 'whatsapp' ? (input.template?.language ?? null) : null,
    templateParams: input.channel === 'whatsapp' ? (input.template?.params ?? []) : [],
    filter: input.filter,
    throttlePerMinute: input.throttlePerMinute,
    createdBy: actor.userId,
  });
  return getCampaign(db, actor, id);
}

/**
 * Who a campaign reaches: the people list's filters under the actor's visibility and, when the campaign comes from
 * the call center's Filtros tab, only the people that call list selects.
 */
async function recipientsWhere(
  db: Queryable,
  actor: Actor,
  filter: CampaignFilter,
  params: SqlParams,
): Promise<string[]> {
  const where = await peopleFilterPredicates(db, actor, filter, params, 'filter.cf');
  if (filter.callList) {
    const ids = await callListIds(db, actor, filter.callList, MAX_CALL_LIST_RECIPIENTS);
    where.push(`p.id = ANY(${params.add(ids)}::uuid[])`);
  }
  return where;
}

/** A call list reaches at most this many people (its first, by name). */
const MAX_CALL_LIST_RECIPIENTS = 100_000;

/**
 * What a campaign would do before it is made or started: how many people the filter matches (under the actor's
 * visibility) and the message as the first of them would get it, with who would be skipped and why.
 */
export async function previewCampaign(
  db: Queryable,
  actor: Actor,
  input: CreateCampaignRequest,
): Promise<{
  total: number;
  sample: {
    personId: string;
    name: string;
    address: string | null;
    skipReason: SkipReason | null;
    subject: string | null;
    text: string;
  }[];
}> {
  assertMayRunCampaigns(actor);
  const params = new SqlParams();
  const where = await recipientsWhere(db, actor, input.filter, params);
  const found = await repo.previewRecipients(db, {
    workspaceId: actor.workspaceId,
    channel: input.channel,
    where,
    params,
    sample: 5,
  });
  const workspaceName = await repo.workspaceName(db, actor.workspaceId);
  return {
    total: found.total,
    sample: found.sample.map((p) => {
      const values = campaignValues({ name: p.name, ownerName: p.owner_name, workspaceName });
      const skipReason: SkipReason | null = p.do_not_contact
        ? 'do_not_contact'
        : p.address
          ? null
          : input.channel === 'email'
            ? 'no_email'
            : 'no_phone';
      return {
        personId: p.person_id,
        name: p.name,
        // Phones leave the server masked (people.presenter rule); the e-mail is shown as is.
        address: p.address && input.channel === 'whatsapp' ? maskPhone(p.address) : p.address,
        skipReason,
        subject: input.subject ? renderCampaignText(input.subject, values) : null,
        text: renderCampaignText(input.body, values),
      };
    }),
  };
}

/**
 * Starts a draft: takes its recipients once (the filter under the starter's visibility; deny list and people without
 * the channel skipped with the reason) and lets the relay queue its batches. An empty campaign completes at once.
 */
export async function startCampaign(db: Db, actor: Actor, id: string): Promise<Campaign> {
  assertMayRunCampaigns(actor);
  await transaction(db, async (tx) => {
    const row = await load(tx, actor, id, true);
    if (row.status !== 'draft')
      throw new DomainError('conflict', 409, { detail: `campaign is ${row.status}` });
    if (row.channel === 'whatsapp' && !(await repo.findWhatsAppAccount(tx, actor.workspaceId))) {
      throw new DomainError('conflict', 409, { detail: 'WhatsApp is not set up for this workspace' });
    }
    const params = new SqlParams();
    const where = await recipientsWhere(tx, actor, row.filter as CampaignFilter, params);
    await repo.insertRecipients(tx, {
      workspaceId: actor.workspaceId,
      campaignId: id,
      channel: row.channel,
      where,
      params,
    });
    const queued = await repo.hasQueued(tx, actor.workspaceId, id);
    if (queued)
      await repo.setCampaignStatus(tx, actor.workspaceId, id, 'running', {
        started: true,
        nextBatchNow: true,
      });
    else
      await repo.setCampaignStatus(tx, actor.workspaceId, id, 'completed', { started: true, finished: true });
  });
  return getCampaign(db, actor, id);
}

const TRANSITIONS = {
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['draft', 'running', 'paused'], to: 'cancelled' },
} as const;

/**
 * Pause, resume or cancel. A batch already running finishes the messages it claimed; no new batch starts while the
 * campaign is not running. Cancelled recipients stay `queued` (never sent).
 */
export async function changeCampaignStatus(
  db: Db,
  actor: Actor,
  id: string,
  action: keyof typeof TRANSITIONS,
): Promise<Campaign> {
  assertMayRunCampaigns(actor);
  const t = TRANSITIONS[action];
  await transaction(db, async (tx) => {
    const row = await load(tx, actor, id, true);
    if (!(t.from as readonly string[]).includes(row.status)) {
      throw new DomainError('conflict', 409, { detail: `campaign is ${row.status}` });
    }
    await repo.setCampaignStatus(tx, actor.workspaceId, id, t.to, {
      nextBatchNow: t.to === 'running',
      finished: t.to === 'cancelled',
    });
  });
  return getCampaign(db, actor, id);
}

/** A page of a campaign's recipients with their status (optionally one status). */
export async function listCampaignRecipients(
  db: Queryable,
  actor: Actor,
  id: string,
  q: { status?: RecipientStatus | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: CampaignRecipient[]; nextCursor: string | null }> {
  assertMayRunCampaigns(actor);
  await load(db, actor, id);
  const rows = await repo.listRecipients(db, actor.workspaceId, id, {
    status: q.status,
    limit: q.limit,
    after: q.cursor ?? null,
  });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      personId: r.person_id,
      personName: r.person_name,
      status: r.status,
      skipReason: r.skip_reason,
      error: r.error,
      sentAt: r.sent_at?.toISOString() ?? null,
      deliveredAt: r.delivered_at?.toISOString() ?? null,
      readAt: r.read_at?.toISOString() ?? null,
    })),
    nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export const WHATSAPP_WEBHOOK_PATH = '/api/v1/whatsapp/webhook';

/** The workspace's WhatsApp number as the admin page shows it (secrets never leave). */
export async function getWhatsAppAccount(db: Queryable, actor: Actor) {
  assertMayRunCampaigns(actor);
  const row = await repo.findWhatsAppAccount(db, actor.workspaceId);
  return {
    configured: row !== null,
    apiUrl: row?.api_url ?? null,
    apiVersion: row?.api_version ?? null,
    phoneNumberId: row?.phone_number_id ?? null,
    webhookPath: WHATSAPP_WEBHOOK_PATH,
    updatedAt: row?.updated_at.toISOString() ?? null,
    version: row?.version ?? 0,
  };
}

/**
 * Sets the workspace's WhatsApp Cloud API number (token and app secret sealed at rest). The secrets are write-only:
 * required the first time, kept when absent afterwards. `expected` (If-Match, 0 before the first save) refuses a
 * save based on a stale read with 412.
 */
export async function setWhatsAppAccount(
  deps: { db: Db; secrets: SecretBox },
  actor: Actor,
  input: z.output<typeof ZWhatsAppAccountRequest>,
  expected?: number,
) {
  assertMayRunCampaigns(actor);
  try {
    await transaction(deps.db, async (tx) => {
      const current = await repo.lockWhatsAppAccount(tx, actor.workspaceId);
      const version = current?.version ?? 0;
      if (expected !== undefined && expected !== version) throw versionMismatch(version);
      const fields = {
        workspaceId: actor.workspaceId,
        apiUrl: input.apiUrl,
        apiVersion: input.apiVersion,
        phoneNumberId: input.phoneNumberId,
      };
      const seal = (value: string | undefined) => (value ? deps.secrets.seal(value) : null);
      if (current) {
        await repo.updateWhatsAppAccount(tx, {
          ...fields,
          accessTokenSealed: seal(input.accessToken),
          appSecretSealed: seal(input.appSecret),
          verifyToken: input.verifyToken ?? null,
        });
        return;
      }
      const { accessToken, appSecret, verifyToken } = input;
      if (!accessToken || !appSecret || !verifyToken) {
        const missing = (['accessToken', 'appSecret', 'verifyToken'] as const).filter((f) => !input[f]);
        throw validationError(missing.map((field) => ({ field, code: 'required', message: '' })));
      }
      await repo.insertWhatsAppAccount(tx, {
        ...fields,
        accessTokenSealed: deps.secrets.seal(accessToken),
        appSecretSealed: deps.secrets.seal(appSecret),
        verifyToken,
      });
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new DomainError('conflict', 409, { detail: 'number or verify token used by another workspace' });
    }
    throw error;
  }
  return getWhatsAppAccount(deps.db, actor);
}
