import { type ConsentPurpose, ZCreateConsentPurposeRequest } from '@funil/domain';
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
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
import { formatDateTime } from '../../lib/format.ts';
import { fieldErrorMap, fieldErrorMessage, issueToFieldError, problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useConsentPurposes, usePurposeTexts, useSavePurpose } from './queries.ts';

/** Create or edit a purpose; a different text becomes the next version on save. */
function PurposeModal({ purpose, onClose }: { purpose: ConsentPurpose | null; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSavePurpose();
  const [name, setName] = useState(purpose?.name ?? '');
  const [description, setDescription] = useState(purpose?.description ?? '');
  const [text, setText] = useState(purpose?.text ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const error = (field: string) => {
    const code = errors[field];
    if (!code) return undefined;
    return code === 'duplicate' ? t('consents.purposes.duplicate') : fieldErrorMessage(code, t);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (save.isPending) return;
    const body = { name: name.trim(), description: description.trim(), text: text.trim() };
    const parsed = ZCreateConsentPurposeRequest.safeParse(body);
    if (!parsed.success) {
      setErrors(fieldErrorMap(parsed.error.issues.map(issueToFieldError)));
      return;
    }
    setErrors({});
    setGeneral(null);
    try {
      await save.mutateAsync({ id: purpose?.id ?? null, body });
      onClose();
    } catch (err) {
      if (isApiError(err) && err.errors.length > 0) setErrors(fieldErrorMap(err.errors));
      else setGeneral(problemMessage(err, t));
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={purpose ? t('consents.purposes.edit') : t('consents.purposes.new')}
      size="lg"
      centered
    >
      <form onSubmit={submit} noValidate data-testid="purpose-form">
        <Stack gap="sm">
          <TextInput
            label={t('consents.purposes.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error('name')}
            required
            maxLength={120}
            data-testid="purpose-name"
          />
          <TextInput
            label={t('consents.purposes.description')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={error('description')}
            maxLength={1000}
          />
          <Textarea
            label={t('consents.purposes.text')}
            description={
              purpose
                ? t('consents.purposes.newVersionHint', { version: purpose.textVersion + 1 })
                : undefined
            }
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={error('text')}
            required
            autosize
            minRows={4}
            maxLength={5000}
            data-testid="purpose-text"
          />
          {general && (
            <Alert color="red" variant="light" role="alert">
              {general}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="purpose-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Every text version of a purpose, newest first (what each record's version number refers to). */
function TextsModal({ purpose, onClose }: { purpose: ConsentPurpose; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const texts = usePurposeTexts(purpose.id);
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('consents.purposes.historyTitle', { name: purpose.name })}
      size="lg"
      centered
    >
      {texts.isPending ? (
        <Skeleton height={120} />
      ) : texts.isError ? (
        <ErrorState title={t('consents.purposes.loadError')} message={problemMessage(texts.error, t)} />
      ) : (
        <Stack gap="sm" data-testid="purpose-texts">
          {texts.data.map((v) => (
            <Paper key={v.version} withBorder p="sm">
              <Group gap="xs" mb={4}>
                <Badge variant="light">{t('consents.purposes.versionN', { version: v.version })}</Badge>
                <Text size="xs" c="dimmed">
                  {formatDateTime(v.createdAt, i18n.language)}
                  {v.createdBy ? ` · ${v.createdBy.name}` : ''}
                </Text>
              </Group>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {v.text}
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
    </Modal>
  );
}

/** Administração › Privacidade › Finalidades: purposes, their text versions, archive / reactivate. */
export function ConsentPurposesPage() {
  const { t } = useTranslation();
  const [showArchived, setShowArchived] = useState(false);
  const purposes = useConsentPurposes(showArchived);
  const save = useSavePurpose();
  const [editing, setEditing] = useState<ConsentPurpose | 'new' | null>(null);
  const [history, setHistory] = useState<ConsentPurpose | null>(null);
  const [archiving, setArchiving] = useState<ConsentPurpose | null>(null);

  return (
    <>
      <PageHeader title={t('consents.purposes.title')}>
        <Button onClick={() => setEditing('new')} data-testid="purpose-new">
          {t('consents.purposes.new')}
        </Button>
      </PageHeader>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('consents.purposes.intro')}
        </Text>
        <Switch
          label={t('consents.purposes.showArchived')}
          checked={showArchived}
          onChange={(e) => setShowArchived(e.currentTarget.checked)}
        />
        {purposes.isPending ? (
          <Skeleton height={160} />
        ) : purposes.isError ? (
          <ErrorState
            title={t('consents.purposes.loadError')}
            message={problemMessage(purposes.error, t)}
            onRetry={() => void purposes.refetch()}
          />
        ) : purposes.data.length === 0 ? (
          <EmptyMessage title={t('consents.purposes.empty')} hint={t('consents.purposes.emptyHint')} />
        ) : (
          <Table.ScrollContainer minWidth={600}>
            <Table striped data-testid="purposes-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('consents.purposes.name')}</Table.Th>
                  <Table.Th>{t('consents.purposes.textVersion')}</Table.Th>
                  <Table.Th />
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {purposes.data.map((p) => (
                  <Table.Tr key={p.id} data-testid="purpose-row" data-name={p.name}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {p.name}
                      </Text>
                      {p.description && (
                        <Text size="xs" c="dimmed">
                          {p.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="subtle" onClick={() => setHistory(p)}>
                        {t('consents.purposes.versionN', { version: p.textVersion })}
                      </Button>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={p.archived ? 'gray' : 'green'}>
                        {p.archived ? t('consents.purposes.archived') : t('consents.purposes.active')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button size="compact-sm" variant="default" onClick={() => setEditing(p)}>
                          {t('common.edit')}
                        </Button>
                        {p.archived ? (
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            loading={save.isPending && save.variables?.id === p.id}
                            onClick={() => save.mutate({ id: p.id, body: { archived: false } })}
                          >
                            {t('consents.purposes.restore')}
                          </Button>
                        ) : (
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            color="red"
                            onClick={() => {
                              save.reset();
                              setArchiving(p);
                            }}
                          >
                            {t('consents.purposes.archive')}
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
      </Stack>
      {editing && (
        <PurposeModal purpose={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
      {history && <TextsModal purpose={history} onClose={() => setHistory(null)} />}
      <ConfirmModal
        opened={archiving !== null}
        title={t('consents.purposes.archiveTitle')}
        message={archiving ? t('consents.purposes.archiveMessage', { name: archiving.name }) : ''}
        confirmLabel={t('consents.purposes.archive')}
        loading={save.isPending}
        error={save.isError ? problemMessage(save.error, t) : undefined}
        onConfirm={() => {
          if (!archiving) return;
          save.mutate(
            { id: archiving.id, body: { archived: true } },
            { onSuccess: () => setArchiving(null) },
          );
        }}
        onClose={() => setArchiving(null)}
      />
    </>
  );
}
