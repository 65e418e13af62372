import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/resources.ts';
import { ApiError } from './api.ts';
import {
  fieldErrorMap,
  fieldErrorMessage,
  issueToFieldError,
  isVersionMismatch,
  problemMessage,
} from './problems.ts';

let t: TFunction;
beforeAll(async () => {
  t = (await createI18n('pt-BR')).t;
});

const problem = (status: number, code: ApiError['code']) => new ApiError({ status, code, title: 'x' });

describe('problemMessage', () => {
  it('maps login problems to pt-BR sentences', () => {
    expect(problemMessage(problem(401, 'invalid-credentials'), t)).toBe('E-mail ou senha incorretos.');
    expect(problemMessage(problem(429, 'too-many-attempts'), t)).toBe(
      'Muitas tentativas. Tente novamente em alguns minutos.',
    );
  });

  it('explains a stale version', () => {
    expect(problemMessage(problem(412, 'version-mismatch'), t)).toBe(
      'Este cadastro foi alterado por outra pessoa. Recarregue para ver a versão atual.',
    );
  });

  it('says the database is unavailable (503 while it is down or restarting)', () => {
    expect(problemMessage(problem(503, 'database-unavailable'), t)).toBe(
      'O banco de dados está indisponível, tente em instantes.',
    );
  });

  it('has a message for network failures and unknown errors', () => {
    expect(problemMessage(problem(0, 'network'), t)).toMatch(/conexão/);
    expect(problemMessage(new Error('boom'), t)).toBe('Erro inesperado. Tente novamente.');
  });

  it('follows the language', async () => {
    const en = (await createI18n('en')).t;
    expect(problemMessage(problem(429, 'too-many-attempts'), en)).toBe(
      'Too many attempts. Try again in a few minutes.',
    );
  });
});

describe('field errors', () => {
  it('translates every code the API documents', () => {
    const expected: Record<string, string> = {
      required: 'Campo obrigatório',
      too_short: 'Muito curto',
      invalid_document: 'CPF/CNPJ inválido',
      expected_cpf: 'Pessoa física precisa de um CPF válido',
      expected_cnpj: 'Pessoa jurídica precisa de um CNPJ válido',
      invalid_phone: 'Telefone inválido',
      invalid_email: 'E-mail inválido',
      invalid_cep: 'CEP inválido',
      invalid_uf: 'UF inválida',
      invalid_date: 'Data inválida',
    };
    for (const [code, message] of Object.entries(expected)) expect(fieldErrorMessage(code, t)).toBe(message);
  });

  it('falls back to the server text, then to a generic message', () => {
    expect(fieldErrorMessage('brand_new_code', t, 'Mensagem do servidor')).toBe('Mensagem do servidor');
    expect(fieldErrorMessage('brand_new_code', t)).toBe('Valor inválido');
  });

  it('keeps the first error of each field', () => {
    expect(
      fieldErrorMap([
        { field: 'phones.0.number', code: 'invalid_phone' },
        { field: 'phones.0.number', code: 'required' },
        { field: 'name', code: 'too_short' },
      ]),
    ).toEqual({ 'phones.0.number': 'invalid_phone', name: 'too_short' });
  });

  it('turns zod issues into field paths and codes', () => {
    expect(
      issueToFieldError({ code: 'custom', path: ['phones', 0, 'number'], message: 'invalid_phone' }),
    ).toEqual({
      field: 'phones.0.number',
      code: 'invalid_phone',
    });
    expect(
      issueToFieldError({ code: 'too_small', path: ['tags', 1], message: 'Too small', minimum: 1 }),
    ).toEqual({
      field: 'tags.1',
      code: 'required',
    });
    expect(
      issueToFieldError({ code: 'invalid_format', path: ['ownerId'], message: 'Invalid UUID' }).code,
    ).toBe('invalid_value');
  });
});

describe('isVersionMismatch', () => {
  it('is true for a 412, whatever the body said', () => {
    expect(isVersionMismatch(problem(412, 'version-mismatch'))).toBe(true);
    expect(isVersionMismatch(problem(412, 'unknown'))).toBe(true);
  });

  it('is false for other failures', () => {
    expect(isVersionMismatch(problem(428, 'precondition-required'))).toBe(false);
    expect(isVersionMismatch(problem(422, 'validation'))).toBe(false);
    expect(isVersionMismatch(new Error('412'))).toBe(false);
  });
});
