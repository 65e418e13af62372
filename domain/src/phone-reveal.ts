import type { Person, Phone, PhoneType } from './people.ts';
import { mayHaveWhatsApp, type PhoneKind, phoneKind } from './phones.ts';

/**
 * Visualizar telefones (client-timeline-actions seed, issue 5 §3): phones reach the browser masked; the full
 * numbers only come from `POST /people/{id}/phones/reveal`, which records who looked and when.
 */

/**
 * A recognisable but unusable form of a phone: `(11) 9••••-••21` for Brazilian numbers (area code, the
 * mobile/landline digit and the last two digits kept), `+1 ••••••••89` for others.
 */
export function maskPhone(e164: string): string {
  // Non-geographic (public commercial lines): the prefix and the last two digits, `0800 •••-••34`, `4004-••34`.
  const kind = phoneKind(e164);
  if (kind === 'toll_free' || kind === 'shared_cost') {
    const national = e164.slice(3);
    if (national.length === 8) return `${national.slice(0, 4)}-••${national.slice(6)}`;
    const hidden = national.slice(3, -2).length;
    return `0${national.slice(0, 3)} ${'•'.repeat(hidden - 2)}-••${national.slice(-2)}`;
  }
  const br = /^\+55(\d{2})(\d)(\d{3,4})(\d{2})(\d{2})$/.exec(e164);
  if (br) {
    const [, ddd = '', first = '', middle = '', hidden = '', last = ''] = br;
    return `(${ddd}) ${first}${'•'.repeat(middle.length)}-${'•'.repeat(hidden.length)}${last}`;
  }
  const digits = e164.replace(/\D/g, '');
  if (digits.length < 4) return '•'.repeat(digits.length);
  return `+${digits.slice(0, 1)} ${'•'.repeat(digits.length - 3)}${digits.slice(-2)}`;
}

/** A phone as reads show it: masked, with its type (mobile/WhatsApp/landline/commercial) and primary flag. */
export type MaskedPhone = { masked: string; type: PhoneType; kind: PhoneKind; primary: boolean };

/** A person as the API shows it outside the reveal: phones masked. */
export type MaskedPerson = Omit<Person, 'phones'> & { phones: MaskedPhone[] };

/** What `POST /people/{id}/phones/reveal` answers: the full numbers, and when the reveal was recorded. */
export type RevealedPhones = { phones: Phone[]; revealedAt: string };

export const maskPhones = (phones: readonly Phone[]): MaskedPhone[] =>
  phones.map((p) => ({
    masked: maskPhone(p.number),
    type: p.type,
    kind: phoneKind(p.number),
    primary: p.primary,
  }));

/**
 * Whether a phone of this type can receive WhatsApp messages (mobiles and WhatsApp numbers); with the number,
 * never a toll-free or shared-cost line whatever type was chosen.
 */
export const takesWhatsApp = (type: PhoneType, e164?: string): boolean =>
  (type === 'mobile' || type === 'whatsapp') && (e164 === undefined || mayHaveWhatsApp(e164));
