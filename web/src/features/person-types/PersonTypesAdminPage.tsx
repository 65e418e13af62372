import {
  DOCUMENT_KINDS,
  type DocumentKind,
  type PersonType,
  type PersonTypeDocument,
  ZCreatePersonTypeRequest,
} from '@funil/domain';
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorMap, issueToFieldError, problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { ModalFormActions } from '../../ui/ModalFormActions.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useModalErrors } from '../admin/shared.tsx';
import { useDeletePersonType, usePersonTypes, useSavePersonType } from './queries.ts';

/** "Passaporte (obrigatório), CPF (opcional)": a type's documents in one line. */
function documentsLine(documents: readonly PersonTypeDocument[], t: TFunction): string {
  if (documents.length === 0) return t('personTypes.noDocuments');
  return documents
    .map((d) => {
      const name = t(`personTypes.kinds.${d.kind}`);
      if (d.kind === 'none') return name;
      return `${name} (${d.required ? t('personTypes.required').toLowerCase() : t('personTypes.optional')})`;
    })
    .join(', ');
}

/** Create or edit a type: name, base kind, the documents it takes; a built-in type only gets a new name. */
function PersonTypeModal({
  type,
  onClose,
  onReload,
}: {
  type: PersonType | null;
  onClose: () => void;
  onReload: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const save = useSavePersonType();
  const [name, setName] = useState(type?.name ?? '');
  const [baseKind, setBaseKind] = useState<'individual' | 'company'>(type?.baseKind ?? 'individual');
  const [documents, setDocuments] = useState<PersonTypeDocument[]>(type?.documents ?? []);
  const errors = useModalErrors();
  const { error } = errors;
  const locked = type?.builtin != null;
  const unused = DOCUMENT_KINDS.filter((k) => !documents.some((d) => d.kind === k));

  const setDocument = (index: number, change: Partial<PersonTypeDocument>) =>
    setDocuments((list) => list.map((d, i) => (i === index ? { ...d, ...change } : d)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (save.isPending) return;
    const body = { name: name.trim(), baseKind, documents };
    const parsed = ZCreatePersonTypeRequest.safeParse(body);
    if (!parsed.success) {
      errors.setClientErrors(fieldErrorMap(parsed.error.issues.map(issueToFieldError)));
      return;
    }
    errors.reset();
    try {
      await save.mutateAsync({ id: type?.id ?? null, version: type?.version ?? null, body: parsed.data });
      onClose();
    } catch (err) {
      errors.fromServer(err);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={type ? t('personTypes.editTitle') : t('personTypes.newTitle')}
      size="lg"
      centered
    >
      <form onSubmit={submit} noValidate data-testid="person-type-form">
        <Stack gap="sm">
          <TextInput
            label={t('personTypes.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error('name')}
            required
            maxLength={80}
            data-testid="person-type-name"
          />
          <Select
            label={t('personTypes.baseKind')}
            description={t('personTypes.baseKindHint')}
            data={[
              { value: 'individual', label: t('kinds.individual') },
              { value: 'company', label: t('kinds.company') },
            ]}
            value={baseKind}
            onChange={(v) => v && setBaseKind(v === 'company' ? 'company' : 'individual')}
            allowDeselect={false}
            disabled={locked || type?.inUse}
            error={error('baseKind')}
            data-testid="person-type-base-kind"
          />
          <Text fw={600} size="sm">
            {t('personTypes.documents')}
          </Text>
          {locked ? (
            <Text size="sm" c="dimmed">
              {documentsLine(documents, t)} · {t('personTypes.builtinLocked')}
            </Text>
          ) : (
            <>
              {documents.map((d, index) => (
                <Group
                  key={d.kind}
                  gap="sm"
                  align="flex-end"
                  wrap="nowrap"
                  data-testid="person-type-document"
                >
                  <Select
                    label={t('personTypes.documentKind')}
                    data={[d.kind, ...unused].map((k) => ({ value: k, label: t(`personTypes.kinds.${k}`) }))}
                    value={d.kind}
                    onChange={(v) => v && setDocument(index, { kind: v as DocumentKind })}
                    allowDeselect={false}
                    error={error(`documents.${index}.kind`)}
                    style={{ flex: 1 }}
                    data-testid="person-type-document-kind"
                  />
                  <Checkbox
                    label={t('personTypes.required')}
                    checked={d.required}
                    disabled={d.kind === 'none'}
                    onChange={(e) => setDocument(index, { required: e.currentTarget.checked })}
                    mb={8}
                    data-testid="person-type-document-required"
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('personTypes.removeDocument')}
                    onClick={() => setDocuments((list) => list.filter((_, i) => i !== index))}
                    mb={4}
                  >
                    ×
                  </ActionIcon>
                </Group>
              ))}
              {unused.length > 0 && (
                <Group>
                  <Button
                    variant="light"
                    size="xs"
                    onClick={() =>
                      setDocuments((list) => [...list, { kind: unused[0] as DocumentKind, required: false }])
                    }
                    data-testid="person-type-add-document"
                  >
                    {t('personTypes.addDocument')}
                  </Button>
                </Group>
              )}
            </>
          )}
          <ModalFormActions
            stale={errors.stale}
            onReload={onReload}
            general={errors.general}
            saving={save.isPending}
            onCancel={onClose}
            saveTestId="person-type-save"
          />
        </Stack>
      </form>
    </Modal>
  );
}

/** Administração › Tipos de pessoa: the workspace's person types and the documents each asks for. */
export function PersonTypesAdminPage() {
  const { t } = useTranslation();
  const query = usePersonTypes();
  const remove = useDeletePersonType();
  const [editing, setEditing] = useState<{ type: PersonType | null; key: number } | null>(null);
  const [removing, setRemoving] = useState<PersonType | null>(null);

  const reloadEditing = async () => {
    const fresh = await query.refetch();
    setEditing((current) =>
      current?.type
        ? { type: fresh.data?.find((x) => x.id === current.type?.id) ?? current.type, key: current.key + 1 }
        : current,
    );
  };

  return (
    <Box maw={1000} mx="auto">
      <PageHeader title={t('personTypes.title')} subtitle={t('personTypes.intro')}>
        <Button onClick={() => setEditing({ type: null, key: Date.now() })} data-testid="person-type-new">
          {t('personTypes.add')}
        </Button>
      </PageHeader>
      {query.isError ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <Stack gap="xs">
          <Skeleton height={40} />
          <Skeleton height={40} />
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('personTypes.name')}</Table.Th>
                <Table.Th>{t('personTypes.baseKind')}</Table.Th>
                <Table.Th>{t('personTypes.documents')}</Table.Th>
                <Table.Th ta="right">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.map((type) => (
                <Table.Tr key={type.id} data-testid="person-type-row">
                  <Table.Td>
                    <Group gap="xs">
                      <Text fw={600}>{type.name}</Text>
                      {type.builtin && (
                        <Badge color="gray" variant="light">
                          {t('personTypes.builtin')}
                        </Badge>
                      )}
                      {type.inUse && !type.builtin && (
                        <Badge color="blue" variant="light">
                          {t('personTypes.inUse')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{t(`kinds.${type.baseKind}`)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{documentsLine(type.documents, t)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        onClick={() => setEditing({ type, key: Date.now() })}
                      >
                        {t('common.edit')}
                      </Button>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        disabled={type.builtin !== null || type.inUse}
                        title={
                          type.builtin !== null || type.inUse ? t('personTypes.removeBlocked') : undefined
                        }
                        onClick={() => setRemoving(type)}
                        aria-label={t('personTypes.removeLabel', { name: type.name })}
                      >
                        {t('personTypes.remove')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && (
        <PersonTypeModal
          key={editing.key}
          type={editing.type}
          onClose={() => setEditing(null)}
          onReload={reloadEditing}
        />
      )}
      {removing && (
        <ConfirmModal
          opened
          title={t('personTypes.removeTitle')}
          message={t('personTypes.removeConfirm', { name: removing.name })}
          confirmLabel={t('personTypes.remove')}
          loading={remove.isPending}
          error={remove.error ? problemMessage(remove.error, t) : null}
          onConfirm={() =>
            remove.mutate(
              { id: removing.id, version: removing.version },
              { onSuccess: () => setRemoving(null) },
            )
          }
          onClose={() => setRemoving(null)}
        />
      )}
    </Box>
  );
}
