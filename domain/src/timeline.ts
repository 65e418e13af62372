/** Kinds only opportunities record (also shown on the timeline of each involved person). */
export const OPPORTUNITY_EVENT_KINDS = [
  'stage_changed',
  'status_changed',
  'person_involved',
  'person_removed',
  'proposal_created',
  'sale_created',
] as const;

/** A person flagged or unflagged: lack of interest, not a client, archived / restored, deny list, wallet changes. */
export const PERSON_FLAGS = [
  'disinterest',
  'non_client',
  'archived',
  'restored',
  'deny_list_on',
  'deny_list_off',
  'wallet_expired',
  'offered',
  'picked',
] as const;
export type PersonFlag = (typeof PERSON_FLAGS)[number];

/**
 * An activity scheduled, edited (its changes), completed or cancelled: on the opportunity's chain when it has
 * one (a person's timeline shows it from there), otherwise on the person's.
 */
export const ACTIVITY_EVENT_KINDS = [
  'activity_scheduled',
  'activity_changed',
  'activity_completed',
  'activity_cancelled',
] as const;

export const TIMELINE_KINDS = [
  'created',
  'field_changed',
  'owner_changed',
  'note',
  'person_flagged',
  /** An e-mail sent from Funil (`summary.messageId`; `summary.accountId` when it left from the user's own mailbox). */
  'email_sent',
  /**
   * A person's e-mail read from a user's mailbox (IMAP polling): `summary` its Message-ID, the mailbox and, when it
   * answers a message sent from Funil, `inReplyTo` and that message's `repliesTo` event id; `payload` from, subject,
   * date and a text excerpt.
   */
  'email_received',
  /** An asset (Ativos tab) added, edited or ended: `action` and the changed fields. */
  'asset_changed',
  /** Visualizar telefones: someone saw a person's full phone numbers (who and when; no numbers kept). */
  'phones_revealed',
  /** Titles, credit limits or sales orders pushed by the ERP (counts per call, not one event per title). */
  'erp_synced',
  'attachment_added',
  'document_generated',
  'document_sent',
  /** A helpdesk conversation (and its contact) linked to the person from the side panel. */
  'helpdesk_linked',
  /**
   * What a helpdesk told (its webhooks): a contact linked, a conversation opened or changing status, a message
   * (its text cut short). `summary.action` says which; the integration and conversation ids ride along.
   */
  'helpdesk_activity',
  /**
   * Roleta: a new lead handed to a broker by a distribution rule (`summary.reason`: turn, weight, shift_started),
   * or taken back and handed to the next one (`reclaimed`, after `summary.slaMinutes` without contact).
   */
  'lead_assigned',
  'lead_reassigned',
  /** A lead arrived through a lead source (intake): what it said, from which source, the consent it gave. */
  'lead_received',
  /** Call center: a contact attempt (call, WhatsApp, e-mail) with its outcome; the attempt's id rides along. */
  'contact_attempt',
  /** Pré-cadastro: the interested person became a client after a sale (`summary.opportunityId`). */
  'pre_registered',
  /**
   * A mass send's message to the person (envios comerciais): `summary` the campaign, channel and status when it went
   * out; `payload` the address and the text as sent.
   */
  'campaign_message',
  /**
   * Duplicates: two people merged into one, on both timelines (`summary.mergeId`, `summary.role`: survivor or
   * merged, `summary.otherId`); `merge_undone` when the merge is undone (desfazer mesclagem, within 30 days).
   */
  'merged',
  'merge_undone',
  /**
   * LGPD: a legal basis recorded for a purpose, or revoked (`summary`: purpose, basis, source, text version and the
   * consent record's id; `payload`: the purpose's name and the evidence).
   */
  'consent_granted',
  'consent_revoked',
  /** LGPD: the person was anonymized (`summary.anonymizationId`, the request id if any); no personal data. */
  'person_anonymized',
  ...OPPORTUNITY_EVENT_KINDS,
  ...ACTIVITY_EVENT_KINDS,
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const TIMELINE_FILTERS = ['all', 'notes', 'changes'] as const;
export type TimelineFilter = (typeof TIMELINE_FILTERS)[number];

export type FieldChange = { field: string; old: unknown; new: unknown };

/** Status-panel fields of a person, changed by their own actions and recorded as `field_changed`. */
export const PERSON_STATUS_FIELDS = [
  'temperature',
  'objective',
  'moment',
  'subMoment',
  'productOfInterest',
] as const;

/**
 * The person fields whose edits are recorded as `field_changed` (old and new value each); the owner has its
 * own `owner_changed` event and a new picture is recorded as field `photo`.
 */
export const TRACKED_PERSON_FIELDS = [
  'kind',
  'typeId',
  'name',
  'tradeName',
  'document',
  'documents',
  'rg',
  'stateRegistration',
  'cnaeCode',
  'cnaeDescription',
  'registrationStatus',
  'birthDate',
  'stage',
  'branchId',
  'tags',
  'source',
  'phones',
  'emails',
  'addresses',
  'social',
  'sharedWith',
] as const;
