import { createHash } from 'node:crypto';
import {
  type CreatePersonRequest,
  type CustomFieldValues,
  formatPhone,
  type LookupAddress,
  type NormalizedLead,
  normalizeLead,
  phoneKind,
  validateCustomValues,
  ZCreateOpportunityRequest,
  ZCreatePersonRequest,
} from '@funil/domain';
import { type Db, transaction } from '../../db/pool.ts';
import type { JobAttempt, JobPayload, JobQueue } from '../../jobs/queue.ts';
import { startScheduler } from '../../jobs/scheduler.ts';
import { DomainError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { actorForUser } from '../auth/auth.service.ts';
import { recordConsentsBySystem } from '../consents/consents.service.ts';
import { fieldsOf } from '../custom-fields/custom-fields.service.ts';
import { distributeLead } from '../distribution/distribution.service.ts';
import { lookupCep, lookupCnpj } from '../lookups/lookups.service.ts';
import { createOpportunity, openOpportunityOfPerson } from '../opportunities/opportunities.service.ts';
import { createPerson } from '../people/people.service.ts';
import { suppressedKinds } from '../suppression/suppression.service.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import * as repo from './intake.repository.ts';

export type IntakeJobDeps = { db: Db; queue: JobQueue };

const BATCH = 200;
/** Leads one worker fetches per poll. */
const INTAKE_BATCH = 25;
/** Workers per instance (each holds at most two pool connections at a time). */
const INTAKE_WORKERS = 3;

/** Queues every stored lead not yet queued; the job id is the lead id, so queueing a lead again adds nothing. */
export async function relayIntakeLeads(deps: IntakeJobDeps): Promise<number> {
  const claimed = await repo.claimUnqueued(deps.db, BATCH);
  for (const lead of claimed) {
    try {
      await deps.queue.send(
        'intake-lead',
        { workspaceId: lead.workspace_id, leadId: lead.id },
        { id: lead.id },
      );
    } catch (error) {
      await repo.unqueue(deps.db, lead.workspace_id, lead.id);
      throw error;
    }
  }
  return claimed.length;
}

/** The payload as the source sent it, for the lead information card (JSON, or the form's fields). */
function payloadOf(row: repo.IntakeLeadRow): unknown {
  if (row.content_type?.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(row.raw_body));
  }
  try {
    return JSON.parse(row.raw_body);
  } catch {
    return row.raw_body;
  }
}

/**
 * What the public registries add to a new person (the workspace's lookup switch and cache apply): a CNPJ's company
 * (razão social, nome fantasia, CNAE, situação, address) and the address of the lead's CEP. A registry that is off,
 * down or does not know the number adds nothing — the lead is registered with what it said.
 */
async function registryData(db: Db, workspaceId: string, lead: NormalizedLead) {
  const company =
    lead.documentKind === 'cnpj' && lead.document ? await lookupCnpj(db, workspaceId, lead.document) : null;
  const byCep = lead.cep ? await lookupCep(db, workspaceId, lead.cep) : null;
  return {
    company: company?.status === 'found' ? company.company : null,
    address: byCep?.status === 'found' ? byCep.address : null,
  };
}

/** A registry address as a person's address, when it has what one needs (street, city, UF). */
function addressFrom(address: LookupAddress | null, type: 'home' | 'work') {
  if (!address?.street || !address.city || !address.state) return [];
  return [{ ...address, type, primary: true }];
}

/** A lead's phone typed from the number: a company's 0800 / número único is Comercial (never WhatsApp). */
function phoneTypeOf(e164: string) {
  const kind = phoneKind(e164);
  if (kind === 'toll_free' || kind === 'shared_cost') return 'commercial';
  return kind === 'landline' ? 'landline' : 'mobile';
}

/**
 * The lead's custom values (a generic mapping's `cf.<key>` targets) that the person's fields accept, as the source's
 * creator may write them; a value a field refuses is left out rather than losing the lead (the payload keeps it).
 */
async function customValuesOf(db: Db, actor: Actor, lead: NormalizedLead): Promise<CustomFieldValues> {
  const sent = Object.entries(lead.customFields ?? {});
  if (sent.length === 0) return {};
  const fields = await fieldsOf(db, actor.workspaceId, 'person');
  const accepted: CustomFieldValues = {};
  for (const [key, value] of sent) {
    const checked = validateCustomValues(fields, { [key]: value }, { role: actor.role, partial: true });
    if ('values' in checked && checked.values[key] !== null) accepted[key] = checked.values[key];
  }
  return accepted;
}

function personInput(
  source: repo.IntakeSourceRow,
  lead: NormalizedLead,
  payload: unknown,
  registry: Awaited<ReturnType<typeof registryData>>,
  customFields: CustomFieldValues,
): CreatePersonRequest {
  const { company } = registry;
  const name =
    company?.name ?? lead.name ?? lead.email ?? (lead.phone ? formatPhone(lead.phone) : null) ?? 'Lead';
  const kind = lead.documentKind === 'cnpj' ? 'company' : 'individual';
  // The lead's own CEP says where they are; a company without one is at its registered address.
  const address = registry.address ?? company?.address ?? null;
  return ZCreatePersonRequest.parse({
    kind,
    name: name.length >= 2 ? name : `Lead ${name}`,
    document: lead.document,
    ...(company && {
      tradeName: company.tradeName,
      cnaeCode: company.cnaeCode,
      cnaeDescription: company.cnaeDescription,
      registrationStatus: company.registrationStatus,
    }),
    addresses: addressFrom(address, kind === 'company' ? 'work' : 'home'),
    phones: lead.phone ? [{ number: lead.phone, type: phoneTypeOf(lead.phone), primary: true }] : [],
    emails: lead.email ? [{ address: lead.email, primary: true }] : [],
    source: { media: source.media, channel: source.channel },
    ...(source.default_owner_id ? { ownerId: source.default_owner_id } : {}),
    customFields,
    integration: { name: source.name, payload },
  });
}

/** Finds the lead's person: a new one, or the one holding its CPF/CNPJ, e-mail or phone (people's duplicate check). */
async function personOfLead(
  db: Db,
  actor: Actor,
  source: repo.IntakeSourceRow,
  lead: NormalizedLead,
  payload: unknown,
): Promise<{ personId: string; created: boolean } | { rejected: string }> {
  try {
    const registry = await registryData(db, actor.workspaceId, lead);
    const customFields = await customValuesOf(db, actor, lead);
    const person = await createPerson(db, actor, personInput(source, lead, payload, registry, customFields), {
      unattended: true,
    });
    return { personId: person.id, created: true };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === 'person-duplicate') {
      const match = error.extra.matches?.find((m) => m.personId);
      return match?.personId
        ? { personId: match.personId, created: false }
        : { rejected: 'duplicate_not_visible' };
    }
    if (error.status === 422) return { rejected: 'invalid_data' };
    throw error;
  }
}

/**
 * The id of the negotiation a lead opens, derived from the lead's id (a v4-shaped UUID from SHA-256): a retry after
 * the negotiation was written but not recorded on the lead recognises it instead of opening a second one.
 */
export function opportunityIdOfLead(leadId: string): string {
  const h = createHash('sha256').update(`intake-opportunity:${leadId}`).digest('hex');
  const variant = ((Number.parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Processes one received lead as the source's creator, step by step, each step recorded on the lead's row so a retry
 * of a half-done job picks up where it stopped (never a second person or negotiation): normalize → the person (new,
 * or found by document, e-mail or phone) → the `lead_received` event on their timeline → a negotiation in the
 * source's funnel unless they have an open one there (or the source says always) → the roleta → the outcome.
 */
export async function processIntakeLead(
  db: Db,
  job: JobPayload<'intake-lead'>,
  attempt?: JobAttempt,
): Promise<void> {
  const row = await repo.findLead(db, job.workspaceId, job.leadId);
  if (row?.status !== 'pending') return;
  const finish = (status: string, reason: string | null, distribution: unknown = null) =>
    repo.finishLead(db, row.workspace_id, row.id, { status, reason, distribution });
  const source = await repo.findSource(db, row.workspace_id, row.source_id);
  const actor = source?.created_by ? await actorForUser(db, row.workspace_id, source.created_by) : null;
  if (!source || !actor) return finish('rejected', 'source_unavailable');
  const normalized = normalizeLead(row.lead);
  if (!normalized.ok) return finish('rejected', normalized.reason);
  const lead = normalized.lead;
  const payload = payloadOf(row);
  try {
    let personId = row.person_id;
    let created = row.created_person ?? false;
    if (!personId) {
      // LGPD: a person anonymized at their request is not brought back by a lead source.
      const suppressed = await suppressedKinds(db, row.workspace_id, {
        document: lead.document,
        emails: lead.email ? [lead.email] : [],
        phones: lead.phone ? [lead.phone] : [],
      });
      if (suppressed.length > 0) return repo.suppressLead(db, row.workspace_id, row.id);
      const found = await personOfLead(db, actor, source, lead, payload);
      if ('rejected' in found) return finish('rejected', found.rejected);
      personId = found.personId;
      created = found.created;
      await repo.recordStep(db, row.workspace_id, row.id, { personId, createdPerson: created });
    }
    if (!row.event_recorded) {
      const pid = personId;
      await transaction(db, async (tx) => {
        await appendEvent(tx, {
          workspaceId: row.workspace_id,
          subjectType: 'person',
          subjectId: pid,
          kind: 'lead_received',
          actorId: null,
          summary: { sourceId: source.integration_id, leadId: row.id, createdPerson: created },
          payload: {
            source: source.name,
            createdPerson: created,
            preset: source.preset,
            externalId: row.external_id,
            name: lead.name,
            email: lead.email,
            message: lead.message,
            fields: lead.extra,
            consent: row.consent ?? lead.consent,
          },
        });
        // LGPD: the source's purpose + legal basis, once per lead (same step as its event, so a retry adds none).
        if (source.consent_purpose_id && source.consent_basis) {
          await recordConsentsBySystem(tx, {
            workspaceId: row.workspace_id,
            personIds: [pid],
            setting: { purposeId: source.consent_purpose_id, legalBasis: source.consent_basis },
            source: 'intake',
            evidence: `Fonte de leads "${source.name}", lead ${row.id}`,
            recordedBy: null,
          });
        }
        await repo.recordStep(tx, row.workspace_id, row.id, { eventRecorded: true });
      });
    }
    let opportunityId = row.opportunity_id;
    let newOpportunity = opportunityId !== null;
    if (!opportunityId) {
      const pid = personId;
      const planned = opportunityIdOfLead(row.id);
      // One lead at a time per person decides "is there an open negotiation in this funnel": two leads of the same
      // person processed by two workers never both open one. The lock is held by this transaction while the
      // negotiation is written on other connections.
      ({ opportunityId, newOpportunity } = await transaction(db, async (tx) => {
        await repo.lockPersonIntake(tx, row.workspace_id, pid);
        const open = await openOpportunityOfPerson(tx, row.workspace_id, pid, source.pipeline_id);
        // A retry after this lead's negotiation was made but not recorded finds it by its id.
        if (open === planned) return { opportunityId: planned, newOpportunity: true };
        if (open && !source.always_new_opportunity) return { opportunityId: null, newOpportunity: false };
        const name = lead.name ?? lead.email ?? 'Lead';
        const opportunity = await createOpportunity(
          db,
          actor,
          ZCreateOpportunityRequest.parse({
            title: (lead.title ?? `${name} — ${source.name}`).slice(0, 160),
            pipelineId: source.pipeline_id,
            ...(source.stage_id ? { stageId: source.stage_id } : {}),
            holderId: pid,
            ...(source.default_owner_id ? { ownerId: source.default_owner_id } : {}),
            source: { media: source.media, channel: source.channel },
            integration: { name: source.name, payload },
          }),
          { id: planned },
        );
        return { opportunityId: opportunity.id as string | null, newOpportunity: true };
      }));
      if (opportunityId) await repo.recordStep(db, row.workspace_id, row.id, { opportunityId });
    }
    const status = created ? 'created' : newOpportunity ? 'merged' : 'duplicate';
    const distribution =
      opportunityId && newOpportunity
        ? await distributeLead(db, {
            workspaceId: row.workspace_id,
            opportunityId,
            personId,
            pipelineId: source.pipeline_id,
            sourceId: source.integration_id,
            createdPerson: created,
          })
        : null;
    return finish(status, null, distribution);
  } catch (error) {
    // A lead the services refuse for its data never gets better by retrying; anything else is retried.
    if (error instanceof DomainError && error.status === 422) return finish('rejected', 'invalid_data');
    if (attempt?.lastTry) await finish('rejected', 'processing_failed');
    throw error;
  }
}

/** Starts this instance's intake worker and relay; answers the function that stops the relay. */
export async function startIntake(
  deps: IntakeJobDeps,
  log: { error: (obj: object, msg: string) => void },
  relayEveryMs: number,
): Promise<() => void> {
  // Leads come in bursts (a portal's backlog, a campaign): many per poll, each idempotent (a finished one is skipped).
  for (let i = 0; i < INTAKE_WORKERS; i++) {
    await deps.queue.work('intake-lead', (job, attempt) => processIntakeLead(deps.db, job, attempt), {
      batchSize: INTAKE_BATCH,
    });
  }
  return startScheduler(
    deps.db,
    log,
    [{ name: 'intake-relay', everyMs: relayEveryMs, run: () => relayIntakeLeads(deps) }],
    relayEveryMs,
  );
}
