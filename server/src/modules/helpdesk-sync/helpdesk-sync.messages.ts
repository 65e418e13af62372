/**
 * What a helpdesk is told when a linked negotiation moves or closes: the contact's custom attributes (for the
 * helpdesk's filters and automations, machine values) and a private note for the agents (pt-BR sentence).
 */
export type OpportunityFacts = {
  id: string;
  title: string;
  status: 'open' | 'won' | 'lost' | 'discarded';
  stageName: string;
  pipelineName: string;
  valueCents: number | null;
};

export type SyncChange = {
  kind: 'stage_changed' | 'status_changed';
  summary: Record<string, unknown>;
  /** The event's personal payload (stage names, reason): null when erased. */
  payload: Record<string, unknown> | null;
};

export type SyncMessage = {
  eventType:
    | 'opportunity.moved'
    | 'opportunity.won'
    | 'opportunity.lost'
    | 'opportunity.discarded'
    | 'opportunity.reopened';
  attributes: Record<string, string | number | null>;
  note: string;
};

const brl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });

const nameOf = (v: unknown): string | null =>
  v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string'
    ? (v as { name: string }).name
    : null;

const STATUS_WORD: Record<OpportunityFacts['status'], string> = {
  open: 'reaberta',
  won: 'ganha',
  lost: 'perdida',
  discarded: 'descartada',
};

/** The attributes and note for one change of a negotiation, given what the negotiation is now. */
export function syncMessageOf(change: SyncChange, facts: OpportunityFacts): SyncMessage {
  const value = facts.valueCents === null ? null : facts.valueCents / 100;
  const attributes = {
    funil_negotiation: facts.title,
    funil_stage: facts.stageName,
    funil_status: facts.status,
    funil_value: value,
  };
  const title = `Negociação "${facts.title}"`;
  const suffix = value === null ? '' : ` (${brl.format(value)})`;
  if (change.kind === 'stage_changed') {
    const stage = nameOf(change.payload?.to) ?? facts.stageName;
    const pipeline = nameOf(change.payload?.toPipeline);
    return {
      eventType: 'opportunity.moved',
      attributes: { ...attributes, funil_stage: stage },
      note: `Funil: ${title} movida para ${stage}${pipeline ? ` no funil ${pipeline}` : ''}.`,
    };
  }
  const to = (change.summary.to as OpportunityFacts['status'] | undefined) ?? facts.status;
  const eventType =
    to === 'open' ? 'opportunity.reopened' : (`opportunity.${to}` as SyncMessage['eventType']);
  return {
    eventType,
    attributes: { ...attributes, funil_status: to },
    note: `Funil: ${title} ${STATUS_WORD[to] ?? to}${suffix}.`,
  };
}
