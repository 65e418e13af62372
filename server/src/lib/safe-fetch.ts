import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * Outbound HTTP to addresses an admin typed (webhook targets): the host is resolved once, every address is checked
 * against the blocked ranges, and the connection goes to the checked address (the socket's `lookup` answers it),
 * so a DNS answer that changes between check and connect (rebinding) cannot reach the inside. Redirects are
 * answered as they are, never followed; time is bounded.
 */
export type SafeFetchOptions = {
  /** Loopback (127.0.0.0/8, ::1) allowed: tests and local simulators only (FUNIL_OUTBOUND_ALLOW_LOOPBACK). */
  allowLoopback: boolean;
  /**
   * Private ranges (10/8, 172.16/12, 192.168/16, unique local…) allowed too: only for a target the operator set in the
   * environment, never one typed in the app (a PBX's ARI on the office network). Link-local (metadata) stays refused.
   */
  allowPrivate?: boolean;
  timeoutMs: number;
};

export type SafeResponse = { status: number; body: string; ms: number };

export class BlockedTargetError extends Error {
  override name = 'BlockedTargetError';
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['169.254.0.0', 16], // link-local (cloud metadata)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['64:ff9b::', 96], // NAT64 of any IPv4
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

/** Link-local and the unspecified address: refused even where private ranges are allowed (cloud metadata). */
const LINK_LOCAL = new BlockList();
LINK_LOCAL.addSubnet('0.0.0.0', 8, 'ipv4');
LINK_LOCAL.addSubnet('169.254.0.0', 16, 'ipv4');
LINK_LOCAL.addSubnet('224.0.0.0', 4, 'ipv4');
LINK_LOCAL.addSubnet('240.0.0.0', 4, 'ipv4');
LINK_LOCAL.addSubnet('::', 128, 'ipv6');
LINK_LOCAL.addSubnet('fe80::', 10, 'ipv6');
LINK_LOCAL.addSubnet('ff00::', 8, 'ipv6');

/** Why an address may not be reached, or null when it may (IPv4-mapped IPv6 is judged as its IPv4). */
export function blockedReason(
  address: string,
  allowLoopback: boolean,
  allowPrivate = false,
): 'loopback' | 'private' | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (LOOPBACK.check(ip, family)) return allowLoopback ? null : 'loopback';
  if (PRIVATE.check(ip, family)) {
    return allowPrivate && !LINK_LOCAL.check(ip, family) ? null : 'private';
  }
  return null;
}

/** Resolves a URL's host and answers the first allowed address; throws BlockedTargetError when any is blocked. */
export async function resolveSafeTarget(
  url: URL,
  allowLoopback: boolean,
  allowPrivate = false,
): Promise<{ address: string; family: number }> {
  if (!/^https?:$/.test(url.protocol)) throw new BlockedTargetError(`scheme ${url.protocol} is not allowed`);
  return resolveSafeHost(url.hostname, allowLoopback, allowPrivate);
}

/**
 * Resolves a host name (or takes an IP address) and answers its first address when every address is allowed; throws
 * BlockedTargetError otherwise. For any protocol: the caller connects to the answered address (mail servers too).
 */
export async function resolveSafeHost(
  hostname: string,
  allowLoopback: boolean,
  allowPrivate = false,
): Promise<{ address: string; family: number }> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await lookup(host, { all: true, verbatim: true }).catch(() => {
        throw new BlockedTargetError(`host ${host} does not resolve`);
      });
  // Every answer must be allowed: a name that also points inside is refused as a whole.
  for (const a of addresses) {
    const reason = blockedReason(a.address, allowLoopback, allowPrivate);
    if (reason) throw new BlockedTargetError(`${host} resolves to a ${reason} address (${a.address})`);
  }
  const first = addresses[0];
  if (!first) throw new BlockedTargetError(`host ${host} does not resolve`);
  return first;
}

const EXCERPT_BYTES = 2048;

/** POSTs `body` to `url` through the checks above; answers the status, the body's start and the time taken. */
export function safePost(
  url: string,
  headers: Record<string, string>,
  body: string,
  opts: SafeFetchOptions,
): Promise<SafeResponse> {
  return safeRequest('POST', url, headers, body, opts);
}

/**
 * A request with any method (a provider's REST API: PUT to update, POST to create, DELETE to end) through the same
 * checks; JSON unless `headers` names another content-type (Twilio's form-encoded POSTs), no body when null.
 */
export function safeRequest(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  body: string | null,
  opts: SafeFetchOptions,
): Promise<SafeResponse> {
  return send(method, url, headers, body, opts, EXCERPT_BYTES);
}

/** Most a GET reads of an answer (a registry record); a longer one is cut there and fails to parse as JSON. */
const GET_MAX_BYTES = 256 * 1024;

/**
 * GETs `url` through the same checks and time bound (a lookup provider's record); answers the status and the body
 * (up to 256 KiB, read whole so the JSON can be parsed). No redirect is followed.
 */
export function safeGet(
  url: string,
  headers: Record<string, string>,
  opts: SafeFetchOptions,
): Promise<SafeResponse> {
  return send('GET', url, { accept: 'application/json', ...headers }, null, opts, GET_MAX_BYTES);
}

/**
 * POSTs a form (`application/x-www-form-urlencoded`) through the same checks and reads the answer whole, up to 256 KiB:
 * an OAuth token endpoint, whose tokens are longer than a log excerpt.
 */
export function safePostForm(
  url: string,
  form: URLSearchParams,
  opts: SafeFetchOptions,
): Promise<SafeResponse> {
  const body = form.toString();
  return send(
    'POST',
    url,
    {
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
    },
    body,
    opts,
    GET_MAX_BYTES,
  );
}

async function send(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  body: string | null,
  opts: SafeFetchOptions,
  maxBytes: number,
): Promise<SafeResponse> {
  const target = new URL(url);
  const { address, family } = await resolveSafeTarget(target, opts.allowLoopback, opts.allowPrivate);
  const started = performance.now();
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<SafeResponse>((resolve, reject) => {
    const request = client.request(
      target,
      {
        method,
        headers:
          body === null
            ? headers
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        // Connect to the address that was checked, whatever the name resolves to now.
        lookup: (_host, options, callback) => {
          if ((options as { all?: boolean }).all) callback(null, [{ address, family }]);
          else (callback as (e: null, a: string, f: number) => void)(null, address, family);
        },
        signal: AbortSignal.timeout(opts.timeoutMs),
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < maxBytes) chunks.push(chunk);
          size += chunk.length;
          // Enough to show in the log (or to parse); the rest is not read.
          if (size >= maxBytes) response.destroy();
        });
        const done = () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'),
            ms: Math.round(performance.now() - started),
          });
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    request.on('error', reject);
    if (body === null) request.end();
    else request.end(body);
  });
}
