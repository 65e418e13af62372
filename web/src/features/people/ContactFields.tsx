import { EMAIL_TYPES, maskPhoneInput, PHONE_TYPES } from '@funil/domain';
import { Button, CloseButton, Group, Radio, Select, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  choosePrimary,
  type EmailRow,
  inferPhoneType,
  newEmailRow,
  newPhoneRow,
  type PhoneRow,
  removeRow,
  type SectionProps,
} from './form-model.ts';

export function PhonesField({ values, set, error }: SectionProps) {
  const { t } = useTranslation();
  const rows = values.phones;
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
