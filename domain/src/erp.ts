import { z } from 'zod';
import { documentKind, normalizeDocument } from './documents.ts';

// The ERP integration (issue 5 §6): API tokens and what the ERP pushes about a person (financial titles,
// credit limits, sales orders), and the Resumo 360° that sums them up.

/** What an API token may do; each ERP route declares the one it needs. */
export const API_SCOPES = [
  'erp:receivables',
  'erp:credit-limits',
  'erp:sales-orders',
  'intake:leads',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const API_TOKEN_STATUSES = ['active', 'expired', 'revoked'] as const;
export type ApiTokenStatus = (typeof API_TOKEN_STATUSES)[number];

/** Status of a title as the ERP sends it; overdue is computed from the due day. */
export const RECEIVABLE_ERP_STATUSES = ['open', 'paid', 'cancelled'] as const;
/** Status of a title as shown: open titles split into overdue (past the due day) and due. */
export const RECEIVABLE_STATUSES = ['overdue', 'due', 'paid', 'cancelled'] as const;
export type ReceivableStatus = (typeof RECEIVABLE_STATUSES)[number];

export const SALES_ORDER_STATUSES = ['open', 'invoiced', 'delivered', 'cancelled'] as const;
export type SalesOrderStatus = (typeof SALES_ORDER_STATUSES)[number];
export const SALES_ORDER_SOURCES = ['crm', 'erp'] as const;

/** Most orders one POST /sales-orders takes. */
export const MAX_SALES_ORDERS_PER_CALL = 500;
/** Most titles or credit limits one PUT takes (a person's whole set). */
export const MAX_ERP_ITEMS_PER_PERSON = 1000;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^(?=.*:)[0-9a-f:.]{2,45}$/i;

/** `10.0.0.0/8`, `203.0.113.7` (one address) or an IPv6 block such as `2001:db8::/32`. */
export function isCidr(value: string): boolean {
  const [address = '', bits, ...rest] = value.trim().split('/');
  if (rest.length > 0) return false;
  const v4 = IPV4.test(address);
  if (!v4 && !(IPV6.test(address) && (address.match(/::/g)?.length ?? 0) <= 1)) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (v4 ? 32 : 128);
}

/** A real calendar day `YYYY-MM-DD`. */
export function isDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1;
}

/** Today's calendar day in São Paulo, the day titles fall due and limits expire on. */
export function saoPauloToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(now);
}

const ZDay = z.string().refine(isDay, 'invalid_date');
const ZCents = z.number().int('invalid_value').min(0, 'invalid_value').max(1e15, 'invalid_value');
const ZExternalId = z.string().trim().min(1, 'required').max(100, 'too_long');
const ZOptionalText = (max: number) => z.string().trim().max(max, 'too_long').nullable().optional();

/**
 * Marks repeated `externalId`s of a list as `duplicate` on the item that repeats one. Runs even when other
 * items failed (`when`), so one answer lists every problem of the batch; hence the defensive reads.
 */
function uniqueExternalIds(key: string) {
  return [
    (body: Record<string, unknown>, ctx: z.RefinementCtx) => {
      const items = Array.isArray(body?.[key]) ? (body[key] as unknown[]) : [];
      const seen = new Set<string>();
      items.forEach((item, i) => {
        const id = (item as { externalId?: unknown } | null)?.externalId;
        if (typeof id !== 'string') return;
        if (seen.has(id.trim()))
          ctx.addIssue({ code: 'custom', message: 'duplicate', path: [key, i, 'externalId'] });
        seen.add(id.trim());
      });
    },
    { when: () => true },
  ] as const;
}

export type ApiToken = {
  id: string;
  name: string;
  /** The public start of the token (`fnl_…`), to tell tokens apart; the secret is never shown again. */
  prefix: string;
  scopes: ApiScope[];
  allowedCidrs: string[];
  status: ApiTokenStatus;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  lastUsedAt: string | null;
  /** The address of the last call (as the token's allowed networks see it). */
  lastUsedIp: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
};

export const ZReceivableInput = z.object({
  externalId: ZExternalId,
  number: ZOptionalText(60),
  description: ZOptionalText(500),
  issuedOn: ZDay.nullable().optional(),
  dueOn: ZDay,
  amountCents: ZCents,
  paidCents: ZCents.default(0),
  paidOn: ZDay.nullable().optional(),
  status: z.enum(RECEIVABLE_ERP_STATUSES),
});
export type ReceivableInput = z.output<typeof ZReceivableInput>;

export const ZPutReceivablesRequest = z
  .object({ items: z.array(ZReceivableInput).max(MAX_ERP_ITEMS_PER_PERSON, 'too_long') })
  .superRefine(...uniqueExternalIds('items'));

export const ZCreditLimitInput = z.object({
  externalId: ZExternalId,
  description: ZOptionalText(500),
  grantedCents: ZCents,
  usedCents: ZCents.default(0),
  /** Last day the limit is valid; null: no end. */
  validUntil: ZDay.nullable().optional(),
});
export type CreditLimitInput = z.output<typeof ZCreditLimitInput>;

export const ZPutCreditLimitsRequest = z
  .object({ items: z.array(ZCreditLimitInput).max(MAX_ERP_ITEMS_PER_PERSON, 'too_long') })
  .superRefine(...uniqueExternalIds('items'));

export const ZSalesOrderItemInput = z.object({
  sku: ZOptionalText(60),
  description: z.string().trim().min(1, 'required').max(300, 'too_long'),
  quantity: z.number().positive('invalid_value').max(1e9, 'invalid_value'),
  unitCents: ZCents,
  totalCents: ZCents,
});

export const ZSalesOrderInput = z
  .object({
    externalId: ZExternalId,
    /** The person, by id … */
    personId: z.uuid('invalid_value').optional(),
    /** … or by CPF/CNPJ (any punctuation). */
    document: z.string().trim().max(30, 'too_long').optional(),
    number: ZOptionalText(60),
    status: z.enum(SALES_ORDER_STATUSES),
    issuedOn: ZDay,
    totalCents: ZCents,
    items: z.array(ZSalesOrderItemInput).max(500, 'too_long').default([]),
  })
  .superRefine((o, ctx) => {
    if (!o.personId && !o.document) ctx.addIssue({ code: 'custom', message: 'required', path: ['personId'] });
    if (o.document && !documentKind(normalizeDocument(o.document))) {
      ctx.addIssue({ code: 'custom', message: 'invalid_document', path: ['document'] });
    }
  });
export type SalesOrderInput = z.output<typeof ZSalesOrderInput>;

export const ZPostSalesOrdersRequest = z
  .object({
    orders: z.array(ZSalesOrderInput).min(1, 'required').max(MAX_SALES_ORDERS_PER_CALL, 'too_long'),
  })
  .superRefine(...uniqueExternalIds('orders'));

/** What a PUT of a person's titles or limits did; `unchanged` items were already as sent. */
export type ErpSyncResult = {
  personId: string;
  received: number;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
};

export type SalesOrdersSyncResult = {
  received: number;
  created: number;
  updated: number;
  unchanged: number;
  orders: { externalId: string; id: string; personId: string; result: 'created' | 'updated' | 'unchanged' }[];
};

export type CountAndTotal = { count: number; totalCents: number };

export type SalesOrderLine = {
  id: string;
  source: (typeof SALES_ORDER_SOURCES)[number];
  /** The ERP's number, or the CRM's sequence. */
  number: string;
  status: SalesOrderStatus;
  issuedOn: string;
  totalCents: number;
  itemCount: number;
  opportunityId: string | null;
};

export type ReceivableLine = {
  id: string;
  externalId: string;
  number: string | null;
  description: string | null;
  issuedOn: string | null;
  dueOn: string;
  amountCents: number;
  paidCents: number;
  paidOn: string | null;
  status: ReceivableStatus;
};

export type CreditLimitLine = {
  id: string;
  externalId: string;
  description: string | null;
  grantedCents: number;
  usedCents: number;
  availableCents: number;
  validUntil: string | null;
  expired: boolean;
};

/** The Resumo 360° cards of a person (activities come from their own module). */
export type PersonSummary = {
  personId: string;
  /** The São Paulo day the overdue / expired split was computed for. */
  asOf: string;
  opportunities: Record<'open' | 'won' | 'lost' | 'discarded', { count: number; valueCents: number }>;
  salesOrders: CountAndTotal & { latest: SalesOrderLine[] };
  /** Overdue and due: what is still open (amount − paid); paid: what was paid. */
  receivables: Record<'overdue' | 'due' | 'paid', CountAndTotal>;
  /** Granted / used / available over the limits still valid; expired ones apart. */
  creditLimits: {
    count: number;
    grantedCents: number;
    usedCents: number;
    availableCents: number;
    expired: CountAndTotal;
  };
};
