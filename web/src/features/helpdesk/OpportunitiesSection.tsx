import type { OpportunityCard, OpportunityStatus, Pipeline } from '@funil/domain';
import { Badge, Button, Group, Paper, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toOptions, useUsers } from '../directory/queries.ts';
import { useOpportunitySettings, usePipelines } from '../funnels/queries.ts';
import { PanelError } from './PanelError.tsx';
import {
  type ConversationRef,
  useCreateOpportunity,
  useOpportunityDetail,
  useUpdateOpportunity,
} from './queries.ts';

const stageOptions = (pipeline: Pipeline | undefined) =>
  (pipeline?.stages ?? []).map((s) => ({ value: s.id, label: s.name }));

const listOptions = (items: { id: string; label: string }[] | undefined) =>
  (items ?? []).map((i) => ({ value: i.id, label: i.label }));

type Props = {
  conversation: ConversationRef;
  cards: OpportunityCard[];
  linkedId: string | null;
  userId: string;
};

/** The person's open negotiations (the conversation's first), Adicionar negociação and Atualizar negociação. */
export function OpportunitiesSection({ conversation, cards, linkedId, userId }: Props) {
  const { t } = useTranslation();
  const pipelines = usePipelines().data ?? [];
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const sorted = [...cards].sort((a, b) => Number(b.id === linkedId) - Number(a.id === linkedId));
  const stageName = (card: OpportunityCard) =>
    pipelines.find((p) => p.id === card.pipelineId)?.stages.find((s) => s.id === card.stageId)?.name ?? '';
  return (
    <Stack gap={6}>
      {sorted.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('helpdesk.opportunities.none')}
        </Text>
      )}
      {sorted.map((card) => (
        <Paper key={card.id} withBorder p={6} data-testid="panel-opportunity" data-opportunity-id={card.id}>
          <Group justify="space-between" gap={4} wrap="nowrap">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm" fw={500} truncate>
                {card.title}
              </Text>
              <Text size="xs" c="dimmed" data-testid="panel-opportunity-stage">
                {stageName(card)}
              </Text>
            </Stack>
            <Group gap={4} wrap="nowrap">
              {card.id === linkedId && (
                <Badge size="xs" variant="light">
                  {t('helpdesk.opportunities.linked')}
                </Badge>
              )}
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => setEditing(editing === card.id ? null : card.id)}
                data-testid="panel-opportunity-update"
              >
                {t('helpdesk.opportunities.update')}
              </Button>
            </Group>
          </Group>
          {editing === card.id && (
            <UpdateOpportunity
              conversation={conversation}
              card={card}
              pipelines={pipelines}
              onDone={() => setEditing(null)}
            />
          )}
        </Paper>
      ))}
      {adding ? (
        <AddOpportunity
          conversation={conversation}
          pipelines={pipelines}
          userId={userId}
          onDone={() => setAdding(false)}
        />
      ) : (
        <Group>
          <Button
            size="xs"
            variant="light"
            onClick={() => setAdding(true)}
            data-testid="panel-add-opportunity"
          >
            {t('helpdesk.opportunities.add')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function AddOpportunity({
  conversation,
  pipelines,
  userId,
  onDone,
}: {
  conversation: ConversationRef;
  pipelines: Pipeline[];
  userId: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const users = useUsers().data;
  const lists = useOpportunitySettings().data?.lists;
  const create = useCreateOpportunity(conversation);
  const [form, setForm] = useState({
    title: '',
    businessPlanId: null as string | null,
    pipelineId: pipelines[0]?.id ?? null,
    stageId: null as string | null,
    ownerId: userId as string | null,
    city: '',
  });
  const pipelineId = form.pipelineId ?? pipelines[0]?.id ?? null;
  const pipeline = pipelines.find((p) => p.id === pipelineId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!pipelineId) return;
    create.mutate(
      {
        title: form.title,
        pipelineId,
        ...(form.stageId ? { stageId: form.stageId } : {}),
        businessPlanId: form.businessPlanId,
        ownerId: form.ownerId,
        city: form.city.trim() || null,
        source: { media: null, channel: null },
        tags: [],
      },
      { onSuccess: onDone },
    );
  };
  return (
    <form onSubmit={submit} data-testid="panel-opportunity-form">
      <Stack gap={6}>
        <Textarea
          size="xs"
          required
          autosize
          minRows={1}
          label={t('helpdesk.opportunities.description')}
          value={form.title}
          onChange={(e) => {
            const title = e.currentTarget.value;
            setForm((f) => ({ ...f, title }));
          }}
          data-testid="panel-opportunity-title"
        />
        <Select
          size="xs"
          label={t('helpdesk.opportunities.businessPlan')}
          data={listOptions(lists?.business_plan)}
          value={form.businessPlanId}
          onChange={(v) => setForm((f) => ({ ...f, businessPlanId: v }))}
          clearable
        />
        <Select
          size="xs"
          label={t('helpdesk.opportunities.funnel')}
          data={pipelines.map((p) => ({ value: p.id, label: p.name }))}
          value={pipelineId}
          onChange={(v) => setForm((f) => ({ ...f, pipelineId: v, stageId: null }))}
          allowDeselect={false}
          data-testid="panel-opportunity-funnel"
        />
        <Select
          size="xs"
          label={t('helpdesk.opportunities.stage')}
          data={stageOptions(pipeline)}
          value={form.stageId ?? pipeline?.stages[0]?.id ?? null}
          onChange={(v) => setForm((f) => ({ ...f, stageId: v }))}
          allowDeselect={false}
        />
        <Select
          size="xs"
          label={t('helpdesk.opportunities.owner')}
          data={toOptions(users, [form.ownerId])}
          value={form.ownerId}
          onChange={(v) => setForm((f) => ({ ...f, ownerId: v }))}
          searchable
        />
        <TextInput
          size="xs"
          label={t('helpdesk.opportunities.city')}
          value={form.city}
          onChange={(e) => {
            const city = e.currentTarget.value;
            setForm((f) => ({ ...f, city }));
          }}
        />
        {create.error && <PanelError error={create.error} />}
        <Group gap="xs" justify="flex-end">
          <Button size="xs" variant="default" onClick={onDone}>
            {t('helpdesk.contact.cancel')}
          </Button>
          <Button size="xs" type="submit" loading={create.isPending} data-testid="panel-opportunity-save">
            {t('helpdesk.contact.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const STATUSES = ['open', 'won', 'lost'] as const satisfies readonly OpportunityStatus[];

function UpdateOpportunity({
  conversation,
  card,
  pipelines,
  onDone,
}: {
  conversation: ConversationRef;
  card: OpportunityCard;
  pipelines: Pipeline[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const lists = useOpportunitySettings().data?.lists;
  const detail = useOpportunityDetail(card.id).data;
  const update = useUpdateOpportunity(conversation);
  const [qualificationId, setQualification] = useState<string | null | undefined>(undefined);
  const [pipelineId, setPipelineId] = useState(card.pipelineId);
  const [stageId, setStageId] = useState(card.stageId);
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('open');
  const [reasonId, setReasonId] = useState<string | null>(null);
  const pipeline = pipelines.find((p) => p.id === pipelineId);
  const qualification = qualificationId === undefined ? (detail?.qualification?.id ?? null) : qualificationId;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      {
        card,
        qualificationId: qualification,
        qualificationChanged:
          qualificationId !== undefined && qualificationId !== (detail?.qualification?.id ?? null),
        stageId,
        status: { status, reasonId: status === 'lost' ? reasonId : null, note: null },
      },
      { onSuccess: onDone },
    );
  };
  return (
    <form onSubmit={submit} data-testid="panel-opportunity-update-form">
      <Stack gap={6} mt={6}>
        <Select
          size="xs"
          label={t('helpdesk.opportunities.qualification')}
          data={listOptions(lists?.qualification)}
          value={qualification}
          onChange={(v) => setQualification(v)}
          clearable
        />
        <Select
          size="xs"
          label={t('helpdesk.opportunities.funnel')}
          data={pipelines.map((p) => ({ value: p.id, label: p.name }))}
          value={pipelineId}
          onChange={(v) => {
            if (!v) return;
            setPipelineId(v);
            setStageId(pipelines.find((p) => p.id === v)?.stages[0]?.id ?? stageId);
          }}
          allowDeselect={false}
        />
        <Select
          size="xs"
          label={t('helpdesk.opportunities.stage')}
          data={stageOptions(pipeline)}
          value={stageId}
          onChange={(v) => v && setStageId(v)}
          allowDeselect={false}
          data-testid="panel-opportunity-stage-select"
        />
        <Select
          size="xs"
          label={t('helpdesk.opportunities.status')}
          data={STATUSES.map((s) => ({ value: s, label: t(`helpdesk.opportunities.statuses.${s}`) }))}
          value={status}
          onChange={(v) => v && setStatus(v as (typeof STATUSES)[number])}
          allowDeselect={false}
          data-testid="panel-opportunity-status"
        />
        {status === 'lost' && (
          <Select
            size="xs"
            required
            label={t('helpdesk.opportunities.lossReason')}
            data={listOptions(lists?.loss_reason)}
            value={reasonId}
            onChange={setReasonId}
          />
        )}
        {update.error && <PanelError error={update.error} />}
        <Group gap="xs" justify="flex-end">
          <Button size="xs" variant="default" onClick={onDone}>
            {t('helpdesk.contact.cancel')}
          </Button>
          <Button
            size="xs"
            type="submit"
            loading={update.isPending}
            data-testid="panel-opportunity-update-save"
          >
            {t('helpdesk.contact.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
