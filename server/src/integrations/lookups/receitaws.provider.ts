import { formatCnae, type LookupCompany } from '@funil/domain';
import type { CompanyProvider, ProviderConfig } from './lookup-provider.ts';
import { cepDigits, getJson, isRecord, text, uf } from './provider-http.ts';

/**
 * ReceitaWS (receitaws.com.br): `GET /v1/cnpj/{cnpj}` answers 200 with `status: "OK"` and the record (`nome`,
 * `fantasia`, `atividade_principal: [{code: "62.01-5-01", text}]`, `situacao`, `cep: "01.310-100"`…), or 200 with
 * `status: "ERROR"` and a `message` for a number it does not know or refuses; 429 when over the free quota, 504
 * when the Receita did not answer it in time.
 */

/** The company in a ReceitaWS record; null when the body is not one. */
export function companyFromReceitaWs(json: unknown, cnpj: string): LookupCompany | null {
  if (!isRecord(json) || json.status !== 'OK') return null;
  const name = text(json.nome);
  if (!name) return null;
  const main = Array.isArray(json.atividade_principal) ? json.atividade_principal[0] : null;
  const code = isRecord(main) ? text(main.code) : null;
  const cep = cepDigits(json.cep);
  const phone = text(json.telefone)?.split('/')[0]?.replace(/\D/g, '') ?? '';
  return {
    cnpj,
    name,
    tradeName: text(json.fantasia),
    // ReceitaWS writes `00.00-0-00` for "no activity".
    cnaeCode: code && /[1-9]/.test(code) ? formatCnae(code) : null,
    cnaeDescription: isRecord(main) && code && /[1-9]/.test(code) ? text(main.text) : null,
    registrationStatus: text(json.situacao)?.toUpperCase() ?? null,
    address: cep
      ? {
          cep,
          street: text(json.logradouro),
          number: text(json.numero),
          complement: text(json.complemento),
          district: text(json.bairro),
          city: text(json.municipio),
          state: uf(json.uf),
        }
      : null,
    phone: phone.length >= 10 ? phone : null,
    email: text(json.email)?.toLowerCase() ?? null,
  };
}

export function receitaWsCompanyProvider(config: ProviderConfig): CompanyProvider {
  return {
    name: 'receitaws',
    async company(cnpj) {
      const res = await getJson(config, `/v1/cnpj/${encodeURIComponent(cnpj)}`);
      if (!res.ok) return { status: 'unavailable', reason: res.reason };
      if (res.status === 404) return { status: 'not_found' };
      if (res.status !== 200) return { status: 'unavailable', reason: 'error' };
      if (isRecord(res.json) && res.json.status === 'ERROR') return { status: 'not_found' };
      const value = companyFromReceitaWs(res.json, cnpj);
      return value ? { status: 'found', value } : { status: 'unavailable', reason: 'bad_response' };
    },
  };
}
