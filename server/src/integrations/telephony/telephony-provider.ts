import type { ContactOutcome } from '@funil/domain';

/**
 * Outbound calls behind one interface (the auto-dialer's). Funil asks a provider to place a call to a number and to
 * hang it up; the provider tells back, as normalized events, when the call rings, is answered (by a person or a
 * machine) and ends, with the outcome the desk records (Caixa postal, Não atende, Não existe, busy, failed).
 *
 * Two adapters: Twilio's REST API (events arrive at Funil's status-callback route, signed with X-Twilio-Signature)
 * and Asterisk's ARI (events arrive over ARI's WebSocket, `listen`). The simulator speaks Twilio's protocol.
 */

/** One call the dialer wants placed. */
export type OutgoingCall = {
  /** The person's number, E.164 (+5511987654321). */
  to: string;
  /** Funil's reference of the call (the dialer call id); comes back in every event as `reference`. */
  reference: string;
  /** Where a provider that calls back over HTTP (Twilio) posts the status events; the route verifies them. */
  statusCallbackUrl: string;
  /** The attendant's extension / SIP URI / number the answered call is bridged to, if configured. */
  connectTo: string | null;
  /** Seconds to ring before giving up (no answer). */
  ringTimeoutSeconds: number;
  /** Ask the provider to tell a person from an answering machine (Twilio AnsweredBy, Asterisk AMD()). */
  detectMachine: boolean;
};

export type PlaceCallResult =
  | { ok: true; callId: string }
  /**
   * The provider refused to place it. `outcome` is what the attempt is recorded as when the refusal is about the
   * number (Twilio 21211 / 21214 / 13224 → `invalid_number`), null when it is about us (credentials, quota, network):
   * then nothing is recorded against the person and the dialer stops with `error`.
   */
  | { ok: false; outcome: ContactOutcome | null; error: string };

/** What happened to a call, normalized from the provider's own words. */
export type TelephonyEvent = {
  /** The provider's call id (Twilio CallSid, ARI channel id). */
  callId: string;
  /** Funil's reference when the provider echoes it (ARI channel id = reference; Twilio: from the callback URL). */
  reference: string | null;
  state: 'ringing' | 'answered' | 'ended';
  /** On `answered` (and `ended` of an answered call): who picked up, when the provider detected it. */
  answeredBy: 'human' | 'machine' | null;
  /**
   * On `ended`: how it ended as the desk records it (`answered` for a talk with a person, `voicemail` for a machine,
   * `no_answer`, `busy`, `invalid_number`, `failed`); null when Funil itself cancelled it before it was answered.
   */
  outcome: ContactOutcome | null;
  /** On `ended`: seconds of conversation (0 when never answered). */
  durationSeconds: number | null;
  at: Date;
  /** The provider's ordering of the call's events when it has one (Twilio SequenceNumber), to drop a late one. */
  sequence: number | null;
  /** The provider's own status words (CallStatus/AnsweredBy, DIALSTATUS/AMDSTATUS/Q.850 cause), for the log. */
  detail: string;
};

export type TelephonyProvider = {
  readonly name: 'twilio' | 'asterisk';
  placeCall(call: OutgoingCall): Promise<PlaceCallResult>;
  /** Ends a call (cancels it when still ringing). A call already over is not an error. */
  hangUp(callId: string): Promise<void>;
  /**
   * Providers that push events over a connection of their own (ARI's WebSocket) deliver them here, reconnecting
   * until closed; Twilio's events come through the status-callback route instead and have no `listen`.
   */
  listen?(onEvent: (event: TelephonyEvent) => Promise<void>): { close(): Promise<void> };
};
