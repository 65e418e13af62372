import type { TFunction } from 'i18next';
import type { EventLine } from './opportunity-events.ts';
import type { TimelineEvent } from './types.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** A `lead_received` event: the source, what the lead said (message, form answers) and the consent it gave. */
export function describeLeadReceived(event: Pick<TimelineEvent, 'data'>, t: TFunction): EventLine[] {
  const data = isRecord(event.data) ? event.data : {};
  const source = str(data.source);
  const lines: EventLine[] = [
    {
      text: t(data.createdPerson === true ? 'timeline.lead.receivedNew' : 'timeline.lead.received', {
        source,
      }),
    },
  ];
  if (str(data.message)) lines.push({ text: str(data.message), dimmed: true });
  const fields = isRecord(data.fields) ? data.fields : {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') lines.push({ text: `${key}: ${value}`, dimmed: true });
  }
  const consent = isRecord(data.consent) ? data.consent : null;
  if (consent && str(consent.text) && typeof consent.version === 'number') {
    lines.push({
      text: t('timeline.lead.consent', { text: str(consent.text), version: consent.version }),
      dimmed: true,
    });
  } else if (consent?.basis) {
    lines.push({ text: t('timeline.lead.consentBasis'), dimmed: true });
  }
  return lines;
}
