import type { DistributionRule, DistributionRuleRequest } from '@funil/domain';
import {
  ActionIcon,
  Button,
  Checkbox,
  Chip,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { toOptions, useBranches, usersQuery, useTeams } from '../directory/queries.ts';
import { usePipelines } from '../funnels/queries.ts';
import { requestOf, useRuleLeadSources, useSaveRule } from './queries.ts';

type Props = { rule: DistributionRule | null; onClose: () => void; onSaved: () => void };

const EMPTY: DistributionRuleRequest = {
  name: '',
  pipelineId: '',
  mode: 'round_robin',
  onlyOnDuty: false,
  schedule: null,
  slaMinutes: null,
  active: true,
  members: [],
};

/**
 * Creates or edits a rule: funnel and, optionally, the lead source, branch and team it is limited to; mode, duty,
 * shift hours, SLA, and the brokers with weight and daily cap.
 */
export function RuleFormModal({ rule, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  const users = useQuery(usersQuery);
  const sources = useRuleLeadSources();
  const branches = useBranches().data;
  const teams = useTeams().data;
  const save = useSaveRule();
  const [form, setForm] = useState<DistributionRuleRequest>(rule ? requestOf(rule) : EMPTY);
  const set = (patch: Partial<DistributionRuleRequest>) => setForm((f) => ({ ...f, ...patch }));
  const members = form.members;
  const weekdays = t('distribution.form.weekdays', { returnObjects: true }) as string[];
  const activeUsers = (users.data ?? []).filter((u) => u.active);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    save.mutate({ id: rule?.id, version: rule?.version, body: form }, { onSuccess: () => onSaved() });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={rule ? t('distribution.editRule') : t('distribution.newRule')}
    >
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput
            label={t('distribution.form.name')}
            required
            value={form.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
            data-testid="rule-name"
          />
          <Select
            label={t('distribution.form.pipeline')}
            required
            data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={form.pipelineId || null}
            onChange={(v) => set({ pipelineId: v ?? '' })}
            data-testid="rule-pipeline"
          />
          <Text size="xs" c="dimmed">
            {t('distribution.form.conditionsHint')}
          </Text>
          <Group grow align="flex-start">
            <Select
              label={t('distribution.form.source')}
              placeholder={t('distribution.form.any')}
              data={(sources.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
              value={form.sourceId ?? null}
              onChange={(v) => set({ sourceId: v })}
              clearable
              searchable
              data-testid="rule-source"
            />
            <Select
              label={t('distribution.form.branch')}
              placeholder={t('distribution.form.any')}
              data={toOptions(branches, [form.branchId ?? null])}
              value={form.branchId ?? null}
              onChange={(v) => set({ branchId: v })}
              clearable
              searchable
              data-testid="rule-branch"
            />
            <Select
              label={t('distribution.form.team')}
              placeholder={t('distribution.form.any')}
              data={toOptions(teams, [form.teamId ?? null])}
              value={form.teamId ?? null}
              onChange={(v) => set({ teamId: v })}
              clearable
              searchable
              data-testid="rule-team"
            />
          </Group>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('distribution.form.mode')}
            </Text>
            <SegmentedControl
              value={form.mode ?? 'round_robin'}
              onChange={(v) => set({ mode: v as 'round_robin' | 'weighted' })}
              data={[
                { value: 'round_robin', label: t('distribution.form.modes.round_robin') },
                { value: 'weighted', label: t('distribution.form.modes.weighted') },
              ]}
            />
          </Stack>
          <Checkbox
            label={t('distribution.form.onlyOnDuty')}
            checked={form.onlyOnDuty ?? false}
            onChange={(e) => set({ onlyOnDuty: e.currentTarget.checked })}
            data-testid="rule-only-on-duty"
          />
          <Switch
            label={t('distribution.form.scheduleOn')}
            checked={!!form.schedule}
            onChange={(e) =>
              set({
                schedule: e.currentTarget.checked
                  ? { weekdays: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' }
                  : null,
              })
            }
          />
          {form.schedule && (
            <Stack gap="xs" pl="md">
              <Chip.Group
                multiple
                value={form.schedule.weekdays.map(String)}
                onChange={(v) =>
                  form.schedule && set({ schedule: { ...form.schedule, weekdays: v.map(Number).sort() } })
                }
              >
                <Group gap={4}>
                  {weekdays.map((label, i) => (
                    <Chip key={label} value={String(i + 1)} size="xs">
                      {label}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
              <Group>
                <TextInput
                  type="time"
                  label={t('distribution.form.start')}
                  value={form.schedule.start}
                  onChange={(e) =>
                    form.schedule && set({ schedule: { ...form.schedule, start: e.currentTarget.value } })
                  }
                />
                <TextInput
                  type="time"
                  label={t('distribution.form.end')}
                  value={form.schedule.end}
                  onChange={(e) =>
                    form.schedule && set({ schedule: { ...form.schedule, end: e.currentTarget.value } })
                  }
                />
              </Group>
            </Stack>
          )}
          <NumberInput
            label={t('distribution.form.sla')}
            description={t('distribution.form.slaHint')}
            min={1}
            max={10080}
            value={form.slaMinutes ?? ''}
            onChange={(v) => set({ slaMinutes: typeof v === 'number' ? v : null })}
            data-testid="rule-sla"
          />
          <Text size="sm" fw={500}>
            {t('distribution.form.members')}
          </Text>
          {members.map((m, i) => (
            <Group key={m.userId || `new-${i}`} align="flex-end" wrap="nowrap">
              <Select
                label={t('distribution.form.member')}
                searchable
                style={{ flex: 1 }}
                data={activeUsers
                  .filter((u) => u.id === m.userId || !members.some((x) => x.userId === u.id))
                  .map((u) => ({ value: u.id, label: u.name }))}
                value={m.userId || null}
                onChange={(v) =>
                  set({ members: members.map((x, j) => (j === i ? { ...x, userId: v ?? '' } : x)) })
                }
                data-testid="rule-member"
              />
              <NumberInput
                label={t('distribution.form.weight')}
                w={90}
                min={1}
                max={100}
                value={m.weight ?? 1}
                onChange={(v) =>
                  set({ members: members.map((x, j) => (j === i ? { ...x, weight: Number(v) || 1 } : x)) })
                }
              />
              <NumberInput
                label={t('distribution.form.dailyCap')}
                w={110}
                min={1}
                max={1000}
                value={m.dailyCap ?? ''}
                onChange={(v) =>
                  set({
                    members: members.map((x, j) =>
                      j === i ? { ...x, dailyCap: typeof v === 'number' ? v : null } : x,
                    ),
                  })
                }
              />
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                aria-label={t('distribution.form.removeMember')}
                onClick={() => set({ members: members.filter((_, j) => j !== i) })}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              variant="light"
              onClick={() => set({ members: [...members, { userId: '', weight: 1, dailyCap: null }] })}
              data-testid="rule-add-member"
            >
              {t('distribution.form.addMember')}
            </Button>
          </Group>
          {save.isError && (
            <Text c="red" size="sm" role="alert">
              {problemMessage(save.error, t)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('distribution.form.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="rule-save">
              {t('distribution.form.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
