import { z } from 'zod';
import { isLockedRole, type Role } from './roles.ts';

/** Temperatura: how likely the person is to buy soon (GLOSSARY). */
export const TEMPERATURES = ['cold', 'warm', 'hot'] as const;
export type Temperature = (typeof TEMPERATURES)[number];

/** Definir como não cliente: why a record is not a client (it leaves every wallet). */
export const NON_CLIENT_REASONS = ['supplier', 'test', 'employee', 'other'] as const;
export type NonClientReason = (typeof NON_CLIENT_REASONS)[number];

/**
 * The actions of the person page's action menu (client-timeline-actions seed). Each is allowed per role by
 * the workspace's action matrix; the API refuses a disallowed one with 403.
 */
export const PERSON_ACTIONS = [
  'productOfInterest',
  'scheduleVisit',
  'registerProposal',
  'changeTemperature',
  'changeObjective',
  'comment',
  'reportDisinterest',
  'markNonClient',
  'archive',
  'setMoment',
  'viewChanges',
  'viewPhones',
  'denyList',
] as const;
export type PersonAction = (typeof PERSON_ACTIONS)[number];

export type ActionMatrix = Record<Role, Record<PersonAction, boolean>>;

const all = (value: boolean) =>
  Object.fromEntries(PERSON_ACTIONS.map((a) => [a, value])) as Record<PersonAction, boolean>;

/** Defaults: only admins archive (excluir); attendants don't mark "not a client" nor touch the deny list. */
export const DEFAULT_ACTION_MATRIX: ActionMatrix = {
  admin: all(true),
  manager: { ...all(true), archive: false },
  broker: { ...all(true), archive: false, denyList: false },
  attendant: { ...all(true), archive: false, markNonClient: false, denyList: false },
};

/** A stored action matrix (maybe partial: new actions, new roles) over the defaults; the locked role keeps all. */
export function withDefaultActions(
  stored: Partial<Record<Role, Partial<Record<string, boolean>>>> | null | undefined,
): ActionMatrix {
  const out = structuredClone(DEFAULT_ACTION_MATRIX);
  for (const role of Object.keys(out) as Role[]) {
    if (!isLockedRole(role)) Object.assign(out[role], stored?.[role] ?? {});
  }
  return out;
}

/** Default days without activity before a person leaves its owner's wallet (workspace setting `walletExpiryDays`). */
export const DEFAULT_WALLET_EXPIRY_DAYS = 60;

export const ZActionMatrix = z.object(
  Object.fromEntries(
    (['admin', 'manager', 'broker', 'attendant'] as const).map((role) => [
      role,
      z.object(Object.fromEntries(PERSON_ACTIONS.map((a) => [a, z.boolean()]))),
    ]),
  ),
);

/** Carteira: in its owner's wallet, expired (no activity for the workspace's limit), or on active offer. */
export const WALLET_STATUSES = ['active', 'expired', 'active_offer'] as const;
export type WalletStatus = (typeof WALLET_STATUSES)[number];

/** The status panel and flags of a person (`GET /people/{id}/status`). */
export type PersonStatus = {
  personId: string;
  objective: { id: string; label: string } | null;
  moment: { id: string; label: string } | null;
  subMoment: { id: string; label: string } | null;
  temperature: Temperature | null;
  /** What a revert goes back to (null: nothing to revert). */
  previousTemperature: Temperature | null;
  productOfInterest: { id: string; label: string } | null;
  disinterest: { reason: { id: string; label: string } | null; note: string | null; at: string } | null;
  nonClient: { reason: NonClientReason; note: string | null; at: string } | null;
  archived: { at: string; by: { id: string; name: string } | null } | null;
  doNotContact: boolean;
  wallet: {
    status: WalletStatus;
    since: string | null;
    offerTeam: { id: string; name: string } | null;
    lastActivityAt: string;
  };
  /** Visits (activities of kind visit): the first and last done, and the next one scheduled. */
  visits: { first: string | null; last: string | null; next: string | null };
  /** The actions the signed-in user may use on this person. */
  allowedActions: PersonAction[];
  version: number;
};

const optionalNote = z
  .string()
  .trim()
  .max(2000, 'too_long')
  .nullish()
  .transform((v) => (v ? v : null));

export const ZTemperatureRequest = z.object({ temperature: z.enum(TEMPERATURES) });
export const ZObjectiveRequest = z.object({ objectiveId: z.uuid().nullable() });
export const ZMomentRequest = z.object({ momentId: z.uuid().nullable(), subMomentId: z.uuid().nullish() });
export const ZProductOfInterestRequest = z.object({ productId: z.uuid().nullable() });
export const ZDisinterestRequest = z.object({ reasonId: z.uuid(), note: optionalNote });
export const ZNonClientRequest = z.object({ reason: z.enum(NON_CLIENT_REASONS), note: optionalNote });
export const ZDoNotContactRequest = z.object({ doNotContact: z.boolean() });

export const ZOfferRequest = z.object({ teamId: z.uuid() });
export const ZWalletSettingsRequest = z.object({
  /** Days without activity before a person leaves its owner's wallet; 0 = never. */
  expiryDays: z.number().int().min(0, 'invalid_value').max(3650, 'invalid_value'),
});

/** The workspace's outgoing mail server; the password is write-only (never read back). */
export const ZSmtpSettingsRequest = z.object({
  host: z.string().trim().min(1, 'required').max(200, 'too_long'),
  port: z.number().int().min(1, 'invalid_value').max(65535, 'invalid_value'),
  /** TLS from the start (465); otherwise STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  user: z
    .string()
    .trim()
    .max(200, 'too_long')
    .nullish()
    .transform((v) => v || null),
  /** Absent: keep the stored one. */
  password: z.string().max(500, 'too_long').optional(),
  from: z.email({ message: 'invalid_email' }),
});
export type SmtpSettingsRequest = z.output<typeof ZSmtpSettingsRequest>;

export type SmtpSettings = {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  passwordSet: boolean;
  from: string;
  version: number;
} | null;

/** An e-mail composed in the app to one of the person's addresses. */
export const ZSendEmailRequest = z.object({
  to: z.email({ message: 'invalid_email' }),
  subject: z.string().trim().min(1, 'required').max(300, 'too_long'),
  body: z.string().trim().min(1, 'required').max(20000, 'too_long'),
});
