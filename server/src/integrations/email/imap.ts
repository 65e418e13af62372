import { ImapFlow, type MessageStructureObject } from 'imapflow';

/** A user's IMAP server, with `host` already checked and resolved (`servername`: the typed name, for TLS). */
export type ImapConfig = {
  host: string;
  servername?: string | undefined;
  port: number;
  secure: boolean;
  user: string;
  /** The password, or null when the login is XOAUTH2 with `accessToken` (a Google or Microsoft 365 mailbox). */
  password: string | null;
  accessToken?: string | undefined;
};

/** Where the last poll stopped: the INBOX's UIDVALIDITY (null: never read) and the last UID read. */
export type ImapCursor = { uidValidity: string | null; lastUid: number };

/** One message of the INBOX, as much as the timeline needs. */
export type InboxMessage = {
  uid: number;
  messageId: string | null;
  inReplyTo: string | null;
  from: string | null;
  fromName: string | null;
  subject: string;
  date: Date | null;
  excerpt: string;
};

export type InboxBatch = {
  uidValidity: string;
  /** The highest UID this batch looked at (kept or not): the cursor once the batch is recorded. */
  scannedUpTo: number;
  messages: InboxMessage[];
};

const EXCERPT_CHARS = 500;

function client(config: ImapConfig): ImapFlow {
  const imap = new ImapFlow({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.servername ? { servername: config.servername } : {}),
    auth: config.accessToken
      ? { user: config.user, accessToken: config.accessToken }
      : { user: config.user, pass: config.password ?? '' },
    logger: false,
    disableAutoIdle: true,
    // Bounded: a server that does not answer fails in seconds instead of holding a request or a worker.
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 30_000,
  });
  // A failure also rejects the call that was waiting on it; unheard, the 'error' event would end the process.
  imap.on('error', () => undefined);
  return imap;
}

/** Logs into the server and out again; throws what the server or the network answered. */
export async function verifyImapLogin(config: ImapConfig): Promise<void> {
  const imap = client(config);
  await imap.connect();
  await imap.logout();
}

/**
 * The INBOX's messages after the cursor, oldest first, at most `max`. With no cursor, or when the mailbox's UIDVALIDITY
 * changed (its UIDs mean other messages now), those received since `since`. Read-only: nothing is marked seen.
 */
export async function readInbox(
  config: ImapConfig,
  cursor: ImapCursor,
  since: Date,
  max: number,
): Promise<InboxBatch> {
  const imap = client(config);
  await imap.connect();
  try {
    const mailbox = await imap.mailboxOpen('INBOX', { readOnly: true });
    const uidValidity = String(mailbox.uidValidity);
    const fresh = cursor.uidValidity !== uidValidity;
    const from = fresh ? 1 : cursor.lastUid + 1;
    // `n:*` names the last message even when its UID is below n (RFC 3501), hence the filter.
    const found = fresh
      ? await imap.search({ since: dayBefore(since) }, { uid: true })
      : await imap.search({ uid: `${from}:*` }, { uid: true });
    const uids = (found || [])
      .filter((uid) => uid >= from)
      .sort((a, b) => a - b)
      .slice(0, max);
    const batch: InboxBatch = {
      uidValidity,
      scannedUpTo: uids.at(-1) ?? (fresh ? 0 : cursor.lastUid),
      messages: [],
    };
    if (uids.length === 0) return batch;
    const headers: (InboxMessage & { textPart: string | null; internalDate: Date | null })[] = [];
    for await (const m of imap.fetch(
      uids.join(','),
      { uid: true, envelope: true, internalDate: true, bodyStructure: true },
      { uid: true },
    )) {
      const sender = m.envelope?.from?.[0];
      headers.push({
        uid: m.uid,
        messageId: m.envelope?.messageId ?? null,
        inReplyTo: m.envelope?.inReplyTo ?? null,
        from: sender?.address?.toLowerCase() ?? null,
        fromName: sender?.name || null,
        subject: m.envelope?.subject ?? '',
        date: dateOf(m.envelope?.date),
        excerpt: '',
        textPart: m.bodyStructure ? textPartOf(m.bodyStructure) : null,
        internalDate: dateOf(m.internalDate),
      });
    }
    for (const h of headers.sort((a, b) => a.uid - b.uid)) {
      // A first read keeps what arrived since the mailbox was connected (SEARCH SINCE only knows days). Internal dates
      // have whole seconds: a reply that arrived in the second of the connection is kept.
      if (fresh && h.internalDate && h.internalDate < wholeSecond(since)) continue;
      const { textPart, internalDate: _, ...message } = h;
      if (textPart) message.excerpt = await excerptOf(imap, h.uid, textPart);
      batch.messages.push(message);
    }
    return batch;
  } finally {
    await imap.logout().catch(() => imap.close());
  }
}

const dateOf = (value: Date | string | undefined): Date | null => {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

const wholeSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

/** SEARCH SINCE compares dates in the server's time zone: asking from the day before never misses a message. */
const dayBefore = (d: Date) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - 86_400_000);

/** The part to quote: the first text/plain one, else the first text/html ("1" for a message of a single part). */
function textPartOf(root: MessageStructureObject): string | null {
  const parts: MessageStructureObject[] = [];
  const walk = (node: MessageStructureObject) => {
    if (node.childNodes?.length) node.childNodes.forEach(walk);
    else parts.push(node);
  };
  walk(root);
  const chosen =
    parts.find((p) => p.type === 'text/plain' && p.disposition !== 'attachment') ??
    parts.find((p) => p.type === 'text/html' && p.disposition !== 'attachment');
  return chosen ? (chosen.part ?? '1') : null;
}

/** The start of a text part as one line: charset and transfer encoding decoded, quoted lines and HTML tags left out. */
async function excerptOf(imap: ImapFlow, uid: number, part: string): Promise<string> {
  const { meta, content } = await imap.download(String(uid), part, { uid: true, maxBytes: 16_384 });
  if (!content) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(chunk as Buffer);
  let text = Buffer.concat(chunks).toString('utf8');
  if (meta.contentType === 'text/html')
    text = text.replace(/<(style|script)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' ');
  const own = text
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('>'))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return own.length > EXCERPT_CHARS ? `${own.slice(0, EXCERPT_CHARS - 1)}…` : own;
}
