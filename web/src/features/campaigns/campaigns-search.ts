// The campaigns page's tab lives in the URL (`?tab=whatsapp`), so the list's "Configure o número do WhatsApp" link
// and a reload land on the WhatsApp number tab. Kept out of the page so the route reads it without loading the page.

export type CampaignsTab = 'campaigns' | 'whatsapp';

/** The page's tab from the URL; the campaigns list when absent or unknown. */
export function parseCampaignsSearch(search: Record<string, unknown>): { tab?: 'whatsapp' } {
  return search.tab === 'whatsapp' ? { tab: 'whatsapp' } : {};
}
