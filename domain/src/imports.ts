import Papa from 'papaparse';
import { z } from 'zod';
import { ZConsentSetting } from './consents.ts';
import { documentKind, normalizeDocument } from './documents.ts';
import { type IdentityDocument, ZIdentityDocumentInput } from './person-types.ts';
import { normalizePhone } from './phones.ts';

/**
 * Importação de pessoas (planilhas CSV / XLSX): reading the file's text, the header → field suggestions (aliases
 * and the presets of common CRM exports), and each row's validation with pt-BR reasons. Pure: the server parses
 * XLSX itself and hands the cells here as text.
 */

/** The fields a column can feed. `phone`, `email` and `tags` may be fed by several columns. */
export const IMPORT_FIELDS = [
  'name',
  'firstName',
  'lastName',
  'kind',
  'tradeName',
  'document',
  'rg',
  'birthDate',
  'phone',
  'email',
  'tags',
  // People import: the person type by name and the documents beside the CPF/CNPJ (person-types.ts).
  'personType',
  'passport',
  'passportCountry',
  'stateRegistration',
  'stateRegistrationUf',
  // Opportunities import: the holder is found (or registered) through the person fields above.
  'title',
  'description',
  'pipeline',
  'stage',
  'value',
  'expectedCloseDate',
  'owner',
  'media',
  'channel',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const MULTI_FIELDS: readonly ImportField[] = ['phone', 'email', 'tags'];

/** What a file imports: people, or opportunities (each naming its holder). */
export const IMPORT_KINDS = ['people', 'opportunities'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The fields a column can feed for each kind. */
export const IMPORT_FIELDS_BY_KIND: Record<ImportKind, readonly ImportField[]> = {
  people: [
    'name',
    'firstName',
    'lastName',
    'kind',
    'tradeName',
    'document',
    'rg',
    'birthDate',
    'phone',
    'email',
    'tags',
    'personType',
    'passport',
    'passportCountry',
    'stateRegistration',
    'stateRegistrationUf',
  ],
  opportunities: [
    'title',
    'description',
    'pipeline',
    'stage',
    'value',
    'expectedCloseDate',
    'owner',
    'media',
    'channel',
    'name',
    'kind',
    'document',
    'phone',
    'email',
  ],
};

/** What to do with a row whose CPF/CNPJ, phone or e-mail is already in the registry (or earlier in the file). */
export const DEDUP_POLICIES = ['skip', 'update', 'create'] as const;
export type DedupPolicy = (typeof DEDUP_POLICIES)[number];

export const IMPORT_STATUSES = ['uploaded', 'queued', 'running', 'done', 'failed', 'undone'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** What a column feeds: a field, or a custom field of the imported entity as `cf:<key>` (custom-field-import.ts). */
export const ZImportTarget = z.union([z.enum(IMPORT_FIELDS), z.templateLiteral(['cf:', z.string()])]);
export type ImportTarget = z.infer<typeof ZImportTarget>;

/** One entry per column of the file: what it feeds, or null (ignored). */
export type ImportMapping = (ImportTarget | null)[];

export const ZImportMapping = z
  .array(ZImportTarget.refine((t) => !t.startsWith('cf:') || /^cf:[a-z][a-z0-9_]{0,39}$/.test(t)).nullable())
  .max(200);

export const ZUpdateImportRequest = z.object({
  mapping: ZImportMapping,
  policy: z.enum(DEDUP_POLICIES),
  /** Saves the mapping under this name, offered again for files with the same headers. */
  saveMappingAs: z.string().trim().min(1).max(80).nullish(),
  /** LGPD: the purpose + legal basis recorded (source `import`) for every person the import creates or updates. */
  consentSetting: ZConsentSetting.nullish(),
});
export type UpdateImportRequest = z.infer<typeof ZUpdateImportRequest>;

// ——— Reading the file ———

/**
 * The file's text: a UTF-8 BOM (or UTF-16 BOM) says the encoding; otherwise valid UTF-8 is UTF-8 and anything
 * else is read as Windows-1252 (the superset of Latin-1 that Excel on Windows writes).
 */
export function decodeText(bytes: Uint8Array): {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'windows-1252';
} {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** Rows of a CSV text with its delimiter detected (`,`, `;`, tab or `|`); empty lines dropped. */
export function parseCsv(text: string): { delimiter: string; rows: string[][] } {
  const result = Papa.parse<string[]>(text, {
    delimitersToGuess: [';', ',', '\t', '|'],
    skipEmptyLines: 'greedy',
  });
  return { delimiter: result.meta.delimiter, rows: result.data.map((r) => r.map((c) => String(c ?? ''))) };
}

// ——— Mapping suggestions ———

export const normalizeHeader = (h: string) =>
  h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Header words (normalized) that suggest a field, pt-BR and English. Checked in order: the first match wins. */
const ALIASES: [ImportField, string[]][] = [
  ['firstName', ['first name', 'given name', 'primeiro nome', 'nome proprio', 'name first name']],
  ['lastName', ['last name', 'family name', 'sobrenome', 'ultimo nome', 'name last name']],
  ['tradeName', ['nome fantasia', 'fantasia', 'trade name']],
  [
    'name',
    [
      'nome',
      'name',
      'nome completo',
      'full name',
      'razao social',
      'contato',
      'cliente',
      'person name',
      'display name',
    ],
  ],
  ['kind', ['tipo', 'tipo de pessoa', 'tipo pessoa', 'pf pj', 'kind', 'person type']],
  // "Tipo" stays the PF/PJ column it always was; a type by name has its own header.
  ['personType', ['tipo cadastral', 'nome do tipo', 'tipo de cadastro', 'person type name']],
  ['passportCountry', ['pais do passaporte', 'pais emissor', 'passport country']],
  ['passport', ['passaporte', 'passport', 'numero do passaporte']],
  ['stateRegistrationUf', ['uf da inscricao estadual', 'uf da ie', 'uf ie', 'ie uf']],
  ['stateRegistration', ['inscricao estadual', 'ie', 'state registration']],
  ['document', ['cpf', 'cnpj', 'cpf cnpj', 'cpf ou cnpj', 'documento', 'document', 'tax id', 'cpf/cnpj']],
  ['rg', ['rg', 'identidade', 'registro geral']],
  [
    'birthDate',
    [
      'nascimento',
      'data de nascimento',
      'data nascimento',
      'aniversario',
      'birthday',
      'birth date',
      'birthdate',
    ],
  ],
  ['email', ['email', 'e mail', 'correio eletronico', 'email address']],
  [
    'phone',
    ['telefone', 'celular', 'fone', 'whatsapp', 'phone', 'mobile', 'tel', 'telephone', 'mobile phone'],
  ],
  ['tags', ['tags', 'etiquetas', 'marcadores', 'labels', 'grupo', 'group membership']],
];

/** Opportunity headers (normalized), checked before the person aliases in an opportunities import. */
const OPPORTUNITY_ALIASES: [ImportField, string[]][] = [
  [
    'title',
    ['titulo', 'title', 'oportunidade', 'negocio', 'negociacao', 'deal', 'deal title', 'nome do negocio'],
  ],
  ['description', ['descricao', 'description', 'observacao', 'observacoes', 'notas', 'notes']],
  ['pipeline', ['funil', 'pipeline', 'funil de vendas']],
  ['stage', ['etapa', 'estagio', 'fase', 'stage', 'deal stage']],
  ['value', ['valor', 'value', 'amount', 'valor r', 'valor do negocio', 'deal value']],
  [
    'expectedCloseDate',
    [
      'previsao de fechamento',
      'data de fechamento',
      'fechamento',
      'previsao',
      'expected close date',
      'close date',
      'data prevista',
    ],
  ],
  ['owner', ['responsavel', 'dono', 'owner', 'vendedor', 'corretor', 'email do responsavel', 'deal owner']],
  ['media', ['midia', 'media', 'origem', 'source']],
  ['channel', ['canal', 'channel']],
  ['name', ['titular', 'nome do titular', 'cliente', 'contato', 'nome do cliente', 'pessoa', 'person']],
];

/** Exact header sets of common exports: header (normalized) → field. */
export const MAPPING_PRESETS: Record<string, { label: string; columns: Record<string, ImportField> }> = {
  google: {
    label: 'Google Contatos',
    columns: {
      name: 'name',
      'first name': 'firstName',
      'last name': 'lastName',
      'given name': 'firstName',
      'family name': 'lastName',
      'e mail 1 value': 'email',
      'e mail 2 value': 'email',
      'phone 1 value': 'phone',
      'phone 2 value': 'phone',
      'phone 3 value': 'phone',
      birthday: 'birthDate',
      labels: 'tags',
      'group membership': 'tags',
    },
  },
  outlook: {
    label: 'Outlook',
    columns: {
      'first name': 'firstName',
      'last name': 'lastName',
      'e mail address': 'email',
      'e mail 2 address': 'email',
      'e mail 3 address': 'email',
      'mobile phone': 'phone',
      'business phone': 'phone',
      'home phone': 'phone',
      birthday: 'birthDate',
      categories: 'tags',
    },
  },
  rdstation: {
    label: 'RD Station',
    columns: {
      nome: 'name',
      email: 'email',
      telefone: 'phone',
      celular: 'phone',
      'data de nascimento': 'birthDate',
      tags: 'tags',
    },
  },
  pipedrive: {
    label: 'Pipedrive',
    columns: {
      'person name': 'name',
      'person first name': 'firstName',
      'person last name': 'lastName',
      'person email work': 'email',
      'person email home': 'email',
      'person email other': 'email',
      'person phone work': 'phone',
      'person phone mobile': 'phone',
      'person phone home': 'phone',
      'person labels': 'tags',
      'person birthday': 'birthDate',
    },
  },
  twenty: {
    label: 'Twenty',
    columns: {
      'name first name': 'firstName',
      'name last name': 'lastName',
      'emails primary email': 'email',
      'phones primary phone number': 'phone',
    },
  },
  hubspot: {
    label: 'HubSpot',
    columns: {
      'first name': 'firstName',
      'last name': 'lastName',
      email: 'email',
      'phone number': 'phone',
      'mobile phone number': 'phone',
      'date of birth': 'birthDate',
    },
  },
};

/** The preset whose headers the file has most of (at least two), or null. */
export function detectPreset(headers: string[]): string | null {
  const norm = headers.map(normalizeHeader);
  let best: { key: string; score: number } | null = null;
  for (const [key, preset] of Object.entries(MAPPING_PRESETS)) {
    const score = norm.filter((h) => h in preset.columns).length;
    if (score >= 2 && (!best || score > best.score)) best = { key, score };
  }
  return best?.key ?? null;
}

/** The mapping a preset gives these headers; columns it does not know fall back to the aliases. */
export function presetMapping(headers: string[], preset: string): ImportMapping {
  const columns = MAPPING_PRESETS[preset]?.columns ?? {};
  return headers.map((h) => {
    const n = normalizeHeader(h);
    return columns[n] ?? ALIASES.find(([, words]) => words.includes(n))?.[0] ?? null;
  });
}

/** The header aliases of a kind's fields, in the order they are tried. */
function aliasesOf(kind: ImportKind): [ImportField, string[]][] {
  const allowed = IMPORT_FIELDS_BY_KIND[kind];
  return (kind === 'opportunities' ? [...OPPORTUNITY_ALIASES, ...ALIASES] : ALIASES).filter(([f]) =>
    allowed.includes(f),
  );
}

/** Whether the header is word for word an alias of a field of the kind (not just a word of it). */
export const isExactAlias = (header: string, kind: ImportKind): boolean =>
  aliasesOf(kind).some(([, words]) => words.includes(normalizeHeader(header)));

/** A field for each header: the preset's (detected unless given), else the first alias that matches. */
export function suggestMapping(
  headers: string[],
  preset: string | null = detectPreset(headers),
  kind: ImportKind = 'people',
): ImportMapping {
  if (preset && kind === 'people') return presetMapping(headers, preset);
  const aliases = aliasesOf(kind);
  const taken = new Set<ImportField>();
  return headers.map((h) => {
    const n = normalizeHeader(h);
    if (!n) return null;
    const hit =
      aliases.find(([, words]) => words.includes(n)) ??
      aliases.find(([, words]) => words.some((w) => w.length > 3 && n.split(' ').includes(w)));
    const field = hit?.[0] ?? null;
    if (!field || (taken.has(field) && !MULTI_FIELDS.includes(field))) return null;
    taken.add(field);
    return field;
  });
}

// ——— Values ———

/**
 * A date as the spreadsheets write it: dd/mm/aaaa (or dd-mm-aaaa, dd.mm.aaaa, 2-digit years), ISO aaaa-mm-dd
 * (what the server writes for an XLSX date cell). Null when it is not a real calendar day.
 */
export function parseBrDate(input: string): string | null {
  const v = input.trim();
  let d: number;
  let m: number;
  let y: number;
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(v);
  if (match) {
    d = Number(match[1]);
    m = Number(match[2]);
    y = Number(match[3]);
    if (match[3]?.length === 2) y += y > new Date().getFullYear() % 100 ? 1900 : 2000;
  } else {
    match = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/.exec(v);
    if (!match) return null;
    y = Number(match[1]);
    m = Number(match[2]);
    d = Number(match[3]);
  }
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const day = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== iso) return null;
  return iso;
}

/** "R$ 1.234,56", "1234,56", "1.234", "-R$ 10,00", "1234.56" → cents; null when not money. */
export function parseBrMoney(input: string): number | null {
  let v = input.trim().replace(/\s+/g, '');
  const negative = v.startsWith('-') || (v.startsWith('(') && v.endsWith(')'));
  v = v.replace(/^[-(]/, '').replace(/\)$/, '').replace(/^R\$/i, '').replace(/^-/, '');
  if (!v) return null;
  let normalized: string;
  if (/^\d{1,3}(\.\d{3})*(,\d{1,2})?$/.test(v) || /^\d+(,\d{1,2})?$/.test(v)) {
    normalized = v.replace(/\./g, '').replace(',', '.');
  } else if (/^\d+\.\d{1,2}$/.test(v)) {
    normalized = v;
  } else return null;
  const cents = Math.round(Number(normalized) * 100);
  return Number.isFinite(cents) ? (negative ? -cents : cents) : null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A validated person from one row, in the shape the server writes. */
export type ImportedPerson = {
  kind: 'individual' | 'company';
  name: string;
  tradeName: string | null;
  document: string | null;
  rg: string | null;
  birthDate: string | null;
  phones: string[];
  emails: string[];
  tags: string[];
  /** Checked custom values (people import with custom fields mapped: custom-field-import.ts). */
  customFields?: Record<string, unknown>;
  /** The person type's name as the row gives it (the server resolves it and checks its document rules). */
  typeName: string | null;
  /** The person type the server resolved (absent: the built-in type of `kind`). */
  typeId?: string;
  /** Passport and state registration (IE), format checked as the person form's (`ZIdentityDocumentInput`). */
  documents: IdentityDocument[];
};

export type RowResult = { person: ImportedPerson; errors: [] } | { person: null; errors: string[] };

function kindOf(value: string): 'individual' | 'company' | 'unknown' {
  const n = normalizeHeader(value);
  if (['pf', 'f', 'fisica', 'pessoa fisica', 'individual', 'person'].includes(n)) return 'individual';
  if (['pj', 'j', 'juridica', 'pessoa juridica', 'empresa', 'company', 'organization'].includes(n))
    return 'company';
  return 'unknown';
}

/**
 * One row through the mapping: the person it describes, or every reason it cannot be imported (pt-BR, naming the
 * column's value). Values are split on `;`, `,` or ` / ` inside a phone, e-mail or tags cell (contacts exports put
 * several numbers in one cell with ` ::: `).
 */
export function validateRow(cells: string[], mapping: ImportMapping): RowResult {
  const errors: string[] = [];
  const values: Partial<Record<ImportTarget, string[]>> = {};
  mapping.forEach((field, i) => {
    const v = (cells[i] ?? '').trim();
    if (!field || !v) return;
    const list = values[field] ?? [];
    list.push(v);
    values[field] = list;
  });
  const one = (f: ImportField) => values[f]?.[0] ?? null;
  const name =
    one('name') ??
    ([one('firstName'), one('lastName')].filter(Boolean).join(' ').replace(/\s+/g, ' ').trim() || null);
  if (!name) errors.push('Nome obrigatório');
  else if (name.length > 200) errors.push('Nome com mais de 200 caracteres');

  let document: string | null = null;
  const rawDocument = one('document');
  if (rawDocument) {
    document = normalizeDocument(rawDocument);
    if (!documentKind(document)) {
      errors.push(`CPF/CNPJ inválido: ${rawDocument}`);
      document = null;
    }
  }
  let kind: 'individual' | 'company' =
    document && documentKind(document) === 'cnpj' ? 'company' : 'individual';
  const rawKind = one('kind');
  if (rawKind) {
    const k = kindOf(rawKind);
    if (k === 'unknown') errors.push(`Tipo de pessoa inválido: ${rawKind} (use PF ou PJ)`);
    else {
      if (document && (documentKind(document) === 'cnpj') !== (k === 'company')) {
        errors.push(k === 'company' ? 'Pessoa jurídica com CPF' : 'Pessoa física com CNPJ');
      }
      kind = k;
    }
  }

  const split = (list: string[] | undefined, re: RegExp) =>
    (list ?? [])
      .flatMap((v) => v.split(re))
      .map((v) => v.trim())
      .filter(Boolean);
  const phones: string[] = [];
  for (const raw of split(values.phone, /\s*(?::::|;|\/|,)\s*/)) {
    const e164 = normalizePhone(raw);
    if (!e164) errors.push(`Telefone inválido: ${raw}`);
    else if (!phones.includes(e164)) phones.push(e164);
  }
  const emails: string[] = [];
  for (const raw of split(values.email, /\s*(?::::|;|,|\s)\s*/)) {
    const address = raw.toLowerCase();
    if (address.length > 254 || !EMAIL.test(address)) errors.push(`E-mail inválido: ${raw}`);
    else if (!emails.includes(address)) emails.push(address);
  }
  let birthDate: string | null = null;
  const rawDate = one('birthDate');
  if (rawDate) {
    birthDate = parseBrDate(rawDate);
    if (!birthDate || birthDate < '1900-01-01' || birthDate > new Date().toISOString().slice(0, 10)) {
      errors.push(`Data inválida: ${rawDate} (use dd/mm/aaaa)`);
      birthDate = null;
    }
  }
  const tags = [
    ...new Set(split(values.tags, /\s*(?::::|;|,)\s*/).map((t) => t.replace(/^\*\s*/, '').slice(0, 50))),
  ];
  const documents = identityDocumentsOf(one, errors);
  const cut = (v: string | null, max: number) => (v ? v.slice(0, max) : null);
  if (errors.length || !name) return { person: null, errors };
  return {
    person: {
      typeName: cut(one('personType'), 80),
      documents,
      kind,
      name,
      tradeName: cut(one('tradeName'), 200),
      document,
      rg: cut(one('rg'), 30),
      birthDate,
      phones: phones.slice(0, 10),
      emails: emails.slice(0, 10),
      tags: tags.slice(0, 20),
    },
    errors: [],
  };
}

const DOCUMENT_REASONS: Record<string, (raw: string) => string> = {
  invalid_passport: (v) => `Passaporte inválido: ${v} (6 a 20 letras e números)`,
  invalid_country: (v) => `País do passaporte inválido: ${v} (use a sigla de 2 letras, ex.: US)`,
  invalid_uf: (v) => `UF da inscrição estadual inválida: ${v}`,
  invalid_state_registration: (v) => `Inscrição estadual inválida: ${v}`,
};

/**
 * The row's passport (with its country) and IE (with its UF), checked by the person form's schema
 * (`ZIdentityDocumentInput`: passport format, ISO country, IE check digits per UF); each refusal a pt-BR reason.
 */
function identityDocumentsOf(one: (f: ImportField) => string | null, errors: string[]): IdentityDocument[] {
  const documents: IdentityDocument[] = [];
  const pairs = [
    ['passport', one('passport'), one('passportCountry'), 'País do passaporte obrigatório'],
    [
      'state_registration',
      one('stateRegistration'),
      one('stateRegistrationUf'),
      'UF da inscrição estadual obrigatória',
    ],
  ] as const;
  for (const [kind, number, issuer, missing] of pairs) {
    if (!number) continue;
    if (!issuer) {
      errors.push(`${missing}: ${number}`);
      continue;
    }
    const input = kind === 'passport' ? { kind, country: issuer, number } : { kind, state: issuer, number };
    const parsed = ZIdentityDocumentInput.safeParse(input);
    if (parsed.success) documents.push(parsed.data);
    else {
      for (const issue of parsed.error.issues) {
        const onIssuer = issue.path[0] === 'country' || issue.path[0] === 'state';
        errors.push(
          DOCUMENT_REASONS[issue.message]?.(onIssuer ? issuer : number) ?? `Documento inválido: ${number}`,
        );
      }
    }
  }
  return documents;
}

/** The unique keys of a person (what the registry's unique indexes hold): dedup inside the file and against it. */
export function dedupKeys(p: ImportedPerson): string[] {
  return [
    ...(p.document ? [`d:${p.document}`] : []),
    ...p.phones.map((n) => `p:${n}`),
    ...p.emails.map((e) => `e:${e}`),
  ];
}

// ——— Opportunities ———

/** A validated opportunity row: how to find (or register) its holder, and the card's values. */
export type ImportedOpportunity = {
  /** The holder's unique keys (`d:`, `p:`, `e:` as `dedupKeys`): the first one a person holds finds the holder. */
  holderKeys: string[];
  /** The person to register when no one holds those keys (the row names the holder); null without a name. */
  person: ImportedPerson | null;
  title: string | null;
  description: string | null;
  pipeline: string | null;
  stage: string | null;
  valueCents: number | null;
  expectedCloseDate: string | null;
  ownerEmail: string | null;
  media: string | null;
  channel: string | null;
  /** Checked custom values of the card (`cf:<key>` columns: custom-field-import.ts). */
  customFields?: Record<string, unknown>;
};

export type OpportunityRowResult =
  | { opportunity: ImportedOpportunity; errors: [] }
  | { opportunity: null; errors: string[] };

/**
 * One row of an opportunities import: the holder by CPF/CNPJ, e-mail or phone (with the person fields validated as
 * the people import does; a name is needed only to register a new holder), value as "R$ 1.234,56", expected close
 * as dd/mm/aaaa, owner by e-mail. Funnel, stage and owner are resolved by the server (they name records).
 */
export function validateOpportunityRow(cells: string[], mapping: ImportMapping): OpportunityRowResult {
  const errors: string[] = [];
  const one = (f: ImportField) => {
    const i = mapping.indexOf(f);
    const v = i >= 0 ? (cells[i] ?? '').trim() : '';
    return v || null;
  };
  const hasName = mapping.some((f, i) => (f === 'name' || f === 'firstName') && (cells[i] ?? '').trim());
  // The person fields through the people rules; without a name, a placeholder column stands for it (only the
  // holder's keys are used then).
  const personResult = hasName
    ? validateRow(cells, mapping)
    : validateRow(
        [...cells, '-'],
        [...mapping.map((f) => (f === 'name' || f === 'firstName' ? null : f)), 'name'],
      );
  errors.push(...personResult.errors);
  const holderKeys = personResult.person ? dedupKeys(personResult.person) : [];
  if (personResult.person && holderKeys.length === 0)
    errors.push('Informe o CPF/CNPJ, e-mail ou telefone do titular');
  let valueCents: number | null = null;
  const rawValue = one('value');
  if (rawValue) {
    valueCents = parseBrMoney(rawValue);
    if (valueCents === null || valueCents < 0 || valueCents > 1e15) {
      errors.push(`Valor inválido: ${rawValue} (use R$ 1.234,56)`);
      valueCents = null;
    }
  }
  let expectedCloseDate: string | null = null;
  const rawClose = one('expectedCloseDate');
  if (rawClose) {
    expectedCloseDate = parseBrDate(rawClose);
    if (!expectedCloseDate || expectedCloseDate < '1900-01-01' || expectedCloseDate > '2999-12-31') {
      errors.push(`Data de fechamento inválida: ${rawClose} (use dd/mm/aaaa)`);
      expectedCloseDate = null;
    }
  }
  const rawOwner = one('owner');
  const ownerEmail = rawOwner ? rawOwner.toLowerCase() : null;
  if (rawOwner && (!ownerEmail || !EMAIL.test(ownerEmail)))
    errors.push(`E-mail do responsável inválido: ${rawOwner}`);
  const title = one('title');
  if (title && title.length < 2) errors.push(`Título curto demais: ${title}`);
  if (errors.length || !personResult.person) return { opportunity: null, errors };
  const cut = (v: string | null, max: number) => (v ? v.slice(0, max) : null);
  return {
    opportunity: {
      holderKeys,
      person: hasName ? personResult.person : null,
      title: cut(title, 160),
      description: cut(one('description'), 5000),
      pipeline: one('pipeline'),
      stage: one('stage'),
      valueCents,
      expectedCloseDate,
      ownerEmail,
      media: cut(one('media'), 80),
      channel: cut(one('channel'), 80),
    },
    errors: [],
  };
}
