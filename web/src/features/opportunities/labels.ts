import type { StageRequirableField } from '@funil/domain';
import type { TFunction } from 'i18next';
import type { opportunityPtBR } from './messages.ts';

/** The form label of each field a stage may require. */
const STAGE_FIELD_LABEL = {
  description: 'description',
  valueCents: 'value',
  expectedCloseDate: 'expectedCloseDate',
  businessPlanId: 'businessPlan',
  city: 'city',
  qualificationId: 'qualification',
} as const satisfies Record<StageRequirableField, keyof typeof opportunityPtBR.fields>;

const isStageField = (field: string): field is StageRequirableField => field in STAGE_FIELD_LABEL;

/** "Valor, Previsão de fechamento" for the fields of a `stage-requirements` refusal. */
export function stageFieldsText(fields: readonly string[], t: TFunction): string {
  return fields
    .map((f) => (isStageField(f) ? t(`opportunity.fields.${STAGE_FIELD_LABEL[f]}`) : f))
    .join(', ');
}
