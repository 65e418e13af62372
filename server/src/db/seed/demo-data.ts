/**
 * Deterministic, realistic Brazilian demo people for the demo workspace, tests and the 1M-row benchmark.
 *
 * Uniqueness (the CRM refuses a second person with the same document, phone or e-mail) does not rely on
 * remembering what was generated: every unique value is derived from the person's `index` through a
 * bijection, so `generateDemoPerson(random, i)` can stream rows and still never repeat one:
 * - CPF / CNPJ root: an affine permutation of the index, then the official check digits;
 * - mobiles: slot `2·index + k` → 8 subscriber digits; landlines: index → 8 digits starting with 2–5;
 * - e-mails: a numeric suffix `index + 1` right before `@` (name parts never contain digits), and the two
 *   addresses of one person differ by domain (individuals) or by local part (companies).
 * The `random` stream only picks names, places, DDDs and the other non-unique details.
 */
import {
  type Address,
  type AddressType,
  cnpjCheckDigits,
  cpfCheckDigits,
  type Email,
  type PersonKind,
  type PersonStage,
  type Phone,
  UFS,
  type Uf,
} from '@funil/domain';

export type DemoPerson = {
  kind: PersonKind;
  name: string;
  tradeName: string | null;
  document: string;
  birthDate: string | null;
  stage: PersonStage;
  tags: string[];
  source: { media: string | null; channel: string | null };
  phones: Phone[];
  emails: Email[];
  addresses: Address[];
  social: { website?: string | null; instagram?: string | null; linkedin?: string | null };
  notes: string[];
};

/** Mulberry32: a tiny, fast, seedable PRNG in [0, 1), so the same seed always yields the same demo data. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ——— Reference data ————————————————————————————————————————————————————————————————————————

type Word = { text: string; slug: string };

/** Lowercase ASCII without accents or spaces, for e-mails and handles. */
function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** Precomputes slugs once so generating a person never runs Unicode normalization. */
function words(list: string): Word[] {
  return list
    .trim()
    .split(/\s*,\s*/)
    .map((text) => {
      const parts = text.split(' ');
      return { text, slug: slugify(parts[parts.length - 1] as string) };
    });
}

const FIRST_NAMES = words(`
  João, José, Antônio, Francisco, Carlos, Paulo, Pedro, Lucas, Luiz, Marcos, Luís, Gabriel, Rafael, Daniel,
  Marcelo, Bruno, Eduardo, Felipe, Raimundo, Rodrigo, Sérgio, Fábio, Vinícius, Otávio, Márcio, Caio, Thiago,
  Matheus, André, Renan, Flávio, Cláudio, Rogério, Heitor, Davi, Joaquim, Benedito, Sebastião, Túlio,
  Maria, Ana, Francisca, Antônia, Adriana, Juliana, Márcia, Fernanda, Patrícia, Aline, Sandra, Camila,
  Amanda, Bruna, Jéssica, Letícia, Júlia, Luciana, Vanessa, Mariana, Conceição, Cecília, Lúcia, Simone,
  Débora, Beatriz, Mônica, Gisele, Tânia, Valéria, Sônia, Fátima, Heloísa, Lívia, Cássia, Rosângela,
  Glória, Inês, Irene, Raquel, Renata, Natália, Larissa, Vitória`);
/** Compound first names; their e-mails use the first word. */
const COMPOUND_NAMES = words(`
  João Pedro, João Paulo, João Vitor, Pedro Henrique, Carlos Eduardo, Luiz Fernando, José Carlos,
  Maria Eduarda, Maria Clara, Maria Helena, Ana Clara, Ana Luíza, Ana Cristina, Maria Cecília`).map((w) => ({
  text: w.text,
  slug: slugify(w.text.split(' ')[0] as string),
}));
const SURNAMES = words(`
  Silva, Santos, Oliveira, Souza, Rodrigues, Ferreira, Alves, Pereira, Lima, Gomes, Costa, Ribeiro,
  Martins, Carvalho, Almeida, Lopes, Soares, Fernandes, Vieira, Barbosa, Rocha, Dias, Nascimento, Andrade,
  Moreira, Nunes, Marques, Machado, Mendes, Freitas, Cardoso, Ramos, Gonçalves, Santana, Teixeira, Araújo,
  Magalhães, Conceição, Assunção, Brandão, Guimarães, Simões, Falcão, Galvão, Sá, Antunes, Pimentel,
  Bezerra, Cavalcanti, Monteiro, Peixoto, Leão, Estêvão, Romão, Lacerda, Patrício, Sampaio, Mourão,
  da Silva, dos Santos, de Oliveira, de Souza, da Costa, de Jesus, dos Reis, da Conceição, de Araújo`);

/** Company sectors: legal-name prefix and trade-name template (`{}` = the core name). */
const SECTORS: readonly { legal: string; trade: string }[] = [
  { legal: 'Construtora', trade: 'Construtora {}' },
  { legal: 'Incorporadora', trade: '{} Incorporações' },
  { legal: 'Imobiliária', trade: '{} Imóveis' },
  { legal: 'Comercial de Alimentos', trade: 'Mercado {}' },
  { legal: 'Transportadora', trade: '{} Transportes' },
  { legal: 'Distribuidora de Bebidas', trade: '{} Bebidas' },
  { legal: 'Panificadora', trade: 'Padaria {}' },
  { legal: 'Drogaria', trade: 'Farmácia {}' },
  { legal: 'Auto Peças', trade: '{} Auto Peças' },
  { legal: 'Clínica Odontológica', trade: '{} Odonto' },
  { legal: 'Escritório de Contabilidade', trade: '{} Contábil' },
  { legal: 'Academia de Ginástica', trade: '{} Fitness' },
  { legal: 'Restaurante e Pizzaria', trade: 'Cantina {}' },
  { legal: 'Agropecuária', trade: 'Agro {}' },
  { legal: 'Provedor de Internet', trade: '{} Net' },
  { legal: 'Serviços de Informática', trade: '{} Tecnologia' },
];
const COMPANY_CORES = [
  'Horizonte',
  'Nova Era',
  'São Jorge',
  'Boa Vista',
  'Santa Luzia',
  'Aurora',
  'Bandeirantes',
  'Ipê Amarelo',
  'Jequitibá',
  'Pioneira',
  'Três Irmãos',
  'Vale Verde',
  'Atlântico',
  'Cruzeiro do Sul',
  'Primavera',
  'Estrela Guia',
  'Sol Nascente',
  'Paraíso',
  'Central',
  'Itaúna',
  'Araucária',
  'Serra Azul',
  'Monte Sião',
  'Guarani',
];
const COMPANY_SUFFIXES = ['Ltda', 'Ltda', 'Ltda', 'Ltda', 'S.A.', 'ME', 'EPP'];
const COMPANY_MAILBOXES = ['contato', 'comercial', 'financeiro', 'vendas', 'atendimento', 'compras'];

/** Weighted: repeated entries are drawn more often. */
const FREE_MAIL_DOMAINS = [
  'gmail.com',
  'gmail.com',
  'gmail.com',
  'gmail.com',
  'hotmail.com',
  'hotmail.com',
  'outlook.com',
  'yahoo.com.br',
  'uol.com.br',
  'bol.com.br',
  'terra.com.br',
  'icloud.com',
];
const WORK_MAIL_DOMAINS = [
  'grupohorizonte.com.br',
  'auroraseguros.com.br',
  'techsul.com.br',
  'valeverdeagro.com.br',
  'construtorapioneira.com.br',
  'clinicasaojorge.com.br',
  'atlanticologistica.com.br',
  'primaveraeducacao.com.br',
];

type City = {
  weight: number;
  name: string;
  uf: Uf;
  ddd: string;
  cepFrom: number;
  cepTo: number;
  districts: readonly string[];
};

/** Real cities: draw weight, UF, DDD, CEP range and some real districts; São Paulo state weighs more. */
// biome-ignore format: two lines per city read better than one argument per line
const CITIES: readonly City[] = [
  city(8, 'São Paulo', 'SP', '11', 1000000, 5999999,
    'Pinheiros, Vila Mariana, Moema, Tatuapé, Santana, Lapa, Itaim Bibi, Perdizes, Mooca, Butantã, Ipiranga'),
  city(4, 'Campinas', 'SP', '19', 13000001, 13139999,
    'Cambuí, Taquaral, Barão Geraldo, Centro, Jardim Chapadão, Botafogo, Guanabara, Castelo'),
  city(2, 'Santos', 'SP', '13', 11010001, 11099999,
    'Gonzaga, Boqueirão, Ponta da Praia, Aparecida, Embaré, José Menino'),
  city(1, 'Ribeirão Preto', 'SP', '16', 14010001, 14114999,
    'Jardim Irajá, Centro, Jardim Sumaré, Ribeirânia, Alto da Boa Vista'),
  city(1, 'São José dos Campos', 'SP', '12', 12200001, 12248999,
    'Jardim Aquarius, Vila Adyana, Centro, Jardim Satélite, Urbanova'),
  city(1, 'Sorocaba', 'SP', '15', 18010001, 18109999,
    'Campolim, Centro, Jardim Vergueiro, Vila Hortência, Éden'),
  city(5, 'Rio de Janeiro', 'RJ', '21', 20010001, 23799999,
    'Copacabana, Tijuca, Botafogo, Barra da Tijuca, Ipanema, Leblon, Méier, Flamengo, Laranjeiras'),
  city(1, 'Niterói', 'RJ', '21', 24020001, 24399999,
    'Icaraí, Santa Rosa, Ingá, São Francisco, Centro'),
  city(3, 'Belo Horizonte', 'MG', '31', 30110001, 31999999,
    'Savassi, Funcionários, Pampulha, Lourdes, Buritis, Santa Efigênia, Sion, Castelo'),
  city(1, 'Uberlândia', 'MG', '34', 38400001, 38415999,
    'Santa Mônica, Centro, Tibery, Jardim Karaíba, Umuarama'),
  city(2, 'Curitiba', 'PR', '41', 80010001, 82999999,
    'Batel, Água Verde, Bigorrilho, Centro, Portão, Cabral, Boqueirão, Santa Felicidade'),
  city(1, 'Londrina', 'PR', '43', 86010001, 86099999,
    'Gleba Palhano, Centro, Jardim Higienópolis, Vila Brasil'),
  city(1, 'Florianópolis', 'SC', '48', 88010001, 88099999,
    'Trindade, Centro, Campeche, Córrego Grande, Lagoa da Conceição, Itacorubi'),
  city(1, 'Joinville', 'SC', '47', 89201001, 89239999,
    'América, Centro, Glória, Atiradores, Bucarein'),
  city(2, 'Porto Alegre', 'RS', '51', 90010001, 91999999,
    'Moinhos de Vento, Bela Vista, Menino Deus, Petrópolis, Cidade Baixa, Bom Fim, Tristeza'),
  city(2, 'Brasília', 'DF', '61', 70040001, 72799999,
    'Asa Sul, Asa Norte, Lago Sul, Sudoeste, Noroeste, Guará'),
  city(1, 'Goiânia', 'GO', '62', 74003001, 74899999,
    'Setor Bueno, Setor Marista, Setor Oeste, Jardim Goiás, Setor Central'),
  city(2, 'Salvador', 'BA', '71', 40010001, 42499999,
    'Barra, Pituba, Rio Vermelho, Itaigara, Ondina, Graça, Stella Maris'),
  city(2, 'Recife', 'PE', '81', 50010001, 52999999,
    'Boa Viagem, Casa Forte, Espinheiro, Graças, Madalena, Pina'),
  city(2, 'Fortaleza', 'CE', '85', 60010001, 61599999,
    'Meireles, Aldeota, Cocó, Fátima, Praia de Iracema, Messejana'),
  city(1, 'Belém', 'PA', '91', 66010001, 66999999,
    'Nazaré, Umarizal, Batista Campos, Marco, Pedreira'),
  city(1, 'Manaus', 'AM', '92', 69005001, 69099999,
    'Adrianópolis, Ponta Negra, Centro, Aleixo, Parque 10 de Novembro'),
  city(1, 'Vitória', 'ES', '27', 29010001, 29099999,
    'Praia do Canto, Jardim Camburi, Jardim da Penha, Centro, Enseada do Suá'),
  city(1, 'Natal', 'RN', '84', 59010001, 59139999,
    'Ponta Negra, Tirol, Petrópolis, Lagoa Nova, Capim Macio'),
  city(1, 'São Luís', 'MA', '98', 65010001, 65109999,
    "Renascença, Ponta d'Areia, Calhau, Centro, Cohama"),
];
const WEIGHTED_CITIES: readonly City[] = CITIES.flatMap((c) => Array<City>(c.weight).fill(c));

/** Builds a city entry; keeps the table above compact. */
function city(
  weight: number,
  name: string,
  uf: Uf,
  ddd: string,
  cepFrom: number,
  cepTo: number,
  districts: string,
): City {
  return { weight, name, uf, ddd, cepFrom, cepTo, districts: districts.split(', ') };
}

const STREETS = [
  'Rua das Flores',
  'Rua Sete de Setembro',
  'Avenida Brasil',
  'Rua XV de Novembro',
  'Rua Tiradentes',
  'Rua São José',
  'Avenida Getúlio Vargas',
  'Rua Dom Pedro II',
  'Rua Rui Barbosa',
  'Rua Santos Dumont',
  'Avenida Presidente Vargas',
  'Rua Marechal Deodoro',
  'Rua Duque de Caxias',
  'Rua Barão do Rio Branco',
  'Rua Castro Alves',
  'Rua Treze de Maio',
  'Avenida Independência',
  'Rua José Bonifácio',
  'Rua Padre Anchieta',
  'Rua João Pessoa',
  'Rua Conceição',
  'Avenida São João',
  'Rua Tomé de Souza',
  'Travessa Aurélio Araújo',
  'Alameda dos Ipês',
];
const COMPLEMENTS = [
  'Apto 12',
  'Apto 42',
  'Apto 101',
  'Apto 1203',
  'Bloco B, Apto 34',
  'Casa 2',
  'Fundos',
  'Sala 305',
];
/** CPF fiscal region (9th digit) by state, as Receita Federal assigns it. */
const CPF_REGION: Readonly<Record<Uf, number>> = Object.fromEntries(
  UFS.map((uf) => [uf, cpfRegion(uf)]),
) as Record<Uf, number>;

/** The CPF region digit of a state (0 = RS … 9 = PR/SC). */
function cpfRegion(uf: Uf): number {
  const regions = [
    'RS',
    'DF GO MS MT TO',
    'AC AM AP PA RO RR',
    'CE MA PI',
    'AL PB PE RN',
    'BA SE',
    'MG',
    'ES RJ',
    'SP',
    'PR SC',
  ];
  return regions.findIndex((r) => r.split(' ').includes(uf));
}

const STAGES: readonly PersonStage[] = [
  'suspect',
  'prospect',
  'prospect',
  'lead',
  'lead',
  'lead',
  'client',
  'client',
];
const MEDIA = ['Google', 'Instagram', 'Facebook', 'Portal ZAP', 'Indicação', 'Plantão', 'Site'];
const CHANNELS = ['WhatsApp', 'Telefone', 'Formulário', 'Chat', 'E-mail', 'Loja'];
const TAGS = [
  'investidor',
  'primeiro imóvel',
  'fibra 500MB',
  'revenda',
  'vip',
  'alto padrão',
  'financiamento',
  'permuta',
  'locação',
  'urgente',
  'pet friendly',
  'plano empresarial',
];
const NOTES = [
  'Cliente pediu retorno na sexta.',
  'Prefere contato por WhatsApp depois das 18h.',
  'Procura apartamento de 2 dormitórios perto do metrô.',
  'Proposta enviada por e-mail; aguardando resposta.',
  'Visitou o decorado no sábado com a família.',
  'Já tem carta de crédito aprovada pela Caixa.',
  'Não atende ligações em horário comercial.',
  'Pediu desconto para pagamento à vista.',
  'Aguardando documentação para análise de crédito.',
  'Indicado pelo Sr. Antônio, cliente antigo.',
  'Ligar novamente na próxima semana.',
  'Interessado no plano empresarial com fibra 500MB.',
  'Quer vender o imóvel atual para dar de entrada.',
  'Reclamou da demora no atendimento; tratar com prioridade.',
];

// ——— Index-derived unique values ————————————————————————————————————————————————————————————

/** Exclusive upper bound of `index`: below it documents, phones and e-mails are guaranteed unique. */
const MAX_INDEX = 15_000_000;

/** Bijection on [0, 10^digits): x·a + b mod 10^digits, with `a` coprime to 10 (products stay < 2^53). */
function permute(x: number, a: number, b: number, modulus: number): number {
  return (x * a + b) % modulus;
}

/** `value` as exactly `width` decimal digits. */
function digits(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** A unique CPF for `index`: 8 permuted digits + the state's fiscal-region digit + check digits. */
function cpfFor(index: number, uf: Uf): string {
  const body = digits(permute(index, 48_271_009, 58_306_127, 100_000_000), 8);
  let region = CPF_REGION[uf];
  // 111.111.111-11 and friends are invalid: avoid a base of nine equal digits.
  if (body === String(region).repeat(8)) region = (region + 1) % 10;
  const base = body + region;
  return base + cpfCheckDigits(base);
}

/** A unique CNPJ for `index`: numeric root, or `DDLLLDDD` alphanumeric root (always with letters). */
function cnpjFor(index: number, alphanumeric: boolean, branch: string): string {
  let root: string;
  if (alphanumeric) {
    const y = permute(index, 72_345_679, 39_517_402, 100_000_000);
    let letters = permute(y % 17_576, 9_437, 11_873, 17_576); // 26³ = 2³·13³; 9437 is coprime to it
    const number = digits(permute(Math.floor(y / 17_576), 60_493, 81_726, 100_000), 5);
    let code = '';
    for (let i = 0; i < 3; i++) {
      code = String.fromCharCode(65 + (letters % 26)) + code;
      letters = Math.floor(letters / 26);
    }
    root = number.slice(0, 2) + code + number.slice(2);
  } else {
    root = digits(permute(index, 61_803_399, 27_604_918, 100_000_000), 8);
  }
  const base = root + branch;
  return base + cnpjCheckDigits(base);
}

/**
 * The k-th (0 or 1) unique mobile of `index`: 9 + [9|8|6] + 7 permuted digits. The 97 range is left
 * out on purpose: bench/run.ts creates `+55 11 97…` numbers through the API on top of the seeded rows.
 */
function mobileFor(index: number, k: 0 | 1, ddd: string): string {
  const slot = index * 2 + k;
  const second = '986'[slot % 3] as string;
  return `+55${ddd}9${second}${digits(permute(Math.floor(slot / 3), 7_382_611, 4_905_273, 10_000_000), 7)}`;
}

/** The unique landline of `index`: [2-5] + 7 permuted digits. */
function landlineFor(index: number, ddd: string): string {
  const first = 2 + (index % 4);
  return `+55${ddd}${first}${digits(permute(Math.floor(index / 4), 5_193_847, 6_620_419, 10_000_000), 7)}`;
}

// ——— Generation ————————————————————————————————————————————————————————————————————————————

/** A random element of `list`. */
function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** An integer in [min, max]. */
function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Up to `max` distinct elements of `list` (max ≪ list length). */
function some(random: () => number, list: readonly string[], max: number): string[] {
  const count = between(random, 0, max);
  const out: string[] = [];
  while (out.length < count) {
    const item = pick(random, list);
    if (!out.includes(item)) out.push(item);
  }
  return out;
}

/** A free e-mail domain different from `not`. */
function freeDomain(random: () => number, not: string | null): string {
  for (;;) {
    const domain = pick(random, FREE_MAIL_DOMAINS);
    if (domain !== not) return domain;
  }
}

/** A plausible birth date between 1950 and 2005, or null (not everyone gives it). */
function birthDate(random: () => number): string | null {
  if (random() < 0.3) return null;
  const month = digits(between(random, 1, 12), 2);
  return `${between(random, 1950, 2005)}-${month}-${digits(between(random, 1, 28), 2)}`;
}

/** One address in `place`, of the given type. */
function address(random: () => number, place: City, type: AddressType): DemoPerson['addresses'][number] {
  return {
    type,
    cep: digits(between(random, place.cepFrom, place.cepTo), 8),
    street: pick(random, STREETS),
    number: random() < 0.08 ? null : String(between(random, 1, 2999)),
    complement: random() < 0.35 ? pick(random, COMPLEMENTS) : null,
    district: pick(random, place.districts),
    city: place.name,
    state: place.uf,
    primary: true,
  };
}

/** A person of kind 'individual' with an index-derived CPF, mobiles and e-mails. */
function individual(random: () => number, index: number, place: City): DemoPerson {
  const first = pick(random, random() < 0.12 ? COMPOUND_NAMES : FIRST_NAMES);
  const last = pick(random, SURNAMES);
  const middle = random() < 0.55 ? pick(random, SURNAMES) : null;
  const name =
    middle && middle !== last ? `${first.text} ${middle.text} ${last.text}` : `${first.text} ${last.text}`;

  const phones: DemoPerson['phones'] = [
    { number: mobileFor(index, 0, place.ddd), type: random() < 0.6 ? 'whatsapp' : 'mobile', primary: true },
  ];
  const phoneCount = between(random, 1, 3);
  if (phoneCount === 3 || (phoneCount === 2 && random() < 0.5)) {
    phones.push({ number: mobileFor(index, 1, place.ddd), type: 'mobile', primary: false });
  }
  if (phones.length < phoneCount) {
    phones.push({ number: landlineFor(index, place.ddd), type: 'landline', primary: false });
  }

  const suffix = index + 1;
  const emails: DemoPerson['emails'] = [];
  const emailCount = random() < 0.15 ? 0 : random() < 0.7 ? 1 : 2;
  if (emailCount > 0) {
    const separator = pick(random, ['.', '', '_', '.']);
    const local = random() < 0.15 ? `${first.slug[0]}${last.slug}` : `${first.slug}${separator}${last.slug}`;
    const domain = freeDomain(random, null);
    emails.push({ address: `${local}${suffix}@${domain}`, type: 'personal', primary: true });
    if (emailCount === 2) {
      const work = random() < 0.6;
      const other = work ? pick(random, WORK_MAIL_DOMAINS) : freeDomain(random, domain);
      emails.push({
        address: `${first.slug}.${last.slug}${suffix}@${other}`,
        type: work ? 'work' : 'other',
        primary: false,
      });
    }
  }

  const social: DemoPerson['social'] = {};
  if (random() < 0.3) social.instagram = `@${first.slug}.${last.slug}`;
  if (random() < 0.12) social.linkedin = `https://www.linkedin.com/in/${first.slug}-${last.slug}-${suffix}`;

  return {
    kind: 'individual',
    name,
    tradeName: null,
    document: cpfFor(index, place.uf),
    birthDate: birthDate(random),
    stage: pick(random, STAGES),
    tags: some(random, TAGS, 2),
    source: source(random),
    phones,
    emails,
    addresses: [address(random, place, 'home')],
    social,
    notes: some(random, NOTES, 3),
  };
}

/** A company with an index-derived CNPJ (a third of them alphanumeric), a commercial line and e-mails. */
function company(random: () => number, index: number, place: City): DemoPerson {
  const sector = pick(random, SECTORS);
  const core = pick(random, COMPANY_CORES);
  const tradeName = sector.trade.replace('{}', core);
  const name = `${sector.legal} ${core} ${pick(random, COMPANY_SUFFIXES)}`;
  const domain = `${slugify(tradeName)}.com.br`;
  const alphanumeric = random() < 1 / 3;
  const branch = random() < 0.85 ? '0001' : `000${between(random, 2, 9)}`;

  const phones: DemoPerson['phones'] = [
    { number: landlineFor(index, place.ddd), type: 'commercial', primary: true },
  ];
  const phoneCount = between(random, 1, 3);
  if (phoneCount >= 2)
    phones.push({ number: mobileFor(index, 0, place.ddd), type: 'whatsapp', primary: false });
  if (phoneCount === 3)
    phones.push({ number: mobileFor(index, 1, place.ddd), type: 'mobile', primary: false });

  const suffix = index + 1;
  const emails: DemoPerson['emails'] = [];
  const emailCount = random() < 0.1 ? 0 : random() < 0.6 ? 1 : 2;
  const firstBox = pick(random, COMPANY_MAILBOXES);
  if (emailCount > 0) emails.push({ address: `${firstBox}${suffix}@${domain}`, type: 'work', primary: true });
  if (emailCount === 2) {
    let secondBox = pick(random, COMPANY_MAILBOXES);
    if (secondBox === firstBox) secondBox = firstBox === 'financeiro' ? 'vendas' : 'financeiro';
    emails.push({ address: `${secondBox}${suffix}@${domain}`, type: 'work', primary: false });
  }

  const handle = slugify(tradeName);
  const social: DemoPerson['social'] = {};
  if (random() < 0.7) social.website = `https://www.${domain}`;
  if (random() < 0.6) social.instagram = `@${handle}`;
  if (random() < 0.3) social.linkedin = `https://www.linkedin.com/company/${handle}`;

  return {
    kind: 'company',
    name,
    tradeName,
    document: cnpjFor(index, alphanumeric, branch),
    birthDate: null,
    stage: pick(random, STAGES),
    tags: some(random, TAGS, 2),
    source: source(random),
    phones,
    emails,
    addresses: [address(random, place, random() < 0.8 ? 'work' : 'billing')],
    social,
    notes: some(random, NOTES, 3),
  };
}

/** Where the lead came from; sometimes unknown. */
function source(random: () => number): DemoPerson['source'] {
  return {
    media: random() < 0.1 ? null : pick(random, MEDIA),
    channel: random() < 0.1 ? null : pick(random, CHANNELS),
  };
}

/**
 * One demo person; its document, phones and e-mails are derived from `index` and unique across all
 * indexes below 15,000,000, so callers can stream rows (the benchmark) without remembering earlier ones.
 */
export function generateDemoPerson(random: () => number, index: number): DemoPerson {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_INDEX) {
    throw new RangeError(`demo person index must be an integer in [0, ${MAX_INDEX}), got ${index}`);
  }
  const place = pick(random, WEIGHTED_CITIES);
  return random() < 0.15 ? company(random, index, place) : individual(random, index, place);
}

/** `count` demo people (indexes 0…count−1), ~85% individuals and ~15% companies, all unique. */
export function generateDemoPeople(random: () => number, count: number): DemoPerson[] {
  const people: DemoPerson[] = [];
  for (let index = 0; index < count; index++) people.push(generateDemoPerson(random, index));
  return people;
}
