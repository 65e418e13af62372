import { PROBLEM_CODES } from '@funil/domain';
import type { RouteOptions } from 'fastify';
import { ZIfMatchHeaders, ZOptionalIfMatchHeaders } from './preconditions.ts';

/**
 * The error half of the published contract. Every operation lists the problem+json answers it can give, derived
 * once from what the route declares (public or not, path parameters, body, query, If-Match, multipart, method)
 * plus the extra statuses a route names in `config.problems`; the shared hooks (session and token auth, the
 * storable-text check, idempotency, the error handler) are what make those statuses possible on every route.
 */

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

/** RFC 9457 problem document as `sendProblem` writes it (http/errors.ts). */
const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem; `code` is stable, `title` and field messages follow Accept-Language',
  required: ['type', 'code', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri' },
    code: { type: 'string', enum: [...PROBLEM_CODES] },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    requestId: {
      type: 'string',
      description: 'the request id (also in X-Request-Id); every log line of it carries it',
    },
    errors: {
      type: 'array',
      description: 'validation (422): one entry per refused field',
      items: {
        type: 'object',
        required: ['field', 'code', 'message'],
        properties: {
          field: { type: 'string', description: 'dotted path; `query.`, `header.` for those parts' },
          code: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
    matches: {
      type: 'array',
      description: 'person-duplicate (409): what matched, and whom to ask when not visible',
      items: {
        type: 'object',
        required: ['field', 'value', 'personId', 'visible', 'name', 'ownerName'],
        properties: {
          field: { type: 'string', enum: ['document', 'email', 'phone'] },
          value: { type: 'string' },
          personId: { type: ['string', 'null'], format: 'uuid' },
          visible: { type: 'boolean' },
          name: { type: ['string', 'null'] },
          ownerName: { type: ['string', 'null'] },
        },
      },
    },
    missing: {
      type: 'array',
      description: 'sale-requirements (422): per involved person, what is missing before the sale',
      items: {
        type: 'object',
        required: ['personId', 'name', 'missing'],
        properties: {
          personId: { type: 'string', format: 'uuid' },
          name: { type: 'string' },
          missing: {
            type: 'array',
            items: { type: 'string', enum: ['document', 'address', 'phone', 'email', 'birthDate'] },
          },
        },
      },
    },
  },
} as const;

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON body',
  401: 'Not signed in, or the token is invalid, revoked or expired',
  403: 'The role (or the token: scope, allowed networks) may not do this',
  404: 'No such record, or one the caller may not see',
  409: 'Conflict: duplicate, concurrent change, closed record or a retry still running',
  412: 'If-Match names a version that is no longer current; nothing changed',
  413: 'Body or file too large',
  415: 'Content type not accepted (or a file type outside the list)',
  422: 'Validation failed (per-field `errors`); also strings with NUL or lone surrogates',
  428: 'If-Match is required',
  429: 'Too many attempts',
  502: 'The outside server (e.g. SMTP) refused or failed',
  503: 'Unavailable for now: the database is down or restarting (`database-unavailable`, with Retry-After in seconds), or an outside service the route needs',
  504: "Not done within the integration's maximum response time (`timeout`); nothing was written",
};

type ContractRoute = Pick<RouteOptions, 'method' | 'url' | 'schema' | 'config'>;

/** The OpenAPI path of a Fastify route (`/people/:id` → `/people/{id}`). */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The problem statuses a route can answer, from what it declares. */
export function problemStatuses(route: ContractRoute): number[] {
  const schema = (route.schema ?? {}) as Record<string, unknown>;
  const config = (route.config ?? {}) as { public?: boolean; problems?: number[]; apiScope?: string };
  const method = String(route.method).toUpperCase();
  // Every route's headers pass the storable-text check, so 422 is always possible; every route reads the database
  // (a session, an idempotency key, its data), so 503 `database-unavailable` (with Retry-After) is too.
  const statuses = new Set<number>([422, 503, ...(config.problems ?? [])]);
  const add = (...codes: number[]) => {
    for (const code of codes) statuses.add(code);
  };
  if (!config.public) {
    statuses.add(401);
    statuses.add(403);
  }
  if (schema.params) statuses.add(404);
  // A token route is answered within its integration's maximum response time (http/request-deadline.ts).
  if (config.apiScope) statuses.add(504);
  if (schema.body) add(400, 413, 415);
  if (Array.isArray(schema.consumes) && schema.consumes.includes('multipart/form-data')) {
    add(413, 415);
  }
  // An edit based on a version: If-Match (or the body's `version`) stale → 412, missing where required → 428.
  if (schema.headers === ZIfMatchHeaders || hasBodyVersion(schema.body)) add(412, 428);
  if (schema.headers === ZOptionalIfMatchHeaders) statuses.add(412);
  // Writes may meet a concurrent one (serialization failure, unique index) → 409; a POST retry still running → 409.
  if (method !== 'GET' && method !== 'HEAD') statuses.add(409);
  return [...statuses].sort((a, b) => a - b);
}

function hasBodyVersion(body: unknown): boolean {
  const shape = (body as { shape?: unknown } | undefined)?.shape;
  return Boolean(shape && typeof shape === 'object' && 'version' in shape);
}

/** Collects each route's contract as routes are added (onRoute), and completes the document with it. */
export class OpenApiContract {
  private readonly routes = new Map<string, { statuses: number[]; multipart: boolean }>();

  /** Records a route (call from an onRoute hook). */
  add(route: ContractRoute) {
    const schema = (route.schema ?? {}) as { consumes?: string[] };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      this.routes.set(`${String(method).toLowerCase()} ${openApiPath(route.url)}`, {
        statuses: problemStatuses({ ...route, method }),
        multipart: Boolean(schema.consumes?.includes('multipart/form-data')),
      });
    }
  }

  /** The published document with the problem schema, each operation's errors, ids, servers and license. */
  complete<T extends object>(document: T): T {
    const doc = document as unknown as OpenApiShape;
    doc.info.license = { name: 'AGPL-3.0-only', identifier: 'AGPL-3.0-only' };
    doc.servers = [{ url: '/', description: 'This Funil server (paths include /api/v1)' }];
    doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, Problem: PROBLEM_SCHEMA } };
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, operation] of Object.entries(item)) {
        const route = this.routes.get(`${method} ${path}`);
        operation.operationId ??= operationId(method, path);
        if (!route) continue;
        if (route.multipart && !operation.requestBody) {
          operation.requestBody = {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['file'],
                  properties: { file: { type: 'string', format: 'binary' } },
                },
              },
            },
          };
        }
        for (const status of route.statuses) {
          operation.responses[status] ??= {
            description: DESCRIPTIONS[status] ?? 'Problem',
            content: { 'application/problem+json': { schema: PROBLEM_REF } },
          };
        }
      }
    }
    return document;
  }
}

type OpenApiShape = {
  info: { license?: object };
  servers?: object[];
  components?: { schemas?: Record<string, unknown> };
  paths?: Record<
    string,
    Record<string, { operationId?: string; requestBody?: object; responses: Record<string, unknown> }>
  >;
};

/** A stable operation id from method and path: `GET /api/v1/people/{id}/timeline` → `getPeopleByIdTimeline`. */
export function operationId(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1\//, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return param ? `By-${param[1]}` : segment;
    })
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0]?.toUpperCase() + w.slice(1)).join('');
}
