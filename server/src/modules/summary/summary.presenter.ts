import type { CreditLimitLine, ReceivableLine, SalesOrderLine } from '@funil/domain';
import type { CreditLimitRow, OrderRow, ReceivableRow } from './summary.repository.ts';

/** A sales order line of the Resumo 360° (ERP or CRM). */
export const presentOrder = (r: OrderRow): SalesOrderLine => ({
  id: r.id,
  source: r.source,
  number: r.number,
  status: r.status,
  issuedOn: r.issued_on,
  totalCents: r.value_cents,
  itemCount: r.item_count,
  opportunityId: r.opportunity_id,
});

/** A financial title as the person's ERP data shows it (overdue is computed by the read). */
export const presentReceivable = (r: ReceivableRow): ReceivableLine => ({
  id: r.id,
  externalId: r.external_id,
  number: r.number,
  description: r.description,
  issuedOn: r.issued_on,
  dueOn: r.due_on,
  amountCents: r.amount_cents,
  paidCents: r.paid_cents,
  paidOn: r.paid_on,
  status: r.status,
});

/** A credit limit with what is still available. */
export const presentCreditLimit = (r: CreditLimitRow): CreditLimitLine => ({
  id: r.id,
  externalId: r.external_id,
  description: r.description,
  grantedCents: r.granted_cents,
  usedCents: r.used_cents,
  availableCents: Math.max(r.granted_cents - r.used_cents, 0),
  validUntil: r.valid_until,
  expired: r.expired,
});
