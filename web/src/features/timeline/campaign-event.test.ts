import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { describeCampaignMessage } from './campaign-event.ts';

const t = ((key: string, vars?: Record<string, unknown>) =>
  vars ? `${key} ${JSON.stringify(vars)}` : key) as unknown as TFunction;

describe('describeCampaignMessage', () => {
  it('names the campaign, channel and address, then the text; a failure says why', () => {
    const lines = describeCampaignMessage(
      {
        data: {
          campaignName: 'Lançamento',
          channel: 'whatsapp',
          to: '+55 11 9****-4321',
          body: 'Olá Maria',
          error: '131026',
        },
      },
      t,
    );
    expect(lines.map((l) => l.text)).toEqual([
      'campaigns.timeline.message {"campaign":"Lançamento","channel":"campaigns.channels.whatsapp","to":"+55 11 9****-4321"}',
      'Olá Maria',
      'campaigns.timeline.failed {"error":"131026"}',
    ]);
    expect(lines[1]?.dimmed).toBe(true);
  });

  it('reads an erased or odd payload without throwing', () => {
    expect(describeCampaignMessage({ data: null }, t)).toHaveLength(1);
  });
});
