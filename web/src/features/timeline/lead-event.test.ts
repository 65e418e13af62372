import { expect, it } from 'vitest';
import { describeLeadReceived } from './lead-event.ts';

const t = ((key: string, vars?: Record<string, unknown>) =>
  vars ? `${key} ${JSON.stringify(vars)}` : key) as never;

it('says the source, the message, the form answers and the consent with its version', () => {
  const lines = describeLeadReceived(
    {
      data: {
        source: 'Site',
        createdPerson: true,
        message: 'Quero visitar',
        fields: { bairro: 'Centro' },
        consent: { text: 'Aceito', version: 2 },
      },
    },
    t,
  );
  expect(lines.map((l) => l.text)).toEqual([
    'timeline.lead.receivedNew {"source":"Site"}',
    'Quero visitar',
    'bairro: Centro',
    'timeline.lead.consent {"text":"Aceito","version":2}',
  ]);
});

it('an event without data still says a lead arrived', () => {
  expect(describeLeadReceived({ data: null }, t)[0]?.text).toBe('timeline.lead.received {"source":""}');
});
