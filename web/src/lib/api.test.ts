import { describe, expect, it } from 'vitest';
import { apiUrl, errorFromResponse, ifMatch, toQueryString, versionFromEtag } from './api.ts';

const problemResponse = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } });

describe('errorFromResponse', () => {
  it('reads code, field errors and duplicate matches from problem+json', async () => {
    const error = await errorFromResponse(
      problemResponse(409, {
        type: 'https://funil.dev/problems/person-duplicate',
        code: 'person-duplicate',
        title: 'Cadastro já existe',
        status: 409,
        matches: [
          {
            field: 'phone',
            value: '+5511987654321',
            personId: null,
            visible: false,
            name: null,
            ownerName: 'Paulo',
          },
        ],
      }),
    );
    expect(error.status).toBe(409);
    expect(error.code).toBe('person-duplicate');
    expect(error.matches).toHaveLength(1);
    expect(error.matches[0]?.ownerName).toBe('Paulo');
    expect(error.errors).toEqual([]);
  });

  it('keeps validation errors', async () => {
    const error = await errorFromResponse(
      problemResponse(422, {
        code: 'validation',
        status: 422,
        title: 'Dados inválidos',
        errors: [{ field: 'phones.0.number', code: 'invalid_phone', message: 'Telefone inválido' }],
      }),
    );
    expect(error.errors[0]?.field).toBe('phones.0.number');
  });

  it('derives a code from the status when the body is not a problem', async () => {
    const error = await errorFromResponse(new Response('<html>bad gateway</html>', { status: 502 }));
    expect(error.code).toBe('internal');
    expect((await errorFromResponse(new Response('', { status: 429 }))).code).toBe('too-many-attempts');
  });
});

describe('toQueryString', () => {
  it('leaves out empty values', () => {
    expect(toQueryString({ q: 'joão silva', stage: undefined, cursor: null, ownerId: '', limit: 25 })).toBe(
      '?q=jo%C3%A3o+silva&limit=25',
    );
    expect(toQueryString({})).toBe('');
  });
});

describe('apiUrl', () => {
  it('prefixes the API base and appends the defined query values', () => {
    expect(apiUrl('/exports')).toBe('/api/v1/exports');
    expect(apiUrl('/people', { q: 'ana', tag: undefined })).toBe('/api/v1/people?q=ana');
  });
});

describe('versions (ETag / If-Match)', () => {
  it('reads the version of a strong or weak ETag', () => {
    expect(versionFromEtag('"3"')).toBe(3);
    expect(versionFromEtag('W/"12"')).toBe(12);
  });

  it('is null without an ETag or with one that names no version', () => {
    expect(versionFromEtag(null)).toBeNull();
    expect(versionFromEtag('')).toBeNull();
    expect(versionFromEtag('"abc"')).toBeNull();
  });

  it('sends the version back quoted', () => {
    expect(ifMatch(4)).toEqual({ 'If-Match': '"4"' });
  });
});
