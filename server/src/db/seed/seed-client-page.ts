import { saoPauloToday } from '@funil/domain';
import type { SecretBox } from '../../lib/secret-box.ts';
import { completeActivity, createActivity } from '../../modules/activities/activities.service.ts';
import { verifyApiToken } from '../../modules/api-tokens/api-tokens.service.ts';
import type { Actor } from '../../modules/auth/actor.ts';
import { replaceCreditLimits, replaceReceivables, upsertSalesOrders } from '../../modules/erp/erp.service.ts';
import { createIntegration, revokeToken } from '../../modules/integrations/integrations.service.ts';
import type { Db } from '../pool.ts';

type Holder = { personId: string; ownerId: string };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The São Paulo day `days` away from today, as the ERP sends dates. */
function day(days: number): string {
  const [y, m, d] = saoPauloToday().split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * Each broker's agenda around today, so "Minhas atividades" and the week calendar open with something in them:
 * an overdue call, a visit today (reminded 15 minutes before), a meeting and a task later this week, and a
 * visit done ten days ago (the status panel's "Visitas").
 */
export async function seedDemoActivities(db: Db, brokers: Actor[], holders: Holder[]): Promise<void> {
  const now = Date.now();
  for (const broker of brokers) {
    const mine = holders.filter((h) => h.ownerId === broker.userId).slice(0, 4);
    for (const [i, holder] of mine.entries()) {
      const at = (ms: number) => new Date(now + ms + i * HOUR).toISOString();
      // About the opportunity the client holds with this broker, when there is one (the card's next activity).
      const { rows } = await db.query(
        `SELECT o.id FROM opportunity_people op JOIN opportunities o ON o.id = op.opportunity_id
         WHERE op.person_id = $1 AND op.role = 'holder' AND o.owner_id = $2 AND o.status = 'open' LIMIT 1`,
        [holder.personId, broker.userId],
      );
      const base = {
        personId: holder.personId,
        opportunityId: (rows[0]?.id as string | undefined) ?? null,
        description: null,
        durationMinutes: 30,
      };
      const plan = [
        {
          kind: 'call',
          title: 'Retornar ligação sobre a proposta',
          dueAt: at(-DAY),
          reminderMinutesBefore: null,
        },
        { kind: 'visit', title: 'Visita ao decorado', dueAt: at(2 * HOUR), reminderMinutesBefore: 15 },
        { kind: 'meeting', title: 'Reunião de negociação', dueAt: at(2 * DAY), reminderMinutesBefore: 60 },
        {
          kind: 'task',
          title: 'Enviar documentação para análise',
          dueAt: at(4 * DAY),
          reminderMinutesBefore: null,
        },
      ] as const;
      for (const [k, activity] of plan.entries()) {
        if ((i + k) % 2 === 1) continue;
        await createActivity(db, broker, { ...base, ...activity });
      }
      const visit = await createActivity(db, broker, {
        ...base,
        kind: 'visit',
        title: 'Primeira visita ao imóvel',
        dueAt: at(-10 * DAY),
        reminderMinutesBefore: null,
      });
      await completeActivity(db, broker, visit.id, 'Gostou da planta; pediu simulação de financiamento.');
    }
  }
}

/**
 * What an ERP would have pushed for some clients (financial titles, credit limits, sales orders), through the
 * same services the ERP API uses, with the token of an ERP integration the admin created, revoked once the import was done.
 */
export async function seedDemoErpData(
  db: Db,
  secrets: SecretBox,
  admin: Actor,
  holders: Holder[],
): Promise<void> {
  const { integration, secret } = await createIntegration({ db, secrets }, admin, {
    name: 'ERP (importação inicial da demonstração)',
    kind: 'erp',
    scopes: ['erp:receivables', 'erp:credit-limits', 'erp:sales-orders'],
  });
  const check = await verifyApiToken(db, secret, null);
  if (check.outcome !== 'ok') throw new Error('demo ERP token refused');
  const token = check.principal;
  const clients = holders.slice(0, 15);
  for (const [i, { personId }] of clients.entries()) {
    const amount = 45_000 + i * 12_500;
    await replaceReceivables(db, token, personId, [
      {
        externalId: `TIT-${i}-1`,
        number: `NF ${7100 + i * 3}`,
        dueOn: day(-40),
        amountCents: amount,
        paidCents: amount,
        paidOn: day(-41),
        status: 'paid',
      },
      {
        externalId: `TIT-${i}-2`,
        number: `NF ${7101 + i * 3}`,
        dueOn: day(i % 3 === 0 ? -6 : 12),
        amountCents: amount,
        paidCents: 0,
        status: 'open',
      },
      {
        externalId: `TIT-${i}-3`,
        number: `NF ${7102 + i * 3}`,
        dueOn: day(42),
        amountCents: amount,
        paidCents: 0,
        status: 'open',
      },
    ]);
    await replaceCreditLimits(db, token, personId, [
      {
        externalId: `LIM-${i}`,
        description: 'Limite comercial',
        grantedCents: 2_000_000 + i * 100_000,
        usedCents: amount * 2,
        validUntil: day(i % 4 === 0 ? -15 : 180),
      },
    ]);
  }
  await upsertSalesOrders(
    db,
    token,
    clients.slice(0, 10).map(({ personId }, i) => ({
      externalId: `PV-${5400 + i}`,
      personId,
      number: `PV ${5400 + i}`,
      status: (['delivered', 'invoiced', 'open'] as const)[i % 3] ?? 'open',
      issuedOn: day(-20 - i * 3),
      totalCents: 90_000 + i * 25_000,
      items: [
        {
          sku: `SKU-${100 + i}`,
          description: 'Instalação e plano anual',
          quantity: 1,
          unitCents: 90_000 + i * 25_000,
          totalCents: 90_000 + i * 25_000,
        },
      ],
    })),
  );
  await revokeToken(db, admin, integration.id, token.tokenId);
}
