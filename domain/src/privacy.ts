import { z } from 'zod';

/**
 * LGPD (Lei 13.709/2018): the workspace is the controller ("controlador") of the personal data it holds and names
 * an Encarregado (art. 41) whose identity and contact must be public; they sign the answers to data-subject
 * requests and are the ANPD's contact for incidents.
 */
export const ZPrivacySettingsRequest = z.object({
  /** The controller: the company that holds the data (razão social). */
  controllerName: z.string().trim().max(200, 'too_long').default(''),
  dpoName: z.string().trim().max(200, 'too_long').default(''),
  dpoEmail: z.union([z.literal(''), z.email({ message: 'invalid_email' })]).default(''),
  dpoPhone: z.string().trim().max(40, 'too_long').default(''),
});
export type PrivacySettingsRequest = z.output<typeof ZPrivacySettingsRequest>;
export type PrivacySettings = PrivacySettingsRequest & { version: number };

/** What an anonymization recorded (`POST /people/{id}/anonymize`, a retention run): no personal data. */
export type Anonymization = {
  id: string;
  personId: string;
  by: { id: string; name: string } | null;
  reason: string;
  requestId: string | null;
  retentionRunId: string | null;
  /** What was removed, by kind of record (phones, e-mails, files, timeline payloads, exports withdrawn…). */
  removed: Record<string, number>;
  createdAt: string;
};

/** Retention rules: leads with no won opportunity and no activity for N months, or people archived for N months. */
export const RETENTION_KINDS = ['inactive_leads', 'archived_people'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

export type RetentionRule = {
  id: string;
  kind: RetentionKind;
  months: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
};

export const RETENTION_RUN_STATUSES = ['previewed', 'queued', 'running', 'done', 'failed'] as const;

/** A preview of a rule (the exact ids it holds) and, once started, the run that anonymizes them. */
export type RetentionRun = {
  id: string;
  ruleId: string;
  kind: RetentionKind;
  months: number;
  status: (typeof RETENTION_RUN_STATUSES)[number];
  previewCount: number;
  doneCount: number;
  anonymizedCount: number;
  noLongerMatching: string[];
  failure: string | null;
  previewedBy: string | null;
  previewedAt: string;
  startedBy: string | null;
  queuedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
};
