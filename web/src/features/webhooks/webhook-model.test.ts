import { WEBHOOK_EVENT_TYPES } from '@funil/domain';
import { describe, expect, it } from 'vitest';
import { ptBR } from '../../i18n/pt-BR.ts';
import { EVENT_GROUPS, eventKey, loggedEventKey, parseDeliveryFilters } from './webhook-model.ts';

describe('webhook event groups', () => {
  it('hold every event type exactly once, each with a pt-BR label', () => {
    const grouped = EVENT_GROUPS.flatMap((g) => g.types as readonly string[]);
    expect([...grouped].sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    const labels = ptBR.webhooks.events as Record<string, string>;
    for (const type of WEBHOOK_EVENT_TYPES) expect(labels[eventKey(type)], type).toBeTruthy();
  });

  it('labels a logged event of a known type, and leaves an unknown one (a later kind) as it came', () => {
    expect(loggedEventKey('opportunity.won')).toBe('opportunity_won');
    expect(loggedEventKey('conversation.synced')).toBeNull();
  });
});

describe('delivery log filters from the URL', () => {
  it('keeps a known status and a subscription id, and drops anything else', () => {
    const id = '0b9c2f3e-8a7d-4c1b-9e2f-3a4b5c6d7e8f';
    expect(parseDeliveryFilters({ status: 'failed', subscriptionId: id })).toEqual({
      status: 'failed',
      subscriptionId: id,
    });
    expect(parseDeliveryFilters({ status: 'exploded', subscriptionId: 'x; drop' })).toEqual({});
    expect(parseDeliveryFilters({ status: ['failed'], subscriptionId: 42 })).toEqual({});
  });
});
