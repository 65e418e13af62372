import type { Activity } from '@funil/domain';
import { useState } from 'react';
import { ActivityFormModal, type ActivityFormMode } from './ActivityFormModal.tsx';
import type { ActivityAction } from './ActivityItem.tsx';
import { CloseActivityModal, type CloseMode } from './CloseActivityModal.tsx';
import type { ActivityForm } from './form-model.ts';

/** The form and confirmation modals a list of activities opens, and the handlers that open them. */
export function useActivityDialogs() {
  const [form, setForm] = useState<ActivityFormMode | null>(null);
  const [close, setClose] = useState<CloseMode | null>(null);
  const onAction = (action: ActivityAction, activity: Activity) => {
    if (action === 'edit' || action === 'clone') setForm({ type: action, activity });
    else setClose({ type: action, activity });
  };
  const create = (defaults?: Partial<ActivityForm>) => setForm({ type: 'create', defaults: defaults ?? {} });
  const dialogs = (
    <>
      <ActivityFormModal mode={form} onClose={() => setForm(null)} />
      <CloseActivityModal mode={close} onClose={() => setClose(null)} />
    </>
  );
  return { onAction, create, dialogs };
}
