import type { FieldError } from '@funil/domain';
import type { TFunction } from 'i18next';
import { type ApiErrorCode, isApiError } from './api.ts';

/** Field error codes with a translated message (server `errors[].code` and client zod messages). */
export const FIELD_ERROR_CODES = [
  'required',
  'too_short',
  'too_long',
  'invalid_document',
  'expected_cpf',
  'expected_cnpj',
  'invalid_phone',
  'invalid_email',
  'invalid_cep',
  'invalid_uf',
  'invalid_date',
  'invalid_value',
  'unknown_user',
  'unknown_team',
  'unknown_branch',
  'duplicate_phone',
  'duplicate_email',
  'email_taken',
  'name_taken',
  'invalid_passport',
  'invalid_country',
  'invalid_state_registration',
  'document_not_accepted',
  'duplicate_document',
  'document_not_for_kind',
  'none_with_others',
  'kind_mismatch',
  'unknown_person_type',
  'base_kind_locked',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export const isFieldErrorCode = (code: string): code is FieldErrorCode =>
  (FIELD_ERROR_CODES as readonly string[]).includes(code);

/** The message shown under a field; unknown codes fall back to the server's text, then "Valor inválido". */
export function fieldErrorMessage(code: string, t: TFunction, serverMessage?: string): string {
  if (isFieldErrorCode(code)) return t(`fieldErrors.${code}`);
  return serverMessage || t('fieldErrors.invalid_value');
}

/** One sentence for any error thrown by a query or mutation. */
export function problemMessage(error: unknown, t: TFunction): string {
  if (!isApiError(error)) return t('problems.unknown');
  const code: ApiErrorCode = error.code;
  return t(`problems.${code}`);
}

/** Field path (`phones.0.number`) → error code, first error of each field wins. */
export function fieldErrorMap(errors: readonly Pick<FieldError, 'field' | 'code'>[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const { field, code } of errors) {
    if (!(field in map)) map[field] = code;
  }
  return map;
}

/** What a zod issue needs to become a field error (kept structural: the web does not import zod). */
export type IssueLike = {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  minimum?: unknown;
  input?: unknown;
};

/** Domain schemas carry our codes as messages; built-in zod checks are mapped by kind. */
export function issueToFieldError(issue: IssueLike): { field: string; code: string } {
  const field = issue.path.map(String).join('.');
  if (isFieldErrorCode(issue.message)) return { field, code: issue.message };
  switch (issue.code) {
    case 'too_small':
      return { field, code: issue.minimum === 1 ? 'required' : 'too_short' };
    case 'too_big':
      return { field, code: 'too_long' };
    case 'invalid_type':
      return {
        field,
        code: issue.input === undefined || issue.input === null ? 'required' : 'invalid_value',
      };
    default:
      return { field, code: 'invalid_value' };
  }
}

/** A save refused because someone else changed the record after it was loaded (412 `version-mismatch`). */
export const isVersionMismatch = (error: unknown): boolean =>
  isApiError(error) && (error.status === 412 || error.code === 'version-mismatch');
