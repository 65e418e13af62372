import type { DialerDashboard, DialerSettings, DialerSettingsRequest } from '@funil/domain';
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

export type DoNotCallImport = {
  id: string;
  fileName: string;
  total: number;
  added: number;
  rejected: number;
  createdBy: { id: string; name: string };
  createdAt: string;
};
export type DoNotCallList = { count: number; imports: DoNotCallImport[] };
export type DoNotCallResult = { total: number; added: number; rejected: { line: number; value: string }[] };

export const dialerKeys = {
  settings: ['dialer', 'settings'] as const,
  doNotCall: ['dialer', 'do-not-call'] as const,
  dashboard: (from: string, to: string) => ['dialer', 'dashboard', from, to] as const,
};

/** `GET /dialer/settings`: the rules, the provider, the list's size; the version comes from the ETag. */
export const dialerSettingsQuery = queryOptions({
  queryKey: dialerKeys.settings,
  queryFn: ({ signal }) =>
    api
      .getVersioned<DialerSettings>('/dialer/settings', { signal })
      .then(({ data, version }): DialerSettings => ({ ...data, version })),
});

export const useDialerSettings = () => useQuery(dialerSettingsQuery);

/** Saves the rules at the version they were read (If-Match; 412 when someone saved first). */
export function useSaveDialerSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: DialerSettingsRequest; version: number }) =>
      api.putVersioned<DialerSettings>('/dialer/settings', body, version),
    onSuccess: ({ data, version }) => {
      queryClient.setQueryData<DialerSettings>(dialerKeys.settings, { ...data, version });
    },
  });
}

export function useDoNotCallList() {
  return useQuery({
    queryKey: dialerKeys.doNotCall,
    queryFn: ({ signal }) => api.get<DoNotCallList>('/dialer/do-not-call', { signal }),
  });
}

/** Uploads a do-not-call file (multipart `file`); the list and its count are read again after. */
export function useImportDoNotCall() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => api.upload<DoNotCallResult>('/dialer/do-not-call', file),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: dialerKeys.doNotCall }),
        queryClient.invalidateQueries({ queryKey: dialerKeys.settings }),
      ]),
  });
}

export function useRemoveFromDoNotCall() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (phone: string) => api.delete<void>('/dialer/do-not-call', { query: { phone } }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: dialerKeys.doNotCall }),
        queryClient.invalidateQueries({ queryKey: dialerKeys.settings }),
      ]),
  });
}

/** The dashboard over `[from, to)` (ISO instants), read again every 5 s while `live`. */
export function useDialerDashboard(range: { from: string; to: string } | null, live: boolean) {
  return useQuery({
    queryKey: dialerKeys.dashboard(range?.from ?? '', range?.to ?? ''),
    queryFn: ({ signal }) =>
      api.get<DialerDashboard>('/dialer/dashboard', {
        signal,
        query: { from: range?.from, to: range?.to },
      }),
    enabled: range !== null,
    placeholderData: keepPreviousData,
    refetchInterval: live ? 5_000 : false,
  });
}
