import { ASSET_STATUSES, type Asset, type AssetType } from '@funil/domain';
import {
  Alert,
  Button,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { fieldErrorMap, isVersionMismatch, problemMessage } from '../../lib/problems.ts';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';
import { AssetFieldInput } from './AssetFieldInput.tsx';
import {
  type AssetFormValues,
  assetErrorMessage,
  assetToForm,
  emptyAssetForm,
  isAssetStatus,
  validateAssetForm,
} from './asset-form.ts';
import { useSaveAsset } from './queries.ts';

type Props = {
  personId: string;
  /** null: a new asset. */
  asset: Asset | null;
  /** The live types offered for a new asset. */
  types: AssetType[];
  onClose: () => void;
  /** After a 412: read the asset again and edit on top of it. */
  onReload: () => Promise<void>;
};

/** Add or edit an asset: the inputs follow the chosen type's fields; checked like the server before sending. */
export function AssetFormModal({ personId, asset, types, onClose, onReload }: Props) {
  const { t } = useTranslation();
  const save = useSaveAsset(personId);
  const [values, setValues] = useState<AssetFormValues>(() =>
    asset ? assetToForm(asset) : emptyAssetForm(),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [reloading, setReloading] = useState(false);
  const fields = asset
    ? asset.assetType.fields
    : (types.find((x) => x.id === values.assetTypeId)?.fields ?? []);
  const error = (field: string) => (errors[field] ? assetErrorMessage(errors[field], t) : undefined);
  const set = <K extends keyof AssetFormValues>(key: K, value: AssetFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => {
      const { [key]: _gone, ...rest } = e;
      return rest;
    });
  };
  const setValue = (key: string, value: string | boolean) => {
    setValues((v) => ({ ...v, values: { ...v.values, [key]: value } }));
    setErrors((e) => {
      const { [`values.${key}`]: _gone, ...rest } = e;
      return rest;
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (save.isPending) return;
    const result = validateAssetForm(values, fields, !asset);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setGeneral(null);
    setStale(false);
    try {
      await save.mutateAsync({ asset, body: result.body });
      onClose();
    } catch (err) {
      if (isVersionMismatch(err)) setStale(true);
      else if (isApiError(err) && err.errors.length > 0) {
        setErrors(fieldErrorMap(err.errors));
      } else setGeneral(problemMessage(err, t));
    }
  };

  const reload = async () => {
    setReloading(true);
    try {
      await onReload();
    } finally {
      setReloading(false);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={asset ? t('assets.form.editTitle') : t('assets.form.newTitle')}
      size="lg"
      centered
    >
      <form onSubmit={submit} noValidate data-testid="asset-form">
        <Stack gap="sm">
          {asset ? (
            <Text size="sm" fw={600}>
              {t('assets.form.type')}: {asset.assetType.name}
            </Text>
          ) : (
            <Select
              label={t('assets.form.type')}
              placeholder={t('assets.form.typePlaceholder')}
              data={types.map((x) => ({ value: x.id, label: x.name }))}
              value={values.assetTypeId}
              onChange={(id) => set('assetTypeId', id)}
              error={error('assetTypeId')}
              required
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-testid="asset-type-select"
            />
          )}
          <TextInput
            label={t('assets.form.identifier')}
            description={t('assets.form.identifierHint')}
            value={values.identifier}
            onChange={(e) => set('identifier', e.currentTarget.value)}
            error={error('identifier')}
            required
            maxLength={120}
            data-testid="asset-identifier"
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Select
              label={t('assets.form.status')}
              data={ASSET_STATUSES.map((s) => ({ value: s, label: t(`assets.statuses.${s}`) }))}
              value={values.status}
              onChange={(s) => s && isAssetStatus(s) && set('status', s)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-testid="asset-status"
            />
            <TextInput
              type="date"
              label={t('assets.form.startDate')}
              value={values.startDate}
              onChange={(e) => set('startDate', e.currentTarget.value)}
              error={error('startDate')}
              data-testid="asset-start-date"
            />
            <TextInput
              type="date"
              label={t('assets.form.endDate')}
              value={values.endDate}
              onChange={(e) => set('endDate', e.currentTarget.value)}
              error={error('endDate')}
              data-testid="asset-end-date"
            />
          </SimpleGrid>
          {fields.length > 0 && (
            <>
              <Title order={3} size="h5" mt="xs">
                {t('assets.form.typeFields')}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                {fields.map((f) => (
                  <AssetFieldInput
                    key={f.key}
                    field={f}
                    value={values.values[f.key]}
                    error={error(`values.${f.key}`)}
                    onChange={(v) => setValue(f.key, v)}
                  />
                ))}
              </SimpleGrid>
            </>
          )}
          <Textarea
            label={t('assets.form.notes')}
            value={values.notes}
            onChange={(e) => set('notes', e.currentTarget.value)}
            error={error('notes')}
            autosize
            minRows={2}
            maxLength={2000}
          />
          {stale && <StaleVersionAlert onReload={() => void reload()} reloading={reloading} />}
          {general && (
            <Alert color="red" variant="light" role="alert">
              {general}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="asset-save">
              {asset ? t('assets.form.save') : t('assets.form.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
