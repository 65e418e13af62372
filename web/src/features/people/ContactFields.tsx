import { EMAIL_TYPES, maskPhoneInput, PHONE_TYPES } from '@funil/domain';
import { Alert, Button, CloseButton, Group, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import {
  choosePrimary,
  type EmailRow,
  inferPhoneType,
  keyedMaskedPhones,
  newEmailRow,
  newPhoneRow,
  type PhoneRow,
  phonesToRows,
  removeRow,
  type SectionProps,
} from './form-model.ts';
import type { MaskedPhone, Phone } from './types.ts';

/** How the edit form gets the full numbers: the recorded reveal, when the role may use it. */
export type PhoneRevealer = { allowed: boolean; reveal: () => Promise<Phone[]> };

/**
 * The stored phones, masked, on the edit form: not editable (nor sent) until revealed — the reveal is
 * recorded on the timeline like the one on the person page.
 */
function MaskedPhones({
  phones,
  revealer,
  onRevealed,
}: {
  phones: MaskedPhone[];
  revealer: PhoneRevealer | undefined;
  onRevealed: (phones: Phone[]) => void;
}) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const allowed = revealer?.allowed === true;
  const reveal = async () => {
    if (!revealer) return;
    setPending(true);
    setFailure(null);
    try {
      onRevealed(await revealer.reveal());
    } catch (error) {
      setFailure(problemMessage(error, t));
    } finally {
      setPending(false);
    }
  };
  return (
    <Stack gap="xs" data-testid="masked-phones">
      {keyedMaskedPhones(phones).map((p) => (
        <Group key={p.key} gap="xs">
          <Text size="sm" ff="monospace">
            {p.masked}
          </Text>
          <Text size="xs" c="dimmed">
            {t(`phoneTypes.${p.type}`)}
            {p.primary ? ` · ${t('person.primary')}` : ''}
          </Text>
        </Group>
      ))}
      <Alert variant="light" color={allowed ? 'blue' : 'gray'} p="xs">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text size="sm">{allowed ? t('phoneReveal.editLocked') : t('phoneReveal.editNoPermission')}</Text>
          {allowed && (
            <Button
              size="xs"
              variant="light"
              onClick={() => void reveal()}
              loading={pending}
              data-testid="edit-reveal-phones"
            >
              {t('phoneReveal.editReveal')}
            </Button>
          )}
        </Group>
      </Alert>
      {failure && (
        <Text size="sm" c="red" role="alert">
          {t('phoneReveal.failed', { reason: failure })}
        </Text>
      )}
    </Stack>
  );
}

export function PhonesField({
  values,
  set,
  error,
  revealer,
}: SectionProps & { revealer?: PhoneRevealer | undefined }) {
  const { t } = useTranslation();
  const rows = values.phones;
  if (values.maskedPhones) {
    return (
      <MaskedPhones
        phones={values.maskedPhones}
        revealer={revealer}
        onRevealed={(phones) => {
          set('phones', phonesToRows(phones));
          set('maskedPhones', null);
        }}
      />
    );
  }
  const update = (index: number, patch: Partial<PhoneRow>) =>
    set(
      'phones',
      rows.map((r, i) => (i === index ? { ...r, ...patch } : r)),
    );
  return (
    <Stack gap="xs">
      {rows.map((row, i) => (
        <Group key={row.key} align="flex-start" gap="xs" wrap="wrap" data-testid="phone-row">
          <TextInput
            label={t('form.phone')}
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            value={row.number}
            onChange={(e) => {
              const number = maskPhoneInput(e.currentTarget.value);
              update(i, { number, type: inferPhoneType(number, row.type) });
            }}
            error={error(`phones.${i}.number`) ?? error(`phones.${i}`)}
            flex="1 1 180px"
          />
          <Select
            label={t('form.phoneType')}
            data={PHONE_TYPES.map((type) => ({ value: type, label: t(`phoneTypes.${type}`) }))}
            value={row.type}
            onChange={(v) => v && update(i, { type: v as PhoneRow['type'] })}
            allowDeselect={false}
            w={140}
          />
          <Radio
            label={t('form.primary')}
            name="primary-phone"
            checked={row.primary}
            onChange={() => set('phones', choosePrimary(rows, i))}
            mt={32}
          />
          <CloseButton
            aria-label={t('form.removePhone')}
            title={t('form.removePhone')}
            onClick={() => set('phones', removeRow(rows, i))}
            mt={28}
          />
        </Group>
      ))}
      <Group>
        <Button
          variant="light"
          size="xs"
          onClick={() => set('phones', [...rows, newPhoneRow(rows.length === 0)])}
        >
          {t('form.addPhone')}
        </Button>
      </Group>
    </Stack>
  );
}

export function EmailsField({ values, set, error }: SectionProps) {
  const { t } = useTranslation();
  const rows = values.emails;
  const update = (index: number, patch: Partial<EmailRow>) =>
    set(
      'emails',
      rows.map((r, i) => (i === index ? { ...r, ...patch } : r)),
    );
  return (
    <Stack gap="xs">
      {rows.map((row, i) => (
        <Group key={row.key} align="flex-start" gap="xs" wrap="wrap" data-testid="email-row">
          <TextInput
            label={t('form.email')}
            type="email"
            autoComplete="email"
            value={row.address}
            onChange={(e) => update(i, { address: e.currentTarget.value })}
            error={error(`emails.${i}.address`) ?? error(`emails.${i}`)}
            flex="1 1 220px"
          />
          <Select
            label={t('form.emailType')}
            data={EMAIL_TYPES.map((type) => ({ value: type, label: t(`emailTypes.${type}`) }))}
            value={row.type}
            onChange={(v) => v && update(i, { type: v as EmailRow['type'] })}
            allowDeselect={false}
            w={140}
          />
          <Radio
            label={t('form.primary')}
            name="primary-email"
            checked={row.primary}
            onChange={() => set('emails', choosePrimary(rows, i))}
            mt={32}
          />
          <CloseButton
            aria-label={t('form.removeEmail')}
            title={t('form.removeEmail')}
            onClick={() => set('emails', removeRow(rows, i))}
            mt={28}
          />
        </Group>
      ))}
      <Group>
        <Button
          variant="light"
          size="xs"
          onClick={() => set('emails', [...rows, newEmailRow(rows.length === 0)])}
        >
          {t('form.addEmail')}
        </Button>
      </Group>
    </Stack>
  );
}
