import {
  type CepLookup,
  type CnpjLookup,
  isValidCep,
  isValidCnpj,
  type LookupAddress,
  type LookupCompany,
  normalizeCep,
  normalizeDocument,
} from '@funil/domain';
import { loadEnv } from '../../config/env.ts';
import type { Db } from '../../db/pool.ts';
import type { LookupProviders, ProviderAnswer } from '../../integrations/lookups/lookup-provider.ts';
import { lookupProvidersFromEnv } from '../../integrations/lookups/lookup-providers.ts';
import { validationError } from '../../lib/errors.ts';
import { findWorkspaceSetting } from '../workspaces/workspaces.service.ts';
import * as repo from './lookups.repository.ts';

/**
 * Company (CNPJ) and address (CEP) lookups: the number is checked (422 when malformed), the workspace's switch
 * read, the shared cache asked, and only then the provider. Provider trouble (timeout, error status, refused
 * connection, a body that is not its format) is the `unavailable` result, never a throw, and is not cached, so the
 * next try asks again. Found records are kept for 30 days (CNPJ) / 90 days (CEP), "not found" for an hour.
 */

const DAY = 86_400;
export const LOOKUP_TTL_SECONDS = {
  cnpj: { found: 30 * DAY, notFound: 3600 },
  cep: { found: 90 * DAY, notFound: 3600 },
} as const;

let configured: LookupProviders | null = null;

/** The providers lookups use (the app sets them from its settings at start; tests may swap them). */
export function setLookupProviders(providers: LookupProviders) {
  configured = providers;
}

const providers = (): LookupProviders => {
  configured ??= lookupProvidersFromEnv(loadEnv());
  return configured;
};

/** Whether lookups are on for the workspace (on unless an admin switched them off). */
export async function lookupsEnabled(db: Db, workspaceId: string): Promise<boolean> {
  return (await findWorkspaceSetting(db, workspaceId, 'lookups'))?.enabled !== false;
}

type Kind = repo.LookupKind;

async function lookup<T>(
  db: Db,
  workspaceId: string,
  kind: Kind,
  key: string,
  ask: () => Promise<ProviderAnswer<T>>,
  provider: string,
): Promise<{ status: 'found'; value: T; cached: boolean } | Exclude<CnpjLookup, { status: 'found' }>> {
  if (!(await lookupsEnabled(db, workspaceId))) return { status: 'disabled' };
  const cached = await repo.findFresh(db, kind, key);
  if (cached)
    return cached.found
      ? { status: 'found', value: cached.data as T, cached: true }
      : { status: 'not_found' };
  const answer = await ask();
  if (answer.status === 'unavailable') return answer;
  const ttl = LOOKUP_TTL_SECONDS[kind];
  const found = answer.status === 'found';
  await repo.save(db, {
    kind,
    key,
    found,
    data: found ? answer.value : null,
    provider,
    ttlSeconds: found ? ttl.found : ttl.notFound,
  });
  return found ? { status: 'found', value: answer.value, cached: false } : { status: 'not_found' };
}

/** The CNPJ, normalized, or a 422 naming the field. */
export function parseCnpj(input: string): string {
  const cnpj = normalizeDocument(input);
  if (!isValidCnpj(cnpj)) {
    throw validationError([{ field: 'cnpj', code: 'expected_cnpj', message: 'CNPJ inválido' }]);
  }
  return cnpj;
}

/** The CEP, normalized, or a 422 naming the field. */
export function parseCep(input: string): string {
  const cep = normalizeCep(input);
  if (!/^[\d.\s-]+$/.test(input.trim()) || !isValidCep(cep)) {
    throw validationError([{ field: 'cep', code: 'invalid_cep', message: 'CEP inválido' }]);
  }
  return cep;
}

/** A company by CNPJ (any mask); 422 for a malformed one, otherwise a typed result (never a throw on provider trouble). */
export async function lookupCnpj(db: Db, workspaceId: string, cnpj: string): Promise<CnpjLookup> {
  const key = parseCnpj(cnpj);
  const company = providers().company;
  const result = await lookup<LookupCompany>(
    db,
    workspaceId,
    'cnpj',
    key,
    () => company.company(key),
    company.name,
  );
  return result.status === 'found'
    ? { status: 'found', company: result.value, cached: result.cached }
    : result;
}

/** An address by CEP (any mask); 422 for a malformed one, otherwise a typed result (never a throw on provider trouble). */
export async function lookupCep(db: Db, workspaceId: string, cep: string): Promise<CepLookup> {
  const key = parseCep(cep);
  const address = providers().address;
  const result = await lookup<LookupAddress>(
    db,
    workspaceId,
    'cep',
    key,
    () => address.address(key),
    address.name,
  );
  return result.status === 'found'
    ? { status: 'found', address: result.value, cached: result.cached }
    : result;
}
