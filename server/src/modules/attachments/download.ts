import type { FastifyReply } from 'fastify';

/** `filename*` (RFC 6266/8187) keeps accents; the ASCII `filename` is the fallback for old clients. */
export function contentDisposition(name: string): string {
  const ascii =
    name
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\%;]/g, '_') || 'arquivo';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Sends a stored file as a download, never as a page: attachment disposition, no sniffing, and a CSP that
 * forbids everything should a browser render it anyway.
 */
export function sendDownload(
  reply: FastifyReply,
  file: { name: string; contentType: string; bytes: Buffer },
) {
  return reply
    .type(file.contentType)
    .header('content-disposition', contentDisposition(file.name))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(file.bytes);
}
