import { NON_CLIENT_REASONS, PERSON_FLAGS, type PersonFlag } from '@funil/domain';
import type { TFunction } from 'i18next';
import type { EventLine } from './opportunity-events.ts';
import type { TimelineEvent } from './types.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T =>
  typeof v === 'string' && (list as readonly string[]).includes(v);

/** The flag of a `person_flagged` event, or null when it is missing or unknown. */
export function personFlag(event: Pick<TimelineEvent, 'data'>): PersonFlag | null {
  const flag = isRecord(event.data) ? event.data.flag : null;
  return oneOf(PERSON_FLAGS, flag) ? flag : null;
}

/** "Colocado em oferta ativa para Equipe Paulista" (without the team when the event lacks it). */
function offeredText(data: Record<string, unknown>, t: TFunction): string {
  const team = isRecord(data.team) ? (text(data.team.name) ?? text(data.team.label)) : null;
  return team ? t('personStatus.timeline.offered', { team }) : t('personStatus.timeline.offeredNoTeam');
}

/**
 * The lines of a `person_flagged` event: what happened ("Informou desinteresse"), the reason (a list item
 * `{ id, label }` or a not-a-client code) and the note; tolerant of missing data, since events stay forever.
 */
export function describePersonFlag(event: TimelineEvent, t: TFunction): EventLine[] {
  const data = isRecord(event.data) ? event.data : {};
  const flag = personFlag(event);
  const lines: EventLine[] = [
    {
      text:
        flag === 'offered'
          ? offeredText(data, t)
          : flag
            ? t(`personStatus.timeline.${flag}`)
            : (text(data.flag) ?? t('personStatus.timeline.kind')),
    },
  ];
  const reason = oneOf(NON_CLIENT_REASONS, data.reason)
    ? t(`personStatus.nonClientReasons.${data.reason}`)
    : isRecord(data.reason)
      ? (text(data.reason.label) ?? text(data.reason.name))
      : text(data.reason);
  if (reason) lines.push({ text: t('personStatus.timeline.reason', { reason }) });
  const note = text(data.note);
  if (note) lines.push({ text: t('personStatus.timeline.note', { note }), dimmed: true });
  return lines;
}

/** What an `email_sent` event shows: the address, the subject and the text (empty strings when missing). */
export type SentEmail = { to: string; subject: string; body: string };

export function readSentEmail(event: Pick<TimelineEvent, 'data'>): SentEmail {
  const data = isRecord(event.data) ? event.data : {};
  return { to: text(data.to) ?? '', subject: text(data.subject) ?? '', body: text(data.body) ?? '' };
}

/** What an `email_received` event shows: the sender, the subject, a text excerpt and whether it answers a sent e-mail. */
export type ReceivedEmail = { from: string; subject: string; excerpt: string; isReply: boolean };

export function readReceivedEmail(event: Pick<TimelineEvent, 'data'>): ReceivedEmail {
  const data = isRecord(event.data) ? event.data : {};
  const name = text(data.fromName);
  const address = text(data.from) ?? '';
  return {
    from: name ? `${name} <${address}>` : address,
    subject: text(data.subject) ?? '',
    excerpt: text(data.excerpt) ?? '',
    isReply: typeof data.repliesTo === 'number',
  };
}
