import type { LookupAddress } from '@funil/domain';
import type { AddressProvider, ProviderConfig } from './lookup-provider.ts';
import { cepDigits, getJson, isRecord, text, uf } from './provider-http.ts';

/**
 * ViaCEP (viacep.com.br): `GET /ws/{cep}/json/` answers `{cep: "01001-000", logradouro, complemento, unidade, bairro,
 * localidade, uf, estado, regiao, ibge, gia, ddd, siafi}`; an unknown CEP is 200 with `{"erro": true}` (newer
 * answers write `"true"`); a malformed one is 400 with an HTML page.
 */

/** The address in a ViaCEP record; null when the body is not one. */
export function addressFromViaCep(json: unknown): LookupAddress | null {
  if (!isRecord(json)) return null;
  const cep = cepDigits(json.cep);
  const state = uf(json.uf);
  if (!cep || !state) return null;
  return {
    cep,
    street: text(json.logradouro),
    number: null,
    complement: null,
    district: text(json.bairro),
    city: text(json.localidade),
    state,
  };
}

const saysNotFound = (json: unknown) => isRecord(json) && (json.erro === true || json.erro === 'true');

export function viaCepAddressProvider(config: ProviderConfig): AddressProvider {
  return {
    name: 'viacep',
    async address(cep) {
      const res = await getJson(config, `/ws/${encodeURIComponent(cep)}/json/`);
      if (!res.ok) return { status: 'unavailable', reason: res.reason };
      if (res.status === 400 || res.status === 404 || (res.status === 200 && saysNotFound(res.json))) {
        return { status: 'not_found' };
      }
      if (res.status !== 200) return { status: 'unavailable', reason: 'error' };
      const value = addressFromViaCep(res.json);
      return value ? { status: 'found', value } : { status: 'unavailable', reason: 'bad_response' };
    },
  };
}
