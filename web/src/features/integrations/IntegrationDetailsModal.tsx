import type { Integration } from '@funil/domain';
import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { toOptions, useUsers } from '../directory/queries.ts';
import { useIntegrationAgents, useMapAgent, useRevokeIntegrationToken } from './queries.ts';

const TOKEN_COLORS = { active: 'green', expired: 'orange', revoked: 'gray' } as const;
/** The select's value for "no user": the agent may not act. */
const NONE = '__none__';

function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Code style={{ wordBreak: 'break-all', flex: 1 }} data-testid={testId}>
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button size="compact-sm" variant="light" color={copied ? 'teal' : 'blue'} onClick={copy}>
              {copied ? t('common.copied') : t('common.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

/** Helpdesk agents and the Funil user each acts as; each mapping is editable, and one can be added by hand. */
function AgentsSection({ integrationId }: { integrationId: string }) {
  const { t, i18n } = useTranslation();
  const agents = useIntegrationAgents(integrationId);
  const users = useUsers();
  const map = useMapAgent(integrationId);
  const [agentId, setAgentId] = useState('');
  const [userId, setUserId] = useState<string | null>(null);
  const options = (keep: string | null) => [
    { value: NONE, label: t('integrations.agents.noUser') },
    ...toOptions(users.data, [keep]),
  ];
  return (
    <Stack gap="sm" data-testid="integration-agents">
      <Title order={4}>{t('integrations.agents.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('integrations.agents.hint')}
      </Text>
      {agents.isPending ? (
        <Text c="dimmed">{t('common.loading')}</Text>
      ) : agents.isError ? (
        <Text c="red">{problemMessage(agents.error, t)}</Text>
      ) : agents.data.length === 0 ? (
        <EmptyMessage title={t('integrations.agents.empty')} />
      ) : (
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('integrations.agents.agent')}</Table.Th>
              <Table.Th>{t('integrations.agents.user')}</Table.Th>
              <Table.Th>{t('integrations.agents.matchedBy')}</Table.Th>
              <Table.Th>{t('integrations.agents.lastSeen')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {agents.data.map((agent) => (
              <Table.Tr key={agent.agentId} data-testid="integration-agent-row" data-agent-id={agent.agentId}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {agent.name ?? agent.agentId}
                  </Text>
                  <Text size="xs" c="dimmed">
                    #{agent.agentId}
                    {agent.email ? ` · ${agent.email}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={t('integrations.agents.user')}
                    data={options(agent.user?.id ?? null)}
                    value={agent.user?.id ?? NONE}
                    onChange={(value) =>
                      map.mutate({ agentId: agent.agentId, userId: value && value !== NONE ? value : null })
                    }
                    allowDeselect={false}
                    searchable
                    data-testid="integration-agent-user"
                  />
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" data-testid="integration-agent-match" data-match={agent.matchedBy}>
                    {t(`integrations.agents.matches.${agent.matchedBy}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {agent.lastSeenAt
                      ? formatDateTime(agent.lastSeenAt, i18n.language)
                      : t('integrations.never')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group align="flex-end" gap="xs">
        <TextInput
          label={t('integrations.agents.agentId')}
          value={agentId}
          onChange={(e) => setAgentId(e.currentTarget.value)}
          data-testid="integration-agent-new-id"
        />
        <Select
          label={t('integrations.agents.user')}
          data={toOptions(users.data)}
          value={userId}
          onChange={setUserId}
          searchable
          data-testid="integration-agent-new-user"
        />
        <Button
          variant="light"
          disabled={!agentId.trim() || !userId}
          loading={map.isPending}
          onClick={() =>
            map.mutate(
              { agentId: agentId.trim(), userId },
              {
                onSuccess: () => {
                  setAgentId('');
                  setUserId(null);
                },
              },
            )
          }
          data-testid="integration-agent-add"
        >
          {t('integrations.agents.add')}
        </Button>
      </Group>
      {map.isError && (
        <Text size="sm" c="red" role="alert">
          {problemMessage(map.error, t)}
        </Text>
      )}
    </Stack>
  );
}

/** An integration's tokens (revoke one), the addresses a helpdesk needs, and its agents. */
export function IntegrationDetailsModal({
  integration,
  onClose,
}: {
  integration: Integration;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const revoke = useRevokeIntegrationToken();
  const origin = window.location.origin;
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('integrations.details.title', { name: integration.name })}
      size="xl"
      centered
    >
      <Stack gap="lg">
        {integration.kind === 'helpdesk' && (
          <Stack gap="sm">
            <Title order={4}>{t('integrations.details.urls')}</Title>
            <CopyField
              label={t('integrations.details.panelUrl')}
              value={`${origin}/embed/helpdesk?integration=${integration.id}`}
              testId="integration-panel-url"
            />
            <CopyField
              label={t('integrations.details.webhookUrl')}
              value={`${origin}/api/v1/helpdesk/chatwoot/${integration.id}/webhook`}
              testId="integration-webhook-url"
            />
            {integration.connection && !integration.connection.hasWebhookSecret && (
              <Alert color="yellow" data-testid="integration-no-webhook-secret">
                {t('integrations.details.noWebhookSecret')}
              </Alert>
            )}
          </Stack>
        )}
        <Stack gap="sm">
          <Title order={4}>{t('integrations.details.tokens')}</Title>
          <Table verticalSpacing="xs">
            <Table.Tbody>
              {integration.tokens.map((token) => (
                <Table.Tr key={token.id} data-testid="integration-token-row" data-status={token.status}>
                  <Table.Td>
                    <Code>{token.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={TOKEN_COLORS[token.status]} variant="light">
                      {t(`integrations.tokenStatuses.${token.status}`)}
                    </Badge>
                    {token.status === 'active' && token.expiresAt && (
                      <Text span size="xs" c="dimmed" ml="xs">
                        {t('integrations.details.expires', {
                          when: formatDateTime(token.expiresAt, i18n.language),
                        })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {token.lastUsedAt
                        ? `${formatDateTime(token.lastUsedAt, i18n.language)}${
                            token.lastUsedIp
                              ? ` ${t('integrations.fromAddress', { address: token.lastUsedIp })}`
                              : ''
                          }`
                        : t('integrations.never')}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    {token.status === 'active' && (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        loading={revoke.isPending && revoke.variables?.tokenId === token.id}
                        onClick={() => revoke.mutate({ id: integration.id, tokenId: token.id })}
                        data-testid="integration-token-revoke"
                      >
                        {t('integrations.details.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {revoke.isError && (
            <Text size="sm" c="red" role="alert">
              {problemMessage(revoke.error, t)}
            </Text>
          )}
        </Stack>
        {integration.kind === 'helpdesk' && <AgentsSection integrationId={integration.id} />}
      </Stack>
    </Modal>
  );
}
