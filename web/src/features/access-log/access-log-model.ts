import { ACCESS_KINDS, type AccessKind } from '@funil/domain';

/** The access log page's filters, as they live in the URL. */
export type AccessLogFilters = {
  userId?: string;
  personId?: string;
  kind?: AccessKind;
  /** `YYYY-MM-DD` */
  from?: string;
  to?: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Keeps only the filters the page knows, well formed, from the URL. */
export function parseAccessLogFilters(search: Record<string, unknown>): AccessLogFilters {
  const out: AccessLogFilters = {};
  const text = (key: string) => (typeof search[key] === 'string' ? (search[key] as string) : '');
  if (UUID.test(text('userId'))) out.userId = text('userId');
  if (UUID.test(text('personId'))) out.personId = text('personId');
  const kind = ACCESS_KINDS.find((k) => k === search.kind);
  if (kind) out.kind = kind;
  if (DAY.test(text('from'))) out.from = text('from');
  if (DAY.test(text('to'))) out.to = text('to');
  return out;
}
