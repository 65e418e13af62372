import type { MailAccount, MailConnectionCheck, MailOAuthProviderName } from '@funil/domain';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

/**
 * `GET /me/mail-account`: the user's mailbox (null: none), the version an edit names (0 before the first) and the
 * providers the server offers "Conectar com…" for.
 */
export type MyMailAccount = {
  account: MailAccount | null;
  version: number;
  oauthProviders: MailOAuthProviderName[];
};
type MyMailAccountBody = Omit<MyMailAccount, 'version'>;

export const myMailAccountQuery = queryOptions({
  queryKey: ['me', 'mail-account'],
  queryFn: ({ signal }): Promise<MyMailAccount> =>
    api
      .getVersioned<MyMailAccountBody>('/me/mail-account', { signal })
      .then(({ data, version }) => ({ ...data, version })),
});

export const useMyMailAccount = () => useQuery(myMailAccountQuery);

export function useSaveMailAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: unknown; version: number }) =>
      api.putVersioned<MyMailAccountBody>('/me/mail-account', body, version),
    onSuccess: ({ data, version }) =>
      queryClient.setQueryData<MyMailAccount>(myMailAccountQuery.queryKey, { ...data, version }),
  });
}

export function useDisconnectMailAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) =>
      api.delete<void>('/me/mail-account', { headers: { 'If-Match': `"${version}"` } }),
    onSuccess: () =>
      queryClient.setQueryData<MyMailAccount>(myMailAccountQuery.queryKey, (old) => ({
        account: null,
        version: 0,
        oauthProviders: old?.oauthProviders ?? [],
      })),
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
