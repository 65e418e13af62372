import type { MailAccount, MailConnectionCheck } from '@funil/domain';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

/** `GET /me/mail-account`: the user's mailbox (null: none) and the version an edit names (0 before the first). */
export type MyMailAccount = { account: MailAccount | null; version: number };

export const myMailAccountQuery = queryOptions({
  queryKey: ['me', 'mail-account'],
  queryFn: ({ signal }): Promise<MyMailAccount> =>
    api
      .getVersioned<{ account: MailAccount | null }>('/me/mail-account', { signal })
      .then(({ data, version }) => ({ account: data.account, version })),
});

export const useMyMailAccount = () => useQuery(myMailAccountQuery);

export function useSaveMailAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: unknown; version: number }) =>
      api.putVersioned<{ account: MailAccount | null }>('/me/mail-account', body, version),
    onSuccess: ({ data, version }) =>
      queryClient.setQueryData<MyMailAccount>(myMailAccountQuery.queryKey, {
        account: data.account,
        version,
      }),
  });
}

export function useDisconnectMailAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) =>
      api.delete<void>('/me/mail-account', { headers: { 'If-Match': `"${version}"` } }),
    onSuccess: () =>
      queryClient.setQueryData<MyMailAccount>(myMailAccountQuery.queryKey, { account: null, version: 0 }),
  });
}

/** "Testar conexão": logs into both servers with the saved settings; the poll status is read again after it. */
export function useTestMailAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<MailConnectionCheck>('/me/mail-account/test'),
    onSettled: () => queryClient.invalidateQueries({ queryKey: myMailAccountQuery.queryKey }),
  });
}
