import type {
  CardNextActivity,
  CustomFieldValues,
  InvolvedPerson,
  Opportunity,
  OpportunityCard,
  SaleRequirement,
} from '@funil/domain';
import type { OpportunityRow } from './opportunities.repository.ts';
import type { CardRow } from './opportunities-board.repository.ts';
import type { InvolvedRow } from './opportunity-people.repository.ts';
import type { ProposalRow } from './proposals.repository.ts';

// Stored opportunities, involved people and proposals → API output. No I/O: the services load what is shown.

type Ref = { id: string; name: string } | null;

export const ref = (id: string | null, name: string | null | undefined): Ref =>
  id ? { id, name: name ?? '' } : null;

type Options = Map<string, { label: string; archived: boolean }>;

/** The people involved, each with what the workspace requires for a sale and they lack. */
export function presentInvolvedPeople(rows: InvolvedRow[], required: SaleRequirement[]): InvolvedPerson[] {
  return rows.map((r) => ({
    personId: r.person_id,
    role: r.role,
    name: r.name,
    kind: r.kind,
    visible: r.visible,
    // A company has no birth date to give.
    missing: required.filter((req) => r.missing[req] && !(req === 'birthDate' && r.kind === 'company')),
  }));
}

/**
 * An opportunity with its list options (by id), involved people, sales order and the custom values the
 * reader's role may read.
 */
export function presentOpportunity(
  r: OpportunityRow,
  loaded: {
    options: Options;
    people: InvolvedPerson[];
    salesOrder: Opportunity['salesOrder'];
    customFields: CustomFieldValues;
  },
): Opportunity {
  const option = (id: string | null) => {
    const o = id ? loaded.options.get(id) : undefined;
    return id && o ? { id, label: o.label, position: 0, archived: o.archived } : null;
  };
  const reason = option(r.status_reason_id);
  return {
    id: r.id,
    pipelineId: r.pipeline_id,
    stageId: r.stage_id,
    title: r.title,
    description: r.description,
    valueCents: r.value_cents,
    expectedCloseDate: r.expected_close_date,
    businessPlan: option(r.business_plan_id),
    city: r.city,
    owner: ref(r.owner_id, r.owner_name),
    team: ref(r.team_id, r.team_name),
    manager: ref(r.manager_id, r.manager_name),
    branch: ref(r.branch_id, r.branch_name),
    qualification: option(r.qualification_id),
    source: { media: r.source_media, channel: r.source_channel },
    tags: r.tags,
    status: r.status,
    statusReason: reason ? { id: reason.id, label: reason.label } : null,
    statusNote: r.status_note,
    closedAt: r.closed_at?.toISOString() ?? null,
    stageEnteredAt: r.stage_entered_at.toISOString(),
    rotting: r.rotting,
    origin: r.origin,
    originIntegration: r.origin_integration,
    originPayload: r.origin_payload,
    createdBy: ref(r.created_by, r.created_by_name),
    people: loaded.people,
    salesOrder: loaded.salesOrder,
    customFields: loaded.customFields,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export const presentProposal = (p: ProposalRow) => ({
  id: p.id,
  valueCents: p.value_cents,
  conditions: p.conditions,
  validUntil: p.valid_until,
  items: p.items,
  status: p.status,
  createdBy: ref(p.created_by, p.created_by_name),
  createdAt: p.created_at.toISOString(),
  acceptedAt: p.accepted_at?.toISOString() ?? null,
});

/** A card of the board or the list view, with its soonest open activity when it has one. */
export function presentCard(
  r: CardRow,
  nextActivity: CardNextActivity | null,
  /** The stored custom values → those the reader's role may read. */
  readable: (stored: Record<string, unknown>) => Record<string, unknown>,
): OpportunityCard {
  return {
    id: r.id,
    pipelineId: r.pipeline_id,
    stageId: r.stage_id,
    title: r.title,
    holder: r.holder_id ? { id: r.holder_id, name: r.holder_name ?? '' } : null,
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
    nextActivity,
    customFields: readable(r.custom_fields),
  };
}
