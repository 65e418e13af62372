import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addressFromBrasilApi,
  brasilApiAddressProvider,
  brasilApiCompanyProvider,
  companyFromBrasilApi,
} from './brasilapi.provider.ts';
import type { ProviderConfig } from './lookup-provider.ts';
import { companyFromReceitaWs, receitaWsCompanyProvider } from './receitaws.provider.ts';
import { addressFromViaCep, viaCepAddressProvider } from './viacep.provider.ts';

/** Payloads recorded in each provider's format (public documentation and answers). */
const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8');

/** A local server answering each path with a recorded payload and status. */
const routes: Record<string, { status: number; body: string }> = {
  '/api/cnpj/v1/19131243000197': { status: 200, body: fixture('brasilapi-cnpj-found') },
  '/api/cnpj/v1/33445566000186': { status: 404, body: fixture('brasilapi-cnpj-not-found') },
  '/api/cnpj/v1/11222333000181': { status: 200, body: '<html>Bad gateway</html>' },
  '/api/cnpj/v1/45781236000140': { status: 429, body: '{"message":"Too many requests"}' },
  '/api/cep/v2/89010025': { status: 200, body: fixture('brasilapi-cep-v2-found') },
  '/api/cep/v2/99999999': { status: 404, body: fixture('brasilapi-cep-not-found') },
  '/api/cep/v2/01310100': { status: 200, body: '{"cep": "01310100"}' },
  '/v1/cnpj/19131243000197': { status: 200, body: fixture('receitaws-cnpj-found') },
  '/v1/cnpj/33445566000186': { status: 200, body: fixture('receitaws-cnpj-error') },
  '/v1/cnpj/11222333000181': { status: 504, body: '' },
  '/ws/01001000/json/': { status: 200, body: fixture('viacep-found') },
  '/ws/99999999/json/': { status: 200, body: fixture('viacep-not-found') },
  '/ws/99999998/json/': { status: 200, body: fixture('viacep-not-found-string') },
  '/ws/01310100/json/': { status: 200, body: '[]' },
};

let server: http.Server;
let config: ProviderConfig;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const route = routes[req.url ?? ''] ?? { status: 404, body: 'no route' };
    res.writeHead(route.status, { 'content-type': 'application/json' });
    res.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  config = {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    timeoutMs: 2000,
    allowLoopback: true,
  };
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const OPEN_KNOWLEDGE = {
  cnpj: '19131243000197',
  name: 'OPEN KNOWLEDGE BRASIL',
  tradeName: 'REDE PELO CONHECIMENTO LIVRE',
  cnaeCode: '9430-8/00',
  cnaeDescription: 'Atividades de associações de defesa de direitos sociais',
  registrationStatus: 'ATIVA',
  phone: '1123851939',
  email: null,
};

describe('BrasilAPI adapter', () => {
  it('reads a CNPJ record: CEP number padded, street type joined, CNAE formatted, situation upper-cased', async () => {
    const answer = await brasilApiCompanyProvider(config).company('19131243000197');
    expect(answer).toEqual({
      status: 'found',
      value: {
        ...OPEN_KNOWLEDGE,
        address: {
          cep: '01422000',
          street: 'ALAMEDA FRANCA',
          number: '144',
          complement: 'APT 34',
          district: 'JARDIM PAULISTA',
          city: 'SAO PAULO',
          state: 'SP',
        },
      },
    });
  });

  it('says not found for 404, unavailable for a non-JSON body or an error status', async () => {
    const provider = brasilApiCompanyProvider(config);
    expect(await provider.company('33445566000186')).toEqual({ status: 'not_found' });
    expect(await provider.company('11222333000181')).toEqual({
      status: 'unavailable',
      reason: 'bad_response',
    });
    expect(await provider.company('45781236000140')).toEqual({ status: 'unavailable', reason: 'error' });
  });

  it('reads a CEP v2 record, 404 as not found, a record without state as a bad response', async () => {
    const provider = brasilApiAddressProvider(config);
    expect(await provider.address('89010025')).toEqual({
      status: 'found',
      value: {
        cep: '89010025',
        street: 'Rua Doutor Luiz de Freitas Melro',
        number: null,
        complement: null,
        district: 'Centro',
        city: 'Blumenau',
        state: 'SC',
      },
    });
    expect(await provider.address('99999999')).toEqual({ status: 'not_found' });
    expect(await provider.address('01310100')).toEqual({ status: 'unavailable', reason: 'bad_response' });
  });

  it('falls back to the situation code when the description is missing, and refuses what is not a record', () => {
    const record = JSON.parse(fixture('brasilapi-cnpj-found'));
    delete record.descricao_situacao_cadastral;
    record.situacao_cadastral = 8;
    expect(companyFromBrasilApi(record, '19131243000197')?.registrationStatus).toBe('BAIXADA');
    for (const bad of [null, [], 'x', 42, {}, { razao_social: '' }]) {
      expect(companyFromBrasilApi(bad, '19131243000197')).toBeNull();
      expect(addressFromBrasilApi(bad)).toBeNull();
    }
  });
});

describe('ReceitaWS adapter', () => {
  it('reads a record with status OK (masked CEP, dotted CNAE)', async () => {
    const answer = await receitaWsCompanyProvider(config).company('19131243000197');
    expect(answer).toEqual({
      status: 'found',
      value: {
        ...OPEN_KNOWLEDGE,
        address: {
          cep: '01422000',
          street: 'AL FRANCA',
          number: '144',
          complement: 'APT 34',
          district: 'JARDIM PAULISTA',
          city: 'SAO PAULO',
          state: 'SP',
        },
      },
    });
  });

  it('reads status ERROR as not found and a 504 as unavailable', async () => {
    const provider = receitaWsCompanyProvider(config);
    expect(await provider.company('33445566000186')).toEqual({ status: 'not_found' });
    expect(await provider.company('11222333000181')).toEqual({ status: 'unavailable', reason: 'error' });
  });

  it('leaves out the "no activity" CNAE 00.00-0-00', () => {
    const record = JSON.parse(fixture('receitaws-cnpj-found'));
    record.atividade_principal = [{ code: '00.00-0-00', text: '********' }];
    const company = companyFromReceitaWs(record, '19131243000197');
    expect(company?.cnaeCode).toBeNull();
    expect(company?.cnaeDescription).toBeNull();
    expect(companyFromReceitaWs({ status: 'OK' }, '19131243000197')).toBeNull();
  });
});

describe('ViaCEP adapter', () => {
  it('reads a record (cep with hyphen, localidade as city)', async () => {
    expect(await viaCepAddressProvider(config).address('01001000')).toEqual({
      status: 'found',
      value: {
        cep: '01001000',
        street: 'Praça da Sé',
        number: null,
        complement: null,
        district: 'Sé',
        city: 'São Paulo',
        state: 'SP',
      },
    });
  });

  it('reads {"erro": true} and {"erro": "true"} as not found, anything else odd as a bad response', async () => {
    const provider = viaCepAddressProvider(config);
    expect(await provider.address('99999999')).toEqual({ status: 'not_found' });
    expect(await provider.address('99999998')).toEqual({ status: 'not_found' });
    expect(await provider.address('01310100')).toEqual({ status: 'unavailable', reason: 'bad_response' });
    expect(addressFromViaCep({ cep: '01001-000', uf: 'São Paulo' })).toBeNull();
  });
});

describe('provider trouble', () => {
  it('answers unavailable, never throws, when nothing listens or the address is refused', async () => {
    const closed = { ...config, baseUrl: 'http://127.0.0.1:9' };
    expect(await brasilApiCompanyProvider(closed).company('19131243000197')).toEqual({
      status: 'unavailable',
      reason: 'error',
    });
    const blocked = { ...config, allowLoopback: false };
    expect(await viaCepAddressProvider(blocked).address('01001000')).toEqual({
      status: 'unavailable',
      reason: 'error',
    });
  });
});
