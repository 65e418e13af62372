import { type AssetType, ZCreateAssetTypeRequest } from '@funil/domain';
import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Modal,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { fieldErrorMap, issueToFieldError, isVersionMismatch, problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { ModalFormActions } from '../../ui/ModalFormActions.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { assetErrorMessage } from './asset-form.ts';
import { FieldEditor } from './FieldEditor.tsx';
import { draftsToFields, type FieldDraft, fieldToDraft } from './field-draft.ts';
import { useAssetTypes, useRemoveAssetType, useSaveAssetType } from './queries.ts';

type EditorProps = {
  type: AssetType | null;
  onClose: () => void;
  onReload: () => Promise<void>;
};

/** Create or edit an asset type: name, description and its fields; checked with the domain schema first. */
function AssetTypeModal({ type, onClose, onReload }: EditorProps) {
  const { t } = useTranslation();
  const save = useSaveAssetType();
  const [name, setName] = useState(type?.name ?? '');
  const [description, setDescription] = useState(type?.description ?? '');
  const [fields, setFields] = useState<FieldDraft[]>(() => (type?.fields ?? []).map(fieldToDraft));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const error = (path: string) => (errors[path] ? assetErrorMessage(errors[path], t) : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (save.isPending) return;
    const body = {
      name: name.trim(),
      description: description.trim() || null,
      fields: draftsToFields(fields),
    };
    const parsed = ZCreateAssetTypeRequest.safeParse(body);
    if (!parsed.success) {
      setErrors(fieldErrorMap(parsed.error.issues.map(issueToFieldError)));
      return;
    }
    setErrors({});
    setGeneral(null);
    setStale(false);
    try {
      await save.mutateAsync({ id: type?.id ?? null, version: type?.version ?? null, body });
      onClose();
    } catch (err) {
      if (isVersionMismatch(err)) setStale(true);
      else if (isApiError(err) && err.errors.length > 0) {
        setErrors(fieldErrorMap(err.errors));
      } else setGeneral(problemMessage(err, t));
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={type ? t('assets.types.editTitle') : t('assets.types.newTitle')}
      size="xl"
      centered
    >
      <form onSubmit={submit} noValidate data-testid="asset-type-form">
        <Stack gap="sm">
          <TextInput
            label={t('assets.types.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error('name')}
            required
            maxLength={80}
            data-testid="asset-type-name"
          />
          <Textarea
            label={t('assets.types.description')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={error('description')}
            autosize
            minRows={2}
            maxLength={500}
          />
          <Text fw={600} size="sm">
            {t('assets.types.fields')}
          </Text>
          <FieldEditor fields={fields} onChange={setFields} error={error} />
          <ModalFormActions
            stale={stale}
            onReload={onReload}
            general={general}
            saving={save.isPending}
            onCancel={onClose}
            saveTestId="asset-type-save"
          />
        </Stack>
      </form>
    </Modal>
  );
}

/** Remove (deleted when unused, archived when used) or restore, always confirmed. */
function RemoveTypeModal({ type, onClose }: { type: AssetType; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useRemoveAssetType();
  const message =
    type.assetCount > 0
      ? t('assets.types.removeUsed', { name: type.name, count: type.assetCount })
      : t('assets.types.removeUnused', { name: type.name });
  return (
    <ConfirmModal
      opened
      title={t('assets.types.removeTitle')}
      message={message}
      confirmLabel={<span data-testid="asset-type-remove-confirm">{t('assets.types.remove')}</span>}
      loading={remove.isPending}
      error={remove.error ? problemMessage(remove.error, t) : null}
      onConfirm={() => remove.mutate({ id: type.id, version: type.version }, { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}

/** Administração › Tipos de ativo: the workspace's asset types and their fields. */
export function AssetTypesAdminPage() {
  const { t } = useTranslation();
  const [showArchived, setShowArchived] = useState(false);
  const query = useAssetTypes(showArchived);
  const save = useSaveAssetType();
  const [editing, setEditing] = useState<{ type: AssetType | null; key: number } | null>(null);
  const [removing, setRemoving] = useState<AssetType | null>(null);

  const reloadEditing = async () => {
    const fresh = await query.refetch();
    setEditing((current) =>
      current?.type
        ? { type: fresh.data?.find((x) => x.id === current.type?.id) ?? current.type, key: current.key + 1 }
        : current,
    );
  };
  const restore = (type: AssetType) =>
    save.mutate({
      id: type.id,
      version: type.version,
      body: { name: type.name, description: type.description, fields: type.fields, archived: false },
    });

  return (
    <Box maw={1100} mx="auto">
      <PageHeader title={t('assets.types.title')} subtitle={t('assets.types.intro')}>
        <Button onClick={() => setEditing({ type: null, key: Date.now() })} data-testid="asset-type-new">
          {t('assets.types.add')}
        </Button>
      </PageHeader>
      <Switch
        label={t('assets.types.showArchived')}
        checked={showArchived}
        onChange={(e) => setShowArchived(e.currentTarget.checked)}
        mb="md"
      />
      {save.isError && (
        <Alert color="red" variant="light" role="alert" mb="md">
          {problemMessage(save.error, t)}
        </Alert>
      )}
      {query.isError ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <Stack gap="xs">
          <Skeleton height={40} />
          <Skeleton height={40} />
        </Stack>
      ) : query.data.length === 0 ? (
        <EmptyMessage title={t('assets.types.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('assets.types.name')}</Table.Th>
                <Table.Th>{t('assets.types.fields')}</Table.Th>
                <Table.Th>{t('assets.title')}</Table.Th>
                <Table.Th ta="right">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.map((type) => (
                <Table.Tr
                  key={type.id}
                  data-testid="asset-type-row"
                  data-archived={type.archivedAt ? 'true' : 'false'}
                >
                  <Table.Td>
                    <Group gap="xs">
                      <Text fw={600}>{type.name}</Text>
                      {type.archivedAt && (
                        <Badge color="gray" variant="light">
                          {t('assets.types.archived')}
                        </Badge>
                      )}
                    </Group>
                    {type.description && (
                      <Text size="xs" c="dimmed">
                        {type.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{type.fields.map((f) => f.label).join(', ') || t('common.empty')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t('assets.types.assetCount', { count: type.assetCount })}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        onClick={() => setEditing({ type, key: Date.now() })}
                        data-testid="asset-type-edit"
                      >
                        {t('common.edit')}
                      </Button>
                      {type.archivedAt ? (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          onClick={() => restore(type)}
                          loading={save.isPending}
                          aria-label={t('assets.types.restoreLabel', { name: type.name })}
                        >
                          {t('assets.types.restore')}
                        </Button>
                      ) : (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="red"
                          onClick={() => setRemoving(type)}
                          aria-label={t('assets.types.removeLabel', { name: type.name })}
                          data-testid="asset-type-remove"
                        >
                          {t('assets.types.remove')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && (
        <AssetTypeModal
          key={editing.key}
          type={editing.type}
          onClose={() => setEditing(null)}
          onReload={reloadEditing}
        />
      )}
      {removing && <RemoveTypeModal type={removing} onClose={() => setRemoving(null)} />}
    </Box>
  );
}
