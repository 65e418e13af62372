/** Stable problem type codes shared by the API (RFC 9457 `type`) and the web (messages). */
export const PROBLEM_CODES = [
  'validation',
  'malformed-json',
  'payload-too-large',
  'unauthenticated',
  'invalid-credentials',
  'too-many-attempts',
  'forbidden',
  'not-found',
  'person-duplicate',
  'version-mismatch',
  'precondition-required',
  'idempotency-in-progress',
  'unsupported-media-type',
  'conflict',
  'stage-not-empty',
  'stage-requirements',
  'sale-requirements',
  'opportunity-closed',
  'do-not-contact',
  'email-not-configured',
  'email-failed',
  'mail-oauth-not-configured',
  'activity-closed',
  'attachment-type-refused',
  'timeout',
  'lookup-not-found',
  'lookup-unavailable',
  'lookup-disabled',
  'outside-calling-hours',
  'dialer-busy',
  'telephony-unavailable',
  'storage-unavailable',
  'already-merged',
  'merge-expired',
  'merge-anonymized',
  'already-anonymized',
  'suppressed',
  'database-unavailable',
  'internal',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export type FieldError = { field: string; code: string; message: string };

export type DuplicateMatch = {
  /** passport and state_registration: `value` is `<country or UF> <number>`. */
  field: 'document' | 'email' | 'phone' | 'passport' | 'state_registration';
  value: string;
  personId: string | null;
  visible: boolean;
  name: string | null;
  ownerName: string | null;
};

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ProblemCode;
  errors?: FieldError[];
  matches?: DuplicateMatch[];
  /** `sale-requirements`: per involved person, what is missing before the sale. */
  missing?: MissingSaleData[];
  /** The request's id (X-Request-Id; every log line of the request carries it). */
  requestId?: string;
};

export type MissingSaleData = {
  personId: string;
  name: string;
  missing: ('document' | 'address' | 'phone' | 'email' | 'birthDate')[];
};
