import { BUSINESS_TIME_ZONE, type DistributionRule } from '@funil/domain';
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useToast } from '../../ui/Toast.tsx';
import { can } from '../auth/can.ts';
import { useSession } from '../auth/queries.ts';
import { useBranches, useTeams } from '../directory/queries.ts';
import {
  requestOf,
  useDeleteRule,
  useDistributionOverview,
  useDistributionRules,
  useMoveRule,
  useRuleLeadSources,
  useSaveRule,
} from './queries.ts';
import { RuleFormModal } from './RuleFormModal.tsx';

const minutes = (seconds: number | null, t: TFunction) =>
  seconds === null
    ? t('distribution.noResponse')
    : t('distribution.minutes', { value: (seconds / 60).toFixed(1) });

/** The rules, in the order they are tried, with edit / activate / delete (asked first). */
function RulesSection() {
  const { t } = useTranslation();
  const rules = useDistributionRules();
  const save = useSaveRule();
  const remove = useDeleteRule();
  const move = useMoveRule();
  const sources = useRuleLeadSources();
  const branches = useBranches().data;
  const teams = useTeams().data;
  const { show, toast } = useToast();
  const [editing, setEditing] = useState<DistributionRule | 'new' | null>(null);
  const [confirm, setConfirm] = useState<{ rule: DistributionRule; action: 'delete' | 'deactivate' } | null>(
    null,
  );

  const doConfirm = () => {
    if (!confirm) return;
    const done = () => {
      show(confirm.action === 'delete' ? t('distribution.deleted') : t('distribution.saved'));
      setConfirm(null);
    };
    if (confirm.action === 'delete') remove.mutate(confirm.rule, { onSuccess: done });
    else
      save.mutate(
        {
          id: confirm.rule.id,
          version: confirm.rule.version,
          body: { ...requestOf(confirm.rule), active: false },
        },
        { onSuccess: done },
      );
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Stack gap={0}>
          <Title order={3}>{t('distribution.rules')}</Title>
          <Text size="sm" c="dimmed">
            {t('distribution.rulesHint')}
          </Text>
        </Stack>
        <Button onClick={() => setEditing('new')} data-testid="new-rule">
          {t('distribution.newRule')}
        </Button>
      </Group>
      {rules.isPending && <Loader size="sm" />}
      {rules.isError && (
        <ErrorState message={problemMessage(rules.error, t)} onRetry={() => rules.refetch()} />
      )}
      {rules.data?.length === 0 && <Text c="dimmed">{t('distribution.rulesEmpty')}</Text>}
      {rules.data && rules.data.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table data-testid="rules-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('distribution.order')}</Table.Th>
                <Table.Th>{t('distribution.form.name')}</Table.Th>
                <Table.Th>{t('distribution.form.pipeline')}</Table.Th>
                <Table.Th>{t('distribution.conditions')}</Table.Th>
                <Table.Th>{t('distribution.form.mode')}</Table.Th>
                <Table.Th>{t('distribution.form.members')}</Table.Th>
                <Table.Th>{t('distribution.form.sla')}</Table.Th>
                <Table.Th>{t('distribution.status')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.data.map((r, i, all) => (
                <Table.Tr key={r.id} data-testid="rule-row" data-name={r.name}>
                  <Table.Td>
                    <Group gap={2} wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        disabled={i === 0 || move.isPending}
                        aria-label={t('distribution.moveUp', { name: r.name })}
                        onClick={() => move.mutate({ id: r.id, direction: 'up' })}
                        data-testid="rule-up"
                      >
                        ↑
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        disabled={i === all.length - 1 || move.isPending}
                        aria-label={t('distribution.moveDown', { name: r.name })}
                        onClick={() => move.mutate({ id: r.id, direction: 'down' })}
                        data-testid="rule-down"
                      >
                        ↓
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td>{r.pipelineName}</Table.Td>
                  <Table.Td data-testid="rule-conditions">
                    {[
                      r.sourceId && sources.data?.find((s) => s.id === r.sourceId)?.name,
                      r.branchId && branches?.find((b) => b.id === r.branchId)?.name,
                      r.teamId && teams?.find((x) => x.id === r.teamId)?.name,
                    ]
                      .filter(Boolean)
                      .join(' · ') || t('distribution.form.any')}
                  </Table.Td>
                  <Table.Td>{t(`distribution.form.modes.${r.mode}`)}</Table.Td>
                  <Table.Td>
                    {r.members
                      .map((m) => (r.mode === 'weighted' ? `${m.name} (${m.weight})` : m.name))
                      .join(', ')}
                  </Table.Td>
                  <Table.Td>{r.slaMinutes ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge color={r.active ? 'green' : 'gray'} variant="light">
                      {r.active ? t('distribution.active') : t('distribution.inactive')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="xs" variant="subtle" onClick={() => setEditing(r)}>
                        {t('distribution.edit')}
                      </Button>
                      {r.active ? (
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => setConfirm({ rule: r, action: 'deactivate' })}
                        >
                          {t('distribution.deactivate')}
                        </Button>
                      ) : (
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() =>
                            save.mutate({
                              id: r.id,
                              version: r.version,
                              body: { ...requestOf(r), active: true },
                            })
                          }
                        >
                          {t('distribution.activate')}
                        </Button>
                      )}
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => setConfirm({ rule: r, action: 'delete' })}
                      >
                        {t('distribution.delete')}
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
        <RuleFormModal
          rule={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            show(t('distribution.saved'));
          }}
        />
      )}
      <ConfirmModal
        opened={!!confirm}
        title={
          confirm?.action === 'delete' ? t('distribution.deleteTitle') : t('distribution.deactivateTitle')
        }
        message={
          confirm?.action === 'delete'
            ? t('distribution.deleteMessage', { name: confirm?.rule.name })
            : t('distribution.deactivateMessage', { name: confirm?.rule.name })
        }
        confirmLabel={confirm?.action === 'delete' ? t('distribution.delete') : t('distribution.deactivate')}
        loading={save.isPending || remove.isPending}
        error={
          remove.isError
            ? problemMessage(remove.error, t)
            : save.isError
              ? problemMessage(save.error, t)
              : null
        }
        onConfirm={doConfirm}
        onClose={() => setConfirm(null)}
      />
      {toast}
    </Stack>
  );
}

/** Roleta: who is on duty, the queue, each broker's day and first-response times, recent assignments, rules. */
export function DistributionPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const overview = useDistributionOverview();
  const manages = can(user, 'manageDistribution');
  const when = (iso: string) => formatDateTime(iso, i18n.language, BUSINESS_TIME_ZONE);
  const data = overview.data;

  return (
    <Stack gap="lg">
      <PageHeader title={t('distribution.title')} subtitle={t('distribution.subtitle')} />
      {overview.isPending && <Loader />}
      {overview.isError && (
        <ErrorState
          title={t('distribution.loadError')}
          message={problemMessage(overview.error, t)}
          onRetry={() => overview.refetch()}
        />
      )}
      {data && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Card withBorder data-testid="on-duty">
            <Title order={4} mb="xs">
              {t('distribution.onDuty')}
            </Title>
            {data.onDuty.length === 0 ? (
              <Text c="dimmed">{t('distribution.nobodyOnDuty')}</Text>
            ) : (
              data.onDuty.map((u) => (
                <Text key={u.userId} size="sm">
                  {u.name}{' '}
                  <Text span c="dimmed" size="xs">
                    {t('distribution.since', { time: when(u.since) })}
                  </Text>
                </Text>
              ))
            )}
          </Card>
          {manages && (
            <Card withBorder data-testid="queue">
              <Title order={4} mb="xs">
                {t('distribution.queue')}
              </Title>
              {data.queue.length === 0 ? (
                <Text c="dimmed">{t('distribution.queueEmpty')}</Text>
              ) : (
                data.queue.map((q) => (
                  <Group key={q.opportunityId} gap="xs">
                    <Anchor
                      size="sm"
                      renderRoot={(p) => (
                        <Link to="/opportunities/$id" params={{ id: q.opportunityId }} {...p} />
                      )}
                    >
                      {q.title}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {q.ruleName} · {when(q.queuedAt)}
                    </Text>
                  </Group>
                ))
              )}
            </Card>
          )}
        </SimpleGrid>
      )}
      {data && (
        <Stack gap="xs">
          <Title order={3}>{t('distribution.brokers')}</Title>
          {data.brokers.length === 0 ? (
            <Text c="dimmed">{t('distribution.brokersEmpty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table data-testid="brokers-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('distribution.broker')}</Table.Th>
                    <Table.Th>{t('distribution.leadsToday')}</Table.Th>
                    <Table.Th>{t('distribution.median')}</Table.Th>
                    <Table.Th>{t('distribution.average')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.brokers.map((b) => (
                    <Table.Tr key={b.userId}>
                      <Table.Td>{b.name}</Table.Td>
                      <Table.Td>{b.leadsToday}</Table.Td>
                      <Table.Td>{minutes(b.medianFirstResponseSeconds, t)}</Table.Td>
                      <Table.Td>{minutes(b.avgFirstResponseSeconds, t)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Title order={3} mt="md">
            {t('distribution.recent')}
          </Title>
          {data.recent.length === 0 ? (
            <Text c="dimmed">{t('distribution.recentEmpty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={760}>
              <Table data-testid="recent-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('distribution.lead')}</Table.Th>
                    <Table.Th>{t('distribution.broker')}</Table.Th>
                    <Table.Th>{t('distribution.rule')}</Table.Th>
                    <Table.Th>{t('distribution.reason')}</Table.Th>
                    <Table.Th>{t('distribution.assignedAt')}</Table.Th>
                    <Table.Th>{t('distribution.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.recent.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <Anchor
                          size="sm"
                          renderRoot={(p) => (
                            <Link to="/opportunities/$id" params={{ id: a.opportunityId }} {...p} />
                          )}
                        >
                          {a.title}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{a.userName}</Table.Td>
                      <Table.Td>{a.ruleName}</Table.Td>
                      <Table.Td>{t(`distribution.reasons.${a.reason}`)}</Table.Td>
                      <Table.Td>{when(a.assignedAt)}</Table.Td>
                      <Table.Td>{t(`distribution.statuses.${a.status}`)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      )}
      {manages && <RulesSection />}
    </Stack>
  );
}
