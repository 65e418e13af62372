import {
  type CreateOpportunityInput,
  type CustomFieldValues,
  type InvolvedRole,
  type Opportunity,
  type Stage,
  type StageRequirableField,
  ZCreateOpportunityRequest,
  ZUpdateOpportunityRequest,
} from '@funil/domain';
import type { TFunction } from 'i18next';
import { fieldErrorMessage, issueToFieldError } from '../../lib/problems.ts';
import { centsToInput, parseMoney } from './money.ts';

export type OtherPersonRow = { key: string; personId: string | null; role: Exclude<InvolvedRole, 'holder'> };

/** What the opportunity form edits: texts as typed, ids of the picked options. */
export type OpportunityFormValues = {
  title: string;
  pipelineId: string | null;
  stageId: string | null;
  value: string;
  expectedCloseDate: string;
  businessPlanId: string | null;
  qualificationId: string | null;
  city: string;
  ownerId: string | null;
  teamId: string | null;
  managerId: string | null;
  branchId: string | null;
  media: string;
  channel: string;
  tags: string[];
  description: string;
  holderId: string | null;
  people: OtherPersonRow[];
};

/** Field path (as the API names it: `valueCents`, `people.0.personId`) → error code. */
export type FormErrors = Record<string, string>;

let rowCounter = 0;
export const personRowKey = () => `person-row-${++rowCounter}`;

export function emptyOpportunityForm(defaults: Partial<OpportunityFormValues> = {}): OpportunityFormValues {
  return {
    title: '',
    pipelineId: null,
    stageId: null,
    value: '',
    expectedCloseDate: '',
    businessPlanId: null,
    qualificationId: null,
    city: '',
    ownerId: null,
    teamId: null,
    managerId: null,
    branchId: null,
    media: '',
    channel: '',
    tags: [],
    description: '',
    holderId: null,
    people: [],
    ...defaults,
  };
}

/** The edit form of a loaded opportunity. */
export function opportunityToForm(o: Opportunity): OpportunityFormValues {
  return emptyOpportunityForm({
    title: o.title,
    pipelineId: o.pipelineId,
    stageId: o.stageId,
    value: centsToInput(o.valueCents),
    expectedCloseDate: o.expectedCloseDate ?? '',
    businessPlanId: o.businessPlan?.id ?? null,
    qualificationId: o.qualification?.id ?? null,
    city: o.city ?? '',
    ownerId: o.owner?.id ?? null,
    teamId: o.team?.id ?? null,
    managerId: o.manager?.id ?? null,
    branchId: o.branch?.id ?? null,
    media: o.source.media ?? '',
    channel: o.source.channel ?? '',
    tags: [...o.tags],
    description: o.description ?? '',
    holderId: o.people.find((p) => p.role === 'holder')?.personId ?? null,
  });
}

const blank = (text: string) => (text.trim() ? text.trim() : null);

/** The fields both create and edit send, from the form (money already parsed). */
function commonFields(v: OpportunityFormValues, valueCents: number | null) {
  return {
    title: v.title.trim(),
    description: blank(v.description),
    valueCents,
    expectedCloseDate: v.expectedCloseDate || null,
    businessPlanId: v.businessPlanId,
    city: blank(v.city),
    ownerId: v.ownerId,
    teamId: v.teamId,
    managerId: v.managerId,
    branchId: v.branchId,
    qualificationId: v.qualificationId,
    source: { media: blank(v.media), channel: blank(v.channel) },
    tags: v.tags.map((tag) => tag.trim()).filter(Boolean),
  };
}

/** The stage's required fields that the values leave empty, as `required_for_stage` errors. */
export function stageRequirementErrors(
  stage: Pick<Stage, 'requiredFields'> | undefined,
  values: Partial<Record<StageRequirableField, unknown>>,
): FormErrors {
  const errors: FormErrors = {};
  for (const field of stage?.requiredFields ?? []) {
    const value = values[field];
    if (value === null || value === undefined || value === '') errors[field] = 'required_for_stage';
  }
  return errors;
}

type Validated<T> = { ok: true; data: T } | { ok: false; errors: FormErrors };

function zodErrors(issues: readonly Parameters<typeof issueToFieldError>[0][]): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const { field, code } = issueToFieldError(issue);
    if (!(field in errors)) errors[field] = code;
  }
  return errors;
}

/** Checks the new-opportunity form with the domain schema and the stage's required fields. */
export function validateCreate(
  v: OpportunityFormValues,
  stage: Stage | undefined,
): Validated<CreateOpportunityInput> {
  const errors: FormErrors = {};
  const money = parseMoney(v.value);
  if (!money.ok) errors.valueCents = 'invalid_value';
  const body: CreateOpportunityInput = {
    ...commonFields(v, money.ok ? money.cents : null),
    pipelineId: v.pipelineId ?? '',
    ...(v.stageId ? { stageId: v.stageId } : {}),
    holderId: v.holderId ?? '',
    people: v.people.map((p) => ({ personId: p.personId ?? '', role: p.role })),
  };
  const parsed = ZCreateOpportunityRequest.safeParse(body);
  if (!parsed.success) {
    for (const [field, code] of Object.entries(zodErrors(parsed.error.issues)))
      if (!(field in errors)) errors[field] = code;
  }
  // Empty texts and ids are "required", not too short or malformed.
  if (!v.title.trim()) errors.title = 'required';
  if (!v.pipelineId) errors.pipelineId = 'required';
  if (!v.holderId) errors.holderId = 'required';
  v.people.forEach((p, i) => {
    if (!p.personId) errors[`people.${i}.personId`] = 'required';
    else if (p.personId === v.holderId || v.people.findIndex((o) => o.personId === p.personId) < i)
      errors[`people.${i}.personId`] = 'duplicate';
  });
  for (const [field, code] of Object.entries(stageRequirementErrors(stage, body)))
    if (!(field in errors)) errors[field] = code;
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, data: body };
}

/** What an edit sends: the changed fields, and the changed custom values (`null` clears one). */
export type OpportunityPatch = Partial<ReturnType<typeof commonFields>> & {
  customFields?: CustomFieldValues;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields the edit form changed, validated; an empty patch means nothing to save. */
export function validateEdit(
  v: OpportunityFormValues,
  base: Opportunity,
  stage: Stage | undefined,
): Validated<OpportunityPatch> {
  const money = parseMoney(v.value);
  if (!money.ok) return { ok: false, errors: { valueCents: 'invalid_value' } };
  const next = commonFields(v, money.cents);
  const before = commonFields(opportunityToForm(base), base.valueCents);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof typeof next)[]) {
    if (!same(next[key], before[key])) patch[key] = next[key];
  }
  const parsed = ZUpdateOpportunityRequest.safeParse(patch);
  const errors = parsed.success ? {} : zodErrors(parsed.error.issues);
  // Closed opportunities keep what they have; an open one may not lose what its stage requires.
  if (base.status === 'open') {
    for (const [field, code] of Object.entries(stageRequirementErrors(stage, next)))
      if (field in patch && !(field in errors)) errors[field] = code;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, data: patch as OpportunityPatch };
}

/** The server's 422 `errors`, first error of each field. */
export function serverErrors(errors: readonly { field: string; code: string }[]): FormErrors {
  const map: FormErrors = {};
  for (const { field, code } of errors) if (!(field in map)) map[field] = code;
  return map;
}

const OPPORTUNITY_CODES = [
  'required_for_stage',
  'unknown_person',
  'unknown_option',
  'unknown_stage',
  'unknown_pipeline',
  'duplicate',
  'holder_required',
  'ownerForbidden',
  'reason_required',
] as const;
type OpportunityCode = (typeof OPPORTUNITY_CODES)[number];
const isOpportunityCode = (code: string): code is OpportunityCode =>
  (OPPORTUNITY_CODES as readonly string[]).includes(code);

/** The message under a field, for the codes opportunities add ("Obrigatório nesta etapa") and the common ones. */
export function opportunityFieldError(code: string | undefined, t: TFunction): string | undefined {
  if (!code) return undefined;
  if (isOpportunityCode(code)) return t(`opportunity.errors.${code}`);
  return fieldErrorMessage(code, t);
}
