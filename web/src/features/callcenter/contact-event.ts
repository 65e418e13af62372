import { CONTACT_CHANNELS, CONTACT_DIRECTIONS, CONTACT_OUTCOMES } from '@funil/domain';
import type { TFunction } from 'i18next';
import type { EventLine } from '../timeline/opportunity-events.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** A `contact_attempt` event: direction, channel, outcome, duration, summary, next action, alarm. */
export function describeContactAttempt(event: { data: unknown }, t: TFunction, locale: string): EventLine[] {
  const d = isRecord(event.data) ? event.data : {};
  const one = <T extends string>(list: readonly T[], v: unknown): T | null =>
    list.includes(v as T) ? (v as T) : null;
  const direction = one(CONTACT_DIRECTIONS, d.direction);
  const channel = one(CONTACT_CHANNELS, d.channel);
  const outcome = one(CONTACT_OUTCOMES, d.outcome);
  const lines: EventLine[] = [
    {
      text: t('callcenter.timeline.attempt', {
        direction: direction ? t(`callcenter.directions.${direction}`) : '',
        channel: channel ? t(`callcenter.channels.${channel}`) : '',
        outcome: outcome ? t(`callcenter.outcomes.${outcome}`) : '',
      }),
    },
  ];
  if (typeof d.durationSeconds === 'number') {
    lines.push({ text: t('callcenter.timeline.duration', { seconds: d.durationSeconds }), dimmed: true });
  }
  if (str(d.summary)) lines.push({ text: str(d.summary) });
  if (str(d.nextAction))
    lines.push({ text: t('callcenter.timeline.next', { text: str(d.nextAction) }), dimmed: true });
  if (str(d.alarmAt)) {
    lines.push({
      text: t('callcenter.timeline.alarm', { when: new Date(str(d.alarmAt)).toLocaleString(locale) }),
      dimmed: true,
    });
  }
  return lines;
}

/** A `pre_registered` event: the sale it came from. */
export function describePreRegistered(event: { data: unknown }, t: TFunction): EventLine[] {
  const d = isRecord(event.data) ? event.data : {};
  return [{ text: t('callcenter.timeline.preRegistered', { title: str(d.opportunityTitle) }) }];
}
