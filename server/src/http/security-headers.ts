import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyReply } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { Env } from '../config/env.ts';

type Directives = Record<string, string[]>;

/**
 * The Content-Security-Policy of every response. Scripts only from our own origin (the Vite build has no inline
 * script); inline styles are allowed because Mantine writes `<style>` elements at run time (CSS variables,
 * responsive style props) and ECharts styles its tooltip; images may be data:/blob: URLs (icons, previews).
 * Nobody may frame a page (`frame-ancestors 'none'`): the one exception is `allowFramingBy`.
 */
function appDirectives(https: boolean): Directives {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    // Over https a stray http:// URL is fetched over https instead of being blocked as mixed content.
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** True when the app is published over https (FUNIL_PUBLIC_URL); only then HSTS is sent. */
export function isPublishedOverHttps(env: Pick<Env, 'FUNIL_PUBLIC_URL'>): boolean {
  return env.FUNIL_PUBLIC_URL?.startsWith('https:') ?? false;
}

/**
 * The @fastify/helmet options for every response: CSP above, X-Frame-Options DENY (for browsers without
 * frame-ancestors), nosniff, `Referrer-Policy: same-origin` (no address leaves for another site, while our own
 * POSTs keep their Origin header), and HSTS only when the public URL is https (over http it would either be
 * ignored or, behind a misconfigured proxy, lock browsers out).
 */
export function securityHeaders(env: Pick<Env, 'FUNIL_PUBLIC_URL'>): FastifyHelmetOptions {
  const https = isPublishedOverHttps(env);
  return {
    contentSecurityPolicy: { useDefaults: false, directives: appDirectives(https) },
    frameguard: { action: 'deny' },
    xContentTypeOptions: true,
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
  } as FastifyHelmetOptions;
}

/**
 * Writes the headers of `options` on a response that no hook will see: Fastify answers a URL its router cannot read
 * (`frameworkErrors`) before any onRequest hook, so @fastify/helmet never runs for it.
 */
export function writeSecurityHeaders(
  options: FastifyHelmetOptions,
  req: IncomingMessage,
  res: ServerResponse,
) {
  helmet(options as HelmetOptions)(req, res, () => {});
}

/**
 * The Swagger UI at /api/docs under its own policy: the same as the app's (its bundle, initializer and styles are
 * served from our origin; its logo is a data: image), stated separately so a Swagger UI upgrade that needs more
 * widens only this page.
 */
export function docsSecurityHeaders(env: Pick<Env, 'FUNIL_PUBLIC_URL'>): FastifyHelmetOptions {
  return securityHeaders(env);
}

/**
 * An origin that may frame a page, normalized (`https://helpdesk.example.com:8443`), or null: only http(s), no
 * path, query, credentials or wildcard — so a configured value can never add a directive to the policy.
 */
export function parseFrameOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') return null;
  if (!/^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(url.hostname)) return null;
  return url.origin;
}

/** `csp` with its frame-ancestors directive replaced by the given origins ('none' when there is none). */
export function withFrameAncestors(csp: string, origins: readonly string[]): string {
  const kept = csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !/^frame-ancestors(\s|$)/i.test(d));
  const ancestors = origins.length ? origins.join(' ') : "'none'";
  return [...kept, `frame-ancestors ${ancestors}`].join(';');
}

/**
 * The one exception to "no one may frame Funil": the helpdesk side panel (`/embed/helpdesk`) lets the origins
 * configured on its integration frame this response. Call it from the route handler (after the security headers
 * were set); values that are not a plain origin are dropped. Returns the origins actually allowed.
 */
export function allowFramingBy(reply: FastifyReply, origins: readonly string[]): string[] {
  const allowed = [...new Set(origins.map(parseFrameOrigin).filter((o): o is string => o !== null))];
  const current = reply.getHeader('content-security-policy');
  const csp = typeof current === 'string' ? current : '';
  reply.header('content-security-policy', withFrameAncestors(csp, allowed));
  if (allowed.length) {
    // frame-ancestors supersedes it where supported; an old browser reading only DENY would refuse the panel.
    reply.removeHeader('x-frame-options');
    reply.raw.removeHeader('x-frame-options');
  }
  return allowed;
}
