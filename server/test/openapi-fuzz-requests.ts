import fc from 'fast-check';

// Requests for one OpenAPI operation, mostly well formed so they reach the services, each with a few hostile
// parts: wrong types, huge and odd strings, extreme numbers, bad ids, missing and extra fields, wrong bodies.

export type Schema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
};
export type Parameter = { in: string; name: string; required?: boolean; schema?: Schema };
export type Operation = {
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

/** Ids of records that exist, by the name that points at them (a path segment or a field name). */
export type KnownIds = Record<string, string[]>;

/** What a generator reads: the document (for $ref), the known ids, and whether hostile parts may be mixed in. */
type Gen = { doc: unknown; known: KnownIds; hostile: boolean };

/** Stands for the record's current version in If-Match; the sender replaces it with the ETag it reads. */
export const CURRENT_VERSION = 'current-version';

export type FuzzRequest = {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** Which credentials to send: the admin's session, the API token, or a broken one. */
  auth: 'session' | 'token' | 'none' | 'bad-session' | 'bad-token';
};

const HUGE = 'x'.repeat(100_000);
/** Strings that have broken other systems: NUL, lone surrogates, RTL marks, emoji, SQL and path tricks. */
export const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '%00',
  '\uD800',
  '\uDC00x',
  '\u202Eabc\u200F\u200E',
  '👨‍👩‍👧‍👦🎉',
  "' OR 1=1 --",
  '"; DROP TABLE people; --',
  '../../../etc/passwd',
  '..%2F..%2F',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as is.
  '${7*7}{{7*7}}',
  '\\',
  '\r\n\t',
  'null',
  'NaN',
  '-1',
  '1e309',
  'infinity',
  'epoch',
  '0000-00-00',
  '2024-02-30',
  '9999-99-99',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '7F0C5D0E-0000-4000-8000-00000000000G',
  HUGE,
  '\u00e9'.repeat(50_000),
  '🎉'.repeat(30_000),
];
const ODD_NUMBERS = [
  -1,
  0,
  -0.5,
  0.5,
  -2147483649,
  2147483648,
  4294967296,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  1e21,
  1e308,
  -1e308,
  5e-324,
];
const ODD_JSON: unknown[] = [null, true, false, [], {}, [[[]]], { a: { b: { c: 1 } } }, [1, 'a', null]];

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_JSON) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

/** Header values must be Latin-1 without control characters, or the client refuses to send them. */
const hostileHeaderValue = fc.constantFrom(
  '',
  ' ',
  '"1"',
  'W/"2"',
  '"0"',
  '"999999999"',
  '"9999999999"',
  '*',
  "' OR 1=1 --",
  '../..',
  '%00',
  'W/',
  '"-1"',
  'x'.repeat(8000),
);

function resolve(schema: Schema, doc: unknown): Schema {
  let current = schema;
  for (let i = 0; current.$ref && i < 10; i++) {
    const target = current.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], doc);
    current = (target ?? {}) as Schema;
  }
  return current;
}

const ALIASES: Record<string, string> = {
  person: 'people',
  holder: 'people',
  owner: 'users',
  user: 'users',
  manager: 'users',
  member: 'users',
  assettype: 'asset-types',
  opportunity: 'opportunities',
  activity: 'activities',
  linkingteam: 'teams',
};

/** The known ids a field or path segment points at: `personId` → people, `stageIds` → stages, `assets` → assets. */
function idsFor(name: string, known: KnownIds): string[] {
  const key = name.replace(/Ids?$/, '').toLowerCase();
  return known[key] ?? known[ALIASES[key] ?? ''] ?? known[`${key}s`] ?? [];
}

const CPFS = ['529.982.247-25', '111.444.777-35', '39053344705', '935.411.347-80'];
const CNPJS = ['11.222.333/0001-81', '11222333000181'];

/** Strings whose meaning the schema cannot say (documents, phones, CEPs, URLs, networks), by the field's name. */
function meaningfulString(name: string): fc.Arbitrary<string> | null {
  if (/^(document|cpf|cnpj)$/i.test(name)) return fc.constantFrom(...CPFS, ...CNPJS);
  if (/^(number|phone|whatsapp|phoneNumber)$/.test(name)) {
    return fc
      .integer({ min: 10_000_000, max: 99_999_999 })
      .map((n) => `(11) 9${String(n).slice(0, 4)}-${String(n).slice(4)}`);
  }
  if (/^cep$/i.test(name)) return fc.constantFrom('01310-100', '20040-020', '70040010');
  if (/^(state|uf)$/i.test(name)) return fc.constantFrom('SP', 'RJ', 'MG');
  if (/^url$/i.test(name)) return fc.constantFrom('http://127.0.0.1:9/hook', 'https://example.com/hook');
  if (/origin/i.test(name)) return fc.constantFrom('https://helpdesk.example.com', 'http://localhost:3000');
  if (/cidr/i.test(name)) return fc.constantFrom('10.0.0.0/8', '192.168.1.10', '2001:db8::/32');
  if (/^(host)$/i.test(name)) return fc.constantFrom('127.0.0.1', 'smtp.example.com');
  if (/^(from|email|address|to)$/i.test(name)) return fc.emailAddress();
  return null;
}

function validString(schema: Schema, name: string, known: KnownIds): fc.Arbitrary<string> {
  const maxLength = Math.min(schema.maxLength ?? 40, 40);
  const minLength = Math.min(schema.minLength ?? 0, maxLength);
  const meaningful = schema.format || schema.pattern ? null : meaningfulString(name);
  if (meaningful) return meaningful;
  if (schema.format === 'uuid') {
    const ids = idsFor(name, known);
    const all = Object.values(known).flat();
    return fc.oneof(
      ...(ids.length ? [{ weight: 6, arbitrary: fc.constantFrom(...ids) }] : []),
      ...(all.length ? [{ weight: 1, arbitrary: fc.constantFrom(...all) }] : []),
      { weight: 1, arbitrary: fc.uuid() },
    );
  }
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'date-time') {
    return fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2040-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  }
  if (schema.format === 'date' || /date$/i.test(name) || /On$/.test(name)) {
    return fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2040-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
  }
  if (schema.pattern) {
    try {
      return fc
        .stringMatching(new RegExp(schema.pattern))
        .filter((s) => s.length <= (schema.maxLength ?? 1000));
    } catch {
      // A pattern fast-check cannot read: fall back to plain text.
    }
  }
  return fc.string({ minLength: Math.max(minLength, 1), maxLength: Math.max(maxLength, 1) });
}

/** A value that satisfies `schema` as far as the generator can tell (formats, enums, bounds, patterns). */
function validValue(schema: Schema, g: Gen, name = ''): fc.Arbitrary<unknown> {
  const s = resolve(schema, g.doc);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => validValue(a, g, name)));
  if (s.allOf?.length) return validValue(s.allOf[0] as Schema, g, name);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => validValue({ ...s, type }, g, name)));
  switch (types[0]) {
    case 'string':
      return validString(s, name, g.known);
    case 'integer': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1000);
      return fc.integer({ min: Math.max(min, -1e9), max: Math.min(s.maximum ?? 100_000, 1e9) });
    }
    case 'number':
      return fc.double({
        min: s.minimum ?? -1e6,
        max: s.maximum ?? 1e6,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(s.items ? anyValue(s.items, g, name) : fc.string(), {
        minLength: s.minItems ?? 0,
        maxLength: Math.max(Math.min(s.maxItems ?? 3, 3), s.minItems ?? 0),
      });
    case 'object':
      return objectValue(s, g);
    default:
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean());
  }
}

/** A valid value; in a hostile request, now and then a hostile one in its place. */
function anyValue(schema: Schema, g: Gen, name = ''): fc.Arbitrary<unknown> {
  if (!g.hostile) return validValue(schema, g, name);
  return fc.oneof(
    { weight: 5, arbitrary: validValue(schema, g, name) },
    { weight: 1, arbitrary: hostileValue },
  );
}

function objectValue(s: Schema, g: Gen): fc.Arbitrary<Record<string, unknown>> {
  const properties = s.properties ?? {};
  const required = (s.required ?? []).filter((key) => key in properties);
  const model = Object.fromEntries(
    Object.entries(properties).map(([key, child]) => [key, anyValue(child, g, key)]),
  );
  const values =
    s.additionalProperties && typeof s.additionalProperties === 'object'
      ? fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), anyValue(s.additionalProperties, g), {
          maxKeys: 3,
        })
      : fc.constant({});
  const never = fc.constant(null);
  return fc
    .tuple(
      fc.record(model, { requiredKeys: required }),
      values,
      // A required field left out now and then, and now and then a field nobody asked for.
      g.hostile ? fc.option(fc.constantFrom(...(required.length ? required : [''])), { freq: 4 }) : never,
      g.hostile ? fc.option(fc.record({ extraField: hostileValue }), { freq: 4 }) : never,
    )
    .map(([record, dictionary, drop, extra]) => {
      const value: Record<string, unknown> = { ...dictionary, ...record, ...(extra ?? {}) };
      if (drop) delete value[drop];
      return value;
    });
}

/**
 * Percent-encodes like a client would, except that a lone surrogate (which has no UTF-8 form, so
 * encodeURIComponent refuses it) goes out as the bytes a careless encoder would write for it.
 */
function encode(text: string) {
  return text
    .split(/(\p{Surrogate})/u)
    .map((part) => (/^\p{Surrogate}$/u.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');
}

const pathValue = (name: string, schema: Schema, g: Gen) =>
  fc.oneof(
    { weight: g.hostile ? 3 : 1, arbitrary: validValue(schema, g, name).map(String) },
    ...(g.hostile
      ? [
          { weight: 1, arbitrary: fc.constantFrom('123', 'me', '..', '%00', '%2e%2e', '%FF', '%ED%A0%80') },
          { weight: 1, arbitrary: fc.constantFrom(...ODD_STRINGS).map((v) => encode(v.slice(0, 3000))) },
        ]
      : []),
  );

function queryPart(parameters: Parameter[], g: Gen): fc.Arbitrary<string> {
  const one = (p: Parameter) => anyValue(p.schema ?? {}, g, p.name);
  const pairs = parameters.map((p) =>
    fc.option(
      fc.oneof(
        { weight: 8, arbitrary: one(p).map((v): [string, unknown][] => [[p.name, v]]) },
        // The same parameter twice: Fastify makes an array of it.
        {
          weight: 1,
          arbitrary: fc.tuple(one(p), one(p)).map(([a, b]): [string, unknown][] => [
            [p.name, a],
            [p.name, b],
          ]),
        },
      ),
      { freq: p.required ? 8 : 2 },
    ),
  );
  const raw = !g.hostile
    ? fc.constant(null)
    : fc.option(fc.constantFrom('%FF', '%ED%A0%80', '%C0%80', 'limit=%00', 'x=1&x=2', '&&=&'), {
        freq: 10,
      });
  return fc.tuple(fc.tuple(...pairs), raw).map(([chosen, extra]) => {
    const parts = chosen
      .flatMap((p): [string, unknown][] => p ?? [])
      .map(([name, value]) => {
        const text = typeof value === 'string' ? value : String(JSON.stringify(value));
        return `${encode(name)}=${encode(text.slice(0, 20_000))}`;
      });
    if (extra) parts.push(extra);
    return parts.length ? `?${parts.join('&')}` : '';
  });
}

const WRONG_BODIES: [contentType: string | null, payload: string][] = [
  ['application/json', ''],
  ['application/json', '{'],
  ['application/json', 'null'],
  ['application/json', '[]'],
  ['application/json', '[{}]'],
  ['application/json', '"texto"'],
  ['application/json', '12345678901234567890'],
  ['application/json', '{"__proto__":{"admin":true}}'],
  ['application/json', '{"constructor":{"prototype":{"admin":true}}}'],
  ['application/json', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ['application/json', `{"a":"${HUGE}"}`],
  ['application/json; charset=latin1', '{"a":1}'],
  ['text/plain', 'olá'],
  ['application/xml', '<a>1</a>'],
  ['application/x-www-form-urlencoded', 'name=a&name=b'],
  ['multipart/form-data', 'sem boundary'],
  [null, '{"a":1}'],
];

function multipartBody(filename: string, type: string, bytes: Buffer) {
  const boundary = '----funil-fuzz';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const multipartRequest = fc
  .tuple(
    fc.oneof(
      fc.constantFrom('nota.txt', 'foto.png', 'a.csv', '', '.', '../../x.png'),
      fc.constantFrom(...ODD_STRINGS).map((s) =>
        s
          .slice(0, 500)
          .replaceAll('"', "'")
          .replace(/[\r\n]/g, ''),
      ),
    ),
    fc.constantFrom('text/plain', 'image/png', 'application/octet-stream', 'text/html'),
    fc.oneof(
      fc.constant(PNG),
      fc.constant(Buffer.from('olá, mundo\n')),
      fc.constant(Buffer.alloc(0)),
      fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
    ),
  )
  .map(([filename, type, bytes]) => multipartBody(filename, type, bytes));

type Body = { contentType: string | null; payload?: string | Buffer };

function bodyPart(operation: Operation, g: Gen): fc.Arbitrary<Body> {
  const content = operation.requestBody?.content ?? {};
  const json = content['application/json']?.schema;
  const wrong = fc.constantFrom(...WRONG_BODIES).map(([contentType, payload]) => ({ contentType, payload }));
  if (!g.hostile) {
    if (content['multipart/form-data']) return multipartRequest;
    if (json)
      return validValue(json, g).map((v) => ({
        contentType: 'application/json',
        payload: JSON.stringify(v),
      }));
    return fc.constant({ contentType: null });
  }
  if (content['multipart/form-data']) {
    return fc.oneof(
      { weight: 6, arbitrary: multipartRequest },
      { weight: 1, arbitrary: wrong },
      { weight: 1, arbitrary: fc.constant({ contentType: null }) },
    );
  }
  if (json) {
    return fc.oneof(
      {
        weight: 10,
        arbitrary: anyValue(json, g).map((v) => ({
          contentType: 'application/json',
          payload: JSON.stringify(v),
        })),
      },
      {
        weight: 1,
        arbitrary: hostileValue.map((v) => ({ contentType: 'application/json', payload: JSON.stringify(v) })),
      },
      { weight: 2, arbitrary: wrong },
      { weight: 1, arbitrary: fc.constant({ contentType: null }) },
    );
  }
  // No body expected: mostly none, sometimes one anyway.
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant({ contentType: null }) },
    { weight: 1, arbitrary: wrong },
  );
}

/**
 * The requests the fuzzer sends to one operation: two in five well formed (they reach the services and the
 * database with odd but valid data), the others with hostile parts mixed in.
 */
export function requestFor(
  method: string,
  path: string,
  operation: Operation,
  doc: unknown,
  known: KnownIds,
): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { weight: 2, arbitrary: requestOf(method, path, operation, { doc, known, hostile: false }) },
    { weight: 3, arbitrary: requestOf(method, path, operation, { doc, known, hostile: true }) },
  );
}

function requestOf(method: string, path: string, operation: Operation, g: Gen): fc.Arbitrary<FuzzRequest> {
  const parameters = operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const segments = path.split('/');
  // A path parameter is named by the collection before it: /people/{id} → people, /assets/{assetId} → assets.
  const pathArbs = pathParams.map((p) => {
    const index = segments.indexOf(`{${p.name}}`);
    return pathValue(segments[index - 1] ?? p.name, p.schema ?? {}, g);
  });
  const usesToken = (operation.security ?? []).some((s) => 'apiToken' in s);
  const ownAuth = fc.constant(usesToken ? ('token' as const) : ('session' as const));
  const auth = !g.hostile
    ? ownAuth
    : fc.oneof(
        { weight: 18, arbitrary: fc.constant(usesToken ? ('token' as const) : ('session' as const)) },
        {
          weight: 1,
          arbitrary: fc.constantFrom('none' as const, 'bad-session' as const, 'bad-token' as const),
        },
        { weight: 1, arbitrary: fc.constant(usesToken ? ('session' as const) : ('token' as const)) },
      );
  const ifMatch = parameters.some((p) => p.in === 'header' && p.name === 'if-match')
    ? g.hostile
      ? fc.option(
          fc.oneof(fc.constant(CURRENT_VERSION), fc.constantFrom('"1"', 'W/"1"'), hostileHeaderValue),
          {
            freq: 4,
          },
        )
      : fc.constant(CURRENT_VERSION)
    : fc.constant(null);
  const idempotencyKey =
    method === 'post'
      ? fc.option(
          g.hostile
            ? fc.oneof(fc.stringMatching(/^[a-z0-9]{12}$/), hostileHeaderValue)
            : fc.stringMatching(/^[a-z0-9]{12}$/),
          { freq: 2 },
        )
      : fc.constant(null);
  return fc
    .record({
      pathValues: fc.tuple(...pathArbs),
      query: queryPart(
        parameters.filter((p) => p.in === 'query'),
        g,
      ),
      body: bodyPart(operation, g),
      auth,
      ifMatch,
      idempotencyKey,
    })
    .map(({ pathValues, query, body, auth, ifMatch, idempotencyKey }) => {
      let url = path;
      pathParams.forEach((p, i) => {
        url = url.replace(`{${p.name}}`, pathValues[i] ?? '');
      });
      const headers: Record<string, string> = {};
      if (body.contentType) headers['content-type'] = body.contentType;
      if (ifMatch !== null) headers['if-match'] = ifMatch;
      if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey;
      return {
        method: method.toUpperCase(),
        url: url + query,
        headers,
        ...(body.payload !== undefined ? { payload: body.payload } : {}),
        auth,
      };
    });
}
