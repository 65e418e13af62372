// LGPD access log (issue 14): who looked at a person's data — the person page, the phones, a file, an export row.

export const ACCESS_KINDS = ['person_viewed', 'phones_revealed', 'file_downloaded', 'row_exported'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

export type AccessLogEntry = {
  id: string;
  occurredAt: string;
  kind: AccessKind;
  /** The user who accessed (null only for a user since removed). */
  user: { id: string; name: string } | null;
  /** The helpdesk integration whose side panel the access came through, when so. */
  integrationId: string | null;
  person: { id: string; name: string };
  exportId: string | null;
  fileId: string | null;
  requestId: string | null;
  ip: string | null;
};

export type AccessLogPage = { items: AccessLogEntry[]; nextCursor: string | null };
