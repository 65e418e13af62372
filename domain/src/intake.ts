import { z } from 'zod';
import { isValidCep, normalizeCep } from './cep.ts';
import { type ConsentSetting, ZConsentSetting } from './consents.ts';
import { documentKind, normalizeDocument } from './documents.ts';
import { normalizePhone } from './phones.ts';

/**
 * Lead intake: each lead source (an integration of kind `lead_source`) speaks one preset — the payload format its
 * sender uses, as published in that sender's documentation. Parsing is pure: a payload becomes zero or more
 * `ParsedLead`s (what the source said, unvalidated), and `normalizeLead` decides whether a lead is usable.
 */
export const INTAKE_PRESETS = [
  'site_form',
  'meta_lead_ads',
  'rd_station',
  'olx_zap',
  'google_ads',
  'generic',
] as const;
export type IntakePreset = (typeof INTAKE_PRESETS)[number];

/** Where an intake log row ended. `merged`: existing person, new negotiation; `duplicate`: existing person, event only. */
export const INTAKE_LEAD_STATUSES = [
  'pending',
  'created',
  'merged',
  'duplicate',
  'rejected',
  'suppressed',
] as const;
export type IntakeLeadStatus = (typeof INTAKE_LEAD_STATUSES)[number];

/** Why a lead was rejected (each has pt-BR and en text on the web). */
export const INTAKE_REJECT_REASONS = [
  'no_contact',
  'invalid_document',
  'honeypot',
  'test_lead',
  'no_consent',
  'source_unavailable',
  'invalid_data',
  'duplicate_not_visible',
  'processing_failed',
  /** LGPD: the person was anonymized at their request (suppression list); the lead's data was dropped. */
  'suppressed',
] as const;
export type IntakeRejectReason = (typeof INTAKE_REJECT_REASONS)[number];

/** The person/opportunity fields a generic mapping may fill. */
export const INTAKE_TARGET_FIELDS = [
  'externalId',
  'name',
  'email',
  'phone',
  'document',
  'company',
  'city',
  'cep',
  'message',
  'title',
] as const;
export type IntakeTargetField = (typeof INTAKE_TARGET_FIELDS)[number];

/** A lead as the source told it: strings as received (a phone in any format), nothing checked yet. */
export type ParsedLead = {
  /** The source's own id of the lead (Meta leadgen_id, RD uuid, OLX originLeadId, Google lead_id); null: none. */
  externalId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  document: string | null;
  company: string | null;
  city: string | null;
  /** The CEP as sent (the worker fills the address from it with the CEP lookup). */
  cep: string | null;
  message: string | null;
  title: string | null;
  /** The sender says it is a test (Google Ads `is_test`). */
  test: boolean;
  /** LGPD basis the source reported (RD `legal_bases`) or the consent given on the site form. */
  consent: { text: string; version: number | null; basis: unknown } | null;
  /** Other fields worth keeping for the seller (form answers, listing ids…). */
  extra: Record<string, string>;
  /** Custom person fields a generic mapping fills (`cf.<key>`), as received; checked when the person is made. */
  customFields?: Record<string, unknown>;
};

/** A usable lead: phone in E.164, document normalized, e-mail lowercase. */
export type NormalizedLead = Omit<ParsedLead, 'phone' | 'document' | 'email'> & {
  phone: string | null;
  email: string | null;
  document: string | null;
  documentKind: 'cpf' | 'cnpj' | null;
};

export type ParseIssue = { field: string; code: string };
export type ParseResult = { ok: true; leads: ParsedLead[] } | { ok: false; issues: ParseIssue[] };

const emptyLead = (): ParsedLead => ({
  externalId: null,
  name: null,
  email: null,
  phone: null,
  document: null,
  company: null,
  city: null,
  cep: null,
  message: null,
  title: null,
  test: false,
  consent: null,
  extra: {},
});

const text = (v: unknown): string | null => {
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t ? t.slice(0, 2000) : null;
};

const issuesOf = (error: z.ZodError): ParseIssue[] =>
  error.issues.map((i) => ({ field: i.path.join('.') || 'body', code: i.code }));

const ZId = z.union([z.string().trim().min(1).max(200), z.number().int().nonnegative()]);

// ---------- Meta Lead Ads ----------

const ZMetaFieldData = z.array(
  z.object({ name: z.string().max(200), values: z.array(z.union([z.string(), z.number()])).max(50) }).loose(),
);
const ZMetaWebhook = z
  .object({
    object: z.string().optional(),
    entry: z
      .array(
        z
          .object({
            changes: z
              .array(
                z
                  .object({
                    field: z.string(),
                    value: z.object({ leadgen_id: ZId, field_data: ZMetaFieldData.optional() }).loose(),
                  })
                  .loose(),
              )
              .min(1)
              .max(100),
          })
          .loose(),
      )
      .min(1)
      .max(100),
  })
  .loose();

/** Meta's standard field names (and the usual pt-BR custom ones) → lead fields. */
const META_FIELDS: Record<string, keyof ParsedLead> = {
  full_name: 'name',
  nome_completo: 'name',
  nome: 'name',
  email: 'email',
  work_email: 'email',
  phone_number: 'phone',
  telefone: 'phone',
  whatsapp: 'phone',
  cpf: 'document',
  cnpj: 'document',
  company_name: 'company',
  city: 'city',
  cidade: 'city',
  zip_code: 'cep',
  post_code: 'cep',
  cep: 'cep',
};

/**
 * A Meta Lead Ads `leadgen` webhook: `entry[].changes[].value` with `leadgen_id`. Meta itself sends only the ids
 * (the answers are fetched from the Graph API); integrators that relay it (Zapier, Make, n8n) put the answers in
 * `field_data` as the Graph API answers them — `[{ name, values }]` — which is what this reads.
 */
export function parseMetaLeadAds(body: unknown): ParseResult {
  const parsed = ZMetaWebhook.safeParse(body);
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
  const leads: ParsedLead[] = [];
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'leadgen') continue;
      const v = change.value;
      const lead = emptyLead();
      lead.externalId = String(v.leadgen_id);
      let first: string | null = null;
      let last: string | null = null;
      for (const f of v.field_data ?? []) {
        const value = text(f.values[0]);
        if (!value) continue;
        const key = f.name.toLowerCase();
        const target = META_FIELDS[key];
        if (key === 'first_name') first = value;
        else if (key === 'last_name') last = value;
        else if (target && lead[target] === null) (lead as Record<string, unknown>)[target] = value;
        else lead.extra[f.name.slice(0, 100)] = value;
      }
      if (!lead.name && (first || last)) lead.name = [first, last].filter(Boolean).join(' ');
      for (const k of ['form_id', 'ad_id', 'page_id', 'adgroup_id'] as const) {
        const id = text(v[k]);
        if (id) lead.extra[k] = id;
      }
      leads.push(lead);
    }
  }
  if (!leads.length)
    return { ok: false, issues: [{ field: 'entry.0.changes.0.field', code: 'not_leadgen' }] };
  return { ok: true, leads };
}

// ---------- RD Station Marketing ----------

const ZRdLegacyLead = z
  .object({
    id: ZId.optional(),
    uuid: z.string().max(200).optional(),
    email: z.string().max(300).nullish(),
    name: z.string().max(300).nullish(),
    company: z.string().max(300).nullish(),
    personal_phone: z.string().max(100).nullish(),
    mobile_phone: z.string().max(100).nullish(),
    city: z.string().max(200).nullish(),
    legal_bases: z.array(z.object({}).loose()).max(20).optional(),
    first_conversion: z.object({}).loose().nullish(),
    last_conversion: z
      .object({ content: z.object({}).loose().nullish() })
      .loose()
      .nullish(),
  })
  .loose();
const ZRdWebhook = z.union([
  z.object({ leads: z.array(ZRdLegacyLead).min(1).max(100) }).loose(),
  // The current webhooks API: one contact per request (WEBHOOK.CONVERTED).
  z
    .object({ event_type: z.string().max(100), contact: ZRdLegacyLead.extend({ company: z.unknown() }) })
    .loose(),
]);

/**
 * RD Station Marketing's conversion webhook: `{ leads: [...] }` (each with `uuid`, `personal_phone`/`mobile_phone`,
 * `legal_bases`, the last conversion's form content), or the newer `{ event_type, contact }` shape.
 */
export function parseRdStation(body: unknown): ParseResult {
  const parsed = ZRdWebhook.safeParse(body);
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
  const data = parsed.data as {
    leads?: z.infer<typeof ZRdLegacyLead>[];
    contact?: z.infer<typeof ZRdLegacyLead>;
  };
  const list = data.leads ?? (data.contact ? [data.contact] : []);
  const leads = list.map((r) => {
    const lead = emptyLead();
    lead.externalId = text(r.uuid) ?? text(r.id);
    lead.name = text(r.name);
    lead.email = text(r.email);
    lead.phone = text(r.mobile_phone) ?? text(r.personal_phone);
    const company = r.company as unknown;
    lead.company =
      typeof company === 'object' && company ? text((company as { name?: unknown }).name) : text(company);
    lead.city = text(r.city);
    if (r.legal_bases?.length) {
      lead.consent = { text: 'RD Station legal_bases', version: null, basis: r.legal_bases };
    }
    const content = r.last_conversion?.content ?? {};
    for (const [k, v] of Object.entries(content)) {
      const value = text(v);
      if (value && Object.keys(lead.extra).length < 50) lead.extra[k.slice(0, 100)] = value;
    }
    const origin = (r as { funnel?: { origin?: unknown } }).funnel?.origin;
    if (text(origin)) lead.extra.origin = text(origin) as string;
    return lead;
  });
  return { ok: true, leads };
}

// ---------- Grupo OLX / ZAP ----------

const ZOlxZap = z
  .object({
    leadOrigin: z.string().max(100).optional(),
    timestamp: z.string().max(60).optional(),
    originLeadId: z.string().trim().min(1).max(200),
    originListingId: z.string().max(200).nullish(),
    clientListingId: z.string().max(200).nullish(),
    name: z.string().max(300).nullish(),
    email: z.string().max(300).nullish(),
    ddd: z.string().max(5).nullish(),
    phone: z.string().max(30).nullish(),
    phoneNumber: z.string().max(40).nullish(),
    message: z.string().max(5000).nullish(),
    temperature: z.string().max(40).nullish(),
    transactionType: z.string().max(40).nullish(),
    transaction_type: z.string().max(40).nullish(),
  })
  .loose();

/** Grupo OLX/ZAP (ZAP Imóveis, Viva Real, OLX) lead integration: one lead per POST, `originLeadId` its id. */
export function parseOlxZap(body: unknown): ParseResult {
  const parsed = ZOlxZap.safeParse(body);
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
  const r = parsed.data;
  const lead = emptyLead();
  lead.externalId = r.originLeadId;
  lead.name = text(r.name);
  lead.email = text(r.email);
  lead.phone = text(r.phoneNumber) ?? (r.ddd && r.phone ? `(${r.ddd}) ${r.phone}` : text(r.phone));
  lead.message = text(r.message);
  const listing = text(r.clientListingId);
  if (listing) lead.title = `Anúncio ${listing}`;
  for (const k of ['leadOrigin', 'clientListingId', 'originListingId', 'temperature'] as const) {
    const v = text(r[k]);
    if (v) lead.extra[k] = v;
  }
  const transaction = text(r.transactionType ?? r.transaction_type);
  if (transaction) lead.extra.transactionType = transaction;
  return { ok: true, leads: [lead] };
}

// ---------- Google Ads lead form ----------

const ZGoogleAds = z
  .object({
    lead_id: z.string().trim().min(1).max(300),
    api_version: z.string().max(20).optional(),
    form_id: z.union([z.number(), z.string()]).optional(),
    campaign_id: z.union([z.number(), z.string()]).optional(),
    google_key: z.string().max(300).optional(),
    is_test: z.boolean().optional(),
    gcl_id: z.string().max(300).optional(),
    user_column_data: z
      .array(
        z
          .object({
            column_id: z.string().max(100).optional(),
            column_name: z.string().max(300).optional(),
            string_value: z.string().max(2000).optional(),
          })
          .loose(),
      )
      .max(100),
  })
  .loose();

const GOOGLE_COLUMNS: Record<string, keyof ParsedLead> = {
  FULL_NAME: 'name',
  EMAIL: 'email',
  WORK_EMAIL: 'email',
  PHONE_NUMBER: 'phone',
  WORK_PHONE: 'phone',
  COMPANY_NAME: 'company',
  CITY: 'city',
  POSTAL_CODE: 'cep',
};

/** A Google Ads lead form webhook: `user_column_data` [{ column_id, string_value }], `lead_id`, `google_key`, `is_test`. */
export function parseGoogleAds(body: unknown): ParseResult {
  const parsed = ZGoogleAds.safeParse(body);
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
  const r = parsed.data;
  const lead = emptyLead();
  lead.externalId = r.lead_id;
  lead.test = r.is_test === true;
  let first: string | null = null;
  let last: string | null = null;
  for (const c of r.user_column_data) {
    const value = text(c.string_value);
    if (!value) continue;
    const id = c.column_id?.toUpperCase() ?? '';
    const target = GOOGLE_COLUMNS[id];
    if (id === 'FIRST_NAME') first = value;
    else if (id === 'LAST_NAME') last = value;
    else if (target && lead[target] === null) (lead as Record<string, unknown>)[target] = value;
    else lead.extra[(c.column_name ?? c.column_id ?? 'campo').slice(0, 100)] = value;
  }
  if (!lead.name && (first || last)) lead.name = [first, last].filter(Boolean).join(' ');
  for (const k of ['form_id', 'campaign_id', 'gcl_id'] as const) {
    const v = text(r[k]);
    if (v) lead.extra[k] = v;
  }
  return { ok: true, leads: [lead] };
}

// ---------- Site form ----------

/** The honeypot field of the site form: invisible to people, filled by bots. */
export const HONEYPOT_FIELD = 'website';
/** The consent checkbox of the site form. */
export const CONSENT_FIELD = 'consentimento';

/** A site form post (url-encoded or JSON): `nome`, `email`, `telefone`, `cep`, `mensagem`, `consentimento`. */
export function parseSiteForm(body: unknown): ParseResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, issues: [{ field: 'body', code: 'invalid_type' }] };
  }
  const r = body as Record<string, unknown>;
  const lead = emptyLead();
  lead.name = text(r.nome ?? r.name);
  lead.email = text(r.email);
  lead.phone = text(r.telefone ?? r.phone);
  lead.document = text(r.cpf ?? r.documento);
  lead.company = text(r.empresa ?? r.company);
  lead.city = text(r.cidade ?? r.city);
  lead.cep = text(r.cep);
  lead.message = text(r.mensagem ?? r.message);
  return { ok: true, leads: [lead] };
}

// ---------- Generic mapping ----------

/** A path into a JSON payload: `contact.name`, `phones[0].number`, `data.fields.0`. */
export const ZJsonPath = z
  .string()
  .trim()
  .min(1, 'required')
  .max(200, 'too_long')
  .regex(/^[A-Za-z0-9_$@-]+(\[\d+\]|\.[A-Za-z0-9_$@-]+)*$/, 'invalid_value');

/** A mapping's target that is a custom person field: `cf.<key>`. */
export const INTAKE_CUSTOM_PREFIX = 'cf.';

/** Field → path; a custom person field as `cf.<key>`. */
export const ZIntakeMapping = z.record(
  z
    .string()
    .refine(
      (k) => (INTAKE_TARGET_FIELDS as readonly string[]).includes(k) || /^cf\.[a-z][a-z0-9_]{0,39}$/.test(k),
      'invalid_value',
    ),
  ZJsonPath,
);
export type IntakeMapping = z.infer<typeof ZIntakeMapping>;

/** The value at a path (`a.b[0].c`), or undefined. */
export function valueAtPath(root: unknown, path: string): unknown {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let current: unknown = root;
  for (const part of parts) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A payload through the admin's mapping (field → path). A mapped path with nothing behind it is an issue. */
export function parseGeneric(body: unknown, mapping: IntakeMapping): ParseResult {
  if (typeof body !== 'object' || body === null) {
    return { ok: false, issues: [{ field: 'body', code: 'invalid_type' }] };
  }
  const lead = emptyLead();
  const issues: ParseIssue[] = [];
  for (const field of INTAKE_TARGET_FIELDS) {
    const path = mapping[field];
    if (!path) continue;
    const value = valueAtPath(body, path);
    if (value === undefined || value === null) {
      if (field === 'externalId') issues.push({ field: path, code: 'missing' });
      continue;
    }
    const t = text(value);
    if (t === null) {
      issues.push({ field: path, code: 'invalid_type' });
      continue;
    }
    (lead as Record<string, unknown>)[field] = t;
  }
  for (const [target, path] of Object.entries(mapping)) {
    if (!target.startsWith(INTAKE_CUSTOM_PREFIX) || !path) continue;
    const value = valueAtPath(body, path);
    if (value === undefined || value === null) continue;
    // Kept as sent (a number, a yes/no, a list of options); the person's fields check it.
    if (typeof value === 'object' && !Array.isArray(value))
      issues.push({ field: path, code: 'invalid_type' });
    else lead.customFields = { ...lead.customFields, [target.slice(INTAKE_CUSTOM_PREFIX.length)]: value };
  }
  if (issues.length) return { ok: false, issues };
  return { ok: true, leads: [lead] };
}

/** Parses a payload with the source's preset. */
export function parseIntakePayload(
  preset: IntakePreset,
  body: unknown,
  mapping: IntakeMapping = {},
): ParseResult {
  switch (preset) {
    case 'meta_lead_ads':
      return parseMetaLeadAds(body);
    case 'rd_station':
      return parseRdStation(body);
    case 'olx_zap':
      return parseOlxZap(body);
    case 'google_ads':
      return parseGoogleAds(body);
    case 'site_form':
      return parseSiteForm(body);
    case 'generic':
      return parseGeneric(body, mapping);
  }
}

const EMAIL = z.email();

/**
 * Decides whether a parsed lead is usable and normalizes it: phone to E.164 (any format the domain reads), CPF/CNPJ
 * checked, e-mail lowercased. A phone or e-mail that cannot be read is dropped (kept in `extra`), a bad document
 * rejects the lead (the seller would register a wrong CPF), and a lead with neither name nor contact is rejected.
 */
export function normalizeLead(
  lead: ParsedLead,
): { ok: true; lead: NormalizedLead } | { ok: false; reason: IntakeRejectReason } {
  if (lead.test) return { ok: false, reason: 'test_lead' };
  const extra = { ...lead.extra };
  const phone = lead.phone ? normalizePhone(lead.phone) : null;
  if (lead.phone && !phone) extra.telefone_recebido = lead.phone;
  const emailText = lead.email?.toLowerCase() ?? null;
  const email = emailText && EMAIL.safeParse(emailText).success ? emailText : null;
  if (emailText && !email) extra.email_recebido = emailText;
  let document: string | null = null;
  let kind: 'cpf' | 'cnpj' | null = null;
  if (lead.document) {
    document = normalizeDocument(lead.document);
    kind = documentKind(document);
    if (!kind) return { ok: false, reason: 'invalid_document' };
  }
  if (!phone && !email && !document) return { ok: false, reason: 'no_contact' };
  const name = lead.name && lead.name.length >= 2 ? lead.name.slice(0, 200) : null;
  // Rows stored before leads carried a CEP have none.
  const cepDigits = lead.cep ? normalizeCep(lead.cep) : null;
  const cep = cepDigits && isValidCep(cepDigits) ? cepDigits : null;
  if (lead.cep && !cep) extra.cep_recebido = lead.cep;
  return { ok: true, lead: { ...lead, name, phone, email, document, documentKind: kind, cep, extra } };
}

// ---------- Sources (admin) ----------

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'too_long')
    .nullish()
    .transform((v) => (v ? v : null));

const ZOrigin = z
  .string()
  .trim()
  .max(300, 'too_long')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value.replace(/\/$/, '')
      );
    } catch {
      return false;
    }
  }, 'invalid_value');

const sourceFields = {
  preset: z.enum(INTAKE_PRESETS),
  pipelineId: z.uuid('invalid_value'),
  stageId: z.uuid('invalid_value').nullish(),
  media: optionalText(80),
  channel: optionalText(80),
  defaultOwnerId: z.uuid('invalid_value').nullish(),
  alwaysNewOpportunity: z.boolean(),
  mapping: ZIntakeMapping,
  consentText: z.string().trim().max(2000, 'too_long'),
  /** LGPD: the purpose + legal basis recorded (source `intake`) for every person a lead creates or updates. */
  consentSetting: ZConsentSetting.nullish(),
  allowedOrigins: z.array(ZOrigin).max(20, 'too_long'),
  thankYouUrl: z
    .url({ protocol: /^https?$/, error: 'invalid_value' })
    .max(500, 'too_long')
    .nullish(),
  metaVerifyToken: optionalText(200),
  /** Set: seal and keep; null: remove; omitted on edit: keep the stored one. */
  metaAppSecret: z.string().trim().min(8, 'too_short').max(300, 'too_long').nullish(),
};

export const ZCreateIntakeSourceRequest = z.object({
  name: z.string().trim().min(1, 'required').max(80, 'too_long'),
  ...sourceFields,
  alwaysNewOpportunity: sourceFields.alwaysNewOpportunity.default(false),
  mapping: sourceFields.mapping.default({}),
  consentText: sourceFields.consentText.default(''),
  allowedOrigins: sourceFields.allowedOrigins.default([]),
});
export type CreateIntakeSourceRequest = z.input<typeof ZCreateIntakeSourceRequest>;

export const ZUpdateIntakeSourceRequest = z.object({
  preset: sourceFields.preset.optional(),
  pipelineId: sourceFields.pipelineId.optional(),
  stageId: sourceFields.stageId,
  media: sourceFields.media.optional(),
  channel: sourceFields.channel.optional(),
  defaultOwnerId: sourceFields.defaultOwnerId,
  alwaysNewOpportunity: sourceFields.alwaysNewOpportunity.optional(),
  mapping: sourceFields.mapping.optional(),
  consentText: sourceFields.consentText.optional(),
  consentSetting: sourceFields.consentSetting,
  allowedOrigins: sourceFields.allowedOrigins.optional(),
  thankYouUrl: sourceFields.thankYouUrl,
  metaVerifyToken: sourceFields.metaVerifyToken.optional(),
  metaAppSecret: sourceFields.metaAppSecret,
});
export type UpdateIntakeSourceRequest = z.input<typeof ZUpdateIntakeSourceRequest>;

export type IntakeSource = {
  id: string;
  name: string;
  preset: IntakePreset;
  pipelineId: string;
  stageId: string | null;
  media: string | null;
  channel: string | null;
  defaultOwnerId: string | null;
  alwaysNewOpportunity: boolean;
  mapping: IntakeMapping;
  /** Where the source posts its leads (token as Bearer or `?token=`). */
  endpointPath: string;
  /** Site form: where the page's form posts (public key, no token). */
  formPath: string;
  consentText: string;
  consentVersion: number;
  consentSetting: ConsentSetting | null;
  allowedOrigins: string[];
  thankYouUrl: string | null;
  googleKey: string | null;
  metaVerifyToken: string | null;
  hasMetaAppSecret: boolean;
  version: number;
};

/** Test-payload preview of a mapping: what the payload becomes, or the fields that failed. */
export const ZIntakePreviewRequest = z.object({
  preset: z.enum(INTAKE_PRESETS),
  mapping: ZIntakeMapping.default({}),
  payload: z.unknown(),
});
export type IntakePreviewRequest = z.input<typeof ZIntakePreviewRequest>;

export type IntakePreview = {
  leads: { parsed: ParsedLead; normalized: NormalizedLead | null; rejectReason: IntakeRejectReason | null }[];
  errors: { field: string; code: string }[];
};

export type IntakeLogEntry = {
  id: string;
  source: { id: string; name: string };
  externalId: string | null;
  status: IntakeLeadStatus;
  reason: string | null;
  lead: ParsedLead;
  consent: { text: string; version: number } | null;
  person: { id: string; name: string } | null;
  createdPerson: boolean | null;
  opportunity: { id: string; title: string } | null;
  distribution: unknown;
  rawBody: string;
  contentType: string | null;
  receivedAt: string;
  processedAt: string | null;
};
