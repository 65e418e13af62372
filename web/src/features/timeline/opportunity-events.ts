import { INVOLVED_ROLES, OPPORTUNITY_EVENT_KINDS, OPPORTUNITY_STATUSES } from '@funil/domain';
import type { TFunction } from 'i18next';
import { formatBRL } from '../opportunities/money.ts';
import type { TimelineEvent } from './types.ts';

/** One line of an event's body; `dimmed` for secondary text (notes, explanations). */
export type EventLine = { text: string; dimmed?: boolean };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const refName = (v: unknown): string | null => (isRecord(v) ? text(v.name) : null);
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T =>
  typeof v === 'string' && (list as readonly string[]).includes(v);

/** Whether the timeline renders this event with `describeOpportunityEvent`. */
export function isOpportunityEvent(event: Pick<TimelineEvent, 'kind' | 'subject'>): boolean {
  return (
    oneOf(OPPORTUNITY_EVENT_KINDS, event.kind) ||
    (event.kind === 'created' && event.subject?.type === 'opportunity')
  );
}

/**
 * The readable lines of an opportunity event ("Etapa: Novo lead → Proposta", "Venda gerada: pedido nº 7 ·
 * R$ 250.000,00"); tolerant of missing or malformed data, since events are kept forever.
 */
export function describeOpportunityEvent(event: TimelineEvent, t: TFunction, locale: string): EventLine[] {
  const data = isRecord(event.data) ? event.data : {};
  const unknown = t('timeline.unknownRef');
  const status = (v: unknown) =>
    oneOf(OPPORTUNITY_STATUSES, v) ? t(`opportunity.statuses.${v}`) : (text(v) ?? unknown);
  const role = (v: unknown) =>
    oneOf(INVOLVED_ROLES, v) ? t(`opportunity.roles.${v}`) : (text(v) ?? unknown);
  const money = (v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) ? formatBRL(v, locale) : t('timeline.emptyValue');
  switch (event.kind) {
    case 'created': {
      const values = {
        pipeline: refName(data.pipeline) ?? unknown,
        stage: refName(data.stage) ?? unknown,
        integration: text(data.integration) ?? unknown,
      };
      return [
        {
          text:
            data.origin === 'integration'
              ? t('timeline.opportunityCreatedIntegration', values)
              : t('timeline.opportunityCreated', values),
        },
      ];
    }
    case 'stage_changed': {
      const lines: EventLine[] = [
        {
          text: t('timeline.stageChange', {
            from: refName(data.from) ?? unknown,
            to: refName(data.to) ?? unknown,
          }),
        },
      ];
      if (data.reason === 'stage_archived') lines.push({ text: t('timeline.stageArchived'), dimmed: true });
      if (isRecord(data.toPipeline)) {
        lines.push({
          text: t('timeline.pipelineChange', {
            from: refName(data.fromPipeline) ?? unknown,
            to: refName(data.toPipeline) ?? unknown,
          }),
          dimmed: true,
        });
      }
      return lines;
    }
    case 'status_changed': {
      const lines: EventLine[] = [
        { text: t('timeline.statusChange', { from: status(data.from), to: status(data.to) }) },
      ];
      const reason = isRecord(data.reason) ? text(data.reason.label) : null;
      if (reason) lines.push({ text: t('timeline.statusReason', { reason }) });
      const note = text(data.note);
      if (note) lines.push({ text: t('timeline.statusNote', { note }), dimmed: true });
      return lines;
    }
    case 'person_involved': {
      const name = refName(data.person) ?? unknown;
      return [
        {
          text: data.previousRole
            ? t('timeline.personRoleChanged', { name, from: role(data.previousRole), to: role(data.role) })
            : t('timeline.personInvolved', { name, role: role(data.role) }),
        },
      ];
    }
    case 'person_removed':
      return [
        {
          text: t('timeline.personRemoved', { name: refName(data.person) ?? unknown, role: role(data.role) }),
        },
      ];
    case 'proposal_created':
      return [{ text: t('timeline.proposalCreated', { value: money(data.valueCents) }) }];
    case 'sale_created': {
      const order = isRecord(data.salesOrder) ? data.salesOrder : {};
      const number = typeof order.number === 'number' ? String(order.number) : unknown;
      return [{ text: t('timeline.saleCreated', { number, value: money(data.valueCents) }) }];
    }
    default:
      return [{ text: event.kind }];
  }
}
