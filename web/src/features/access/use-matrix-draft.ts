import type { Role } from '@funil/domain';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { isVersionMismatch } from '../../lib/problems.ts';

export type Versioned<M> = { matrix: M; version: number };

/**
 * The edit cycle of a per-role matrix page (role matrix, action matrix): a draft over the saved matrix it
 * started from (its version goes in If-Match), a confirmation listing the changed roles, the "saved" notice,
 * and a reload that drops the draft when another admin saved first (412).
 */
export function useMatrixDraft<M>(
  query: UseQueryResult<Versioned<M>>,
  save: UseMutationResult<unknown, Error, Versioned<M>>,
  changedRoles: (before: M, after: M) => Role[],
) {
  // Null until the admin changes something (and again after saving, discarding or reloading).
  const [draft, setDraft] = useState<{ base: Versioned<M>; matrix: M } | null>(null);
  const [confirming, setConfirming] = useState(false);
  // The roles listed in the confirmation, kept while it fades out after saving.
  const [confirmRoles, setConfirmRoles] = useState<Role[]>([]);
  const [saved, setSaved] = useState(false);
  const [reloading, setReloading] = useState(false);

  const current = draft?.matrix ?? query.data?.matrix;
  const changed = draft ? changedRoles(draft.base.matrix, draft.matrix) : [];

  return {
    current,
    changed,
    confirming,
    confirmRoles,
    saved,
    reloading,
    /** Another admin saved after this page loaded: nothing was changed by this save. */
    stale: isVersionMismatch(save.error),
    dismissSaved: () => setSaved(false),
    discard: () => setDraft(null),
    /** Applies an edit to the matrix being drafted. */
    edit: (change: (matrix: M) => M) => {
      const base = draft?.base ?? query.data;
      if (!base || !current) return;
      setDraft({ base, matrix: change(current) });
      setSaved(false);
    },
    openConfirm: () => {
      setConfirmRoles(changed);
      setConfirming(true);
    },
    confirm: async () => {
      if (!draft) return;
      try {
        await save.mutateAsync({ matrix: draft.matrix, version: draft.base.version });
        setDraft(null);
        setConfirming(false);
        setSaved(true);
      } catch {
        // Shown in the confirmation (save.error); the edits stay so the admin can try again.
      }
    },
    /** Shows the matrix as it is now; the unsaved edits are dropped (they were based on an old one). */
    reload: async () => {
      setReloading(true);
      try {
        await query.refetch();
      } finally {
        setReloading(false);
      }
      setDraft(null);
      setConfirming(false);
      save.reset();
    },
    closeConfirm: () => {
      if (save.isPending) return;
      setConfirming(false);
      save.reset();
    },
  };
}
