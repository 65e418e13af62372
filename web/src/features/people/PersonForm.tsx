import type { CreatePersonRequest, CustomFieldValues, DuplicateMatch } from '@funil/domain';
import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { fieldErrorMessage, problemMessage } from '../../lib/problems.ts';
import { CustomFieldsInputs } from '../custom-fields/CustomFieldsInputs.tsx';
import { useCustomFieldsForm } from '../custom-fields/use-custom-fields-form.ts';
import { AddressesField } from './AddressFields.tsx';
import { EmailsField, type PhoneRevealer, PhonesField } from './ContactFields.tsx';
import { DuplicateAlert } from './DuplicateAlert.tsx';
import {
  formFieldOf,
  type PersonFormValues,
  type SectionProps,
  toFormField,
  validatePersonForm,
} from './form-model.ts';
import { AdditionalSection, MainSection, SharingSection, SocialSection } from './PersonFormSections.tsx';
import type { Person } from './types.ts';

type Failure =
  | { kind: 'invalid' }
  | { kind: 'duplicate'; matches: DuplicateMatch[] }
  | { kind: 'version' }
  | { kind: 'other'; message: string };

type Props = {
  mode: 'create' | 'edit';
  initial: PersonFormValues;
  /** The stored custom values (a new person: none). */
  customValues?: CustomFieldValues;
  /** Sends the validated form; resolves to null when there was nothing to send. */
  save: (data: CreatePersonRequest) => Promise<Person | null>;
  onSaved: (person: Person | null) => void;
  onCancel: () => void;
  /** Edit only: reloads the current version after a 412. */
  onReload?: () => void;
  reloading?: boolean;
  /** Extra section shown first (the photo upload on the edit page). */
  header?: ReactNode;
  /** Edit only: how the masked phones are revealed for editing. */
  phoneRevealer?: PhoneRevealer;
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section">
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** The create/edit form of a person, validated with the domain schema before it is sent. */
export function PersonForm({
  mode,
  initial,
  customValues,
  save,
  onSaved,
  onCancel,
  onReload,
  reloading,
  header,
  phoneRevealer,
}: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const custom = useCustomFieldsForm('person', customValues, mode);

  const set = useCallback<SectionProps['set']>((key, value) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => {
      // Editing a field (or list) clears its errors and those of its rows: `phones` clears `phones.1.number`.
      const prefix = String(key);
      const kept = Object.entries(current).filter(
        ([field]) => field !== prefix && !field.startsWith(`${prefix}.`),
      );
      return kept.length === Object.keys(current).length ? current : Object.fromEntries(kept);
    });
  }, []);

  const error = useCallback(
    (field: string) => {
      const code = errors[field];
      return code ? fieldErrorMessage(code, t) : undefined;
    },
    [errors, t],
  );

  // After a failed submit, bring the problem into view: the first invalid field, else the alert.
  useEffect(() => {
    if (!failure) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (failure.kind === 'invalid' && invalid) {
      invalid.focus();
      invalid.scrollIntoView({ block: 'center' });
    } else {
      alertRef.current?.scrollIntoView({ block: 'center' });
    }
  }, [failure]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    const result = validatePersonForm(values);
    const checkedCustom = custom.check();
    if (!result.ok || !checkedCustom) {
      setErrors(result.ok ? {} : result.errors);
      setFailure({ kind: 'invalid' });
      return;
    }
    result.data.customFields = checkedCustom;
    setErrors({});
    setFailure(null);
    setSaving(true);
    try {
      const person = await save(result.data);
      onSaved(person);
    } catch (err) {
      if (isApiError(err) && err.code === 'person-duplicate') {
        setFailure({ kind: 'duplicate', matches: err.matches });
      } else if (isApiError(err) && (err.status === 412 || err.code === 'version-mismatch')) {
        setFailure({ kind: 'version' });
      } else if (isApiError(err) && err.status === 422 && err.errors.length > 0) {
        const mapped: Record<string, string> = {};
        for (const e of err.errors) {
          const field = formFieldOf(toFormField(e.field, result.rowIndex));
          if (!(field in mapped)) mapped[field] = e.code;
        }
        setErrors(mapped);
        custom.showServerErrors(err.errors);
        setFailure({ kind: 'invalid' });
      } else {
        setFailure({ kind: 'other', message: problemMessage(err, t) });
      }
    } finally {
      setSaving(false);
    }
  };

  const sectionProps: SectionProps = { values, set, error };

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack gap="md">
        {header}
        <Section title={t('form.sections.main')}>
          <MainSection {...sectionProps} />
        </Section>
        <Section title={t('form.sections.contact')}>
          <Stack gap="md">
            <PhonesField {...sectionProps} revealer={phoneRevealer} />
            <EmailsField {...sectionProps} />
          </Stack>
        </Section>
        <Section title={t('form.sections.addresses')}>
          <AddressesField {...sectionProps} />
        </Section>
        <Section title={t('form.sections.additional')}>
          <AdditionalSection {...sectionProps} />
        </Section>
        <Section title={t('form.sections.social')}>
          <SocialSection {...sectionProps} />
        </Section>
        <Section title={t('form.sections.sharing')}>
          <SharingSection {...sectionProps} />
        </Section>
        <CustomFieldsInputs form={custom} />

        <div ref={alertRef}>
          {failure?.kind === 'duplicate' && <DuplicateAlert matches={failure.matches} />}
          {failure?.kind === 'version' && (
            <Alert
              color="yellow"
              variant="light"
              title={t('form.versionTitle')}
              data-testid="version-alert"
              role="alert"
            >
              <Group justify="space-between" gap="sm" wrap="wrap">
                <Text size="sm">{t('form.versionMismatch')}</Text>
                {onReload && (
                  <Button size="xs" variant="white" color="yellow" onClick={onReload} loading={reloading}>
                    {t('form.versionReload')}
                  </Button>
                )}
              </Group>
            </Alert>
          )}
          {failure?.kind === 'invalid' && (
            <Alert color="red" variant="light" role="alert" data-testid="form-error">
              {t('form.fixErrors')}
            </Alert>
          )}
          {failure?.kind === 'other' && (
            <Alert color="red" variant="light" role="alert" data-testid="form-error">
              {failure.message}
            </Alert>
          )}
        </div>

        <Paper withBorder p="sm" pos="sticky" bottom={0} style={{ zIndex: 2 }} shadow="sm" component="footer">
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onCancel} disabled={saving}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={saving} disabled={saving}>
              {mode === 'create' ? t('form.create') : t('form.save')}
            </Button>
          </Group>
        </Paper>
      </Stack>
    </form>
  );
}
