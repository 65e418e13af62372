import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FieldError, Problem, ProblemCode } from '@funil/domain';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { DomainError } from '../lib/errors.ts';
import { FileStoreUnavailableError } from '../lib/file-store.ts';
import { fieldMessage, pickLocale, problemTitle } from './problem-messages.ts';
import { REQUEST_ID_HEADER } from './request-id.ts';
import { writeSecurityHeaders } from './security-headers.ts';

const PROBLEM_BASE = 'https://funil.dev/problems/';

type ValidationIssue = {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
};

/** Turns a zod issue into a stable field error code the web knows how to phrase. */
function issueCode(issue: ValidationIssue): string {
  const message = issue.message ?? '';
  if (/^[a-z_]+$/.test(message)) return message;
  switch (issue.keyword) {
    case 'invalid_type':
      return issue.params.input === undefined ? 'required' : 'invalid_type';
    case 'too_small':
      return issue.params.minimum === 1 ? 'required' : 'too_short';
    case 'too_big':
      return 'too_long';
    case 'invalid_format':
      return issue.params.format === 'email' ? 'invalid_email' : 'invalid_value';
    case 'unrecognized_keys':
      return 'unknown_field';
    default:
      return 'invalid_value';
  }
}

function fieldPath(instancePath: string): string {
  return instancePath.replace(/^\//, '').replaceAll('/', '.');
}

/** Sends an RFC 9457 problem document in the client's language. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ProblemCode,
  status: number,
  extra: Pick<Problem, 'detail' | 'errors' | 'matches' | 'missing'> = {},
) {
  const locale = pickLocale(request.headers['accept-language']);
  const errors = extra.errors?.map((e) => ({ ...e, message: fieldMessage(e.code, locale) }));
  const problem: Problem = {
    type: PROBLEM_BASE + code,
    code,
    title: problemTitle(code, locale),
    status,
    ...(extra.detail ? { detail: extra.detail } : {}),
    ...(errors ? { errors } : {}),
    ...(extra.matches ? { matches: extra.matches } : {}),
    ...(extra.missing ? { missing: extra.missing } : {}),
    // The id of the request in the logs (and X-Request-Id): what a user quotes to support.
    requestId: request.id,
  };
  return reply.status(status).type('application/problem+json; charset=utf-8').send(problem);
}

/**
 * What Fastify's router cannot route: a path whose percent-encoding is not UTF-8 (`%FF`, an encoded surrogate half)
 * or a path parameter longer than the router reads. Either way the path names no record: the same 404 problem as a
 * malformed id, with the security headers the skipped hooks would have set.
 */
export function frameworkErrorHandler(headers: FastifyHelmetOptions) {
  return (_error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    writeSecurityHeaders(headers, request.raw, reply.raw);
    reply.raw.setHeader(REQUEST_ID_HEADER, request.id);
    return sendProblem(request, reply, 'not-found', 404);
  };
}

type PgError = Error & { code?: string; constraint?: string };

/** Seconds a client is asked to wait before trying again while the database is unreachable. */
export const DATABASE_RETRY_AFTER_S = 2;

/** The one place that maps every failure to a problem; bad input never becomes a 500. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof DomainError) {
    return sendProblem(request, reply, error.code, error.status, error.extra);
  }
  if (error instanceof FileStoreUnavailableError) {
    // The message names the operation and the S3 error only (no credentials, no signed headers).
    request.log.warn({ detail: error.message }, 'file store unavailable');
    reply.header('retry-after', String(error.retryAfterSeconds));
    return sendProblem(request, reply, 'storage-unavailable', 503);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const scope = (error as FastifyError).validationContext;
    // A malformed id in the path names no record at all.
    if (scope === 'params') return sendProblem(request, reply, 'not-found', 404);
    const errors: FieldError[] = error.validation.map((issue) => {
      const path = fieldPath(issue.instancePath);
      return {
        field: scope === 'body' || !scope ? path : `${scope}.${path}`,
        code: issueCode(issue as ValidationIssue),
        message: '',
      };
    });
    return sendProblem(request, reply, 'validation', 422, { errors });
  }
  const fastifyCode = (error as FastifyError).code;
  switch (fastifyCode) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return sendProblem(request, reply, 'malformed-json', 400, { detail: error.message });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return sendProblem(request, reply, 'payload-too-large', 413);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return sendProblem(request, reply, 'unsupported-media-type', 415);
  }
  if (error instanceof SyntaxError) {
    return sendProblem(request, reply, 'malformed-json', 400, { detail: error.message });
  }
  if (isDatabaseUnavailable(error)) {
    // Down, restarting or full: the client may try again shortly (the embedded server is restarted within seconds).
    request.log.warn({ err: error }, 'database unavailable');
    reply.header('retry-after', String(DATABASE_RETRY_AFTER_S));
    return sendProblem(request, reply, 'database-unavailable', 503);
  }
  const pgCode = (error as PgError).code;
  if (pgCode === '22P02' || pgCode === '22007' || pgCode === '22008') {
    return sendProblem(request, reply, 'validation', 422, { detail: 'invalid value' });
  }
  if (pgCode === '40001' || pgCode === '40P01' || pgCode === '23505') {
    return sendProblem(request, reply, 'conflict', 409);
  }
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    return sendProblem(request, reply, status === 404 ? 'not-found' : 'validation', status, {
      detail: error.message,
    });
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(request, reply, 'internal', 500);
}
