import type { TFunction } from 'i18next';
import type { EventLine } from './opportunity-events.ts';
import type { TimelineEvent } from './types.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** A `campaign_message` event: which campaign, by which channel, to which address, and the text as sent. */
export function describeCampaignMessage(event: Pick<TimelineEvent, 'data'>, t: TFunction): EventLine[] {
  const data = isRecord(event.data) ? event.data : {};
  const channel = str(data.channel) === 'email' ? 'email' : 'whatsapp';
  const lines: EventLine[] = [
    {
      text: t('campaigns.timeline.message', {
        campaign: str(data.campaignName),
        channel: t(`campaigns.channels.${channel}`),
        to: str(data.to),
      }),
    },
  ];
  if (str(data.subject)) lines.push({ text: str(data.subject) });
  if (str(data.body)) lines.push({ text: str(data.body), dimmed: true });
  if (str(data.error)) lines.push({ text: t('campaigns.timeline.failed', { error: str(data.error) }) });
  return lines;
}
