import type { Env } from '../../config/env.ts';
import { brasilApiAddressProvider, brasilApiCompanyProvider } from './brasilapi.provider.ts';
import type { LookupProviders } from './lookup-provider.ts';
import { receitaWsCompanyProvider } from './receitaws.provider.ts';
import { viaCepAddressProvider } from './viacep.provider.ts';

/** The public services, used when no URL is set. */
export const PUBLIC_LOOKUP_URLS = {
  brasilapi: 'https://brasilapi.com.br',
  receitaws: 'https://receitaws.com.br',
  viacep: 'https://viacep.com.br',
} as const;

/** The providers the settings name (FUNIL_LOOKUP_CNPJ_PROVIDER / _URL, FUNIL_LOOKUP_CEP_PROVIDER / _URL). */
export function lookupProvidersFromEnv(env: Env): LookupProviders {
  const common = { timeoutMs: env.FUNIL_LOOKUP_TIMEOUT_MS, allowLoopback: env.FUNIL_OUTBOUND_ALLOW_LOOPBACK };
  const cnpj = {
    ...common,
    baseUrl: env.FUNIL_LOOKUP_CNPJ_URL ?? PUBLIC_LOOKUP_URLS[env.FUNIL_LOOKUP_CNPJ_PROVIDER],
  };
  const cep = {
    ...common,
    baseUrl: env.FUNIL_LOOKUP_CEP_URL ?? PUBLIC_LOOKUP_URLS[env.FUNIL_LOOKUP_CEP_PROVIDER],
  };
  return {
    company:
      env.FUNIL_LOOKUP_CNPJ_PROVIDER === 'receitaws'
        ? receitaWsCompanyProvider(cnpj)
        : brasilApiCompanyProvider(cnpj),
    address:
      env.FUNIL_LOOKUP_CEP_PROVIDER === 'viacep' ? viaCepAddressProvider(cep) : brasilApiAddressProvider(cep),
  };
}
