import type { CustomFieldEntity, CustomFieldValues, FieldError } from '@funil/domain';
import { useCallback, useMemo, useState } from 'react';
import { useSession } from '../auth/queries.ts';
import {
  type CustomDraft,
  type CustomDrafts,
  checkDrafts,
  formFields,
  valuesToDrafts,
} from './custom-values.ts';
import { useCustomFields } from './queries.ts';

const NO_VALUES: CustomFieldValues = {};

/**
 * The custom fields part of a record's form (person, opportunity; create or edit): the fields the user's role
 * fills, the inputs' contents over the stored values, their errors, and the check before sending.
 */
export function useCustomFieldsForm(
  entity: CustomFieldEntity,
  stored: CustomFieldValues = NO_VALUES,
  mode: 'create' | 'edit' = 'create',
) {
  const { user } = useSession();
  const definitions = useCustomFields(entity).data;
  const fields = useMemo(() => formFields(definitions, user.role), [definitions, user.role]);
  const storedDrafts = useMemo(() => valuesToDrafts(fields, stored), [fields, stored]);
  const [edited, setEdited] = useState<CustomDrafts>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const drafts = useMemo(() => ({ ...storedDrafts, ...edited }), [storedDrafts, edited]);

  const onChange = useCallback((key: string, value: CustomDraft) => {
    setEdited((current) => ({ ...current, [key]: value }));
    setErrors(({ [`customFields.${key}`]: _cleared, ...rest }) => rest);
  }, []);

  /** The values to send (create: all; edit: only the changed keys, null clearing), or null with the errors shown. */
  const check = useCallback((): CustomFieldValues | null => {
    const result = checkDrafts(fields, drafts, { role: user.role, partial: mode === 'edit' });
    setErrors(result.errors);
    if (Object.keys(result.errors).length > 0) return null;
    if (mode === 'create') return result.values;
    return Object.fromEntries(
      Object.entries(result.values).filter(
        ([key, value]) => JSON.stringify(value ?? null) !== JSON.stringify(stored[key] ?? null),
      ),
    );
  }, [fields, drafts, user.role, mode, stored]);

  /** Shows the server's `customFields.<key>` errors at their inputs. */
  const showServerErrors = useCallback((list: readonly Pick<FieldError, 'field' | 'code'>[]) => {
    const mine = list.filter((e) => e.field.startsWith('customFields.'));
    setErrors(Object.fromEntries(mine.map((e) => [e.field, e.code])));
  }, []);

  /** Back to the stored values (after reloading a newer version). */
  const reset = useCallback(() => {
    setEdited({});
    setErrors({});
  }, []);

  return { fields, drafts, errors, onChange, check, showServerErrors, reset };
}

export type CustomFieldsForm = ReturnType<typeof useCustomFieldsForm>;
