import {
  Alert,
  Button,
  FileButton,
  Group,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { formatNumber } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { useToast } from '../../ui/Toast.tsx';
import { formatStamp } from './dashboard.ts';
import {
  type DoNotCallResult,
  useDoNotCallList,
  useImportDoNotCall,
  useRemoveFromDoNotCall,
} from './queries.ts';
import { dialerFieldMessage } from './rules-form.ts';

const MAX_BYTES = 10 * 1024 * 1024;

/** What the last upload did: lines read, numbers added, and each rejected line. */
function ImportResult({ name, result }: { name: string; result: DoNotCallResult }) {
  const { t } = useTranslation();
  return (
    <Alert color={result.rejected.length > 0 ? 'yellow' : 'green'} variant="light" data-testid="dnc-result">
      <Stack gap="xs">
        <Text size="sm">
          {t('dialer.doNotCall.result', { name, total: result.total })}{' '}
          <strong data-testid="dnc-added">{t('dialer.doNotCall.added', { count: result.added })}</strong>
          {result.rejected.length > 0 && (
            <> · {t('dialer.doNotCall.rejected', { count: result.rejected.length })}</>
          )}
        </Text>
        {result.rejected.length > 0 && (
          <Table withTableBorder maw={520} data-testid="dnc-rejected">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={90}>{t('dialer.doNotCall.line')}</Table.Th>
                <Table.Th>{t('dialer.doNotCall.value')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.rejected.map((r) => (
                <Table.Tr key={r.line} data-testid="dnc-rejected-row">
                  <Table.Td>{r.line}</Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {r.value}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Alert>
  );
}

/** Lista Não Ligue: its size, a file upload, the imports made, and taking one number off. */
export function DoNotCallSection() {
  const { t, i18n } = useTranslation();
  const list = useDoNotCallList();
  const upload = useImportDoNotCall();
  const remove = useRemoveFromDoNotCall();
  const { show, toast } = useToast();
  const resetRef = useRef<() => void>(null);
  const [last, setLast] = useState<{ name: string; result: DoNotCallResult } | null>(null);
  const [tooLarge, setTooLarge] = useState(false);
  const [phone, setPhone] = useState('');
  const [confirming, setConfirming] = useState(false);

  const onFile = (file: File | null) => {
    resetRef.current?.();
    if (!file) return;
    setLast(null);
    upload.reset();
    if (file.size > MAX_BYTES) {
      setTooLarge(true);
      return;
    }
    setTooLarge(false);
    upload.mutate(file, { onSuccess: (result) => setLast({ name: file.name, result }) });
  };

  const uploadError = (() => {
    if (tooLarge) return t('problems.payload-too-large');
    if (!upload.isError) return null;
    const e = upload.error;
    const code = isApiError(e) ? e.errors.find((x) => x.field === 'file')?.code : undefined;
    return code ? dialerFieldMessage(code, t) : problemMessage(e, t);
  })();

  const removeError = (() => {
    if (!remove.isError) return null;
    const e = remove.error;
    if (isApiError(e) && e.status === 404) return t('dialer.errors.notListed');
    const code = isApiError(e) ? e.errors[0]?.code : undefined;
    return code ? dialerFieldMessage(code, t) : problemMessage(e, t);
  })();

  const confirmRemove = () => {
    const value = phone.trim();
    remove.mutate(value, {
      onSuccess: () => {
        setConfirming(false);
        setPhone('');
        show(t('dialer.doNotCall.removed', { phone: value }));
      },
      onError: () => setConfirming(false),
    });
  };

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="dnc-title">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4" id="dnc-title">
            {t('dialer.doNotCall.title')}
          </Title>
          {list.data && (
            <Text fw={600} data-testid="dnc-count" data-count={list.data.count}>
              {t('dialer.doNotCall.count', {
                count: list.data.count,
                formatted: formatNumber(list.data.count, i18n.language),
              })}
            </Text>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {t('dialer.doNotCall.intro')}
        </Text>
        <Group>
          <FileButton
            onChange={onFile}
            accept=".txt,.csv,text/plain,text/csv"
            resetRef={resetRef}
            inputProps={{ 'data-testid': 'dnc-upload-input' } as React.ComponentProps<'input'>}
          >
            {(props) => (
              <Button {...props} loading={upload.isPending} data-testid="dnc-upload">
                {t('dialer.doNotCall.upload')}
              </Button>
            )}
          </FileButton>
        </Group>
        {uploadError && (
          <Alert color="red" variant="light" role="alert" data-testid="dnc-upload-error">
            {uploadError}
          </Alert>
        )}
        {last && <ImportResult name={last.name} result={last.result} />}

        <Title order={3} size="h5">
          {t('dialer.doNotCall.history')}
        </Title>
        {list.isPending && <Skeleton height={80} />}
        {list.isError && (
          <ErrorState message={problemMessage(list.error, t)} onRetry={() => void list.refetch()} />
        )}
        {list.data?.imports.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('dialer.doNotCall.historyEmpty')}
          </Text>
        )}
        {list.data && list.data.imports.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table striped data-testid="dnc-history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('dialer.doNotCall.file')}</Table.Th>
                  <Table.Th>{t('dialer.doNotCall.by')}</Table.Th>
                  <Table.Th>{t('dialer.doNotCall.at')}</Table.Th>
                  <Table.Th ta="right">{t('dialer.doNotCall.lines')}</Table.Th>
                  <Table.Th ta="right">{t('dialer.doNotCall.added')}</Table.Th>
                  <Table.Th ta="right">{t('dialer.doNotCall.rejected')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.imports.map((imp) => (
                  <Table.Tr key={imp.id} data-testid="dnc-history-row">
                    <Table.Td>{imp.fileName}</Table.Td>
                    <Table.Td>{imp.createdBy.name}</Table.Td>
                    <Table.Td>{formatStamp(imp.createdAt, i18n.language)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(imp.total, i18n.language)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(imp.added, i18n.language)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(imp.rejected, i18n.language)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}

        <Title order={3} size="h5">
          {t('dialer.doNotCall.removeTitle')}
        </Title>
        <Group align="flex-start" gap="xs">
          <TextInput
            label={t('dialer.doNotCall.phone')}
            placeholder="(11) 91234-5678"
            value={phone}
            onChange={(e) => {
              setPhone(e.currentTarget.value);
              remove.reset();
            }}
            maxLength={30}
            w={220}
            error={removeError}
            data-testid="dnc-phone"
          />
          <Button
            mt={24}
            variant="default"
            color="red"
            disabled={phone.trim().length < 8}
            onClick={() => setConfirming(true)}
            data-testid="dnc-remove"
          >
            {t('dialer.doNotCall.remove')}
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={t('dialer.doNotCall.confirmTitle')}
        message={t('dialer.doNotCall.confirmMessage', { phone: phone.trim() })}
        confirmLabel={t('dialer.doNotCall.remove')}
        loading={remove.isPending}
        onConfirm={confirmRemove}
        onClose={() => setConfirming(false)}
      />
      {toast}
    </Paper>
  );
}
