import { formatCnae, type LookupAddress, type LookupCompany } from '@funil/domain';
import type { AddressProvider, CompanyProvider, ProviderAnswer, ProviderConfig } from './lookup-provider.ts';
import { cepDigits, type FetchedJson, getJson, isRecord, text, uf } from './provider-http.ts';

/**
 * BrasilAPI (brasilapi.com.br): `GET /api/cnpj/v1/{cnpj}` answers the Receita Federal open-data record (snake_case
 * fields: `razao_social`, `nome_fantasia`, `cnae_fiscal` as a number, `descricao_situacao_cadastral`, `cep` as a
 * number that may have lost its leading zero…), 404 when unknown and 400 when it refuses the number; `GET
 * /api/cep/v2/{cep}` answers `{cep, state, city, neighborhood, street, service, location}`, 404 when unknown.
 */

/** The Receita's codes for situação cadastral, for records that carry only the number. */
const SITUATIONS: Record<string, string> = {
  '1': 'NULA',
  '2': 'ATIVA',
  '3': 'SUSPENSA',
  '4': 'INAPTA',
  '8': 'BAIXADA',
};

/** A phone as BrasilAPI writes it (`11  23851939`, DDD and number with spaces) → digits, or null. */
function phoneDigits(v: unknown): string | null {
  const digits = typeof v === 'string' ? v.replace(/\D/g, '') : '';
  return digits.length >= 10 ? digits : null;
}

/** The company in a BrasilAPI CNPJ record; null when the body is not one. */
export function companyFromBrasilApi(json: unknown, cnpj: string): LookupCompany | null {
  if (!isRecord(json)) return null;
  const name = text(json.razao_social);
  if (!name) return null;
  const situation =
    text(json.descricao_situacao_cadastral)?.toUpperCase() ??
    SITUATIONS[String(json.situacao_cadastral)] ??
    null;
  const streetType = text(json.descricao_tipo_logradouro);
  const street = text(json.logradouro);
  const cep = cepDigits(json.cep);
  const address: LookupAddress | null = cep
    ? {
        cep,
        street: street
          ? streetType && !street.startsWith(streetType)
            ? `${streetType} ${street}`
            : street
          : null,
        number: text(json.numero),
        complement: text(json.complemento),
        district: text(json.bairro),
        city: text(json.municipio),
        state: uf(json.uf),
      }
    : null;
  const cnae = text(json.cnae_fiscal);
  return {
    cnpj,
    name,
    tradeName: text(json.nome_fantasia),
    cnaeCode: cnae ? formatCnae(cnae) : null,
    cnaeDescription: text(json.cnae_fiscal_descricao),
    registrationStatus: situation,
    address,
    phone: phoneDigits(json.ddd_telefone_1),
    email: text(json.email)?.toLowerCase() ?? null,
  };
}

/** The address in a BrasilAPI CEP v1/v2 record; null when the body is not one. */
export function addressFromBrasilApi(json: unknown): LookupAddress | null {
  if (!isRecord(json)) return null;
  const cep = cepDigits(json.cep);
  const state = uf(json.state);
  if (!cep || !state) return null;
  return {
    cep,
    street: text(json.street),
    number: null,
    complement: null,
    district: text(json.neighborhood),
    city: text(json.city),
    state,
  };
}

/** 2xx with a record → found; 404 (and 400: the provider refuses the number) → not found; anything else → trouble. */
function judge<T>(res: FetchedJson, read: (json: unknown) => T | null): ProviderAnswer<T> {
  if (!res.ok) return { status: 'unavailable', reason: res.reason };
  if (res.status === 404 || res.status === 400) return { status: 'not_found' };
  if (res.status < 200 || res.status >= 300) return { status: 'unavailable', reason: 'error' };
  const value = read(res.json);
  return value ? { status: 'found', value } : { status: 'unavailable', reason: 'bad_response' };
}

export function brasilApiCompanyProvider(config: ProviderConfig): CompanyProvider {
  return {
    name: 'brasilapi',
    async company(cnpj) {
      const res = await getJson(config, `/api/cnpj/v1/${encodeURIComponent(cnpj)}`);
      return judge(res, (json) => companyFromBrasilApi(json, cnpj));
    },
  };
}

export function brasilApiAddressProvider(config: ProviderConfig): AddressProvider {
  return {
    name: 'brasilapi',
    async address(cep) {
      const res = await getJson(config, `/api/cep/v2/${encodeURIComponent(cep)}`);
      return judge(res, addressFromBrasilApi);
    },
  };
}
