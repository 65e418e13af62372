import { type MaskedPerson, maskPhone, maskPhones, PERSON_ACTIONS, type PersonStatus } from '@funil/domain';
import type { Actor } from '../auth/actor.ts';
import { mayUseAction } from './people.policy.ts';
import type { Person, PersonListItem } from './people.types.ts';
import type { StatusRow } from './person-status.repository.ts';

// What the API shows of people: phones masked everywhere (Visualizar telefones). The full numbers leave the
// server only through the recorded reveal (people.service.ts `revealPhones`); search still matches them.

/** A person as reads, creates and edits answer it: phones masked. */
export function presentPerson(person: Person): MaskedPerson {
  return { ...person, phones: maskPhones(person.phones) };
}

/** A row of the list or search: the primary phone masked. */
export function presentListItem(item: PersonListItem): PersonListItem {
  return { ...item, primaryPhone: item.primaryPhone ? maskPhone(item.primaryPhone) : null };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A phone list as an old/new value of a recorded change, its numbers masked. */
const maskPhoneList = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map((p) =>
        isRecord(p) && typeof p.number === 'string' ? { ...p, number: maskPhone(p.number) } : p,
      )
    : value;

/**
 * The history keeps the phones of every edit (old and new) as typed; shown on the timeline they are masked
 * like everywhere else, so "Visualizar alterações" is not a way around the recorded reveal.
 */
export function maskPhonesInEventData(kind: string, data: unknown): unknown {
  if (kind !== 'field_changed' || !isRecord(data) || !Array.isArray(data.changes)) return data;
  return {
    ...data,
    changes: data.changes.map((c) =>
      isRecord(c) && c.field === 'phones'
        ? { ...c, old: maskPhoneList(c.old), new: maskPhoneList(c.new) }
        : c,
    ),
  };
}

type Ref = { id: string; label: string } | null;
const ref = (id: string | null, label: string | null): Ref => (id ? { id, label: label ?? '' } : null);

/** The status panel of a person, with the actions this viewer's role may use on it. */
export function presentStatus(actor: Actor, r: StatusRow): PersonStatus {
  return {
    personId: r.id,
    objective: ref(r.objective_id, r.objective_label),
    moment: ref(r.moment_id, r.moment_label),
    subMoment: ref(r.sub_moment_id, r.sub_moment_label),
    temperature: r.temperature,
    previousTemperature: r.previous_temperature,
    productOfInterest: ref(r.product_of_interest_id, r.product_label),
    disinterest: r.disinterested_at
      ? {
          reason: ref(r.disinterest_reason_id, r.disinterest_label),
          note: r.disinterest_note,
          at: r.disinterested_at.toISOString(),
        }
      : null,
    nonClient:
      r.non_client_reason && r.non_client_at
        ? { reason: r.non_client_reason, note: r.non_client_note, at: r.non_client_at.toISOString() }
        : null,
    archived: r.archived_at
      ? {
          at: r.archived_at.toISOString(),
          by: r.archived_by ? { id: r.archived_by, name: r.archived_by_name ?? '' } : null,
        }
      : null,
    doNotContact: r.do_not_contact,
    wallet: {
      status: r.wallet_status,
      since: r.wallet_changed_at?.toISOString() ?? null,
      offerTeam: r.offer_team_id ? { id: r.offer_team_id, name: r.offer_team_name ?? '' } : null,
      lastActivityAt: r.last_activity_at.toISOString(),
    },
    visits: {
      first: r.first_visit_at?.toISOString() ?? null,
      last: r.last_visit_at?.toISOString() ?? null,
      next: r.next_visit_at?.toISOString() ?? null,
    },
    allowedActions: PERSON_ACTIONS.filter((a) => mayUseAction(actor, a)),
    version: r.version,
  };
}
