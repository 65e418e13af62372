import type { TFunction } from 'i18next';
import { expect, it } from 'vitest';
import { describeHelpdeskActivity } from './helpdesk-event.ts';

const t = ((key: string, vars?: Record<string, string>) =>
  `${key}${vars ? JSON.stringify(vars) : ''}`) as unknown as TFunction;

it('describes a received message with its excerpt dimmed, and a status change with the status named', () => {
  expect(
    describeHelpdeskActivity(
      {
        data: {
          action: 'message',
          direction: 'incoming',
          conversationId: '9',
          integration: 'Chat',
          excerpt: 'Oi',
        },
      },
      t,
    ),
  ).toEqual([
    { text: 'timeline.helpdesk.messageIncoming{"integration":"Chat","conversation":"9"}' },
    { text: 'Oi', dimmed: true },
  ]);
  const [status] = describeHelpdeskActivity(
    { data: { action: 'conversation_status', status: 'resolved', conversationId: '9' } },
    t,
  );
  expect(status?.text).toContain('timeline.helpdesk.statuses.resolved');
  expect(describeHelpdeskActivity({ data: null }, t)).toEqual([{ text: 'timeline.kinds.helpdesk_activity' }]);
});
