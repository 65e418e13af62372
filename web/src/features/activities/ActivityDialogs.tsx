import type { Activity } from '@funil/domain';
import { useState } from 'react';
import { useFocusReturn } from '../../ui/focus-return.ts';
import { ActivityFormModal, type ActivityFormMode } from './ActivityFormModal.tsx';
import type { ActivityAction } from './ActivityItem.tsx';
import { CloseActivityModal, type CloseMode } from './CloseActivityModal.tsx';
import type { ActivityForm } from './form-model.ts';

/** The form and confirmation modals a list of activities opens, and the handlers that open them. */
export function useActivityDialogs() {
  const [form, setForm] = useState<ActivityFormMode | null>(null);
  const [close, setClose] = useState<CloseMode | null>(null);
  const focus = useFocusReturn();
  const onAction = (action: ActivityAction, activity: Activity) => {
    focus.remember();
    if (action === 'edit' || action === 'clone') setForm({ type: action, activity });
    else setClose({ type: action, activity });
  };
  const create = (defaults?: Partial<ActivityForm>) => {
    focus.remember();
    setForm({ type: 'create', defaults: defaults ?? {} });
  };
  const dialogs = (
    <>
      <ActivityFormModal
        mode={form}
        onClose={() => {
          setForm(null);
          focus.restore();
        }}
      />
      <CloseActivityModal
        mode={close}
        onClose={() => {
          setClose(null);
          focus.restore();
        }}
      />
    </>
  );
  return { onAction, create, dialogs };
}
