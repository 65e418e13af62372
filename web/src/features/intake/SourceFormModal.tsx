import {
  type ConsentSetting,
  INTAKE_CUSTOM_PREFIX,
  INTAKE_PRESETS,
  INTAKE_TARGET_FIELDS,
  type IntakeMapping,
  type IntakePreset,
  type IntakePreview,
  type IntakeSource,
} from '@funil/domain';
import {
  Alert,
  Button,
  Code,
  Group,
  Modal,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { ConsentSettingFields } from '../consents/ConsentSettingFields.tsx';
import { useListFields } from '../custom-fields/list-fields.ts';
import { toOptions, useUsers } from '../directory/queries.ts';
import { usePipelines } from '../funnels/queries.ts';
import { useCreateIntakeSource, useIntakePreview, useUpdateIntakeSource } from './queries.ts';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The mapping editor's test: paste a payload, see the lead it becomes or the fields that fail. */
function MappingPreview({ preset, mapping }: { preset: IntakePreset; mapping: IntakeMapping }) {
  const { t } = useTranslation();
  const preview = useIntakePreview();
  const [payload, setPayload] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [result, setResult] = useState<IntakePreview | null>(null);
  const run = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    preview.mutate({ preset, mapping, payload: parsed }, { onSuccess: setResult });
  };
  return (
    <Stack gap="xs">
      <Textarea
        label={t('intake.previewPayload')}
        autosize
        minRows={4}
        maxRows={12}
        value={payload}
        onChange={(e) => setPayload(e.currentTarget.value)}
        error={invalid ? t('intake.previewInvalidJson') : undefined}
        data-testid="intake-preview-payload"
        styles={{ input: { fontFamily: 'monospace' } }}
      />
      <Group>
        <Button variant="light" onClick={run} loading={preview.isPending} data-testid="intake-preview-run">
          {t('intake.previewRun')}
        </Button>
      </Group>
      {preview.isError && <Alert color="red">{problemMessage(preview.error, t)}</Alert>}
      {result === null ? (
        <Text size="sm" c="dimmed">
          {t('intake.previewNone')}
        </Text>
      ) : result.errors.length ? (
        <Alert color="red" title={t('intake.previewErrors')} data-testid="intake-preview-errors">
          {result.errors.map((e) => `${e.field}: ${e.code}`).join('\n')}
        </Alert>
      ) : (
        <div data-testid="intake-preview-result">
          <Text size="xs" fw={600}>
            {t('intake.previewResult')}
          </Text>
          {result.leads.map((l) => (
            <Code key={JSON.stringify(l.parsed)} block>
              {JSON.stringify(l.normalized ?? { rejected: l.rejectReason }, null, 2)}
            </Code>
          ))}
        </div>
      )}
    </Stack>
  );
}

/** Create or edit a lead source (its intake settings; the token lives with the integration). */
export function SourceFormModal({
  source,
  onClose,
  onCreated,
}: {
  source: IntakeSource | null;
  onClose: () => void;
  onCreated: (created: { source: IntakeSource; token: string }) => void;
}) {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  const users = useUsers();
  const create = useCreateIntakeSource();
  const update = useUpdateIntakeSource();
  const [name, setName] = useState('');
  const [preset, setPreset] = useState<IntakePreset>(source?.preset ?? 'site_form');
  const [pipelineId, setPipelineId] = useState<string | null>(source?.pipelineId ?? null);
  const [stageId, setStageId] = useState<string | null>(source?.stageId ?? null);
  const [media, setMedia] = useState(source?.media ?? '');
  const [channel, setChannel] = useState(source?.channel ?? '');
  const [ownerId, setOwnerId] = useState<string | null>(source?.defaultOwnerId ?? null);
  const [alwaysNew, setAlwaysNew] = useState(source?.alwaysNewOpportunity ?? false);
  const [consentText, setConsentText] = useState(source?.consentText ?? '');
  const [consentSetting, setConsentSetting] = useState<ConsentSetting | null>(source?.consentSetting ?? null);
  const [origins, setOrigins] = useState((source?.allowedOrigins ?? []).join('\n'));
  const [thankYouUrl, setThankYouUrl] = useState(source?.thankYouUrl ?? '');
  const [verifyToken, setVerifyToken] = useState(source?.metaVerifyToken ?? '');
  const [appSecret, setAppSecret] = useState('');
  const [mapping, setMapping] = useState<IntakeMapping>(source?.mapping ?? {});
  const customFields = useListFields('person');
  const mutation = source ? update : create;
  const pipeline = pipelines.data?.find((p) => p.id === pipelineId);

  const submit = () => {
    if (!pipelineId) return;
    const cleanMapping = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v)) as IntakeMapping;
    const body = {
      preset,
      pipelineId,
      stageId,
      media: media || null,
      channel: channel || null,
      defaultOwnerId: ownerId,
      alwaysNewOpportunity: alwaysNew,
      mapping: cleanMapping,
      consentText,
      consentSetting,
      allowedOrigins: lines(origins),
      thankYouUrl: thankYouUrl || null,
      metaVerifyToken: verifyToken || null,
      ...(appSecret ? { metaAppSecret: appSecret } : {}),
    };
    if (source) update.mutate({ id: source.id, version: source.version, ...body }, { onSuccess: onClose });
    else create.mutate({ name, ...body }, { onSuccess: onCreated });
  };

  return (
    <Modal opened onClose={onClose} title={source ? source.name : t('intake.newSource')} size="xl">
      <Stack>
        {mutation.isError && <Alert color="red">{problemMessage(mutation.error, t)}</Alert>}
        {!source && (
          <TextInput
            label={t('intake.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="intake-name"
          />
        )}
        <Select
          label={t('intake.preset')}
          data={INTAKE_PRESETS.map((p) => ({ value: p, label: t(`intake.presets.${p}`) }))}
          value={preset}
          onChange={(v) => setPreset(INTAKE_PRESETS.find((p) => p === v) ?? 'site_form')}
          allowDeselect={false}
          data-testid="intake-preset"
        />
        <Group grow>
          <Select
            label={t('intake.funnel')}
            required
            data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={pipelineId}
            onChange={(v) => {
              setPipelineId(v);
              setStageId(null);
            }}
            data-testid="intake-funnel"
          />
          <Select
            label={t('intake.stage')}
            placeholder={t('intake.firstStage')}
            data={(pipeline?.stages ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={stageId}
            onChange={setStageId}
            clearable
            data-testid="intake-stage"
          />
        </Group>
        <Group grow>
          <TextInput
            label={t('intake.media')}
            value={media}
            onChange={(e) => setMedia(e.currentTarget.value)}
            data-testid="intake-media"
          />
          <TextInput
            label={t('intake.channel')}
            value={channel}
            onChange={(e) => setChannel(e.currentTarget.value)}
            data-testid="intake-channel"
          />
        </Group>
        <Select
          label={t('intake.defaultOwner')}
          placeholder={t('intake.noOwner')}
          data={toOptions(users.data, [ownerId])}
          value={ownerId}
          onChange={setOwnerId}
          clearable
          searchable
        />
        <Switch
          label={t('intake.alwaysNew')}
          checked={alwaysNew}
          onChange={(e) => setAlwaysNew(e.currentTarget.checked)}
        />
        <ConsentSettingFields value={consentSetting} onChange={setConsentSetting} />
        {preset === 'site_form' && (
          <>
            <Textarea
              label={t('intake.consentText')}
              description={t('intake.consentTextHint')}
              required
              autosize
              minRows={2}
              value={consentText}
              onChange={(e) => setConsentText(e.currentTarget.value)}
              data-testid="intake-consent"
            />
            <Textarea
              label={t('intake.allowedOrigins')}
              autosize
              minRows={2}
              value={origins}
              onChange={(e) => setOrigins(e.currentTarget.value)}
              data-testid="intake-origins"
            />
            <TextInput
              label={t('intake.thankYouUrl')}
              value={thankYouUrl}
              onChange={(e) => setThankYouUrl(e.currentTarget.value)}
            />
          </>
        )}
        {preset === 'meta_lead_ads' && (
          <>
            <TextInput
              label={t('intake.metaVerifyToken')}
              value={verifyToken}
              onChange={(e) => setVerifyToken(e.currentTarget.value)}
            />
            <TextInput
              label={t('intake.metaAppSecret')}
              description={source?.hasMetaAppSecret ? t('intake.metaAppSecretKept') : undefined}
              type="password"
              value={appSecret}
              onChange={(e) => setAppSecret(e.currentTarget.value)}
            />
          </>
        )}
        {preset === 'generic' && (
          <Stack gap="xs">
            <Text size="sm" fw={600}>
              {t('intake.mapping')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('intake.mappingHint')}
            </Text>
            {INTAKE_TARGET_FIELDS.map((field) => (
              <TextInput
                key={field}
                label={t(`intake.fields.${field}`)}
                value={mapping[field] ?? ''}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setMapping((m) => ({ ...m, [field]: value }));
                }}
                data-testid={`intake-mapping-${field}`}
                styles={{ input: { fontFamily: 'monospace' } }}
              />
            ))}
            {customFields.map((field) => {
              const target = `${INTAKE_CUSTOM_PREFIX}${field.key}` as const;
              return (
                <TextInput
                  key={target}
                  label={field.label}
                  value={mapping[target] ?? ''}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setMapping((m) => ({ ...m, [target]: value }));
                  }}
                  data-testid={`intake-mapping-${target}`}
                  styles={{ input: { fontFamily: 'monospace' } }}
                />
              );
            })}
          </Stack>
        )}
        <Text size="sm" fw={600}>
          {t('intake.preview')}
        </Text>
        <MappingPreview
          preset={preset}
          mapping={Object.fromEntries(Object.entries(mapping).filter(([, v]) => v)) as IntakeMapping}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('intake.cancel')}
          </Button>
          <Button
            onClick={submit}
            loading={mutation.isPending}
            disabled={!pipelineId || (!source && !name.trim())}
            data-testid="intake-save"
          >
            {t('intake.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
