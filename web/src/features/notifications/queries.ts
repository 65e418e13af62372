import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

export type RottingData = {
  count: number;
  opportunities: { id: string; title: string; pipelineId: string }[];
};
/** `webhook_disabled`: a subscription its creator made was switched off (target gone, or too many failures). */
export type WebhookDisabledData = { subscriptionId: string; url: string; reason: 'gone' | 'failures' };
export type Notification = {
  id: number;
  kind: 'rotting_opportunities' | (string & {});
  day: string;
  data: unknown;
  createdAt: string;
  readAt: string | null;
};

export const notificationsKey = ['notifications'] as const;
const key = notificationsKey;

/** The user's inbox, refreshed every minute while the app is open. */
export function useNotifications() {
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<{ items: Notification[]; unread: number }>('/notifications', { signal }),
    refetchInterval: 60_000,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: number[]) => Promise.all(ids.map((id) => api.post(`/notifications/${id}/read`))),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
