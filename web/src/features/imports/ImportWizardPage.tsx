import {
  type ConsentSetting,
  customImportKey,
  customImportTarget,
  DEDUP_POLICIES,
  type DedupPolicy,
  IMPORT_FIELDS_BY_KIND,
  IMPORT_KINDS,
  type ImportField,
  type ImportKind,
  type ImportMapping,
  type ImportTarget,
  presetMapping,
  suggestCustomTargets,
  suggestMapping,
} from '@funil/domain';
import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Loader,
  Paper,
  Radio,
  SegmentedControl,
  Select,
  Stack,
  Stepper,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { type DragEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useSession } from '../auth/queries.ts';
import { ConsentSettingFields } from '../consents/ConsentSettingFields.tsx';
import { useListFields } from '../custom-fields/list-fields.ts';
import {
  type UploadedImport,
  usePreview,
  useSaveMapping,
  useStartImport,
  useUploadImport,
} from './queries.ts';

type Step = 0 | 1 | 2;

/** The custom fields' entity of what a file imports. */
const entityOf = (kind: ImportKind) => (kind === 'people' ? 'person' : 'opportunity');

/** Nova importação: the file (drag and drop), the columns' fields, the first rows with their errors, start. */
export function ImportWizardPage() {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>(0);
  const [uploaded, setUploaded] = useState<UploadedImport | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>([]);
  const [policy, setPolicy] = useState<DedupPolicy>('skip');
  const [consent, setConsent] = useState<ConsentSetting | null>(null);
  const [saveAs, setSaveAs] = useState('');
  const [kind, setKind] = useState<ImportKind>('people');

  return (
    <Box maw={1100} mx="auto">
      <PageHeader
        title={t(kind === 'opportunities' ? 'imports.titleOpportunities' : 'imports.title')}
        subtitle={
          <Text size="sm" c="dimmed">
            {t('imports.subtitle')}
          </Text>
        }
      >
        <Button variant="default" renderRoot={(props) => <Link to="/imports" {...props} />}>
          {t('imports.listTitle')}
        </Button>
      </PageHeader>
      <Stepper active={step} size="sm" mb="lg">
        <Stepper.Step label={t('imports.steps.upload')} />
        <Stepper.Step label={t('imports.steps.mapping')} />
        <Stepper.Step label={t('imports.steps.preview')} />
        <Stepper.Step label={t('imports.steps.run')} />
      </Stepper>
      {step === 0 && (
        <UploadStep
          kind={kind}
          onKind={setKind}
          onUploaded={(u) => {
            setUploaded(u);
            setMapping(u.mapping);
            setStep(1);
          }}
        />
      )}
      {step === 1 && uploaded && (
        <MappingStep
          uploaded={uploaded}
          mapping={mapping}
          onMapping={setMapping}
          policy={policy}
          onPolicy={setPolicy}
          consent={consent}
          onConsent={setConsent}
          saveAs={saveAs}
          onSaveAs={setSaveAs}
          onBack={() => setStep(0)}
          onNext={() => setStep(2)}
        />
      )}
      {step === 2 && uploaded && (
        <PreviewStep uploaded={uploaded} mapping={mapping} onBack={() => setStep(1)} />
      )}
    </Box>
  );
}

function UploadStep({
  kind,
  onKind,
  onUploaded,
}: {
  kind: ImportKind;
  onKind: (k: ImportKind) => void;
  onUploaded: (u: UploadedImport) => void;
}) {
  const { t } = useTranslation();
  const upload = useUploadImport();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const send = (file: File | undefined) => {
    if (file) upload.mutate({ file, kind }, { onSuccess: onUploaded });
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    send(e.dataTransfer.files[0]);
  };
  return (
    <Stack>
      <Stack gap={4}>
        <Text size="sm" fw={500} id="import-kind-label">
          {t('imports.kindLabel')}
        </Text>
        <SegmentedControl
          aria-labelledby="import-kind-label"
          data-testid="import-kind"
          value={kind}
          onChange={(v) => onKind(v as ImportKind)}
          data={IMPORT_KINDS.map((k) => ({ value: k, label: t(`imports.kinds.${k}`) }))}
          w="fit-content"
        />
        {kind === 'opportunities' && (
          <Text size="sm" c="dimmed" maw={760}>
            {t('imports.holderHint')}
          </Text>
        )}
      </Stack>
      <Paper
        withBorder
        p="xl"
        radius="md"
        role="button"
        tabIndex={0}
        data-testid="import-drop"
        onClick={() => input.current?.click()}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') input.current?.click();
        }}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        style={{
          borderStyle: 'dashed',
          cursor: 'pointer',
          textAlign: 'center',
          background: over ? 'var(--funil-surface-drop)' : undefined,
        }}
      >
        {upload.isPending ? (
          <Group justify="center">
            <Loader size="sm" />
            <Text>{t('imports.uploading')}</Text>
          </Group>
        ) : (
          <Stack gap={4}>
            <Text fw={600}>{t('imports.drop')}</Text>
            <Text size="sm" c="dimmed">
              {t('imports.dropHint')}
            </Text>
          </Stack>
        )}
        <input
          ref={input}
          type="file"
          hidden
          accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          data-testid="import-file"
          onChange={(e) => {
            send(e.currentTarget.files?.[0]);
            e.currentTarget.value = '';
          }}
        />
      </Paper>
      {upload.isError && (
        <Alert color="red" role="alert">
          {problemMessage(upload.error, t)}
        </Alert>
      )}
    </Stack>
  );
}

type MappingProps = {
  uploaded: UploadedImport;
  mapping: ImportMapping;
  onMapping: (m: ImportMapping) => void;
  policy: DedupPolicy;
  onPolicy: (p: DedupPolicy) => void;
  consent: ConsentSetting | null;
  onConsent: (c: ConsentSetting | null) => void;
  saveAs: string;
  onSaveAs: (v: string) => void;
  onBack: () => void;
  onNext: () => void;
};

function MappingStep(p: MappingProps) {
  const { t, i18n } = useTranslation();
  const { uploaded, mapping } = p;
  const save = useSaveMapping(uploaded.id);
  const { user } = useSession();
  const [preset, setPreset] = useState<string | null>(null);
  const customFields = useListFields(entityOf(uploaded.kind));
  const fieldOptions = [
    { value: '', label: t('imports.ignore') },
    ...IMPORT_FIELDS_BY_KIND[uploaded.kind].map((f) => ({
      value: f,
      label: t(`imports.fields.${f}`) as string,
    })),
    // Each custom field of the imported entity the importer fills is a target too.
    ...customFields.map((f) => ({ value: customImportTarget(f.key), label: f.label })),
  ];
  const presetOptions = [
    { value: '', label: t('imports.presetNone') },
    ...uploaded.savedMappings.map((m) => ({
      value: `saved:${m.name}`,
      label: t('imports.savedMapping', { name: m.name }),
    })),
    ...uploaded.presets.map((x) => ({ value: x.key, label: x.label })),
  ];
  const applyPreset = (value: string | null) => {
    setPreset(value);
    if (!value) {
      const suggested = suggestMapping(uploaded.headers, undefined, uploaded.kind);
      p.onMapping(suggestCustomTargets(uploaded.headers, suggested, customFields, user.role, uploaded.kind));
    } else if (value.startsWith('saved:')) {
      const saved = uploaded.savedMappings.find((m) => `saved:${m.name}` === value);
      if (saved) p.onMapping(saved.mapping);
    } else p.onMapping(presetMapping(uploaded.headers, value));
  };
  const opportunities = uploaded.kind === 'opportunities';
  const hasName = opportunities
    ? mapping.includes('document') || mapping.includes('email') || mapping.includes('phone')
    : mapping.includes('name') || mapping.includes('firstName');
  const next = () =>
    save.mutate(
      {
        mapping,
        policy: p.policy,
        saveMappingAs: p.saveAs.trim() || null,
        consentSetting: opportunities ? null : p.consent,
      },
      { onSuccess: p.onNext },
    );
  return (
    <Stack>
      <Text size="sm" data-testid="import-file-info">
        {t('imports.fileInfo', {
          fileName: uploaded.fileName,
          count: uploaded.totalRows,
          formatted: formatNumber(uploaded.totalRows, i18n.language),
        })}
        {uploaded.encoding &&
          ` — ${t('imports.encoding', {
            encoding: uploaded.encoding,
            delimiter: uploaded.delimiter === '\t' ? 'TAB' : uploaded.delimiter,
          })}`}
      </Text>
      <Select
        label={t('imports.preset')}
        data={presetOptions}
        value={preset ?? ''}
        onChange={applyPreset}
        maw={360}
        allowDeselect={false}
      />
      <Table.ScrollContainer minWidth={560}>
        <Table striped withTableBorder data-testid="import-mapping">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.column')}</Table.Th>
              <Table.Th>{t('imports.example')}</Table.Th>
              <Table.Th>{t('imports.field')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {uploaded.headers.map((header, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the columns of one file never move; names may repeat
              <Table.Tr key={`${i}-${header}`}>
                <Table.Td fw={500}>{header}</Table.Td>
                <Table.Td c="dimmed" maw={260} style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
                  {uploaded.sample[0]?.[i] ?? ''}
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`${t('imports.field')}: ${header}`}
                    data={fieldOptions}
                    value={mapping[i] ?? ''}
                    allowDeselect={false}
                    onChange={(v) =>
                      p.onMapping(mapping.map((m, j) => (j === i ? ((v || null) as ImportTarget | null) : m)))
                    }
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {!opportunities && (
        <Radio.Group
          label={t('imports.policy')}
          value={p.policy}
          onChange={(v) => p.onPolicy(v as DedupPolicy)}
        >
          <Stack gap="xs" mt="xs">
            {DEDUP_POLICIES.map((policy) => (
              <Radio key={policy} value={policy} label={t(`imports.policies.${policy}`)} />
            ))}
          </Stack>
        </Radio.Group>
      )}
      {!opportunities && (
        <Box maw={720}>
          <ConsentSettingFields value={p.consent} onChange={p.onConsent} />
        </Box>
      )}
      <TextInput
        label={t('imports.saveAs')}
        description={t('imports.saveAsHint')}
        value={p.saveAs}
        maxLength={80}
        onChange={(e) => p.onSaveAs(e.currentTarget.value)}
        maw={360}
      />
      {!hasName && (
        <Alert color="yellow" role="alert">
          {t(opportunities ? 'imports.holderError' : 'imports.mappingError')}
        </Alert>
      )}
      {save.isError && (
        <Alert color="red" role="alert">
          {problemMessage(save.error, t)}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={p.onBack}>
          {t('imports.back')}
        </Button>
        <Button onClick={next} disabled={!hasName} loading={save.isPending}>
          {t('imports.next')}
        </Button>
      </Group>
    </Stack>
  );
}

function PreviewStep({
  uploaded,
  mapping,
  onBack,
}: {
  uploaded: UploadedImport;
  mapping: ImportMapping;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const preview = usePreview(uploaded.id, true);
  const start = useStartImport(uploaded.id);
  const shown = uploaded.headers.map((_, i) => i).filter((i) => mapping[i]);
  const customFields = useListFields(entityOf(uploaded.kind));
  const targetLabel = (target: ImportTarget) => {
    const key = customImportKey(target);
    return key
      ? (customFields.find((f) => f.key === key)?.label ?? key)
      : (t(`imports.fields.${target as ImportField}`) as string);
  };
  return (
    <Stack>
      <Text fw={600}>{t('imports.previewTitle')}</Text>
      <Text size="sm" c="dimmed">
        {t('imports.previewHint')}
      </Text>
      {preview.isPending ? (
        <Loader size="sm" />
      ) : preview.isError ? (
        <Alert color="red">{problemMessage(preview.error, t)}</Alert>
      ) : (
        <Box style={{ overflowX: 'auto' }}>
          <Table withTableBorder data-testid="import-preview">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('imports.line')}</Table.Th>
                {shown.map((i) => (
                  <Table.Th key={i}>{targetLabel(mapping[i] as ImportTarget)}</Table.Th>
                ))}
                <Table.Th>{t('imports.errors')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.data.rows.map((row) => (
                <Table.Tr
                  key={row.rowNo}
                  data-row-error={row.errors.length > 0 ? 'true' : undefined}
                  bg={row.errors.length ? 'var(--mantine-color-red-light)' : undefined}
                >
                  <Table.Td>{row.rowNo}</Table.Td>
                  {shown.map((i) => (
                    <Table.Td key={i}>{row.cells[i]}</Table.Td>
                  ))}
                  <Table.Td>
                    {row.errors.length ? (
                      <Text size="sm" c="red">
                        {row.errors.join('; ')}
                      </Text>
                    ) : row.duplicate ? (
                      <Badge color="yellow" variant="light">
                        {row.duplicate === 'registry'
                          ? t('imports.duplicateRegistry')
                          : t('imports.duplicateFile')}
                      </Badge>
                    ) : (
                      <Badge color="teal" variant="light">
                        {t('imports.ok')}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Box>
      )}
      {start.isError && (
        <Alert color="red" role="alert">
          {problemMessage(start.error, t)}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t('imports.back')}
        </Button>
        <Button
          loading={start.isPending}
          onClick={() =>
            start.mutate(undefined, {
              onSuccess: () => void navigate({ to: '/imports/$id', params: { id: uploaded.id } }),
            })
          }
        >
          {t('imports.start')}
        </Button>
      </Group>
    </Stack>
  );
}
