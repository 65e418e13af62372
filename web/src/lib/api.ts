import {
  type DuplicateMatch,
  type FieldError,
  type MissingSaleData,
  PANEL_SESSION_HEADER,
  type Problem,
} from '@funil/domain';

const BASE = '/api/v1';

let language: () => string = () => 'pt-BR';

/** Where the client reads the interface language from (sent as Accept-Language); set once by main.tsx. */
export function setApiLanguage(source: () => string): void {
  language = source;
}

let panelSession: () => string | null = () => null;

/**
 * Where the helpdesk side panel keeps its session token: sent as X-Funil-Panel-Session on every request (an
 * iframe of another site gets no cookies). Set only by the panel page.
 */
export function setPanelSessionSource(source: () => string | null): void {
  panelSession = source;
}

/** A problem code from the API, or what went wrong before any answer came back. */
export type ApiErrorCode = Problem['code'] | 'network' | 'unknown';

/** An API failure: the parsed RFC 9457 problem, typed. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[];
  readonly matches: DuplicateMatch[];
  /** `sale-requirements`: what each involved person lacks before the sale. */
  readonly missing: MissingSaleData[];

  constructor(init: {
    status: number;
    code: ApiErrorCode;
    title: string;
    detail?: string | undefined;
    errors?: FieldError[] | undefined;
    matches?: DuplicateMatch[] | undefined;
    missing?: MissingSaleData[] | undefined;
  }) {
    super(init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.matches = init.matches ?? [];
    this.missing = init.missing ?? [];
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

type QueryValue = string | number | boolean | null | undefined;

export type RequestOptions = {
  query?: Record<string, QueryValue> | undefined;
  body?: unknown;
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
};

/** `?a=1&b=2` from the defined, non-empty values. */
export function toQueryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The address of an API resource, for what the browser fetches itself (a download link, an image): the
 * session cookie goes along, as with every same-origin request.
 */
export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  return `${BASE}${path}${toQueryString(query)}`;
}

const FALLBACK_CODES: Record<number, ApiErrorCode> = {
  400: 'malformed-json',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  412: 'version-mismatch',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'validation',
  428: 'precondition-required',
  429: 'too-many-attempts',
};

/** Turns any failed response into an ApiError, whether or not it carries problem+json. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let problem: Partial<Problem> = {};
  try {
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('json')) problem = (await response.json()) as Partial<Problem>;
  } catch {
    // A body that is not JSON: keep the status alone.
  }
  const code: ApiErrorCode =
    typeof problem.code === 'string'
      ? problem.code
      : (FALLBACK_CODES[response.status] ?? (response.status >= 500 ? 'internal' : 'unknown'));
  return new ApiError({
    status: response.status,
    code,
    title: typeof problem.title === 'string' ? problem.title : response.statusText,
    detail: problem.detail,
    errors: Array.isArray(problem.errors) ? problem.errors : [],
    matches: Array.isArray(problem.matches) ? problem.matches : [],
    missing: Array.isArray(problem.missing) ? problem.missing : [],
  });
}

/** The version an `ETag` names (`"3"` or `W/"3"` → 3); null when there is none. */
export function versionFromEtag(etag: string | null | undefined): number | null {
  const match = etag ? /^(?:W\/)?"(\d{1,9})"$/.exec(etag.trim()) : null;
  return match ? Number(match[1]) : null;
}

/** The header that makes an edit apply only to the version it was based on (412 otherwise). */
export const ifMatch = (version: number): Record<string, string> => ({ 'If-Match': `"${version}"` });

/** A response body with the version its `ETag` named, to send back with `ifMatch` on the next edit. */
export type Versioned<T> = { data: T; version: number };

async function request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': language(),
    ...options.headers,
  };
  const panelToken = panelSession();
  if (panelToken) headers[PANEL_SESSION_HEADER] = panelToken;
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'include',
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'network', title: (error as Error).message });
  }
  if (!response.ok) throw await errorFromResponse(response);
  return response;
}

async function readBody<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

async function send<T>(method: string, path: string, options?: RequestOptions): Promise<T> {
  return readBody<T>(await request(method, path, options));
}

async function sendVersioned<T>(
  method: string,
  path: string,
  options?: RequestOptions,
): Promise<Versioned<T>> {
  const response = await request(method, path, options);
  const version = versionFromEtag(response.headers.get('etag'));
  if (version === null) {
    throw new ApiError({ status: response.status, code: 'unknown', title: 'The response carries no ETag' });
  }
  return { data: await readBody<T>(response), version };
}

/** The only way the web app talks to the server: cookies, language and problem+json handled here. */
export const api = {
  get: <T>(path: string, options?: RequestOptions) => send<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    send<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body: unknown, options?: RequestOptions) =>
    send<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) =>
    send<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => send<T>('DELETE', path, options),
  /** GET of a resource edited as a whole (no `version` in its body): the version comes from the ETag. */
  getVersioned: <T>(path: string, options?: RequestOptions) => sendVersioned<T>('GET', path, options),
  /** PUT based on `version` (If-Match); answers the saved body and its new version. */
  putVersioned: <T>(path: string, body: unknown, version: number, options?: RequestOptions) =>
    sendVersioned<T>('PUT', path, {
      ...options,
      body,
      headers: { ...options?.headers, ...ifMatch(version) },
    }),
  upload: <T>(path: string, file: File, field = 'file') => {
    const form = new FormData();
    form.append(field, file);
    return send<T>('POST', path, { body: form });
  },
};
