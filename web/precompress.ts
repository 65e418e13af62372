import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Text formats worth compressing; images and fonts in the build are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|xml|webmanifest|map)$/;
/** Below this a compressed copy saves less than its extra round of headers. */
const MIN_BYTES = 1024;

/**
 * Writes `.br` and `.gz` beside every compressible file of a built web app, once at build time, so the server
 * (@fastify/static `preCompressed`) sends the smallest encoding the browser accepts without compressing per request.
 * A copy that would not be smaller is not written.
 */
export async function precompress(dir: string): Promise<number> {
  let written = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = await readFile(file);
    if (bytes.length < MIN_BYTES) continue;
    const variants = [
      ['.br', await brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })],
      ['.gz', await gz(bytes, { level: 9 })],
    ] as const;
    for (const [suffix, compressed] of variants) {
      if (compressed.length >= bytes.length) continue;
      await writeFile(file + suffix, compressed);
      written++;
    }
  }
  return written;
}
