import type { Campaign, RecipientStatus } from '@funil/domain';

/** Recipients with an outcome (anything but queued / sending), for the progress bar. */
export function processed(c: Pick<Campaign, 'counts'>): number {
  const { queued, sending } = c.counts;
  return Object.values(c.counts).reduce((a, b) => a + b, 0) - queued - sending;
}

/** The progress bar's sections, in order, with the share of the total each takes (0–100). */
export function progressSections(c: Pick<Campaign, 'counts' | 'total'>) {
  const order: { status: RecipientStatus; color: string }[] = [
    { status: 'read', color: 'teal' },
    { status: 'delivered', color: 'green' },
    { status: 'sent', color: 'blue' },
    { status: 'sending', color: 'cyan' },
    { status: 'failed', color: 'red' },
    { status: 'bounced', color: 'orange' },
    { status: 'skipped', color: 'gray' },
  ];
  if (c.total === 0) return [];
  return order
    .map((o) => ({ ...o, count: c.counts[o.status], value: (c.counts[o.status] / c.total) * 100 }))
    .filter((s) => s.count > 0);
}
