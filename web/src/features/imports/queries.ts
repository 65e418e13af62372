import type {
  ConsentSetting,
  DedupPolicy,
  ImportField,
  ImportKind,
  ImportMapping,
  ImportStatus,
} from '@funil/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

export type PeopleImport = {
  id: string;
  kind: ImportKind;
  fileName: string;
  fileType: 'csv' | 'xlsx';
  encoding: string | null;
  delimiter: string | null;
  headers: string[];
  mapping: ImportMapping;
  policy: DedupPolicy | null;
  consentSetting: ConsentSetting | null;
  status: ImportStatus;
  totalRows: number;
  processedRows: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  undoKept: number | null;
  failure: string | null;
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  undoneAt: string | null;
};

export type UploadedImport = PeopleImport & {
  sample: string[][];
  savedMappings: { name: string; mapping: (ImportField | null)[] }[];
  presets: { key: string; label: string }[];
};

export type ImportPreview = {
  rows: { rowNo: number; cells: string[]; errors: string[]; duplicate: 'registry' | 'file' | null }[];
};

/** While an import runs its progress is polled this often. */
const POLL_MS = 1000;

export const importKeys = {
  all: ['imports'] as const,
  list: ['imports', 'list'] as const,
  one: (id: string) => ['imports', 'one', id] as const,
};

export const isActive = (status: ImportStatus | undefined) => status === 'queued' || status === 'running';

export function useImports() {
  return useQuery({
    queryKey: importKeys.list,
    queryFn: ({ signal }) => api.get<{ items: PeopleImport[] }>('/imports', { signal }),
  });
}

export function useImport(id: string | null) {
  return useQuery({
    queryKey: importKeys.one(id ?? ''),
    enabled: id !== null,
    queryFn: ({ signal }) => api.get<PeopleImport>(`/imports/${id}`, { signal }),
    refetchInterval: (query) => (isActive(query.state.data?.status) ? POLL_MS : false),
  });
}

export function useUploadImport() {
  return useMutation({
    mutationFn: ({ file, kind }: { file: File; kind: ImportKind }) =>
      api.upload<UploadedImport>(`/imports?kind=${kind}`, file),
  });
}

export function useSaveMapping(id: string) {
  return useMutation({
    mutationFn: (body: {
      mapping: ImportMapping;
      policy: DedupPolicy;
      saveMappingAs?: string | null;
      consentSetting?: ConsentSetting | null;
    }) => api.put<PeopleImport>(`/imports/${id}`, body),
  });
}

export function usePreview(id: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ['imports', 'preview', id],
    enabled: enabled && id !== null,
    gcTime: 0,
    queryFn: ({ signal }) => api.get<ImportPreview>(`/imports/${id}/preview`, { signal }),
  });
}

export function useStartImport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<PeopleImport>(`/imports/${id}/start`),
    onSuccess: (data) => {
      queryClient.setQueryData(importKeys.one(id), data);
      void queryClient.invalidateQueries({ queryKey: importKeys.list });
    },
  });
}

export function useUndoImport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<PeopleImport>(`/imports/${id}/undo`),
    onSuccess: (data) => {
      queryClient.setQueryData(importKeys.one(id), data);
      void queryClient.invalidateQueries({ queryKey: importKeys.list });
      void queryClient.invalidateQueries({ queryKey: ['people'] });
    },
  });
}

export const errorReportUrl = (id: string) => `/api/v1/imports/${id}/errors`;
