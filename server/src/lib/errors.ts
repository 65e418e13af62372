import type { DuplicateMatch, FieldError, MissingSaleData, ProblemCode } from '@funil/domain';

/** A failure the client caused or may act on; the HTTP layer turns it into problem+json once. */
export class DomainError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly status: number,
    readonly extra: {
      detail?: string;
      errors?: FieldError[];
      matches?: DuplicateMatch[];
      missing?: MissingSaleData[];
    } = {},
  ) {
    super(extra.detail ?? code);
  }
}

export const notFound = () => new DomainError('not-found', 404);
export const forbidden = (detail?: string) => new DomainError('forbidden', 403, detail ? { detail } : {});
export const validationError = (errors: FieldError[]) => new DomainError('validation', 422, { errors });
/** A stale edit (optimistic concurrency): the record moved past the version the client read; nothing changed. */
export const versionMismatch = (current: number) =>
  new DomainError('version-mismatch', 412, { detail: `current version is ${current}` });
