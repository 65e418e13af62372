import { expect, it } from 'vitest';
import { describeContactAttempt, describePreRegistered } from './contact-event.ts';

const t = ((key: string, vars?: Record<string, unknown>) =>
  vars ? `${key} ${JSON.stringify(vars)}` : key) as never;

it('says direction, channel, outcome, duration, summary, next action and alarm', () => {
  const lines = describeContactAttempt(
    {
      data: {
        direction: 'outbound',
        channel: 'call',
        outcome: 'voicemail',
        durationSeconds: 12,
        summary: 'Deixei recado',
        nextAction: 'Ligar amanhã',
        alarmAt: null,
      },
    },
    t,
    'pt-BR',
  );
  expect(lines.map((l) => l.text)).toEqual([
    'callcenter.timeline.attempt {"direction":"callcenter.directions.outbound","channel":"callcenter.channels.call","outcome":"callcenter.outcomes.voicemail"}',
    'callcenter.timeline.duration {"seconds":12}',
    'Deixei recado',
    'callcenter.timeline.next {"text":"Ligar amanhã"}',
  ]);
});

it('an erased or empty event still says a contact happened; a pre-registration names the sale', () => {
  expect(describeContactAttempt({ data: null }, t, 'pt-BR')).toHaveLength(1);
  expect(describePreRegistered({ data: { opportunityTitle: 'Apto 12' } }, t)[0]?.text).toBe(
    'callcenter.timeline.preRegistered {"title":"Apto 12"}',
  );
});
