import type { PrivacySettings, PrivacySettingsRequest, SmtpSettings } from '@funil/domain';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

/** `GET /workspace/smtp`: the server without its password, and the settings version (ETag). */
export type VersionedSmtp = { smtp: SmtpSettings; version: number };
export type WalletSettings = { expiryDays: number; version: number };
export type LookupSettings = { enabled: boolean; version: number };

export const smtpQuery = queryOptions({
  queryKey: ['workspace', 'smtp'],
  queryFn: ({ signal }): Promise<VersionedSmtp> =>
    api
      .getVersioned<{ smtp: SmtpSettings }>('/workspace/smtp', { signal })
      .then(({ data, version }) => ({ smtp: data.smtp ?? null, version })),
});

export const walletSettingsQuery = queryOptions({
  queryKey: ['workspace', 'wallet-settings'],
  queryFn: ({ signal }): Promise<WalletSettings> =>
    api
      .getVersioned<{ expiryDays: number }>('/workspace/wallet-settings', { signal })
      .then(({ data, version }) => ({ expiryDays: data.expiryDays, version })),
});

export const lookupSettingsQuery = queryOptions({
  queryKey: ['workspace', 'lookup-settings'],
  queryFn: ({ signal }): Promise<LookupSettings> =>
    api
      .getVersioned<{ enabled: boolean }>('/workspace/lookup-settings', { signal })
      .then(({ data, version }) => ({ enabled: data.enabled, version })),
});

export const privacySettingsQuery = queryOptions({
  queryKey: ['workspace', 'privacy-settings'],
  queryFn: ({ signal }): Promise<PrivacySettings> =>
    api
      .getVersioned<PrivacySettingsRequest>('/workspace/privacy-settings', { signal })
      .then(({ data, version }) => ({ ...data, version })),
});

export const useSmtpSettings = () => useQuery(smtpQuery);
export const useWalletSettings = () => useQuery(walletSettingsQuery);
export const useLookupSettings = () => useQuery(lookupSettingsQuery);
export const usePrivacySettings = () => useQuery(privacySettingsQuery);

/**
 * SMTP, wallet, lookup and privacy settings (like the action matrix and the lists) share the workspace's settings version: after
 * one of our own saves, the other cached forms are based on the new version (we know nothing else changed),
 * and the other settings are read again.
 */
function useBumpSettingsVersion() {
  const queryClient = useQueryClient();
  return (version: number) => {
    queryClient.setQueryData<VersionedSmtp>(smtpQuery.queryKey, (old) => (old ? { ...old, version } : old));
    queryClient.setQueryData<WalletSettings>(walletSettingsQuery.queryKey, (old) =>
      old ? { ...old, version } : old,
    );
    queryClient.setQueryData<LookupSettings>(lookupSettingsQuery.queryKey, (old) =>
      old ? { ...old, version } : old,
    );
    queryClient.setQueryData<PrivacySettings>(privacySettingsQuery.queryKey, (old) =>
      old ? { ...old, version } : old,
    );
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: ['workspace', 'action-matrix'] }),
      queryClient.invalidateQueries({ queryKey: ['workspace', 'role-matrix'] }),
      queryClient.invalidateQueries({ queryKey: ['opportunity-settings'] }),
    ]);
  };
}

export function useSaveSmtp() {
  const queryClient = useQueryClient();
  const bump = useBumpSettingsVersion();
  return useMutation({
    mutationFn: ({ body, version }: { body: unknown; version: number }) =>
      api.putVersioned<{ smtp: SmtpSettings }>('/workspace/smtp', body, version),
    onSuccess: ({ data, version }) => {
      const done = bump(version);
      queryClient.setQueryData<VersionedSmtp>(smtpQuery.queryKey, { smtp: data.smtp ?? null, version });
      return done;
    },
  });
}

export function useSaveWalletSettings() {
  const queryClient = useQueryClient();
  const bump = useBumpSettingsVersion();
  return useMutation({
    mutationFn: ({ expiryDays, version }: { expiryDays: number; version: number }) =>
      api.putVersioned<{ expiryDays: number }>('/workspace/wallet-settings', { expiryDays }, version),
    onSuccess: ({ data, version }) => {
      const done = bump(version);
      queryClient.setQueryData<WalletSettings>(walletSettingsQuery.queryKey, {
        expiryDays: data.expiryDays,
        version,
      });
      return done;
    },
  });
}

export function useSaveLookupSettings() {
  const queryClient = useQueryClient();
  const bump = useBumpSettingsVersion();
  return useMutation({
    mutationFn: ({ enabled, version }: { enabled: boolean; version: number }) =>
      api.putVersioned<{ enabled: boolean }>('/workspace/lookup-settings', { enabled }, version),
    onSuccess: ({ data, version }) => {
      const done = bump(version);
      queryClient.setQueryData<LookupSettings>(lookupSettingsQuery.queryKey, {
        enabled: data.enabled,
        version,
      });
      return done;
    },
  });
}

export function useSavePrivacySettings() {
  const queryClient = useQueryClient();
  const bump = useBumpSettingsVersion();
  return useMutation({
    mutationFn: ({ settings, version }: { settings: PrivacySettingsRequest; version: number }) =>
      api.putVersioned<PrivacySettingsRequest>('/workspace/privacy-settings', settings, version),
    onSuccess: ({ data, version }) => {
      const done = bump(version);
      queryClient.setQueryData<PrivacySettings>(privacySettingsQuery.queryKey, { ...data, version });
      return done;
    },
  });
}
