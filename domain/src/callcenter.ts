import { z } from 'zod';

// The call center desk (Receptivos / Ativos): contact attempts, returns with alarms and the call list filter
// shared by the desk's Filtros tab, the dialer and the mass sends.

export const CONTACT_DIRECTIONS = ['inbound', 'outbound'] as const;
export type ContactDirection = (typeof CONTACT_DIRECTIONS)[number];

export const CONTACT_CHANNELS = ['call', 'whatsapp', 'email'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** How a contact ended; voicemail / no_answer / invalid_number (Caixa postal / Não atende / Não existe) are frustrated calls. */
export const CONTACT_OUTCOMES = [
  'answered',
  'voicemail',
  'no_answer',
  'invalid_number',
  'busy',
  'failed',
] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/** The configurable lists of the desk (list_options), next to the opportunity lists. */
export const CALL_CENTER_LISTS = ['lead_type', 'interest_level', 'publicity'] as const;

/** A contact attempt as the desk (or the dialer) records it. */
export const ZRecordContactAttemptRequest = z.object({
  personId: z.uuid(),
  direction: z.enum(CONTACT_DIRECTIONS),
  channel: z.enum(CONTACT_CHANNELS).default('call'),
  outcome: z.enum(CONTACT_OUTCOMES),
  durationSeconds: z.number().int().min(0).max(86_400).nullable().optional(),
  summary: z.string().trim().max(4000).default(''),
  interestLevelId: z.uuid().nullable().optional(),
  leadTypeId: z.uuid().nullable().optional(),
  publicityId: z.uuid().nullable().optional(),
  nextAction: z.string().trim().max(500).default(''),
  /** When the attendant wants to be reminded (the alarm rings their bell once, live). */
  alarmAt: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type RecordContactAttemptRequest = z.input<typeof ZRecordContactAttemptRequest>;

const ZDay = z.iso.date();

/**
 * The call list filter (aba Filtros). Every field is optional; given ones are ANDed. Dates are São Paulo days.
 * `contactedFrom`/`contactedTo`: some contact in that range; `notContactedSince`: no contact on or after that day.
 * Interest, lead type and publicity are those of the person's latest contact.
 */
export const ZCallListFilter = z
  .object({
    contactedFrom: ZDay.optional(),
    contactedTo: ZDay.optional(),
    interestLevelIds: z.array(z.uuid()).max(50).optional(),
    publicityIds: z.array(z.uuid()).max(50).optional(),
    leadTypeIds: z.array(z.uuid()).max(50).optional(),
    /** A phone (any format; digits compared) or an e-mail. */
    contact: z.string().trim().min(1).max(200).optional(),
    ownerId: z.uuid().optional(),
    notContactedSince: ZDay.optional(),
  })
  .strict();
export type CallListFilter = z.infer<typeof ZCallListFilter>;

export type ContactAttempt = {
  id: string;
  personId: string;
  direction: ContactDirection;
  channel: ContactChannel;
  outcome: ContactOutcome;
  durationSeconds: number | null;
  summary: string;
  interestLevel: { id: string; label: string } | null;
  leadType: { id: string; label: string } | null;
  publicity: { id: string; label: string } | null;
  nextAction: string;
  alarmAt: string | null;
  user: { id: string; name: string } | null;
  createdAt: string;
};

export type CallListItem = {
  id: string;
  name: string;
  stage: string;
  owner: { id: string; name: string } | null;
  primaryPhone: string | null;
  primaryEmail: string | null;
  lastContactAt: string | null;
  attempts: number;
  interestLevel: string | null;
  leadType: string | null;
  publicity: string | null;
};

/** What the bell shows when a return's alarm rings. */
export type ContactAlarmData = {
  attemptId: string;
  personId: string;
  personName: string;
  nextAction: string;
  alarmAt: string;
};
