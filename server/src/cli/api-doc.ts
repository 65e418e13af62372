import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openApiDocument, renderApiDoc } from '../http/api-doc.ts';

/**
 * `npm run docs:api`: rewrites docs/API.md from the OpenAPI document the routes produce, so the written contract
 * cannot drift from the served one. `--check` only reports whether the committed file is current (exit 1 if not).
 */
async function main() {
  const target = path.resolve(import.meta.dirname, '../../../docs/API.md');
  const text = renderApiDoc(await openApiDocument());
  if (process.argv.includes('--check')) {
    const current = await readFile(target, 'utf8').catch(() => '');
    if (current !== text) {
      console.error('docs/API.md is out of date with the routes: run `npm run docs:api` and commit it.');
      process.exit(1);
    }
    console.log('docs/API.md is current.');
    return;
  }
  await writeFile(target, text);
  console.log(`docs/API.md written (${text.split('\n').length} lines).`);
}

await main();
