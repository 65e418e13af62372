import path from 'node:path';
import { z } from 'zod';

/** A mail server as `imaps://host:993` (TLS from the start) or `imap://host:143` (STARTTLS), and the same for smtp. */
const ZMailServerUrl = (protocol: 'imap' | 'smtp') =>
  z
    .string()
    .regex(
      new RegExp(`^${protocol}s?://[^/:]+:\\d{1,5}$`),
      `precisa ser ${protocol}s://servidor:porta ou ${protocol}://servidor:porta / must be ${protocol}s://host:port or ${protocol}://host:port`,
    );

const ZEnvFields = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** External PostgreSQL; when absent an embedded server is started with its data in FUNIL_DATA_DIR/pg. */
  DATABASE_URL: z.url().optional(),
  /**
   * The schema owner's connection string, used only at start for migrations and the job queue's schema; then
   * DATABASE_URL (the unprivileged app role) serves everything. Absent: DATABASE_URL does both (docs/OPERATIONS.md).
   */
  DATABASE_OWNER_URL: z.url().optional(),
  FUNIL_DATA_DIR: z.string().default(path.resolve(import.meta.dirname, '../../../data')),
  /** Port of the embedded PostgreSQL. */
  FUNIL_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** Folder of pg_dump/pg_restore for `npm run backup`/`restore` (else PATH and /usr/lib/postgresql/<major>/bin). */
  FUNIL_PG_BIN_DIR: z.string().optional(),
  FUNIL_ADMIN_EMAIL: z.email().default('admin@funil.local'),
  FUNIL_ADMIN_PASSWORD: z.string().min(8).default('funil-demo-2026'),
  FUNIL_SEED_DEMO: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** How many demo people the first start creates. */
  FUNIL_DEMO_PEOPLE: z.coerce.number().int().min(0).max(100_000).default(300),
  FUNIL_PUBLIC_URL: z.url().optional(),
  FUNIL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FUNIL_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  FUNIL_BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  /** How often an open event stream re-checks its session and sends a keep-alive. */
  FUNIL_SSE_HEARTBEAT_MS: z.coerce.number().int().min(50).max(300_000).default(20_000),
  /** How often the reminder job looks for activities whose reminder is due. */
  FUNIL_REMINDER_POLL_MS: z.coerce.number().int().min(200).max(3_600_000).default(30_000),
  /** How often the roleta hands out queued leads and enforces the first-response SLA. */
  FUNIL_DISTRIBUTION_POLL_MS: z.coerce.number().int().min(200).max(3_600_000).default(60_000),
  /**
   * Shutdown (SIGTERM/SIGINT): how long the instance keeps serving after /api/ready turned 503 (the time a
   * balancer's health checks need to take it out), then how long requests in flight may take to finish.
   */
  FUNIL_SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(300_000).default(0),
  FUNIL_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),
  FUNIL_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * How long a request waits for a database connection (opening one, or a free one of a busy pool) before it is
   * answered 503 `database-unavailable`: an unreachable database never hangs a request.
   */
  FUNIL_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  /** Bearer token of `GET /metrics` (Prometheus); without it the endpoint does not exist. */
  FUNIL_METRICS_TOKEN: z.string().min(16).optional(),
  /**
   * Key (base64 of 32 bytes) sealing secrets stored in the database (SMTP password). Every instance of a
   * deployment needs the same one; without it the key is kept in FUNIL_DATA_DIR/secret.key.
   */
  FUNIL_SECRET_KEY: z
    .string()
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32,
      'precisa ser base64 de 32 bytes / must be base64 of 32 bytes',
    )
    .optional(),
  /**
   * The reverse proxies whose `X-Forwarded-For` is believed (comma-separated addresses or CIDR blocks, or
   * `loopback`); none by default, so the client address is the connection's. API tokens' allowed blocks use it.
   */
  FUNIL_TRUST_PROXY: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    ),
  /**
   * Outbound HTTP (webhooks) may reach loopback addresses: for tests and local simulators only. Private, link-local
   * and other internal ranges stay refused whatever this says.
   */
  FUNIL_OUTBOUND_ALLOW_LOOPBACK: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** How long one webhook attempt may take (connect + answer). */
  FUNIL_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /**
   * Retries of a failed delivery: the first pause (seconds) and how many; with backoff the pause doubles each
   * time, so 60 s and 12 retries span about three days. Tests make them fast with a small delay and no backoff.
   */
  FUNIL_WEBHOOK_RETRY_DELAY_S: z.coerce.number().int().min(1).max(86_400).default(60),
  FUNIL_WEBHOOK_RETRY_LIMIT: z.coerce.number().int().min(0).max(50).default(12),
  FUNIL_WEBHOOK_RETRY_BACKOFF: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Failed attempts in a row after which a subscription is switched off (and its admins told). */
  FUNIL_WEBHOOK_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(50),
  /** How often the relay moves new timeline events from the outbox into the queue. */
  FUNIL_WEBHOOK_RELAY_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Retries of a lead's processing (`intake-lead`) and the first delay, doubled each time. */
  FUNIL_INTAKE_RETRY_LIMIT: z.coerce.number().int().min(0).max(50).default(5),
  FUNIL_INTAKE_RETRY_DELAY_S: z.coerce.number().int().min(1).max(3600).default(10),
  /**
   * Mass sends: how often a running campaign gets a batch (its per-minute pace is spread over these ticks), and how
   * long a message may stay claimed without an outcome before it counts as interrupted (failed, never resent).
   */
  FUNIL_CAMPAIGN_TICK_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  FUNIL_CAMPAIGN_INTERRUPTED_MS: z.coerce.number().int().min(1000).max(86_400_000).default(600_000),
  /** How often each connected mailbox's INBOX is read for replies (Minha caixa de e-mail; one job per mailbox). */
  FUNIL_MAIL_POLL_MS: z.coerce.number().int().min(200).max(3_600_000).default(60_000),
  /**
   * Users' mail servers may be on private networks (10/8, 192.168/16…: an on-premises server). Off by default: a host
   * typed in the app could otherwise probe the inside. Loopback follows FUNIL_OUTBOUND_ALLOW_LOOPBACK; link-local never.
   */
  FUNIL_MAIL_ALLOW_PRIVATE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /**
   * Minha caixa de e-mail with OAuth (XOAUTH2): the OAuth client of the deployment at Google and at Microsoft (Entra ID),
   * whose redirect URI is `<FUNIL_PUBLIC_URL>/api/v1/me/mail-account/oauth/{google|microsoft}/callback`. Without a
   * client id the provider's "Conectar com…" button does not show. The identity endpoints and the mail servers
   * (`imaps://host:993` TLS from the start, `smtps://host:465`, or `imap://` / `smtp://` with STARTTLS when offered)
   * default to the real services; tests point them at the local simulator (`npm run oauth-sim`).
   */
  FUNIL_GOOGLE_CLIENT_ID: z.string().trim().min(1).optional(),
  FUNIL_GOOGLE_CLIENT_SECRET: z.string().trim().min(1).optional(),
  FUNIL_GOOGLE_AUTH_URL: z.url().default('https://accounts.google.com/o/oauth2/v2/auth'),
  FUNIL_GOOGLE_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),
  FUNIL_GOOGLE_IMAP: ZMailServerUrl('imap').default('imaps://imap.gmail.com:993'),
  FUNIL_GOOGLE_SMTP: ZMailServerUrl('smtp').default('smtps://smtp.gmail.com:465'),
  FUNIL_MICROSOFT_CLIENT_ID: z.string().trim().min(1).optional(),
  FUNIL_MICROSOFT_CLIENT_SECRET: z.string().trim().min(1).optional(),
  /** The Entra ID tenant of the endpoints: `common` (any work or personal account), `organizations`, or a tenant id. */
  FUNIL_MICROSOFT_TENANT: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.-]+$/, 'um id ou domínio de tenant / a tenant id or domain')
    .default('common'),
  /** Absent: https://login.microsoftonline.com/<tenant>/oauth2/v2.0/authorize and …/token. */
  FUNIL_MICROSOFT_AUTH_URL: z.url().optional(),
  FUNIL_MICROSOFT_TOKEN_URL: z.url().optional(),
  FUNIL_MICROSOFT_IMAP: ZMailServerUrl('imap').default('imaps://outlook.office365.com:993'),
  FUNIL_MICROSOFT_SMTP: ZMailServerUrl('smtp').default('smtp://smtp.office365.com:587'),
  /** How often queue workers look for jobs (pg-boss polling; at least 0.5 s). */
  FUNIL_QUEUE_POLL_S: z.coerce.number().min(0.5).max(60).default(2),
  /**
   * Company (CNPJ) and address (CEP) lookups: which provider format each speaks and where it is (the public
   * service by default: brasilapi.com.br, receitaws.com.br, viacep.com.br), and how long one call may take.
   */
  FUNIL_LOOKUP_CNPJ_PROVIDER: z.enum(['brasilapi', 'receitaws']).default('brasilapi'),
  FUNIL_LOOKUP_CNPJ_URL: z.url().optional(),
  FUNIL_LOOKUP_CEP_PROVIDER: z.enum(['brasilapi', 'viacep']).default('viacep'),
  FUNIL_LOOKUP_CEP_URL: z.url().optional(),
  FUNIL_LOOKUP_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(4000),
  /**
   * The auto-dialer's telephony: `simulator` (the app starts the built-in Twilio simulator on loopback and talks
   * Twilio to it), `twilio` (Programmable Voice; needs the account SID, auth token and caller id) or `asterisk` (ARI;
   * needs the ARI URL, user and password).
   */
  FUNIL_TELEPHONY_PROVIDER: z.enum(['simulator', 'twilio', 'asterisk']).default('simulator'),
  /** Twilio's API base; https://api.twilio.com when absent. */
  FUNIL_TELEPHONY_URL: z.url().optional(),
  /** Twilio's Account SID (AC…), the user of its Basic auth. */
  FUNIL_TELEPHONY_ACCOUNT_SID: z.string().trim().min(1).optional(),
  /** Twilio's Auth Token: the password of its Basic auth and the key of X-Twilio-Signature. */
  FUNIL_TELEPHONY_AUTH_TOKEN: z.string().trim().min(1).optional(),
  /** The number the dialer's calls come from (E.164, +5511…). */
  FUNIL_TELEPHONY_CALLER_ID: z
    .string()
    .trim()
    .regex(/^\+[1-9]\d{6,14}$/, 'precisa ser um número E.164 (+5511…) / must be an E.164 number (+5511…)')
    .optional(),
  /** Asterisk's ARI base (http://pbx:8088); its PBX may sit on a private network. */
  FUNIL_TELEPHONY_ARI_URL: z.url().optional(),
  FUNIL_TELEPHONY_ARI_USER: z.string().trim().min(1).optional(),
  FUNIL_TELEPHONY_ARI_PASSWORD: z.string().min(1).optional(),
  /** The Stasis application the dialer's channels enter. */
  FUNIL_TELEPHONY_ARI_APP: z.string().trim().min(1).default('funil'),
  /** How a number becomes an Asterisk dial string: `{number}` is replaced by the E.164 number. */
  FUNIL_TELEPHONY_ARI_ENDPOINT: z
    .string()
    .trim()
    .refine((v) => v.includes('{number}'), 'precisa conter {number} / must contain {number}')
    .default('PJSIP/{number}@operadora'),
  /** How long one request to the telephony provider may take. */
  FUNIL_TELEPHONY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /**
   * Where uploaded and generated files (attachments, photos, documents, exports, privacy answers) live: `local` =
   * FUNIL_DATA_DIR/files on this machine's disk (one instance, or a shared volume); `s3` = a bucket of AWS S3 or an
   * S3-compatible server (MinIO, Ceph, R2, …), which several instances share. Either way files are downloaded through
   * the app (authorized per request), never from a public or presigned URL. docs/OPERATIONS.md "Files in object storage".
   */
  FUNIL_FILE_STORE: z.enum(['local', 's3']).default('local'),
  /** FUNIL_FILE_STORE=s3: the bucket (it must exist; the app needs Get/Put/DeleteObject on it, and multipart uploads). */
  FUNIL_S3_BUCKET: z.string().trim().min(3).max(63).optional(),
  FUNIL_S3_REGION: z.string().trim().min(1).default('us-east-1'),
  /** An S3-compatible server's address (`https://minio.internal:9000`); absent: AWS S3 of FUNIL_S3_REGION. */
  FUNIL_S3_ENDPOINT: z.url().optional(),
  /** `true`: bucket in the path (`host/bucket/key`), what most S3-compatible servers need; `false`: virtual-hosted. */
  FUNIL_S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Prefix of every object key (`funil/`), so one bucket can hold several deployments; empty by default. */
  FUNIL_S3_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._/-]*$/, 'letras, dígitos, . _ - / / letters, digits, . _ - /')
    .default(''),
  /** Static credentials (both or neither); absent: the AWS SDK's default chain (AWS_* variables, profile, instance role). */
  FUNIL_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  FUNIL_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Where the built web app lives; served at `/`. */
  FUNIL_WEB_DIST: z.string().default(path.resolve(import.meta.dirname, '../../../web/dist')),
});

/** The fields, and the settings that one field's value makes required (the chosen telephony provider's own). */
const ZEnv = ZEnvFields.superRefine((env, ctx) => {
  if (env.DATABASE_OWNER_URL && !env.DATABASE_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['DATABASE_URL'],
      message: 'obrigatório com DATABASE_OWNER_URL / required with DATABASE_OWNER_URL',
    });
  }
  const provider = env.FUNIL_TELEPHONY_PROVIDER;
  const required =
    provider === 'twilio'
      ? (['FUNIL_TELEPHONY_ACCOUNT_SID', 'FUNIL_TELEPHONY_AUTH_TOKEN', 'FUNIL_TELEPHONY_CALLER_ID'] as const)
      : provider === 'asterisk'
        ? (['FUNIL_TELEPHONY_ARI_URL', 'FUNIL_TELEPHONY_ARI_USER', 'FUNIL_TELEPHONY_ARI_PASSWORD'] as const)
        : [];
  for (const key of required) {
    if (!env[key]) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `obrigatório com FUNIL_TELEPHONY_PROVIDER=${provider} / required with FUNIL_TELEPHONY_PROVIDER=${provider}`,
      });
    }
  }
  if (env.FUNIL_FILE_STORE === 's3' && !env.FUNIL_S3_BUCKET) {
    ctx.addIssue({
      code: 'custom',
      path: ['FUNIL_S3_BUCKET'],
      message: 'obrigatório com FUNIL_FILE_STORE=s3 / required with FUNIL_FILE_STORE=s3',
    });
  }
  if (!env.FUNIL_S3_ACCESS_KEY_ID !== !env.FUNIL_S3_SECRET_ACCESS_KEY) {
    ctx.addIssue({
      code: 'custom',
      path: [env.FUNIL_S3_ACCESS_KEY_ID ? 'FUNIL_S3_SECRET_ACCESS_KEY' : 'FUNIL_S3_ACCESS_KEY_ID'],
      message: 'informe as duas chaves ou nenhuma / set both keys or neither',
    });
  }
  for (const provider of ['GOOGLE', 'MICROSOFT'] as const) {
    const id = env[`FUNIL_${provider}_CLIENT_ID`];
    const secret = env[`FUNIL_${provider}_CLIENT_SECRET`];
    if (!id !== !secret) {
      ctx.addIssue({
        code: 'custom',
        path: [id ? `FUNIL_${provider}_CLIENT_SECRET` : `FUNIL_${provider}_CLIENT_ID`],
        message:
          'informe o id e o segredo do cliente OAuth, ou nenhum / set both the OAuth client id and secret, or neither',
      });
    }
  }
});

export type Env = z.infer<typeof ZEnv> & { dataDir: string };

/** Reads and validates every setting once; a wrong setting stops the app with a clear message. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Configuração inválida / invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.FUNIL_DATA_DIR) };
}
