import { ADDRESS_TYPES, UFS } from '@funil/domain';
import {
  Button,
  CloseButton,
  Group,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CepLookupInput } from '../lookups/CepLookupInput.tsx';
import { type AddressRow, choosePrimary, newAddressRow, removeRow, type SectionProps } from './form-model.ts';

export function AddressesField({ values, set, error }: SectionProps) {
  const { t } = useTranslation();
  const rows = values.addresses;
  // The CEP lookup answers later: it reads and patches its row by key in the list as it is then.
  const latest = useRef(rows);
  latest.current = rows;
  const updateRow = (key: string, patch: Partial<AddressRow>) =>
    set(
      'addresses',
      latest.current.map((r) => (r.key === key ? { ...r, ...patch } : r)),
    );
  const update = (index: number, patch: Partial<AddressRow>) => {
    const row = rows[index];
    if (row) updateRow(row.key, patch);
  };
  const text = (
    i: number,
    row: AddressRow,
    field: 'street' | 'number' | 'complement' | 'district' | 'city',
  ) => ({
    label: t(`form.${field}`),
    value: row[field],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => update(i, { [field]: e.currentTarget.value }),
    error: error(`addresses.${i}.${field}`),
  });

  return (
    <Stack gap="sm">
      {rows.map((row, i) => (
        <Paper key={row.key} withBorder p="sm" data-testid="address-row">
          <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
            <Text fw={600} size="sm">
              {t('form.address', { n: i + 1 })}
            </Text>
            <Group gap="sm">
              <Radio
                label={t('form.primary')}
                name="primary-address"
                checked={row.primary}
                onChange={() => set('addresses', choosePrimary(rows, i))}
              />
              <CloseButton
                aria-label={t('form.removeAddress')}
                title={t('form.removeAddress')}
                onClick={() => set('addresses', removeRow(rows, i))}
              />
            </Group>
          </Group>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
            <Select
              label={t('form.addressType')}
              data={ADDRESS_TYPES.map((type) => ({ value: type, label: t(`addressTypes.${type}`) }))}
              value={row.type}
              onChange={(v) => v && update(i, { type: v as AddressRow['type'] })}
              allowDeselect={false}
            />
            <CepLookupInput
              label={t('form.cep')}
              cep={row.cep}
              getRow={() => latest.current.find((r) => r.key === row.key)}
              update={(patch) => updateRow(row.key, patch)}
              error={error(`addresses.${i}.cep`)}
            />
            <TextInput {...text(i, row, 'street')} autoComplete="address-line1" />
            <TextInput {...text(i, row, 'number')} />
            <TextInput {...text(i, row, 'complement')} autoComplete="address-line2" />
            <TextInput {...text(i, row, 'district')} />
            <TextInput {...text(i, row, 'city')} autoComplete="address-level2" />
            <Select
              label={t('form.state')}
              data={[...UFS]}
              value={row.state || null}
              onChange={(v) => update(i, { state: v ?? '' })}
              error={error(`addresses.${i}.state`)}
              searchable
            />
          </SimpleGrid>
        </Paper>
      ))}
      <Group>
        <Button
          variant="light"
          size="xs"
          onClick={() => set('addresses', [...rows, newAddressRow(rows.length === 0)])}
        >
          {t('form.addAddress')}
        </Button>
      </Group>
    </Stack>
  );
}
