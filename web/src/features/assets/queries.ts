import type { Asset, AssetType } from '@funil/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ifMatch } from '../../lib/api.ts';
import { peopleKeys } from '../people/queries.ts';

type Items<T> = { items: T[] };

export const assetKeys = {
  types: (includeArchived: boolean) => ['asset-types', { includeArchived }] as const,
  allTypes: ['asset-types'] as const,
  /** Under the person's detail key: refreshing the person refreshes its assets too. */
  ofPerson: (personId: string) => [...peopleKeys.detail(personId), 'assets'] as const,
};

export function useAssetTypes(includeArchived = false) {
  return useQuery({
    queryKey: assetKeys.types(includeArchived),
    queryFn: ({ signal }) =>
      api.get<Items<AssetType>>('/asset-types', { query: { includeArchived }, signal }).then((r) => r.items),
  });
}

export type AssetTypeBody = {
  name: string;
  description: string | null;
  fields: unknown[];
  archived?: boolean;
};

/** Create (no `version`) or replace (If-Match) an asset type; every list of types is read again. */
export function useSaveAssetType() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      version,
      body,
    }: {
      id: string | null;
      version: number | null;
      body: AssetTypeBody;
    }) =>
      id && version !== null
        ? api.put<AssetType>(`/asset-types/${id}`, body, { headers: ifMatch(version) })
        : api.post<AssetType>('/asset-types', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: assetKeys.allTypes }),
  });
}

/** Deleted when unused, archived otherwise (the server decides). */
export function useRemoveAssetType() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      api.delete<AssetType | undefined>(`/asset-types/${id}`, { headers: ifMatch(version) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: assetKeys.allTypes }),
  });
}

export function usePersonAssets(personId: string) {
  return useQuery({
    queryKey: assetKeys.ofPerson(personId),
    queryFn: ({ signal }) =>
      api.get<Items<Asset>>(`/people/${personId}/assets`, { signal }).then((r) => r.items),
  });
}

/** After any asset change: the list, the person's timeline and the asset counts of the types. */
function useRefreshAfterChange(personId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: assetKeys.ofPerson(personId) }),
      queryClient.invalidateQueries({ queryKey: [...peopleKeys.detail(personId), 'timeline'] }),
      queryClient.invalidateQueries({ queryKey: assetKeys.allTypes }),
    ]);
}

export type AssetBody = Record<string, unknown>;

/** Adds (no asset) or edits (If-Match with the version it was loaded at) an asset of the person. */
export function useSaveAsset(personId: string) {
  const refresh = useRefreshAfterChange(personId);
  return useMutation({
    mutationFn: ({ asset, body }: { asset: Asset | null; body: AssetBody }) =>
      asset
        ? api.patch<Asset>(`/people/${personId}/assets/${asset.id}`, body, {
            headers: ifMatch(asset.version),
          })
        : api.post<Asset>(`/people/${personId}/assets`, body),
    onSuccess: refresh,
  });
}

export function useEndAsset(personId: string) {
  const refresh = useRefreshAfterChange(personId);
  return useMutation({
    mutationFn: ({ asset, endDate }: { asset: Asset; endDate: string | null }) =>
      api.post<Asset>(
        `/people/${personId}/assets/${asset.id}/end`,
        { endDate },
        { headers: ifMatch(asset.version) },
      ),
    // Also after a refusal (412): the list then shows the current version to decide again.
    onSettled: refresh,
  });
}
