import { type CallListFilter, ZCallListFilter } from '@funil/domain';

// The campaigns page's tab lives in the URL (`?tab=whatsapp`), so the list's "Configure o número do WhatsApp" link
// and a reload land on the WhatsApp number tab. Kept out of the page so the route reads it without loading the page.

export type CampaignsTab = 'campaigns' | 'whatsapp';

export type CampaignsSearch = { tab?: 'whatsapp'; callList?: CallListFilter };

/**
 * The page's tab from the URL (the campaigns list when absent or unknown) and, coming from the call center's Filtros
 * tab, the call list the new campaign goes to (`?callList=<the filter>`; a malformed one is dropped).
 */
export function parseCampaignsSearch(search: Record<string, unknown>): CampaignsSearch {
  const out: CampaignsSearch = search.tab === 'whatsapp' ? { tab: 'whatsapp' } : {};
  let raw = search.callList;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      raw = undefined;
    }
  }
  const callList = raw === undefined ? null : ZCallListFilter.safeParse(raw);
  if (callList?.success) out.callList = callList.data;
  return out;
}
