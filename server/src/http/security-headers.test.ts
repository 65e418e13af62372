import fastifyHelmet from '@fastify/helmet';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import {
  allowFramingBy,
  isPublishedOverHttps,
  parseFrameOrigin,
  securityHeaders,
  withFrameAncestors,
} from './security-headers.ts';

describe('parseFrameOrigin', () => {
  it.each([
    ['https://helpdesk.example.com', 'https://helpdesk.example.com'],
    ['https://helpdesk.example.com/', 'https://helpdesk.example.com'],
    ['  https://Helpdesk.Example.COM:8443  ', 'https://helpdesk.example.com:8443'],
    ['https://helpdesk.example.com:443', 'https://helpdesk.example.com'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['https://[2001:db8::1]:8443', 'https://[2001:db8::1]:8443'],
    ['https://xn--caf-dma.com.br', 'https://xn--caf-dma.com.br'],
  ])('keeps the plain origin %s', (value, origin) => {
    expect(parseFrameOrigin(value)).toBe(origin);
  });

  it.each([
    ['a path', 'https://helpdesk.example.com/app'],
    ['a query', 'https://helpdesk.example.com/?a=1'],
    ['a fragment', 'https://helpdesk.example.com/#x'],
    ['credentials', 'https://user:pass@helpdesk.example.com'],
    ['a wildcard', 'https://*.example.com'],
    ['a bare wildcard', '*'],
    ['another scheme', 'ftp://helpdesk.example.com'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<p>x</p>'],
    ['a CSP keyword', "'self'"],
    ['an injected directive', "https://a.com; script-src 'unsafe-inline'"],
    ['an injected directive without spaces', 'https://a.com;script-src'],
    ['two origins in one value', 'https://a.com https://b.com'],
    ['no scheme', 'helpdesk.example.com'],
    ['nothing', ''],
  ])('refuses %s', (_name, value) => {
    expect(parseFrameOrigin(value)).toBeNull();
  });
});

describe('withFrameAncestors', () => {
  const csp = "default-src 'self';frame-ancestors 'none';object-src 'none'";

  it('replaces the directive, keeping the others', () => {
    expect(withFrameAncestors(csp, ['https://a.com', 'https://b.com'])).toBe(
      "default-src 'self';object-src 'none';frame-ancestors https://a.com https://b.com",
    );
  });

  it("answers 'none' when no origin is left, and adds the directive to a policy without it", () => {
    expect(withFrameAncestors(csp, [])).toBe("default-src 'self';object-src 'none';frame-ancestors 'none'");
    expect(withFrameAncestors('', ['https://a.com'])).toBe('frame-ancestors https://a.com');
  });
});

describe('isPublishedOverHttps', () => {
  it('is true only for an https public URL', () => {
    expect(isPublishedOverHttps({ FUNIL_PUBLIC_URL: 'https://crm.example.com' })).toBe(true);
    expect(isPublishedOverHttps({ FUNIL_PUBLIC_URL: 'http://crm.example.com' })).toBe(false);
    expect(isPublishedOverHttps({})).toBe(false);
  });
});

/** A server with the app's headers and a page that calls allowFramingBy with `origins`. */
async function framedPage(origins: string[]) {
  const app = Fastify();
  await app.register(fastifyHelmet, securityHeaders({}));
  app.get('/embed', async (_request, reply) => {
    const allowed = allowFramingBy(reply, origins);
    return { allowed };
  });
  app.get('/other', async () => ({ ok: true }));
  await app.ready();
  return app;
}

describe('allowFramingBy', () => {
  it('lets only the configured origins frame the page that calls it, and drops X-Frame-Options there', async () => {
    const app = await framedPage(['https://helpdesk.example.com/', 'https://b.example.com:8443']);
    const res = await app.inject({ url: '/embed' });
    expect(res.json()).toEqual({ allowed: ['https://helpdesk.example.com', 'https://b.example.com:8443'] });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain('frame-ancestors https://helpdesk.example.com https://b.example.com:8443');
    expect(csp).not.toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBeUndefined();
    // Every other page keeps refusing to be framed.
    const other = await app.inject({ url: '/other' });
    expect(String(other.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(other.headers['x-frame-options']).toBe('DENY');
    await app.close();
  });

  it('drops values that are not a plain origin, and with none left the page stays unframeable', async () => {
    const app = await framedPage(["https://a.com; script-src 'unsafe-inline'", '*', 'https://a.com/path']);
    const res = await app.inject({ url: '/embed' });
    expect(res.json()).toEqual({ allowed: [] });
    // Nothing was injected: the policy is exactly the one every other page gets.
    const other = await app.inject({ url: '/other' });
    const sorted = (csp: unknown) => String(csp).split(';').sort();
    expect(sorted(res.headers['content-security-policy'])).toEqual(
      sorted(other.headers['content-security-policy']),
    );
    expect(res.headers['x-frame-options']).toBe('DENY');
    await app.close();
  });

  it('names each origin once', async () => {
    const app = await framedPage(['https://a.com', 'https://A.com/', ' https://a.com ']);
    const res = await app.inject({ url: '/embed' });
    expect(res.json()).toEqual({ allowed: ['https://a.com'] });
    await app.close();
  });
});
