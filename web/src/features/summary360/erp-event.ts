import type { TFunction } from 'i18next';
import type { EventLine } from '../timeline/opportunity-events.ts';
import type { TimelineEvent } from '../timeline/types.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const ENTITIES = ['receivables', 'creditLimits', 'salesOrders'] as const;

/** An `erp_synced` event: what the ERP updated, the counts, and which token sent it. */
export function describeErpSync(event: Pick<TimelineEvent, 'data'>, t: TFunction): EventLine[] {
  const data = isRecord(event.data) ? event.data : {};
  const entity = ENTITIES.find((e) => e === data.entity);
  const lines: EventLine[] = [
    { text: entity ? t(`summary360.timeline.${entity}`) : t('summary360.timeline.kind') },
    {
      text: t('summary360.timeline.counts', {
        created: num(data.created),
        updated: num(data.updated),
        removed: num(data.removed),
      }),
    },
  ];
  const token = isRecord(data.token) ? data.token : null;
  if (token && typeof token.name === 'string' && typeof token.prefix === 'string') {
    lines.push({
      text: t('summary360.timeline.token', { name: token.name, prefix: token.prefix }),
      dimmed: true,
    });
  }
  return lines;
}
