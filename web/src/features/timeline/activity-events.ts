import { ACTIVITY_EVENT_KINDS, ACTIVITY_KINDS, TRACKED_ACTIVITY_FIELDS } from '@funil/domain';
import type { TFunction } from 'i18next';
import { businessDay, businessTime, formatDay } from '../activities/calendar.ts';
import type { EventLine } from './opportunity-events.ts';
import type { TimelineEvent } from './types.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/** Whether the timeline renders this event with `describeActivityEvent`. */
export const isActivityEvent = (event: Pick<TimelineEvent, 'kind'>): boolean =>
  (ACTIVITY_EVENT_KINDS as readonly string[]).includes(event.kind);

/**
 * The lines of an activity event ("Visita agendada: Visita ao decorado (05/05/2026 10:00)", its outcome,
 * reason or changes); tolerant of missing data, since events are kept forever.
 */
export function describeActivityEvent(event: TimelineEvent, t: TFunction, locale: string): EventLine[] {
  const data = isRecord(event.data) ? event.data : {};
  const activity = isRecord(data.activity) ? data.activity : {};
  const kindName = ACTIVITY_KINDS.find((k) => k === activity.kind);
  const when = (v: unknown) =>
    typeof v === 'string' && !Number.isNaN(Date.parse(v))
      ? `${formatDay(businessDay(v), locale)} ${businessTime(v)}`
      : t('timeline.emptyValue');
  const values = {
    kind: kindName ? t(`activities.kinds.${kindName}`) : t('activities.timeline.kind'),
    title: text(activity.title) ?? t('timeline.unknownRef'),
    date: when(activity.dueAt),
  };
  switch (event.kind) {
    case 'activity_scheduled':
      return [{ text: t('activities.timeline.scheduled', values) }];
    case 'activity_completed': {
      const outcome = text(data.outcome);
      return [
        { text: t('activities.timeline.completed', values) },
        ...(outcome ? [{ text: t('activities.timeline.outcome', { text: outcome }), dimmed: true }] : []),
      ];
    }
    case 'activity_cancelled': {
      const reason = text(data.reason);
      return [
        { text: t('activities.timeline.cancelled', values) },
        ...(reason ? [{ text: t('activities.timeline.reason', { text: reason }), dimmed: true }] : []),
      ];
    }
    default: {
      const changes = Array.isArray(data.changes) ? data.changes.filter(isRecord) : [];
      const show = (field: string, v: unknown) => {
        if (v === null || v === undefined || v === '') return t('timeline.emptyValue');
        if (field === 'dueAt') return when(v);
        if (field === 'kind') {
          const k = ACTIVITY_KINDS.find((x) => x === v);
          return k ? t(`activities.kinds.${k}`) : String(v);
        }
        return String(v);
      };
      return [
        { text: t('activities.timeline.changed', values) },
        ...changes.map((c) => {
          const field = TRACKED_ACTIVITY_FIELDS.find((f) => f === c.field);
          return {
            text: t('activities.timeline.change', {
              field: field ? t(`activities.fields.${field}`) : String(c.field),
              old: show(String(c.field), c.old),
              new: show(String(c.field), c.new),
            }),
            dimmed: true,
          };
        }),
      ];
    }
  }
}
