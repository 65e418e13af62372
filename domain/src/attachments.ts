import { z } from 'zod';

/** Anexos: the only formats accepted (leads-registration-360 seed), checked by content on the server. */
export const ATTACHMENT_EXTENSIONS = [
  'csv',
  'doc',
  'docx',
  'eml',
  'gif',
  'jpeg',
  'jpg',
  'mp3',
  'mp4',
  'mpeg',
  'mpga',
  'msg',
  'ogg',
  'opus',
  'pdf',
  'png',
  'ppt',
  'pptx',
  'txt',
  'xls',
  'xlsx',
] as const;
export type AttachmentExtension = (typeof ATTACHMENT_EXTENSIONS)[number];

/** 10 MB per file. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** How many files one comment may carry. */
export const MAX_COMMENT_ATTACHMENTS = 10;

/** Where a file was added: with a comment on the timeline, or on the Anexos tab. */
export const ATTACHMENT_SOURCES = ['comment', 'tab'] as const;
export type AttachmentSource = (typeof ATTACHMENT_SOURCES)[number];

/** The lower-case extension of a file name ('' when it has none). */
export function fileExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : '';
}

export const isAllowedAttachmentName = (name: string): boolean =>
  (ATTACHMENT_EXTENSIONS as readonly string[]).includes(fileExtension(name));

/** What a note event keeps of each attached file (`data.attachments`). */
export type AttachmentRef = { id: string; name: string; type: string; size: number };

/** One file of the Anexos tab (`GET /people/{id}/attachments`). */
export type Attachment = AttachmentRef & {
  personId: string;
  source: AttachmentSource;
  noteEventId: number | null;
  uploadedBy: { id: string; name: string } | null;
  createdAt: string;
};

/** Placeholders a proposal template may use; each is filled from the person, opportunity and proposal. */
export const TEMPLATE_PLACEHOLDERS = [
  'pessoa.nome',
  'pessoa.documento',
  'pessoa.email',
  'pessoa.telefone',
  'oportunidade.titulo',
  'proposta.valor',
  'proposta.condicoes',
  'proposta.validade',
  'proposta.itens',
  'responsavel.nome',
  'empresa.nome',
  'data',
] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

/** `{{ name }}` occurrences of a template body. */
export const PLACEHOLDER_PATTERN = /\{\{\s*([a-z.]+)\s*\}\}/g;

/** The placeholders of `body` that are not known (a typo would otherwise print as is on every PDF). */
export function unknownPlaceholders(body: string): string[] {
  const known = new Set<string>(TEMPLATE_PLACEHOLDERS);
  return [...new Set([...body.matchAll(PLACEHOLDER_PATTERN)].map((m) => m[1] ?? ''))].filter(
    (name) => !known.has(name),
  );
}

export const ZDocumentTemplateRequest = z.object({
  name: z.string().trim().min(1, 'required').max(120, 'too_long'),
  body: z
    .string()
    .trim()
    .min(1, 'required')
    .max(20000, 'too_long')
    .refine((body) => unknownPlaceholders(body).length === 0, 'unknown_placeholder'),
});
export type DocumentTemplateRequest = z.output<typeof ZDocumentTemplateRequest>;

/** The workspace's proposal template (`GET /document-templates/proposal`; version 0 = the default). */
export type DocumentTemplate = {
  kind: 'proposal';
  name: string;
  body: string;
  version: number;
  isDefault: boolean;
  updatedAt: string | null;
};

export const ZGenerateDocumentRequest = z.object({ proposalId: z.uuid() });

export const ZSendDocumentRequest = z.object({
  to: z.email({ message: 'invalid_email' }),
  subject: z.string().trim().min(1, 'required').max(300, 'too_long'),
  body: z.string().trim().min(1, 'required').max(20000, 'too_long'),
});
export type SendDocumentRequest = z.output<typeof ZSendDocumentRequest>;

/** A generated document of a person (`GET /people/{id}/documents`). */
export type PersonDocument = {
  id: string;
  personId: string;
  name: string;
  size: number;
  opportunity: { id: string; title: string };
  proposalId: string;
  createdBy: { id: string; name: string } | null;
  createdAt: string;
};

/** A proposal a document can be generated from (`GET /people/{id}/document-sources`). */
export type DocumentSource = {
  proposalId: string;
  opportunity: { id: string; title: string };
  valueCents: number;
  status: 'open' | 'accepted' | 'superseded';
  createdAt: string;
};
