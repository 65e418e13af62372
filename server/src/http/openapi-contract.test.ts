import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenApiDocument, openApiDocument } from './api-doc.ts';
import { operationId, problemStatuses } from './openapi-contract.ts';
import { ZIfMatchHeaders, ZOptionalIfMatchHeaders } from './preconditions.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);

describe('the published OpenAPI document', () => {
  let doc: OpenApiDocument & { components?: { schemas?: Record<string, unknown> } };
  let dir: string;
  beforeAll(async () => {
    doc = await openApiDocument();
    dir = await mkdtemp(path.join(tmpdir(), 'funil-openapi-'));
    await writeFile(path.join(dir, 'openapi.json'), JSON.stringify(doc));
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('documents problem+json errors on every operation, with an id', () => {
    expect(doc.components?.schemas?.Problem).toBeDefined();
    const operations = Object.entries(doc.paths).flatMap(([route, item]) =>
      Object.entries(item).map(([method, op]) => ({ name: `${method} ${route}`, op })),
    );
    expect(operations.length).toBeGreaterThan(100);
    const ids = new Set<string>();
    for (const { name, op } of operations) {
      const errors = Object.entries(op.responses ?? {}).filter(([status]) => Number(status) >= 400);
      expect(errors.length, name).toBeGreaterThan(0);
      for (const [, response] of errors) {
        expect(response.content?.['application/problem+json']?.schema, name).toEqual({
          $ref: '#/components/schemas/Problem',
        });
      }
      const id = (op as { operationId?: string }).operationId;
      expect(id, name).toMatch(/^[a-z][A-Za-z0-9]+$/);
      ids.add(id as string);
    }
    expect(ids.size).toBe(operations.length);
    const patchPerson = doc.paths['/api/v1/people/{id}']?.patch?.responses ?? {};
    expect(Object.keys(patchPerson)).toEqual(
      expect.arrayContaining(['401', '403', '404', '412', '422', '428']),
    );
    const login = doc.paths['/api/v1/auth/login']?.post?.responses ?? {};
    expect(Object.keys(login)).toEqual(expect.arrayContaining(['401', '422', '429']));
    expect(Object.keys(login)).not.toContain('403');
  });

  it('passes `redocly lint` (recommended rules) with no errors', () => {
    const result = spawnSync(
      bin('redocly'),
      [
        'lint',
        path.join(dir, 'openapi.json'),
        '--config',
        path.join(root, 'redocly.yaml'),
        '--format=stylish',
      ],
      { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' } },
    );
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  }, 60_000);

  it('generates a TypeScript client (openapi-typescript) that compiles against a few operations', async () => {
    const types = astToString(await openapiTS(doc as never));
    await writeFile(path.join(dir, 'api.ts'), types);
    await writeFile(
      path.join(dir, 'use.ts'),
      `import type { components, operations, paths } from './api.ts';
type Problem = components['schemas']['Problem'];
const problem: Problem = { type: 'https://funil.dev/problems/validation', code: 'validation', title: 'x', status: 422,
  errors: [{ field: 'name', code: 'required', message: 'x' }] };
type NotFound = paths['/api/v1/people/{id}']['get']['responses'][404]['content']['application/problem+json'];
const notFound: NotFound = { ...problem, code: 'not-found', status: 404 };
type PatchPerson = NonNullable<operations['patchPeopleById']['requestBody']>['content']['application/json'];
const patch: PatchPerson = { name: 'Maria' };
type Login = operations['postAuthLogin'];
const body: Login['requestBody'] = { content: { 'application/json': { email: 'a@b.c', password: 'x' } } };
type Me = Login['responses'][200]['content']['application/json'];
const userId = (me: Me): string => me.user.id;
type Stale = operations['patchUsersById']['responses'][412]['content']['application/problem+json'];
const stale: Stale = { ...problem, code: 'version-mismatch', status: 412 };
// @ts-expect-error the problem codes are a closed list
const unknownCode: Problem = { ...problem, code: 'no-such-code' };
export { body, notFound, patch, stale, unknownCode, userId };
`,
    );
    await writeFile(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2023',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          allowImportingTsExtensions: true,
          types: [],
        },
        files: ['use.ts'],
      }),
    );
    const result = spawnSync(bin('tsc'), ['-p', dir], { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  }, 120_000);
});

describe('problem statuses of a route', () => {
  it('follow what the route declares', () => {
    expect(problemStatuses({ method: 'GET', url: '/x', config: { public: true } })).toEqual([422, 503]);
    expect(problemStatuses({ method: 'GET', url: '/x/:id', schema: { params: {} } })).toEqual([
      401, 403, 404, 422, 503,
    ]);
    expect(
      problemStatuses({
        method: 'PATCH',
        url: '/x/:id',
        schema: { params: {}, body: {}, headers: ZIfMatchHeaders },
      }),
    ).toEqual([400, 401, 403, 404, 409, 412, 413, 415, 422, 428, 503]);
    expect(
      problemStatuses({ method: 'POST', url: '/x', schema: { headers: ZOptionalIfMatchHeaders } }),
    ).toEqual([401, 403, 409, 412, 422, 503]);
    expect(problemStatuses({ method: 'POST', url: '/x', config: { problems: [502] } })).toContain(502);
  });

  it('name operations after method and path', () => {
    expect(operationId('get', '/api/v1/people/{id}/timeline')).toBe('getPeopleByIdTimeline');
    expect(operationId('post', '/api/v1/opportunities/{id}/proposals/{proposalId}/accept')).toBe(
      'postOpportunitiesByIdProposalsByProposalIdAccept',
    );
  });
});
