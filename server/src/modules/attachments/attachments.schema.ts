import { ATTACHMENT_SOURCES, MAX_COMMENT_ATTACHMENTS } from '@funil/domain';
import { z } from 'zod';
import { ZNoteRequest } from '../timeline/timeline.schema.ts';

export const ZAttachment = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  type: z.string(),
  size: z.number(),
  source: z.enum(ATTACHMENT_SOURCES),
  noteEventId: z.number().nullable(),
  uploadedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
});

export const ZAttachmentList = z.object({ items: z.array(ZAttachment) });

export const ZUploadQuery = z.object({ source: z.enum(ATTACHMENT_SOURCES).default('tab') });

export const ZAttachmentParams = z.object({ attachmentId: z.uuid() });

/** A person's note (Comentar) may carry files uploaded first with `?source=comment`. */
export const ZPersonNoteRequest = ZNoteRequest.extend({
  attachmentIds: z.array(z.uuid()).max(MAX_COMMENT_ATTACHMENTS, 'too_long').default([]),
});
