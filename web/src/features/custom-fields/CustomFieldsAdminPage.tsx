import {
  CUSTOM_FIELD_TYPES,
  type CustomField,
  type CustomFieldEntity,
  type CustomFieldType,
  hasOptions,
  ROLES,
  type Role,
} from '@funil/domain';
import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  Select,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { fieldErrorMap, isVersionMismatch, problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';
import { customErrorMessage } from './custom-values.ts';
import { useCustomFields, useRemoveCustomField, useSaveCustomField } from './queries.ts';

type OptionDraft = { value?: string; label: string; archived?: boolean };

/** Create or edit one field: label, type (fixed once created), options, required, roles, section, card. */
function FieldModal({
  entity,
  field,
  onClose,
}: {
  entity: CustomFieldEntity;
  field: CustomField | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveCustomField();
  const [label, setLabel] = useState(field?.label ?? '');
  const [type, setType] = useState<CustomFieldType>(field?.type ?? 'text');
  const [options, setOptions] = useState<OptionDraft[]>(field?.options ?? [{ label: '' }]);
  const [required, setRequired] = useState(field?.required ?? false);
  const [roles, setRoles] = useState<Role[]>(field?.visibleRoles ?? []);
  const [section, setSection] = useState(field?.section ?? '');
  const [showOnCard, setShowOnCard] = useState(field?.showOnCard ?? false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const error = (path: string) => (errors[path] ? customErrorMessage(errors[path], t) : undefined);
  const withOptions = hasOptions(type);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (save.isPending) return;
    const body: Record<string, unknown> = {
      label: label.trim(),
      options: withOptions ? options.filter((o) => o.value || o.label.trim()) : [],
      required,
      visibleRoles: roles.length > 0 ? roles : null,
      section: section.trim() || null,
      ...(entity === 'opportunity' ? { showOnCard } : {}),
      ...(field ? {} : { entity, type }),
    };
    if (!label.trim()) {
      setErrors({ label: 'required' });
      return;
    }
    setErrors({});
    setGeneral(null);
    try {
      await save.mutateAsync({ field, body });
      onClose();
    } catch (err) {
      if (isVersionMismatch(err)) setStale(true);
      else if (isApiError(err) && err.errors.length > 0) setErrors(fieldErrorMap(err.errors));
      else setGeneral(problemMessage(err, t));
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={field ? t('customFields.editTitle') : t('customFields.newTitle')}
      size="lg"
      centered
    >
      <form onSubmit={submit} noValidate data-testid="custom-field-form">
        <Stack gap="sm">
          <TextInput
            label={t('customFields.label')}
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            error={error('label')}
            required
            maxLength={80}
            data-testid="custom-field-label"
            data-autofocus
          />
          <Select
            label={t('customFields.type')}
            data={CUSTOM_FIELD_TYPES.map((value) => ({ value, label: t(`customFields.types.${value}`) }))}
            value={type}
            onChange={(v) => v && setType(v as CustomFieldType)}
            disabled={field !== null}
            description={field ? t('customFields.typeLocked') : undefined}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            data-testid="custom-field-type"
          />
          {withOptions && (
            <Stack gap={6}>
              <Text fw={600} size="sm">
                {t('customFields.options')}
              </Text>
              {options.map((o, i) => {
                const n = i + 1;
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: new options have no value yet; rows are only appended
                  <Group key={i} gap="xs" wrap="nowrap">
                    <TextInput
                      aria-label={t('customFields.optionLabel', { n })}
                      placeholder={t('customFields.optionLabel', { n })}
                      value={o.label}
                      onChange={(e) => {
                        const label = e.currentTarget.value;
                        setOptions((list) => list.map((x, j) => (j === i ? { ...x, label } : x)));
                      }}
                      disabled={o.archived}
                      style={{ flex: 1 }}
                      maxLength={80}
                      data-testid={`custom-field-option-${i}`}
                    />
                    {o.value ? (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        onClick={() =>
                          setOptions((list) =>
                            list.map((x, j) => (j === i ? { ...x, archived: !x.archived } : x)),
                          )
                        }
                      >
                        {o.archived
                          ? t('customFields.restoreOption', { n })
                          : t('customFields.archiveOption', { n })}
                      </Button>
                    ) : null}
                  </Group>
                );
              })}
              <Group>
                <Button
                  size="compact-sm"
                  variant="light"
                  onClick={() => setOptions((list) => [...list, { label: '' }])}
                  data-testid="custom-field-add-option"
                >
                  {t('customFields.addOption')}
                </Button>
              </Group>
              {error('options') && (
                <Text size="sm" c="red" role="alert">
                  {error('options')}
                </Text>
              )}
            </Stack>
          )}
          <Checkbox
            label={t('customFields.requiredLabel')}
            checked={required}
            onChange={(e) => setRequired(e.currentTarget.checked)}
            data-testid="custom-field-required"
          />
          <MultiSelect
            label={t('customFields.roles')}
            description={t('customFields.rolesHint')}
            data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={roles}
            onChange={(v) => setRoles(v as Role[])}
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            label={t('customFields.sectionLabel')}
            description={t('customFields.sectionHint')}
            value={section}
            onChange={(e) => setSection(e.currentTarget.value)}
            maxLength={80}
          />
          {entity === 'opportunity' && (
            <Checkbox
              label={t('customFields.showOnCard')}
              checked={showOnCard}
              onChange={(e) => setShowOnCard(e.currentTarget.checked)}
            />
          )}
          {stale && <StaleVersionAlert reloading={false} onReload={onClose} />}
          {general && (
            <Alert color="red" variant="light" role="alert">
              {general}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="custom-field-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** One entity's fields in form order: move up/down (buttons, keyboard), edit, remove (confirmed), restore. */
function FieldList({ entity }: { entity: CustomFieldEntity }) {
  const { t } = useTranslation();
  const query = useCustomFields(entity);
  const save = useSaveCustomField();
  const remove = useRemoveCustomField();
  const [editing, setEditing] = useState<{ field: CustomField | null; key: number } | null>(null);
  const [removing, setRemoving] = useState<CustomField | null>(null);

  if (query.isError) {
    return <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />;
  }
  if (query.isPending) return <Skeleton height={80} />;
  const live = query.data.filter((f) => !f.archivedAt);
  const move = (field: CustomField, by: number) =>
    save.mutate({ field, body: { position: live.indexOf(field) + by } });

  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button
          onClick={() => setEditing({ field: null, key: Date.now() })}
          data-testid={`custom-field-new-${entity}`}
        >
          {t('customFields.add')}
        </Button>
      </Group>
      {save.isError && (
        <Alert color="red" variant="light" role="alert">
          {problemMessage(save.error, t)}
        </Alert>
      )}
      {query.data.length === 0 ? (
        <EmptyMessage title={t('customFields.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" data-testid={`custom-fields-${entity}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customFields.label')}</Table.Th>
                <Table.Th>{t('customFields.type')}</Table.Th>
                <Table.Th>{t('customFields.roles')}</Table.Th>
                <Table.Th ta="right">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.map((f) => {
                const index = live.indexOf(f);
                return (
                  <Table.Tr key={f.id} data-testid="custom-field-row" data-key={f.key}>
                    <Table.Td>
                      <Group gap={6}>
                        <Text fw={600}>{f.label}</Text>
                        {f.required && <Badge variant="light">{t('customFields.required')}</Badge>}
                        {f.showOnCard && <Badge variant="light">{t('customFields.onCard')}</Badge>}
                        {f.archivedAt && (
                          <Badge color="gray" variant="light">
                            {t('customFields.archived')}
                          </Badge>
                        )}
                      </Group>
                      {f.section && (
                        <Text size="xs" c="dimmed">
                          {f.section}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{t(`customFields.types.${f.type}`)}</Table.Td>
                    <Table.Td>
                      {f.visibleRoles
                        ? f.visibleRoles.map((r) => t(`roles.${r}`)).join(', ')
                        : t('customFields.allRoles')}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        {!f.archivedAt && (
                          <>
                            <ActionIcon
                              variant="subtle"
                              aria-label={t('customFields.up', { label: f.label })}
                              disabled={index === 0 || save.isPending}
                              onClick={() => move(f, -1)}
                            >
                              ↑
                            </ActionIcon>
                            <ActionIcon
                              variant="subtle"
                              aria-label={t('customFields.down', { label: f.label })}
                              disabled={index === live.length - 1 || save.isPending}
                              onClick={() => move(f, 1)}
                            >
                              ↓
                            </ActionIcon>
                            <Button
                              size="compact-sm"
                              variant="subtle"
                              onClick={() => setEditing({ field: f, key: Date.now() })}
                            >
                              {t('customFields.edit')}
                            </Button>
                          </>
                        )}
                        {f.archivedAt ? (
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            onClick={() => save.mutate({ field: f, body: { archived: false } })}
                          >
                            {t('customFields.restore')}
                          </Button>
                        ) : (
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            color="red"
                            aria-label={t('customFields.archiveLabel', { label: f.label })}
                            onClick={() => setRemoving(f)}
                          >
                            {t('customFields.archive')}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && (
        <FieldModal
          key={editing.key}
          entity={entity}
          field={editing.field}
          onClose={() => setEditing(null)}
        />
      )}
      {removing && (
        <ConfirmModal
          opened
          title={t('customFields.archiveTitle')}
          message={t('customFields.archiveConfirm', { label: removing.label })}
          confirmLabel={t('customFields.archive')}
          loading={remove.isPending}
          error={remove.error ? problemMessage(remove.error, t) : null}
          onConfirm={() => remove.mutate(removing, { onSuccess: () => setRemoving(null) })}
          onClose={() => setRemoving(null)}
        />
      )}
    </Stack>
  );
}

/** Administração › Campos personalizados: people's and opportunities' fields, one tab each. */
export function CustomFieldsAdminPage() {
  const { t } = useTranslation();
  return (
    <Box maw={1100} mx="auto">
      <PageHeader title={t('customFields.title')} subtitle={t('customFields.intro')} />
      <Tabs defaultValue="person" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="person" data-testid="custom-fields-tab-person">
            {t('customFields.entities.person')}
          </Tabs.Tab>
          <Tabs.Tab value="opportunity" data-testid="custom-fields-tab-opportunity">
            {t('customFields.entities.opportunity')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="person">
          <FieldList entity="person" />
        </Tabs.Panel>
        <Tabs.Panel value="opportunity">
          <FieldList entity="opportunity" />
        </Tabs.Panel>
      </Tabs>
    </Box>
  );
}
