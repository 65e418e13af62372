import type { Opportunity, Stage } from '@funil/domain';
import { Alert, Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { isVersionMismatch, problemMessage } from '../../lib/problems.ts';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';
import { CustomFieldsInputs } from '../custom-fields/CustomFieldsInputs.tsx';
import { useCustomFieldsForm } from '../custom-fields/use-custom-fields-form.ts';
import { ConversionFields, DealFields, type FieldsProps } from './OpportunityFields.tsx';
import {
  type FormErrors,
  type OpportunityFormValues,
  opportunityFieldError,
  opportunityToForm,
  serverErrors,
  validateEdit,
} from './opportunity-form.ts';
import { useUpdateOpportunity } from './queries.ts';

type Props = {
  opportunity: Opportunity;
  stage: Stage | undefined;
  /** Errors to show from the start (the fields a stage move asked for). */
  initialErrors?: FormErrors | undefined;
  /** Loads the current version after a 412. */
  reload: () => Promise<Opportunity | undefined>;
  onClose: () => void;
};

/**
 * Edits the opportunity's fields (PATCH with If-Match of the version it was opened at); mounted when
 * opened, so it always starts from what the page shows.
 */
export function EditOpportunityModal({ opportunity, stage, initialErrors, reload, onClose }: Props) {
  const { t } = useTranslation();
  const update = useUpdateOpportunity(opportunity.id);
  const [base, setBase] = useState(opportunity);
  const [values, setValues] = useState<OpportunityFormValues>(() => opportunityToForm(opportunity));
  const [errors, setErrors] = useState<FormErrors>(initialErrors ?? {});
  const [message, setMessage] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [reloading, setReloading] = useState(false);
  const custom = useCustomFieldsForm('opportunity', base.customFields, 'edit');

  const set = useCallback<FieldsProps['set']>((key, value) => {
    setValues((current) => ({ ...current, [key]: value }));
    const field =
      key === 'value' ? 'valueCents' : key === 'media' || key === 'channel' ? `source.${key}` : key;
    setErrors((current) => {
      if (!(field in current)) return current;
      const { [field]: _gone, ...rest } = current;
      return rest;
    });
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (update.isPending) return;
    const result = validateEdit(values, base, stage);
    const customValues = custom.check();
    if (!result.ok || !customValues) {
      setErrors(result.ok ? {} : result.errors);
      setMessage(null);
      return;
    }
    if (Object.keys(customValues).length > 0) result.data.customFields = customValues;
    if (Object.keys(result.data).length === 0) {
      setMessage(t('opportunity.edit.noChanges'));
      return;
    }
    setMessage(null);
    try {
      await update.mutateAsync({ patch: result.data, version: base.version });
      onClose();
    } catch (err) {
      if (isVersionMismatch(err)) setStale(true);
      else if (isApiError(err) && err.status === 422 && err.errors.length) {
        setErrors(serverErrors(err.errors));
        custom.showServerErrors(err.errors);
      } else if (isApiError(err) && err.status === 403) setErrors({ ownerId: 'ownerForbidden' });
      else setMessage(problemMessage(err, t));
    }
  };

  const reloadCurrent = async () => {
    setReloading(true);
    const fresh = await reload();
    setReloading(false);
    if (!fresh) return;
    setBase(fresh);
    setValues(opportunityToForm(fresh));
    setErrors({});
    custom.reset();
    setStale(false);
  };

  const fields: FieldsProps = {
    values,
    set,
    error: (field) => opportunityFieldError(errors[field], t),
    required: base.status === 'open' ? (stage?.requiredFields ?? []) : [],
    current: base,
  };

  return (
    <Modal opened onClose={onClose} title={t('opportunity.edit.title')} size="xl" centered>
      <form onSubmit={submit} noValidate data-testid="opportunity-edit-form">
        <Stack gap="md">
          <DealFields {...fields} />
          <div>
            <Title order={3} size="h5" mb="xs">
              {t('opportunity.sections.conversion')}
            </Title>
            <ConversionFields {...fields} />
          </div>
          <CustomFieldsInputs form={custom} />
          {stale && <StaleVersionAlert onReload={() => void reloadCurrent()} reloading={reloading} />}
          {message && (
            <Alert color={update.isError ? 'red' : 'blue'} variant="light" role="alert">
              <Text size="sm">{message}</Text>
            </Alert>
          )}
          {Object.keys(errors).length + Object.keys(custom.errors).length > 0 && !stale && (
            <Alert color="red" variant="light" role="alert" data-testid="form-error">
              <Text size="sm">{t('opportunity.form.fixErrors')}</Text>
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={update.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending} data-testid="opportunity-edit-save">
              {t('opportunity.edit.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
