import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local registry for tests and the demo, speaking the three formats Funil reads: BrasilAPI (`/api/cnpj/v1/{cnpj}`,
 * `/api/cep/v1|v2/{cep}`), ReceitaWS (`/v1/cnpj/{cnpj}`) and ViaCEP (`/ws/{cep}/json/`), with a few known records
 * (below) and each provider's own "not found" for anything else. It counts the requests it served and can be told,
 * over `/__sim/*`, to fail: `down` (answers 500), `refuse` (drops the connection), `slow` (answers after `delayMs`),
 * `garbage` (200 with a body that is not JSON).
 *
 * Control routes: `GET /__sim/state` (requests so far and the failure mode), `POST /__sim/fail`
 * `{mode, delayMs?}`, `POST /__sim/reset` (no failure, counters at zero).
 */

export type SimCompany = {
  cnpj: string;
  razaoSocial: string;
  nomeFantasia: string | null;
  cnae: number;
  cnaeDescricao: string;
  situacao: 'ATIVA' | 'BAIXADA' | 'INAPTA' | 'SUSPENSA' | 'NULA';
  tipoLogradouro: string;
  logradouro: string;
  numero: string;
  complemento: string | null;
  bairro: string;
  cep: string;
  municipio: string;
  uf: string;
  telefone: string | null;
  email: string | null;
};

export type SimAddress = { cep: string; street: string; district: string; city: string; state: string };

/** The known companies (public open data of the first; the others are fictitious, with valid check digits). */
export const SIM_COMPANIES: readonly SimCompany[] = [
  {
    cnpj: '19131243000197',
    razaoSocial: 'OPEN KNOWLEDGE BRASIL',
    nomeFantasia: 'REDE PELO CONHECIMENTO LIVRE',
    cnae: 9430800,
    cnaeDescricao: 'Atividades de associações de defesa de direitos sociais',
    situacao: 'ATIVA',
    tipoLogradouro: 'ALAMEDA',
    logradouro: 'FRANCA',
    numero: '144',
    complemento: 'APT 34',
    bairro: 'JARDIM PAULISTA',
    cep: '01422000',
    municipio: 'SAO PAULO',
    uf: 'SP',
    telefone: '1123851939',
    email: null,
  },
  {
    cnpj: '11222333000181',
    razaoSocial: 'PADARIA PAO DOURADO LTDA',
    nomeFantasia: 'PAO DOURADO',
    cnae: 1091102,
    cnaeDescricao: 'Fabricação de produtos de panificação industrial',
    situacao: 'ATIVA',
    tipoLogradouro: 'AVENIDA',
    logradouro: 'PAULISTA',
    numero: '1000',
    complemento: 'LOJA 2',
    bairro: 'BELA VISTA',
    cep: '01310100',
    municipio: 'SAO PAULO',
    uf: 'SP',
    telefone: '1133334444',
    email: 'contato@paodourado.com.br',
  },
  {
    cnpj: '45781236000140',
    razaoSocial: 'CONSTRUTORA HORIZONTE AZUL S.A.',
    nomeFantasia: null,
    cnae: 4120400,
    cnaeDescricao: 'Construção de edifícios',
    situacao: 'BAIXADA',
    tipoLogradouro: 'RUA',
    logradouro: 'DA ASSEMBLEIA',
    numero: '10',
    complemento: null,
    bairro: 'CENTRO',
    cep: '20011000',
    municipio: 'RIO DE JANEIRO',
    uf: 'RJ',
    telefone: null,
    email: null,
  },
  {
    cnpj: '12ABC345000188',
    razaoSocial: 'ALFA NUMERICA TECNOLOGIA LTDA',
    nomeFantasia: 'ALFANUM',
    cnae: 6201501,
    cnaeDescricao: 'Desenvolvimento de programas de computador sob encomenda',
    situacao: 'ATIVA',
    tipoLogradouro: 'RUA',
    logradouro: 'DOS GUAJAJARAS',
    numero: '40',
    complemento: null,
    bairro: 'CENTRO',
    cep: '30180100',
    municipio: 'BELO HORIZONTE',
    uf: 'MG',
    telefone: '3132105000',
    email: null,
  },
];

/** The known CEPs (public Correios data), including one of a whole city (no street, no district). */
export const SIM_ADDRESSES: readonly SimAddress[] = [
  { cep: '01310100', street: 'Avenida Paulista', district: 'Bela Vista', city: 'São Paulo', state: 'SP' },
  { cep: '01001000', street: 'Praça da Sé', district: 'Sé', city: 'São Paulo', state: 'SP' },
  { cep: '20040020', street: 'Rua da Quitanda', district: 'Centro', city: 'Rio de Janeiro', state: 'RJ' },
  {
    cep: '30130010',
    street: 'Praça Sete de Setembro',
    district: 'Centro',
    city: 'Belo Horizonte',
    state: 'MG',
  },
  { cep: '88010400', street: 'Rua Felipe Schmidt', district: 'Centro', city: 'Florianópolis', state: 'SC' },
  { cep: '78175000', street: '', district: '', city: 'Poconé', state: 'MT' },
];

export type LookupSimFailure = 'none' | 'down' | 'refuse' | 'slow' | 'garbage';

export type LookupSimulatorOptions = { port?: number; host?: string };

export type LookupSimulator = Awaited<ReturnType<typeof startLookupSimulator>>;

const SITUATION_CODES = { NULA: 1, ATIVA: 2, SUSPENSA: 3, INAPTA: 4, BAIXADA: 8 } as const;

const cepMasked = (cep: string) => `${cep.slice(0, 5)}-${cep.slice(5)}`;
const cnpjMasked = (c: string) =>
  `${c.slice(0, 2)}.${c.slice(2, 5)}.${c.slice(5, 8)}/${c.slice(8, 12)}-${c.slice(12)}`;
const cnaeDotted = (n: number) => {
  const d = String(n).padStart(7, '0');
  return `${d.slice(0, 2)}.${d.slice(2, 4)}-${d.slice(4, 5)}-${d.slice(5)}`;
};

/** BrasilAPI's CNPJ record (the Receita's open data, snake_case; `cep` a number, as BrasilAPI sends it). */
function brasilApiCompany(c: SimCompany) {
  return {
    cnpj: c.cnpj,
    identificador_matriz_filial: 1,
    descricao_matriz_filial: 'MATRIZ',
    razao_social: c.razaoSocial,
    nome_fantasia: c.nomeFantasia ?? '',
    situacao_cadastral: SITUATION_CODES[c.situacao],
    descricao_situacao_cadastral: c.situacao,
    data_situacao_cadastral: '2013-10-03',
    motivo_situacao_cadastral: 0,
    codigo_natureza_juridica: 2062,
    data_inicio_atividade: '2013-10-03',
    cnae_fiscal: c.cnae,
    cnae_fiscal_descricao: c.cnaeDescricao,
    descricao_tipo_logradouro: c.tipoLogradouro,
    logradouro: c.logradouro,
    numero: c.numero,
    complemento: c.complemento ?? '',
    bairro: c.bairro,
    cep: Number(c.cep),
    uf: c.uf,
    codigo_municipio: 7107,
    municipio: c.municipio,
    ddd_telefone_1: c.telefone ? `${c.telefone.slice(0, 2)}  ${c.telefone.slice(2)}` : '',
    ddd_telefone_2: null,
    ddd_fax: null,
    email: c.email,
    capital_social: 0,
    porte: 5,
    descricao_porte: 'DEMAIS',
    opcao_pelo_simples: false,
    opcao_pelo_mei: false,
    cnaes_secundarios: [{ codigo: 0, descricao: '' }],
    qsa: [],
  };
}

/** ReceitaWS's record (`status: "OK"`, masked CNPJ and CEP, CNAE dotted). */
function receitaWsCompany(c: SimCompany) {
  return {
    status: 'OK',
    ultima_atualizacao: '2026-11-30T23:59:59.000Z',
    cnpj: cnpjMasked(c.cnpj),
    tipo: 'MATRIZ',
    porte: 'DEMAIS',
    nome: c.razaoSocial,
    fantasia: c.nomeFantasia ?? '',
    abertura: '03/10/2013',
    atividade_principal: [{ code: cnaeDotted(c.cnae), text: c.cnaeDescricao }],
    atividades_secundarias: [{ code: '00.00-0-00', text: 'Não informada' }],
    natureza_juridica: '206-2 - Sociedade Empresária Limitada',
    logradouro: `${c.tipoLogradouro} ${c.logradouro}`,
    numero: c.numero,
    complemento: c.complemento ?? '',
    cep: `${c.cep.slice(0, 2)}.${c.cep.slice(2, 5)}-${c.cep.slice(5)}`,
    bairro: c.bairro,
    municipio: c.municipio,
    uf: c.uf,
    email: c.email ?? '',
    telefone: c.telefone
      ? `(${c.telefone.slice(0, 2)}) ${c.telefone.slice(2, 6)}-${c.telefone.slice(6)}`
      : '',
    efr: '',
    situacao: c.situacao,
    data_situacao: '03/10/2013',
    motivo_situacao: '',
    situacao_especial: '',
    data_situacao_especial: '',
    capital_social: '0.00',
    qsa: [],
    simples: { optante: false },
    simei: { optante: false },
    billing: { free: true, database: true },
  };
}

function viaCepAddress(a: SimAddress) {
  return {
    cep: cepMasked(a.cep),
    logradouro: a.street,
    complemento: '',
    unidade: '',
    bairro: a.district,
    localidade: a.city,
    uf: a.state,
    estado: a.state,
    regiao: '',
    ibge: '',
    gia: '',
    ddd: '',
    siafi: '',
  };
}

function brasilApiAddress(a: SimAddress, v2: boolean) {
  const base = {
    cep: a.cep,
    state: a.state,
    city: a.city,
    neighborhood: a.district,
    street: a.street,
    service: 'viacep',
  };
  return v2 ? { ...base, location: { type: 'Point', coordinates: {} } } : base;
}

/** Starts the simulator; answers its URL, its counters and the failure switch. */
export async function startLookupSimulator(opts: LookupSimulatorOptions = {}) {
  const companies = new Map(SIM_COMPANIES.map((c) => [c.cnpj, c]));
  const addresses = new Map(SIM_ADDRESSES.map((a) => [a.cep, a]));
  let requests: { path: string; status: number }[] = [];
  let failure: LookupSimFailure = 'none';
  let delayMs = 10_000;
  const pending = new Set<NodeJS.Timeout>();

  type Answer = { status: number; body: unknown };

  /** The provider's answer to a lookup route, or null for a path it does not serve. */
  function route(path: string): Answer | null {
    let m = /^\/api\/cnpj\/v1\/([^/]+)$/.exec(path);
    if (m) {
      const key = decodeURIComponent(m[1] ?? '').toUpperCase();
      if (!/^[0-9A-Z]{14}$/.test(key)) {
        return {
          status: 400,
          body: { message: `CNPJ ${key} inválido.`, type: 'bad_request', name: 'BadRequestError' },
        };
      }
      const c = companies.get(key);
      return c
        ? { status: 200, body: brasilApiCompany(c) }
        : {
            status: 404,
            body: {
              message: `CNPJ ${cnpjMasked(key)} não encontrado.`,
              type: 'not_found',
              name: 'NotFoundError',
            },
          };
    }
    m = /^\/v1\/cnpj\/([^/]+)$/.exec(path);
    if (m) {
      const key = decodeURIComponent(m[1] ?? '').toUpperCase();
      const c = companies.get(key);
      if (c) return { status: 200, body: receitaWsCompany(c) };
      return {
        status: 200,
        body: {
          status: 'ERROR',
          message: /^[0-9A-Z]{14}$/.test(key) ? 'CNPJ rejeitado pela Receita Federal' : 'CNPJ inválido',
        },
      };
    }
    m = /^\/api\/cep\/(v1|v2)\/([^/]+)$/.exec(path);
    if (m) {
      const key = decodeURIComponent(m[2] ?? '');
      if (!/^\d{8}$/.test(key)) {
        return {
          status: 400,
          body: {
            message: 'CEP deve conter exatamente 8 caracteres.',
            type: 'validation_error',
            name: 'CepPromiseError',
            errors: [],
          },
        };
      }
      const a = addresses.get(key);
      return a
        ? { status: 200, body: brasilApiAddress(a, m[1] === 'v2') }
        : {
            status: 404,
            body: {
              message: 'Todos os serviços de CEP retornaram erro.',
              type: 'service_error',
              name: 'CepPromiseError',
              errors: [{ name: 'ServiceError', message: 'CEP NAO ENCONTRADO', service: 'correios' }],
            },
          };
    }
    m = /^\/ws\/([^/]+)\/json\/?$/.exec(path);
    if (m) {
      const key = decodeURIComponent(m[1] ?? '');
      if (!/^\d{8}$/.test(key)) return { status: 400, body: '<h2>Http 400</h2><h3>Verifique a URL</h3>' };
      const a = addresses.get(key);
      return a ? { status: 200, body: viaCepAddress(a) } : { status: 200, body: { erro: 'true' } };
    }
    return null;
  }

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type':
        typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
    });
    res.end(text);
  };

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://sim').pathname;
    const method = req.method ?? 'GET';
    if (path.startsWith('/__sim/')) {
      if (method === 'GET' && path === '/__sim/state') return send(res, 200, { failure, delayMs, requests });
      if (method === 'POST' && (path === '/__sim/fail' || path === '/__sim/reset')) {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          let body: { mode?: LookupSimFailure; delayMs?: number } = {};
          try {
            body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
          } catch {
            return send(res, 400, { message: 'JSON inválido' });
          }
          if (path === '/__sim/reset') sim.reset();
          else sim.fail(body.mode ?? 'down', body.delayMs);
          send(res, 200, { failure, delayMs });
        });
        return;
      }
      return send(res, 404, { message: 'rota de controle desconhecida' });
    }
    if (method !== 'GET') return send(res, 405, { message: 'Method Not Allowed' });
    const answer = route(path);
    if (!answer) return send(res, 404, { message: 'Not Found' });
    const record = (status: number) => requests.push({ path, status });
    if (failure === 'refuse') {
      record(0);
      req.socket.destroy();
      return;
    }
    if (failure === 'down') {
      record(500);
      return send(res, 500, { message: 'Internal Server Error', type: 'internal', name: 'InternalError' });
    }
    if (failure === 'garbage') {
      record(200);
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"razao_social": "TRUNC');
    }
    if (failure === 'slow') {
      const timer = setTimeout(() => {
        pending.delete(timer);
        record(answer.status);
        if (!res.destroyed) send(res, answer.status, answer.body);
      }, delayMs);
      pending.add(timer);
      return;
    }
    record(answer.status);
    send(res, answer.status, answer.body);
  });

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const sim = {
    url: `http://127.0.0.1:${port}`,
    /** The lookup requests served so far (control routes not counted), in order. */
    requests: () => [...requests],
    fail(mode: LookupSimFailure, ms?: number) {
      failure = mode;
      if (ms !== undefined) delayMs = ms;
    },
    reset() {
      failure = 'none';
      delayMs = 10_000;
      requests = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of pending) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return sim;
}
