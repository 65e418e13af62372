import type { TFunction } from 'i18next';

type Ref = { id?: unknown; name?: unknown };
const nameOf = (v: unknown) =>
  v && typeof v === 'object' && typeof (v as Ref).name === 'string' ? ((v as Ref).name as string) : '';

/** A roleta event on a negotiation's timeline: who got the lead, by which rule and why (settles disputes). */
export function describeLeadEvent(event: { kind: string; data: unknown }, t: TFunction): string {
  const d = (event.data && typeof event.data === 'object' ? event.data : {}) as Record<string, unknown>;
  const rule = nameOf(d.rule);
  const to = nameOf(d.to);
  if (event.kind === 'lead_reassigned') {
    return t('distribution.timeline.reassigned', {
      from: nameOf(d.from),
      to,
      rule,
      minutes: typeof d.slaMinutes === 'number' ? d.slaMinutes : '?',
    });
  }
  const reasonKey = typeof d.reason === 'string' ? d.reason : 'turn';
  const reason =
    reasonKey === 'weight' && typeof d.weight === 'number'
      ? `${t('distribution.reasons.weight')}, ${t('distribution.timeline.weight', { weight: d.weight })}`
      : t(`distribution.reasons.${reasonKey}`, { defaultValue: reasonKey });
  return t('distribution.timeline.assigned', { to, rule, reason });
}
