import type {
  CreateWebhookSubscriptionRequest,
  UpdateWebhookSubscriptionRequest,
  WebhookDelivery,
  WebhookSubscription,
} from '@funil/domain';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { DeliveryFilters } from './webhook-model.ts';

const PAGE_SIZE = 50;
const PENDING_POLL_MS = 2000;
const IDLE_POLL_MS = 15_000;

export const webhookKeys = {
  subscriptions: ['admin', 'webhooks', 'subscriptions'] as const,
  deliveries: ['admin', 'webhooks', 'deliveries'] as const,
  deliveryPages: (f: DeliveryFilters) => ['admin', 'webhooks', 'deliveries', f] as const,
};

export function useWebhookSubscriptions() {
  return useQuery({
    queryKey: webhookKeys.subscriptions,
    queryFn: ({ signal }) =>
      api.get<{ items: WebhookSubscription[] }>('/webhooks/subscriptions', { signal }).then((r) => r.items),
  });
}

/** Creates a subscription; the answer carries its signing secret, shown once. */
export function useCreateWebhookSubscription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWebhookSubscriptionRequest) =>
      api.post<{ subscription: WebhookSubscription; secret: string }>('/webhooks/subscriptions', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.subscriptions }),
  });
}

/** Changes URL, events or on/off (switching on again clears the failures and why it was off). */
export function useUpdateWebhookSubscription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateWebhookSubscriptionRequest & { id: string }) =>
      api.patch<WebhookSubscription>(`/webhooks/subscriptions/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.subscriptions }),
  });
}

export function useDeleteWebhookSubscription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<null>(`/webhooks/subscriptions/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.subscriptions }),
  });
}

/** The delivery log, newest first, PAGE_SIZE at a time ("Carregar mais" follows the cursor). */
export function useWebhookDeliveries(filters: DeliveryFilters) {
  return useInfiniteQuery({
    queryKey: webhookKeys.deliveryPages(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: WebhookDelivery[]; nextCursor: string | null }>('/webhooks/deliveries', {
        signal,
        query: { ...filters, limit: PAGE_SIZE, cursor: pageParam ?? undefined },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    // While something is still on its way the log follows it closely; otherwise new deliveries show in a while.
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) => p.items.some((d) => d.status === 'pending'))
        ? PENDING_POLL_MS
        : IDLE_POLL_MS,
  });
}

/** Reenviar: the same message goes out once more through the queue; the log is loaded again. */
export function useResendDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<WebhookDelivery>(`/webhooks/deliveries/${id}/resend`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries }),
  });
}
