import { API_SCOPES, type ApiScope, type ApiToken, isCidr, saoPauloToday } from '@funil/domain';
import {
  Alert,
  Badge,
  Box,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { GeneralError, useModalErrors } from '../admin/shared.tsx';
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from './queries.ts';

/** i18n keys of the scopes (i18next reads `:` as a namespace separator, so the scope is not the key). */
const SCOPE_KEYS: Record<ApiScope, 'receivables' | 'creditLimits' | 'salesOrders'> = {
  'erp:receivables': 'receivables',
  'erp:credit-limits': 'creditLimits',
  'erp:sales-orders': 'salesOrders',
};

const STATUS_COLORS = { active: 'green', expired: 'orange', revoked: 'gray' } as const;

/** The create form; on success it shows the secret (once) with a copy button. */
function CreateTokenModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateApiToken();
  const errors = useModalErrors();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [cidrs, setCidrs] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [cidrError, setCidrError] = useState<string | null>(null);
  const [dateError, setDateError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  const cidrList = cidrs
    .split(/[\s,;]+/)
    .map((c) => c.trim())
    .filter(Boolean);

  const submit = async () => {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'required';
    if (scopes.length === 0) found.scopes = 'required';
    errors.setClientErrors(found);
    const badCidr = cidrList.find((c) => !isCidr(c));
    setCidrError(badCidr ? t('apiTokens.form.invalidCidr', { value: badCidr }) : null);
    const pastDate = expiresOn !== '' && expiresOn < saoPauloToday();
    setDateError(pastDate ? t('apiTokens.form.pastDate') : null);
    if (Object.keys(found).length > 0 || badCidr || pastDate) return;
    try {
      const created = await create.mutateAsync({
        name: name.trim(),
        scopes: scopes as ApiScope[],
        allowedCidrs: cidrList,
        expiresOn: expiresOn || null,
      });
      setSecret(created.secret);
    } catch (error) {
      errors.fromServer(error);
    }
  };

  if (secret) {
    return (
      <Modal opened onClose={onClose} title={t('apiTokens.created.title')} size="lg" centered>
        <Stack>
          <Alert color="yellow" variant="light">
            {t('apiTokens.created.warning')}
          </Alert>
          <Code
            block
            data-testid="api-token-secret"
            style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
          >
            {secret}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={secret}>
              {({ copied, copy }) => (
                <Button
                  variant="light"
                  color={copied ? 'teal' : 'blue'}
                  onClick={copy}
                  data-testid="api-token-copy"
                >
                  {copied ? t('apiTokens.created.copied') : t('apiTokens.created.copy')}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose} data-testid="api-token-done">
              {t('apiTokens.created.done')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    );
  }

  return (
    <Modal opened onClose={onClose} title={t('apiTokens.form.title')} size="lg" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack>
          <TextInput
            label={t('apiTokens.form.name')}
            placeholder={t('apiTokens.form.namePlaceholder')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.error('name')}
            required
            data-autofocus
            data-testid="api-token-name"
          />
          <Checkbox.Group
            label={t('apiTokens.form.scopes')}
            value={scopes}
            onChange={setScopes}
            error={errors.error('scopes')}
            required
          >
            <Stack gap="xs" mt="xs">
              {API_SCOPES.map((scope) => (
                <Checkbox
                  key={scope}
                  value={scope}
                  label={
                    <>
                      {t(`apiTokens.scopes.${SCOPE_KEYS[scope]}`)}{' '}
                      <Text span size="xs" c="dimmed">
                        ({scope})
                      </Text>
                    </>
                  }
                  data-testid={`api-token-scope-${scope}`}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          <Textarea
            label={t('apiTokens.form.cidrs')}
            description={t('apiTokens.form.cidrsHint')}
            value={cidrs}
            onChange={(e) => setCidrs(e.currentTarget.value)}
            error={cidrError ?? errors.error('allowedCidrs')}
            autosize
            minRows={2}
            data-testid="api-token-cidrs"
          />
          <TextInput
            type="date"
            label={t('apiTokens.form.expiresOn')}
            description={t('apiTokens.form.expiresHint')}
            value={expiresOn}
            min={saoPauloToday()}
            onChange={(e) => setExpiresOn(e.currentTarget.value)}
            error={dateError ?? errors.error('expiresOn')}
            data-testid="api-token-expires"
          />
          <GeneralError message={errors.general} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={create.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="api-token-create">
              {t('apiTokens.form.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Admin page "Tokens de API": list (prefix, scopes, last use), create (secret shown once), revoke. */
export function ApiTokensPage() {
  const { t, i18n } = useTranslation();
  const query = useApiTokens();
  const revoke = useRevokeApiToken();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const when = (iso: string | null, fallback: string) =>
    iso ? formatDateTime(iso, i18n.language) : fallback;

  return (
    <Box maw={1200} mx="auto">
      <PageHeader
        title={t('apiTokens.title')}
        subtitle={
          <Text size="sm" c="dimmed">
            {t('apiTokens.subtitle')}
          </Text>
        }
      >
        <Button onClick={() => setCreating(true)} data-testid="api-token-new">
          {t('apiTokens.new')}
        </Button>
      </PageHeader>
      {query.isError ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <Text c="dimmed">{t('common.loading')}</Text>
      ) : query.data.length === 0 ? (
        <EmptyMessage title={t('apiTokens.empty')} hint={t('apiTokens.emptyHint')} />
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('apiTokens.columns.name')}</Table.Th>
                <Table.Th>{t('apiTokens.columns.prefix')}</Table.Th>
                <Table.Th>{t('apiTokens.columns.scopes')}</Table.Th>
                <Table.Th>{t('apiTokens.columns.lastUsed')}</Table.Th>
                <Table.Th>{t('apiTokens.columns.expires')}</Table.Th>
                <Table.Th>{t('apiTokens.columns.status')}</Table.Th>
                <Table.Th ta="right">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.map((token) => (
                <Table.Tr key={token.id} data-testid="api-token-row" data-status={token.status}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {token.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {token.allowedCidrs.length > 0
                        ? token.allowedCidrs.join(', ')
                        : t('apiTokens.anyAddress')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Code data-testid="api-token-prefix">{token.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {token.scopes.map((scope) => (
                        <Badge key={scope} variant="light" size="sm">
                          {t(`apiTokens.scopes.${SCOPE_KEYS[scope]}`)}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{when(token.lastUsedAt, t('apiTokens.never'))}</Table.Td>
                  <Table.Td>{when(token.expiresAt, t('apiTokens.noExpiry'))}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLORS[token.status]} variant="light">
                      {t(`apiTokens.statuses.${token.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">
                    {token.status !== 'revoked' && (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        onClick={() => {
                          revoke.reset();
                          setRevoking(token);
                        }}
                        data-testid="api-token-revoke"
                      >
                        {t('apiTokens.revoke.action')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {creating && <CreateTokenModal onClose={() => setCreating(false)} />}
      <ConfirmModal
        opened={revoking !== null}
        title={t('apiTokens.revoke.title')}
        message={t('apiTokens.revoke.confirm', { name: revoking?.name ?? '' })}
        confirmLabel={t('apiTokens.revoke.action')}
        loading={revoke.isPending}
        error={revoke.isError ? problemMessage(revoke.error, t) : undefined}
        onConfirm={() => {
          if (revoking) revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) });
        }}
        onClose={() => setRevoking(null)}
      />
    </Box>
  );
}
