import {
  CAMPAIGN_VARIABLES,
  type CallListFilter,
  type CampaignChannel,
  type CampaignVariable,
  type CreateCampaignRequest,
  PERSON_STAGES,
} from '@funil/domain';
import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { CustomFieldFilters } from '../custom-fields/CustomFieldFilters.tsx';
import { useListFields } from '../custom-fields/list-fields.ts';
import { useCreateAndStartCampaign, usePreviewCampaign } from './queries.ts';

type Draft = {
  name: string;
  channel: CampaignChannel;
  subject: string;
  body: string;
  templateName: string;
  templateLanguage: string;
  templateParams: CampaignVariable[];
  q: string;
  stage: string | null;
  tag: string;
  media: string;
  /** The people list's custom field filter (`cf`, JSON keyed by field key), '' for none. */
  cf: string;
  throttlePerMinute: number;
};

const EMPTY: Draft = {
  name: '',
  channel: 'whatsapp',
  subject: '',
  body: 'Olá {{primeiro_nome}}, ',
  templateName: '',
  templateLanguage: 'pt_BR',
  templateParams: ['primeiro_nome'],
  q: '',
  stage: null,
  tag: '',
  media: '',
  cf: '',
  throttlePerMinute: 60,
};

/** The request the form describes (empty filters left out). */
export function requestOf(d: Draft, callList: CallListFilter | null = null): CreateCampaignRequest {
  const filter = {
    ...Object.fromEntries(
      Object.entries({
        q: d.q.trim(),
        stage: d.stage ?? '',
        tag: d.tag.trim(),
        media: d.media.trim(),
        cf: d.cf,
      }).filter(([, v]) => v !== ''),
    ),
    ...(callList ? { callList } : {}),
  };
  return {
    name: d.name.trim(),
    channel: d.channel,
    subject: d.channel === 'email' ? d.subject : null,
    body: d.body,
    template:
      d.channel === 'whatsapp'
        ? { name: d.templateName.trim(), language: d.templateLanguage.trim(), params: d.templateParams }
        : null,
    filter,
    throttlePerMinute: d.throttlePerMinute,
  };
}

/**
 * Nova campanha: channel, message with variables, filter, pace; a preview, then a confirmation with the count. From
 * the call center's Filtros tab it goes to that call list (narrowed further by any filter given here).
 */
export function NewCampaignModal({
  opened,
  onClose,
  callList = null,
}: {
  opened: boolean;
  onClose: () => void;
  callList?: CallListFilter | null;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [confirming, setConfirming] = useState(false);
  const preview = usePreviewCampaign();
  const customFields = useListFields('person');
  const create = useCreateAndStartCampaign();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    preview.reset();
  };
  const close = () => {
    setDraft(EMPTY);
    preview.reset();
    create.reset();
    setConfirming(false);
    onClose();
  };
  const start = () =>
    create.mutate(requestOf(draft, callList), {
      onSuccess: (campaign) => {
        close();
        void navigate({ to: '/campaigns/$id', params: { id: campaign.id } });
      },
    });
  const variables = CAMPAIGN_VARIABLES.map((v) => `{{${v}}}`).join(' ');
  return (
    <Modal opened={opened} onClose={close} title={t('campaigns.newCampaign')} size="lg">
      <Stack>
        <TextInput
          label={t('campaigns.form.name')}
          value={draft.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          required
          data-testid="campaign-name"
          data-autofocus
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('campaigns.form.channel')}
          </Text>
          <SegmentedControl
            value={draft.channel}
            onChange={(v) => set('channel', v as CampaignChannel)}
            data={[
              { value: 'whatsapp', label: t('campaigns.channels.whatsapp') },
              { value: 'email', label: t('campaigns.channels.email') },
            ]}
            data-testid="campaign-channel"
          />
        </Stack>
        {draft.channel === 'email' && (
          <TextInput
            label={t('campaigns.form.subject')}
            value={draft.subject}
            onChange={(e) => set('subject', e.currentTarget.value)}
            required
          />
        )}
        <Textarea
          label={t('campaigns.form.body')}
          description={t('campaigns.form.bodyHint', { variables })}
          value={draft.body}
          onChange={(e) => set('body', e.currentTarget.value)}
          autosize
          minRows={3}
          required
          data-testid="campaign-body"
        />
        {draft.channel === 'whatsapp' && (
          <Group grow align="flex-start">
            <TextInput
              label={t('campaigns.form.templateName')}
              description={t('campaigns.form.templateNameHint')}
              value={draft.templateName}
              onChange={(e) => set('templateName', e.currentTarget.value)}
              required
              data-testid="campaign-template"
            />
            <TextInput
              label={t('campaigns.form.templateLanguage')}
              value={draft.templateLanguage}
              onChange={(e) => set('templateLanguage', e.currentTarget.value)}
              required
            />
          </Group>
        )}
        {draft.channel === 'whatsapp' && (
          <MultiSelect
            label={t('campaigns.form.templateParams')}
            data={CAMPAIGN_VARIABLES.map((v) => ({ value: v, label: `{{${v}}}` }))}
            value={draft.templateParams}
            onChange={(v) => set('templateParams', v as CampaignVariable[])}
          />
        )}
        <Title order={5}>{t('campaigns.form.filters')}</Title>
        {callList && (
          <Alert color="blue" data-testid="campaign-call-list">
            {t('campaigns.form.fromCallList')}
          </Alert>
        )}
        <Group grow align="flex-start">
          <TextInput
            label={t('campaigns.form.filterQ')}
            value={draft.q}
            onChange={(e) => set('q', e.currentTarget.value)}
          />
          <Select
            label={t('campaigns.form.filterStage')}
            data={PERSON_STAGES.map((s) => ({ value: s, label: t(`stages.${s}`) }))}
            value={draft.stage}
            onChange={(v) => set('stage', v)}
            clearable
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label={t('campaigns.form.filterTag')}
            value={draft.tag}
            onChange={(e) => set('tag', e.currentTarget.value)}
            data-testid="campaign-filter-tag"
          />
          <TextInput
            label={t('campaigns.form.filterMedia')}
            value={draft.media}
            onChange={(e) => set('media', e.currentTarget.value)}
          />
        </Group>
        {customFields.length > 0 && (
          <SimpleGrid cols={2} spacing="sm" data-testid="campaign-custom-filters">
            <CustomFieldFilters
              fields={customFields}
              value={draft.cf || undefined}
              onChange={(cf) => set('cf', cf ?? '')}
            />
          </SimpleGrid>
        )}
        <NumberInput
          label={t('campaigns.form.throttle')}
          min={1}
          max={6000}
          value={draft.throttlePerMinute}
          onChange={(v) => set('throttlePerMinute', typeof v === 'number' ? v : 60)}
          data-testid="campaign-throttle"
        />
        {preview.isError && <Alert color="red">{problemMessage(preview.error, t)}</Alert>}
        {preview.data && (
          <Paper withBorder p="sm" data-testid="campaign-preview">
            <Stack gap="xs">
              <Text fw={600} data-testid="campaign-preview-total">
                {t('campaigns.form.previewTitle', { count: preview.data.total })}
              </Text>
              {preview.data.total === 0 && <Text c="dimmed">{t('campaigns.form.previewEmpty')}</Text>}
              {preview.data.sample.map((s) => (
                <Stack key={s.personId} gap={0}>
                  <Text size="sm" fw={500}>
                    {s.name} {s.address ? `· ${s.address}` : ''}
                  </Text>
                  {s.skipReason ? (
                    <Text size="sm" c="orange">
                      {t('campaigns.form.skipped', { reason: t(`campaigns.skipReasons.${s.skipReason}`) })}
                    </Text>
                  ) : (
                    <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                      {s.subject ? `${s.subject} — ` : ''}
                      {s.text}
                    </Text>
                  )}
                </Stack>
              ))}
            </Stack>
          </Paper>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('campaigns.form.cancel')}
          </Button>
          <Button
            variant="light"
            loading={preview.isPending}
            onClick={() => preview.mutate(requestOf(draft, callList))}
            data-testid="campaign-preview-button"
          >
            {t('campaigns.form.preview')}
          </Button>
          <Button
            disabled={!preview.data || preview.data.total === 0}
            onClick={() => setConfirming(true)}
            data-testid="campaign-create"
          >
            {t('campaigns.form.create')}
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={t('campaigns.form.confirmTitle')}
        message={t('campaigns.form.confirmMessage', {
          count: preview.data?.total ?? 0,
          throttle: draft.throttlePerMinute,
        })}
        confirmLabel={t('campaigns.form.confirm')}
        color="blue"
        loading={create.isPending}
        error={create.isError ? problemMessage(create.error, t) : undefined}
        onConfirm={start}
        onClose={() => setConfirming(false)}
      />
    </Modal>
  );
}
