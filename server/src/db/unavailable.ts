/**
 * Whether an error means "the database cannot be reached right now" (down, restarting, refusing connections, out of
 * connection slots) rather than "this statement failed": the HTTP layer answers 503 `database-unavailable` with
 * Retry-After for these, never a 500. Decided from the error alone, its `cause` chain and an AggregateError's
 * members (Node gives one when every address of a host refused).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    if (isUnavailableItself(current as ErrorLike)) return true;
    const { cause, errors } = current as ErrorLike;
    if (cause) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return false;
}

type ErrorLike = { code?: unknown; message?: unknown; syscall?: unknown; cause?: unknown; errors?: unknown };

/** SQLSTATEs of a server that is going away, starting up or full (class 08 is matched as a whole). */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: terminating connection due to administrator command (pg_ctl stop -m fast)
  '57P02', // crash_shutdown: another backend crashed, the server restarts
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '53300', // too_many_connections
]);

/** Socket errors of a connection to the server (the app's only raw sockets are its database connections). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

/** What node-postgres and pg-pool say when a connection died, could not be made in time, or was closed under us. */
const DRIVER_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Query read timeout',
];

function isUnavailableItself(error: ErrorLike): boolean {
  const code = typeof error.code === 'string' ? error.code : '';
  if (/^08[0-9A-Z]{3}$/.test(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
  if (SOCKET_CODES.has(code)) return true;
  // A Unix socket that is gone (the embedded server is down) is ENOENT on connect; other ENOENTs are files.
  if (code === 'ENOENT' && error.syscall === 'connect') return true;
  const message = typeof error.message === 'string' ? error.message : '';
  return DRIVER_MESSAGES.some((m) => message === m || message.startsWith(`${m}:`));
}
