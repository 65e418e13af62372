import type { Db } from '../../db/pool.ts';

/** A new lead the roleta may hand to a broker: its negotiation, holder and where it came from. */
export type NewLead = {
  workspaceId: string;
  opportunityId: string;
  personId: string;
  pipelineId: string;
  /** The lead source (an integration of kind `lead_source`) it came through; null when typed in Funil. */
  sourceId: string | null;
  /** Whether this lead created the person (then the person's owner follows the negotiation's). */
  createdPerson: boolean;
};

export type Distribution =
  | { status: 'assigned'; ownerId: string; ruleId: string }
  | { status: 'queued'; ruleId: string }
  | { status: 'no_rule' };

/**
 * Hands a new lead to the broker whose turn it is under the first matching rule (funnel / source / branch / team).
 * Runs in its own transaction, after the negotiation exists.
 */
export async function distributeLead(_db: Db, _lead: NewLead): Promise<Distribution> {
  return { status: 'no_rule' };
}
