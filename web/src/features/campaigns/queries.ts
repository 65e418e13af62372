import type { Campaign, CampaignRecipient, CreateCampaignRequest, RecipientStatus } from '@funil/domain';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, toQueryString } from '../../lib/api.ts';

/** While a campaign is sending, its progress is polled this often. */
const RUNNING_POLL_MS = 2000;
/** WhatsApp statuses keep arriving after the last message went out: a finished campaign is polled this long after. */
const LATE_STATUS_MS = 2 * 60 * 1000;

/** Whether a campaign's numbers may still move (sending, or finished a moment ago with statuses still arriving). */
export function isLive(c: Pick<Campaign, 'status' | 'finishedAt'> | undefined, now = Date.now()): boolean {
  if (!c) return false;
  if (c.status === 'running') return true;
  return c.status === 'completed' && c.finishedAt !== null && now - Date.parse(c.finishedAt) < LATE_STATUS_MS;
}

export type CampaignPreview = {
  total: number;
  sample: {
    personId: string;
    name: string;
    address: string | null;
    skipReason: 'do_not_contact' | 'no_email' | 'no_phone' | null;
    subject: string | null;
    text: string;
  }[];
};

export const campaignKeys = {
  all: ['campaigns'] as const,
  list: ['campaigns', 'list'] as const,
  one: (id: string) => ['campaigns', 'one', id] as const,
  recipients: (id: string, status: RecipientStatus | null) =>
    ['campaigns', 'recipients', id, status] as const,
};

export function useCampaigns() {
  return useInfiniteQuery({
    queryKey: campaignKeys.list,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: Campaign[]; nextCursor: string | null }>(
        `/campaigns${toQueryString({ limit: 25, cursor: pageParam ?? undefined })}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.items.some((c) => c.status === 'running')) ? RUNNING_POLL_MS : false,
  });
}

export function useCampaign(id: string) {
  return useQuery({
    queryKey: campaignKeys.one(id),
    queryFn: ({ signal }) => api.get<Campaign>(`/campaigns/${id}`, { signal }),
    refetchInterval: (q) => (isLive(q.state.data) ? RUNNING_POLL_MS : false),
  });
}

export function useCampaignRecipients(id: string, status: RecipientStatus | null, live: boolean) {
  return useInfiniteQuery({
    queryKey: campaignKeys.recipients(id, status),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: CampaignRecipient[]; nextCursor: string | null }>(
        `/campaigns/${id}/recipients${toQueryString({ limit: 50, status: status ?? undefined, cursor: pageParam ?? undefined })}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    refetchInterval: live ? RUNNING_POLL_MS : false,
  });
}

export function usePreviewCampaign() {
  return useMutation({
    mutationFn: (body: CreateCampaignRequest) => api.post<CampaignPreview>('/campaigns/preview', body),
  });
}

/** Creates the campaign and starts it (the confirmation showed the count). */
export function useCreateAndStartCampaign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateCampaignRequest) => {
      const created = await api.post<Campaign>('/campaigns', body);
      return api.post<Campaign>(`/campaigns/${created.id}/start`);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: campaignKeys.all }),
  });
}

export function useCampaignAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: 'pause' | 'resume' | 'cancel') => api.post<Campaign>(`/campaigns/${id}/${action}`),
    onSuccess: (campaign) => {
      queryClient.setQueryData(campaignKeys.one(id), campaign);
      return queryClient.invalidateQueries({ queryKey: campaignKeys.all });
    },
  });
}

/** `GET /campaigns/whatsapp-account`: the workspace's WhatsApp number (never its secrets), with its version (ETag). */
export type WhatsAppAccount = {
  configured: boolean;
  apiUrl: string | null;
  apiVersion: string | null;
  phoneNumberId: string | null;
  webhookPath: string;
  updatedAt: string | null;
  version: number;
};

export const whatsAppAccountKey = ['campaigns', 'whatsapp-account'] as const;

export function useWhatsAppAccount() {
  return useQuery({
    queryKey: whatsAppAccountKey,
    queryFn: ({ signal }) => api.get<WhatsAppAccount>('/campaigns/whatsapp-account', { signal }),
  });
}

/** Saves the number based on the version read (If-Match): a stale one is refused (412) and the page offers a reload. */
export function useSaveWhatsAppAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: unknown; version: number }) =>
      api.putVersioned<WhatsAppAccount>('/campaigns/whatsapp-account', body, version).then((r) => r.data),
    onSuccess: (account) => queryClient.setQueryData(whatsAppAccountKey, account),
  });
}
