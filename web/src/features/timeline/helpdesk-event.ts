import type { TFunction } from 'i18next';
import type { EventLine } from './opportunity-events.ts';
import type { TimelineEvent } from './types.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const STATUSES = ['open', 'resolved', 'pending', 'snoozed'] as const;

/** A `helpdesk_activity` event (what a helpdesk's webhooks told): a linked contact, a conversation, a message. */
export function describeHelpdeskActivity(event: Pick<TimelineEvent, 'data'>, t: TFunction): EventLine[] {
  const data = isRecord(event.data) ? event.data : {};
  const vars = { integration: str(data.integration), conversation: str(data.conversationId) };
  switch (data.action) {
    case 'contact_linked':
      return [{ text: t('timeline.helpdesk.contactLinked', vars) }];
    case 'conversation_opened':
      return [{ text: t('timeline.helpdesk.conversationOpened', vars) }];
    case 'conversation_status': {
      const status = STATUSES.find((s) => s === data.status);
      return [
        {
          text: t('timeline.helpdesk.conversationStatus', {
            ...vars,
            status: status ? t(`timeline.helpdesk.statuses.${status}`) : str(data.status),
          }),
        },
      ];
    }
    case 'message': {
      const key =
        data.direction === 'incoming'
          ? 'messageIncoming'
          : data.direction === 'outgoing'
            ? 'messageOutgoing'
            : 'messageOther';
      const lines: EventLine[] = [{ text: t(`timeline.helpdesk.${key}`, vars) }];
      if (str(data.excerpt)) lines.push({ text: str(data.excerpt), dimmed: true });
      return lines;
    }
    default:
      return [{ text: t('timeline.kinds.helpdesk_activity') }];
  }
}
