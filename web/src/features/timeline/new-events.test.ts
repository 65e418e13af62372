import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/resources.ts';
import { eventsAbove, newEventsSentence } from './new-events.ts';
import type { TimelineEvent } from './types.ts';

const event = (
  id: number,
  actor: { id: string; name: string } | null = null,
  kind = 'note',
): TimelineEvent => ({
  id,
  kind,
  actor,
  occurredAt: '2026-12-07T10:00:00.000Z',
  data: null,
  erased: false,
});
const maria = { id: 'u1', name: 'Maria Souza' };
const label = (e: TimelineEvent) => (e.kind === 'note' ? 'Anotação' : 'Etapa');

describe('eventsAbove', () => {
  it('is nothing on the first load, and what a reload put on top afterwards', () => {
    expect(eventsAbove(null, [event(2), event(1)])).toEqual([]);
    expect(eventsAbove([2, 1], [event(4), event(3), event(2), event(1)]).map((e) => e.id)).toEqual([4, 3]);
    expect(eventsAbove([], [event(1)]).map((e) => e.id)).toEqual([1]);
  });

  it('leaves out older pages loaded below ("Carregar mais")', () => {
    expect(eventsAbove([3, 2], [event(3), event(2), event(1), event(0)])).toEqual([]);
  });
});

describe('newEventsSentence', () => {
  it('says the kind and who caused it, leaving out the viewer’s own', async () => {
    const { t } = await createI18n('pt-BR');
    expect(newEventsSentence([event(5, maria)], 'me', label, t)).toBe(
      'Novo no histórico: Anotação, por Maria Souza.',
    );
    expect(newEventsSentence([event(5, null, 'stage_changed')], 'me', label, t)).toBe(
      'Novo no histórico: Etapa.',
    );
    expect(newEventsSentence([event(5, { id: 'me', name: 'Eu' })], 'me', label, t)).toBeNull();
    expect(newEventsSentence([], 'me', label, t)).toBeNull();
  });

  it('counts many new events instead of reading each one', async () => {
    const { t } = await createI18n('en');
    const many = [event(3, maria), event(2, maria), event(1, maria)];
    expect(newEventsSentence(many, 'me', label, t)).toBe('3 new events in the history.');
  });
});
