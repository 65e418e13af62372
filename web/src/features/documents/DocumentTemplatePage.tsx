import { type DocumentTemplate, TEMPLATE_PLACEHOLDERS, unknownPlaceholders } from '@funil/domain';
import { Alert, Button, Group, Paper, Skeleton, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { fieldErrorMap, fieldErrorMessage, isVersionMismatch, problemMessage } from '../../lib/problems.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';
import { useProposalTemplate, useSaveProposalTemplate } from './queries.ts';

function TemplateForm({
  template,
  version,
  onReload,
  reloading,
  save,
}: {
  template: DocumentTemplate;
  version: number;
  onReload: () => void;
  reloading: boolean;
  /** Owned by the page: the form starts over on each new version, the "saved" notice must survive it. */
  save: ReturnType<typeof useSaveProposalTemplate>;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(template.name);
  const [body, setBody] = useState(template.body);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const unknown = unknownPlaceholders(body);
  const stale = save.isError && isVersionMismatch(save.error);
  const serverErrors = save.isError && isApiError(save.error) ? fieldErrorMap(save.error.errors) : {};
  const fieldError = (field: 'name' | 'body') =>
    serverErrors[field] ? fieldErrorMessage(serverErrors[field], t) : undefined;

  /** Puts `{{placeholder}}` where the cursor is (at the end when the text area was never focused). */
  const insert = (placeholder: string) => {
    const area = bodyRef.current;
    const token = `{{${placeholder}}}`;
    const start = area?.selectionStart ?? body.length;
    const end = area?.selectionEnd ?? body.length;
    setBody(body.slice(0, start) + token + body.slice(end));
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  return (
    <Stack gap="md">
      {template.isDefault && (
        <Alert color="blue" variant="light" data-testid="template-default">
          {t('documents.template.isDefault')}
        </Alert>
      )}
      <TextInput
        label={t('documents.template.name')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        maxLength={120}
        required
        error={fieldError('name')}
        data-testid="template-name"
      />
      <Textarea
        ref={bodyRef}
        label={t('documents.template.body')}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
        autosize
        minRows={14}
        maxRows={30}
        maxLength={20000}
        required
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        error={
          unknown.length
            ? t('documents.template.unknownPlaceholders', { names: unknown.join(', ') })
            : fieldError('body')
        }
        data-testid="template-body"
      />
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          {t('documents.template.placeholders')}
        </Text>
        <Group gap={6}>
          {TEMPLATE_PLACEHOLDERS.map((p) => (
            <Button key={p} size="compact-xs" variant="light" onClick={() => insert(p)}>
              {`{{${p}}}`}
            </Button>
          ))}
        </Group>
      </Stack>
      {stale && <StaleVersionAlert onReload={onReload} reloading={reloading} />}
      {save.isError && !stale && Object.keys(serverErrors).length === 0 && (
        <Alert color="red" variant="light" role="alert">
          {problemMessage(save.error, t)}
        </Alert>
      )}
      {save.isSuccess && (
        <Text size="sm" c="green" role="status" data-testid="template-saved">
          {t('documents.template.saved')}
        </Text>
      )}
      <Group justify="flex-end">
        <Button
          onClick={() => save.mutate({ name: name.trim(), body, version })}
          loading={save.isPending}
          disabled={!name.trim() || !body.trim() || unknown.length > 0}
          data-testid="template-save"
        >
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Administração › Modelo de proposta: the text of every proposal PDF, saved with If-Match. */
export function DocumentTemplatePage() {
  const { t } = useTranslation();
  const query = useProposalTemplate();
  const save = useSaveProposalTemplate();
  return (
    <Stack gap="md" maw={900}>
      <PageHeader
        title={t('documents.template.title')}
        subtitle={
          <Text size="sm" c="dimmed">
            {t('documents.template.intro')}
          </Text>
        }
      />
      <Paper withBorder p="md">
        {query.isPending ? (
          <Stack gap="sm">
            <Skeleton height={36} />
            <Skeleton height={280} />
          </Stack>
        ) : query.isError ? (
          <ErrorState message={t('documents.template.loadError')} onRetry={() => void query.refetch()} />
        ) : (
          <TemplateForm
            // A new version (saved here, or reloaded after a 412) starts the form over from it.
            key={query.data.version}
            template={query.data.data}
            version={query.data.version}
            onReload={() => {
              save.reset();
              void query.refetch();
            }}
            reloading={query.isFetching}
            save={save}
          />
        )}
      </Paper>
    </Stack>
  );
}
