import { z } from 'zod';

/**
 * LGPD art. 7: the legal bases a person's data may be processed on, the six RD Station offers (consent, legitimate
 * interest, contract, legal obligation, judicial process, credit protection).
 */
export const LEGAL_BASES = [
  'consent',
  'legitimate_interest',
  'contract',
  'legal_obligation',
  'judicial_process',
  'credit_protection',
] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

export const CONSENT_ACTIONS = ['granted', 'revoked'] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

/** Where a record came from: someone on the person page, a site form, a lead source, an import, the API. */
export const CONSENT_SOURCES = ['manual', 'form', 'intake', 'import', 'api'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

const purposeFields = {
  name: z.string().trim().min(1, 'required').max(120, 'too_long'),
  description: z.string().trim().max(1000, 'too_long'),
  /** The wording the person agrees to; a change makes a new text version (the old ones are kept). */
  text: z.string().trim().min(1, 'required').max(5000, 'too_long'),
};

/** A purpose ("finalidade") personal data is processed for, e.g. "Envio de ofertas por e-mail". */
export const ZCreateConsentPurposeRequest = z.object({
  name: purposeFields.name,
  description: purposeFields.description.default(''),
  text: purposeFields.text,
});
export type CreateConsentPurposeRequest = z.input<typeof ZCreateConsentPurposeRequest>;

export const ZUpdateConsentPurposeRequest = z.object({
  name: purposeFields.name.optional(),
  description: purposeFields.description.optional(),
  text: purposeFields.text.optional(),
  archived: z.boolean().optional(),
});
export type UpdateConsentPurposeRequest = z.input<typeof ZUpdateConsentPurposeRequest>;

export type ConsentPurpose = {
  id: string;
  name: string;
  description: string;
  text: string;
  textVersion: number;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
};

export type ConsentPurposeText = {
  version: number;
  text: string;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
};

/** Evidence of a record: the form's address, the IP, the conversation… never a CPF. */
const ZEvidence = z.string().trim().max(500, 'too_long');

export const ZRecordConsentRequest = z.object({
  purposeId: z.uuid('invalid_value'),
  legalBasis: z.enum(LEGAL_BASES),
  evidence: ZEvidence.default(''),
});
export type RecordConsentRequest = z.input<typeof ZRecordConsentRequest>;

export const ZRevokeConsentRequest = z.object({ evidence: ZEvidence.default('') });
export type RevokeConsentRequest = z.input<typeof ZRevokeConsentRequest>;

/** A purpose + legal basis a lead source or an import records for every person it creates or updates. */
export const ZConsentSetting = z.object({
  purposeId: z.uuid('invalid_value'),
  legalBasis: z.enum(LEGAL_BASES),
});
export type ConsentSetting = z.infer<typeof ZConsentSetting>;

/** One entry of the append-only consent log. */
export type ConsentRecord = {
  id: string;
  purpose: { id: string; name: string };
  legalBasis: LegalBasis;
  action: ConsentAction;
  source: ConsentSource;
  textVersion: number;
  evidence: string;
  recordedBy: { id: string; name: string } | null;
  recordedAt: string;
};

/** A person's current state for one purpose: its latest record. */
export type ConsentState = ConsentRecord & { active: boolean };

export type PersonConsents = { current: ConsentState[]; log: ConsentRecord[] };
