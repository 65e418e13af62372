import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type OpenApiDocument, openApiDocument, renderApiDoc } from './api-doc.ts';

const committedPath = path.resolve(import.meta.dirname, '../../../docs/API.md');

describe('docs/API.md', () => {
  let doc: OpenApiDocument;
  beforeAll(async () => {
    doc = await openApiDocument();
  }, 60_000);

  it('is what `npm run docs:api` generates from the routes now', async () => {
    const committed = await readFile(committedPath, 'utf8');
    const generated = renderApiDoc(doc);
    if (committed !== generated) {
      const a = committed.split('\n');
      const b = generated.split('\n');
      const line = a.findIndex((text, i) => text !== b[i]);
      expect.fail(
        `docs/API.md is out of date with the routes (first difference at line ${line + 1}: ` +
          `${JSON.stringify(a[line] ?? '')} vs generated ${JSON.stringify(b[line] ?? '')}). ` +
          'Run `npm run docs:api` and commit docs/API.md.',
      );
    }
  });

  it('lists every operation the server publishes, with the scope of token routes', () => {
    const text = renderApiDoc(doc);
    const operations = Object.entries(doc.paths).flatMap(([route, item]) =>
      Object.keys(item).map((method) => `### \`${method.toUpperCase()} ${route}\``),
    );
    expect(operations.length).toBeGreaterThan(50);
    for (const heading of operations) expect(text).toContain(heading);
    expect(text).toMatch(
      /### `POST \/api\/v1\/sales-orders`[\s\S]*?Auth: API token with scope `erp:sales-orders`/,
    );
    expect(text).toMatch(/### `POST \/api\/v1\/auth\/login`[\s\S]*?Auth: public/);
  });
});

it('groups operations by tag and writes parameters, body fields and responses', () => {
  const text = renderApiDoc({
    info: { title: 'T', version: '1' },
    security: [{ session: [] }],
    paths: {
      '/a/{id}': {
        get: {
          summary: 'Read an a',
          tags: ['alpha'],
          parameters: [
            { in: 'path', name: 'id', required: true, schema: { type: 'string', format: 'uuid' } },
            { in: 'query', name: 'sort', schema: { type: 'string', enum: ['name', '-name'] } },
          ],
          responses: {
            200: {
              description: 'ok',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
                },
              },
            },
          },
        },
      },
      '/b': {
        post: {
          summary: 'Create a b',
          tags: ['beta'],
          security: [],
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { name: { type: 'string', maxLength: 5 }, n: { type: ['integer', 'null'] } },
                  required: ['name'],
                },
              },
            },
          },
          responses: { 204: { description: 'none' } },
        },
        get: { summary: 'List b', tags: ['alpha'], responses: {} },
      },
    },
  });
  const alpha = text.indexOf('## alpha');
  const beta = text.indexOf('## beta');
  expect(alpha).toBeGreaterThan(-1);
  expect(beta).toBeGreaterThan(alpha);
  // An operation goes under its tag even when its path comes later.
  expect(text.indexOf('### `GET /b`')).toBeGreaterThan(alpha);
  expect(text.indexOf('### `GET /b`')).toBeLessThan(beta);
  expect(text).toContain("| query | `sort` | `'name' \\| '-name'` |  |  |");
  expect(text).toContain('| path | `id` | `string(uuid)` | yes |  |');
  expect(text).toContain('| `name` | `string` | yes | max length 5 |');
  expect(text).toContain('| `n` | `integer \\| null` |  |  |');
  expect(text).toContain('- **200** `application/json`: `{ id: string }`');
  expect(text).toContain('- **204** no content');
  expect(text).toMatch(/### `POST \/b`\n\nCreate a b\n\nAuth: public/);
  expect(text).toMatch(/### `GET \/a\/\{id\}`\n\nRead an a\n\nAuth: session cookie/);
});
