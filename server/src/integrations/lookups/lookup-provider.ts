import type { LookupAddress, LookupCompany, LookupTrouble } from '@funil/domain';

/**
 * What Funil needs from a public registry: a company by CNPJ, an address by CEP. Adapters: BrasilAPI
 * (brasilapi.provider.ts, both), ReceitaWS (receitaws.provider.ts, CNPJ) and ViaCEP (viacep.provider.ts, CEP); the
 * simulator (lookup-simulator.ts) speaks all three formats. An adapter never throws: a timeout, an error status, a
 * refused connection or a body that is not the provider's format is `unavailable`.
 */
export type ProviderAnswer<T> =
  | { status: 'found'; value: T }
  | { status: 'not_found' }
  | { status: 'unavailable'; reason: LookupTrouble };

export interface CompanyProvider {
  readonly name: string;
  /** `cnpj` is normalized and valid (14 chars). */
  company(cnpj: string): Promise<ProviderAnswer<LookupCompany>>;
}

export interface AddressProvider {
  readonly name: string;
  /** `cep` is normalized and valid (8 digits). */
  address(cep: string): Promise<ProviderAnswer<LookupAddress>>;
}

export type LookupProviders = { company: CompanyProvider; address: AddressProvider };

/** How a provider is reached: its base URL (no trailing slash needed) and the time one call may take. */
export type ProviderConfig = { baseUrl: string; timeoutMs: number; allowLoopback: boolean };
