import { type Integration, MAX_ROTATION_OVERLAP_HOURS } from '@funil/domain';
import { Badge, Box, Button, Code, Group, Menu, Modal, NumberInput, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { EmptyMessage } from '../../ui/EmptyMessage.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { SecretShownOnce } from '../../ui/SecretShownOnce.tsx';
import { IntegrationDetailsModal } from './IntegrationDetailsModal.tsx';
import { IntegrationFormModal } from './IntegrationFormModal.tsx';
import { useDeleteIntegration, useIntegrations, useRotateIntegration } from './queries.ts';

/** Asks for the overlap, rotates, and hands the new secret over. */
function RotateModal({
  integration,
  onClose,
  onRotated,
}: {
  integration: Integration;
  onClose: () => void;
  onRotated: (secret: string) => void;
}) {
  const { t } = useTranslation();
  const rotate = useRotateIntegration();
  const [hours, setHours] = useState<number | string>(24);
  return (
    <Modal opened onClose={onClose} title={t('integrations.rotate.title')} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          rotate.mutate(
            { id: integration.id, overlapHours: Number(hours) },
            { onSuccess: (r) => onRotated(r.secret) },
          );
        }}
      >
        <Stack>
          <Text size="sm">{t('integrations.rotate.message')}</Text>
          <NumberInput
            label={t('integrations.rotate.overlap')}
            description={t('integrations.rotate.overlapHint')}
            value={hours}
            onChange={setHours}
            min={0}
            max={MAX_ROTATION_OVERLAP_HOURS}
            allowDecimal={false}
            clampBehavior="strict"
            data-testid="integration-rotate-hours"
          />
          {rotate.isError && (
            <Text size="sm" c="red" role="alert">
              {problemMessage(rotate.error, t)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={rotate.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={rotate.isPending} data-testid="integration-rotate-confirm">
              {t('integrations.rotate.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The most recent use among an integration's tokens. */
function lastUse(integration: Integration) {
  return integration.tokens
    .filter((tk) => tk.lastUsedAt)
    .sort((a, b) => (a.lastUsedAt as string).localeCompare(b.lastUsedAt as string))
    .at(-1);
}

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; id: string }
  | { kind: 'details'; id: string }
  | { kind: 'rotate'; id: string }
  | { kind: 'delete'; id: string };

/** Admin page "Integrações": list, create/edit, token secret once, rotation, deletion, agents and helpdesk addresses. */
export function IntegrationsPage() {
  const { t, i18n } = useTranslation();
  const query = useIntegrations();
  const remove = useDeleteIntegration();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const current = dialog && 'id' in dialog ? query.data?.find((i) => i.id === dialog.id) : undefined;
  const close = () => setDialog(null);

  return (
    <Box maw={1200} mx="auto">
      <PageHeader
        title={t('integrations.title')}
        subtitle={
          <Text size="sm" c="dimmed">
            {t('integrations.subtitle')}
          </Text>
        }
      >
        <Button onClick={() => setDialog({ kind: 'create' })} data-testid="integration-new">
          {t('integrations.new')}
        </Button>
      </PageHeader>
      {query.isError ? (
        <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <Text c="dimmed">{t('common.loading')}</Text>
      ) : query.data.length === 0 ? (
        <EmptyMessage title={t('integrations.empty')} hint={t('integrations.emptyHint')} />
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('integrations.columns.name')}</Table.Th>
                <Table.Th>{t('integrations.columns.kind')}</Table.Th>
                <Table.Th>{t('integrations.columns.status')}</Table.Th>
                <Table.Th>{t('integrations.columns.lastUsed')}</Table.Th>
                <Table.Th>{t('integrations.columns.prefix')}</Table.Th>
                <Table.Th ta="right">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.map((integration) => {
                const active = integration.tokens.filter((tk) => tk.status === 'active');
                const used = lastUse(integration);
                return (
                  <Table.Tr key={integration.id} data-testid="integration-row" data-name={integration.name}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {integration.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {integration.allowedCidrs.length > 0
                          ? integration.allowedCidrs.join(', ')
                          : t('integrations.anyAddress')}
                      </Text>
                    </Table.Td>
                    <Table.Td>{t(`integrations.kinds.${integration.kind}`)}</Table.Td>
                    <Table.Td>
                      <Badge color={active.length > 0 ? 'green' : 'gray'} variant="light">
                        {active.length > 0
                          ? t('integrations.statuses.active')
                          : t('integrations.statuses.inactive')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {used?.lastUsedAt ? (
                        <>
                          <Text size="sm">{formatDateTime(used.lastUsedAt, i18n.language)}</Text>
                          {used.lastUsedIp && (
                            <Text size="xs" c="dimmed">
                              {t('integrations.fromAddress', { address: used.lastUsedIp })}
                            </Text>
                          )}
                        </>
                      ) : (
                        t('integrations.never')
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        {active.map((tk) => (
                          <Code key={tk.id} data-testid="integration-prefix">
                            {tk.prefix}…
                          </Code>
                        ))}
                      </Stack>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <Button size="compact-sm" variant="subtle" data-testid="integration-actions">
                            {t('common.actions')}
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item
                            onClick={() => setDialog({ kind: 'details', id: integration.id })}
                            data-testid="integration-details"
                          >
                            {t('integrations.actions.details')}
                          </Menu.Item>
                          <Menu.Item
                            onClick={() => setDialog({ kind: 'edit', id: integration.id })}
                            data-testid="integration-edit"
                          >
                            {t('integrations.actions.edit')}
                          </Menu.Item>
                          <Menu.Item
                            onClick={() => setDialog({ kind: 'rotate', id: integration.id })}
                            data-testid="integration-rotate"
                          >
                            {t('integrations.actions.rotate')}
                          </Menu.Item>
                          <Menu.Item
                            color="red"
                            onClick={() => {
                              remove.reset();
                              setDialog({ kind: 'delete', id: integration.id });
                            }}
                            data-testid="integration-delete"
                          >
                            {t('integrations.actions.delete')}
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {(dialog?.kind === 'create' || (dialog?.kind === 'edit' && current)) && (
        <IntegrationFormModal
          integration={dialog.kind === 'edit' ? (current ?? null) : null}
          onClose={close}
          onCreated={(s) => {
            close();
            setSecret(s);
          }}
          onReload={() => {
            void query.refetch();
            close();
          }}
        />
      )}
      {dialog?.kind === 'details' && current && (
        <IntegrationDetailsModal integration={current} onClose={close} />
      )}
      {dialog?.kind === 'rotate' && current && (
        <RotateModal
          integration={current}
          onClose={close}
          onRotated={(s) => {
            close();
            setSecret(s);
          }}
        />
      )}
      <ConfirmModal
        opened={dialog?.kind === 'delete' && current !== undefined}
        title={t('integrations.delete.title')}
        message={t('integrations.delete.confirm', { name: current?.name ?? '' })}
        confirmLabel={t('integrations.delete.action')}
        loading={remove.isPending}
        error={remove.isError ? problemMessage(remove.error, t) : undefined}
        onConfirm={() => {
          if (current) remove.mutate(current.id, { onSuccess: close });
        }}
        onClose={close}
      />
      {secret && (
        <SecretShownOnce
          title={t('integrations.secret.title')}
          warning={t('integrations.secret.warning')}
          secret={secret}
          testId="integration-secret"
          onClose={() => setSecret(null)}
        />
      )}
    </Box>
  );
}
