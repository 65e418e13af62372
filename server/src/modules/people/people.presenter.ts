import { type MaskedPerson, maskPhone, maskPhones } from '@funil/domain';
import type { Person, PersonListItem } from './people.types.ts';

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
