import {
  INCIDENT_DATA_CATEGORIES,
  INCIDENT_RISKS,
  type Incident,
  type IncidentRequest,
  type IncidentRisk,
  incidentNoticeDeadline,
  ZIncidentRequest,
} from '@funil/domain';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  CloseButton,
  Divider,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { formatDay } from '../../lib/format.ts';
import {
  fieldErrorMap,
  fieldErrorMessage,
  issueToFieldError,
  isVersionMismatch,
  problemMessage,
} from '../../lib/problems.ts';
import { DayInput } from '../../ui/DayInput.tsx';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';
import { PersonPicker } from '../opportunities/PersonPicker.tsx';
import { useSaveIncident } from './queries.ts';

type Form = Omit<
  IncidentRequest,
  'affectedPersonIds' | 'occurredOn' | 'anpdNotifiedOn' | 'subjectsNotifiedOn'
> & {
  occurredOn: string;
  anpdNotifiedOn: string;
  subjectsNotifiedOn: string;
  affectedPeople: { id: string; name: string }[];
};

export const todayLocal = () => new Date().toLocaleDateString('en-CA');

function formOf(incident: Incident | null): Form {
  return {
    title: incident?.title ?? '',
    description: incident?.description ?? '',
    occurredOn: incident?.occurredOn ?? '',
    learnedOn: incident?.learnedOn ?? todayLocal(),
    dataCategories: incident?.dataCategories ?? [],
    affectedCount: incident?.affectedCount ?? 0,
    affectedPeople: incident?.affectedPeople ?? [],
    consequences: incident?.consequences ?? '',
    risk: incident?.risk ?? 'medium',
    measuresTaken: incident?.measuresTaken ?? '',
    measuresPlanned: incident?.measuresPlanned ?? '',
    anpdNotifiedOn: incident?.anpdNotifiedOn ?? '',
    anpdProtocol: incident?.anpdProtocol ?? '',
    subjectsNotifiedOn: incident?.subjectsNotifiedOn ?? '',
    subjectsNotifiedHow: incident?.subjectsNotifiedHow ?? '',
  };
}

type Props = {
  /** The incident being edited, or null to record a new one. */
  incident: Incident | null;
  onClose: () => void;
  onSaved: (incident: Incident) => void;
  onReload: () => void;
};

/** Records or edits an incident: what happened, the data and people affected, the risk, measures and notices. */
export function IncidentFormModal({ incident, onClose, onSaved, onReload }: Props) {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState<Form>(() => formOf(incident));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pick, setPick] = useState<string | null>(null);
  const save = useSaveIncident();
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const error = (field: string) => (errors[field] ? fieldErrorMessage(errors[field], t) : undefined);

  const submit = () => {
    const { affectedPeople, ...rest } = form;
    const parsed = ZIncidentRequest.safeParse({
      ...rest,
      affectedPersonIds: affectedPeople.map((p) => p.id),
    });
    if (!parsed.success) {
      setErrors(fieldErrorMap(parsed.error.issues.map(issueToFieldError)));
      return;
    }
    setErrors({});
    save.mutate(
      { id: incident?.id ?? null, version: incident?.version ?? 0, body: parsed.data },
      {
        onSuccess: onSaved,
        onError: (err) => {
          if (isApiError(err) && err.errors.length) setErrors(fieldErrorMap(err.errors));
        },
      },
    );
  };

  const deadline = /^\d{4}-\d{2}-\d{2}$/.test(form.learnedOn) ? incidentNoticeDeadline(form.learnedOn) : null;
  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={incident ? t('incidents.form.editTitle') : t('incidents.form.createTitle')}
    >
      <Stack gap="sm" data-testid="incident-form">
        {save.isError && isVersionMismatch(save.error) && <StaleVersionAlert onReload={onReload} />}
        {save.isError &&
          !isVersionMismatch(save.error) &&
          !(isApiError(save.error) && save.error.errors.length) && (
            <Alert color="red" variant="light">
              {problemMessage(save.error, t)}
            </Alert>
          )}
        <TextInput
          label={t('incidents.form.title')}
          required
          value={form.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          error={error('title')}
          data-testid="incident-title"
        />
        <Textarea
          label={t('incidents.form.description')}
          autosize
          minRows={2}
          value={form.description}
          onChange={(e) => set('description', e.currentTarget.value)}
          error={error('description')}
        />
        <Group align="flex-start">
          <DayInput
            label={t('incidents.form.occurredOn')}
            value={form.occurredOn}
            onChange={(v) => set('occurredOn', v)}
            error={error('occurredOn')}
            max={form.learnedOn || undefined}
            testId="incident-occurred-on"
          />
          <DayInput
            label={t('incidents.form.learnedOn')}
            value={form.learnedOn}
            onChange={(v) => set('learnedOn', v)}
            error={error('learnedOn')}
            testId="incident-learned-on"
          />
        </Group>
        {deadline && (
          <Text size="sm" c="dimmed" data-testid="incident-deadline-hint">
            {t('incidents.form.deadlineHint', { day: formatDay(deadline, i18n.language) })}
          </Text>
        )}
        <Checkbox.Group
          label={t('incidents.form.categories')}
          value={form.dataCategories}
          onChange={(v) => set('dataCategories', v as Form['dataCategories'])}
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing={6}>
            {INCIDENT_DATA_CATEGORIES.map((c) => (
              <Checkbox
                key={c}
                value={c}
                label={t(`incidents.categories.${c}`)}
                data-testid={`incident-category-${c}`}
              />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <NumberInput
          label={t('incidents.form.affectedCount')}
          min={0}
          allowDecimal={false}
          thousandSeparator="."
          decimalSeparator=","
          value={form.affectedCount}
          onChange={(v) => set('affectedCount', typeof v === 'number' ? v : 0)}
          error={error('affectedCount')}
          w={220}
          data-testid="incident-affected-count"
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('incidents.form.affectedPeople')}
          </Text>
          <Group gap={6}>
            {form.affectedPeople.map((p) => (
              <Badge
                key={p.id}
                variant="light"
                data-testid="incident-affected-person"
                rightSection={
                  <CloseButton
                    size="xs"
                    aria-label={t('incidents.form.removePerson', { name: p.name })}
                    onClick={() =>
                      set(
                        'affectedPeople',
                        form.affectedPeople.filter((x) => x.id !== p.id),
                      )
                    }
                  />
                }
              >
                {p.name}
              </Badge>
            ))}
          </Group>
          <PersonPicker
            placeholder={t('incidents.form.addPerson')}
            value={pick}
            exclude={form.affectedPeople.map((p) => p.id)}
            onChange={(p) => {
              if (p) set('affectedPeople', [...form.affectedPeople, p]);
              setPick(null);
            }}
            error={error('affectedPersonIds')}
            data-testid="incident-person-picker"
          />
        </Stack>
        <Textarea
          label={t('incidents.form.consequences')}
          autosize
          minRows={2}
          value={form.consequences}
          onChange={(e) => set('consequences', e.currentTarget.value)}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('incidents.form.risk')}
          </Text>
          <SegmentedControl
            value={form.risk}
            onChange={(v) => set('risk', v as IncidentRisk)}
            data={INCIDENT_RISKS.map((r) => ({ value: r, label: t(`incidents.risks.${r}`) }))}
            data-testid="incident-risk"
          />
        </Stack>
        <Textarea
          label={t('incidents.form.measuresTaken')}
          autosize
          minRows={2}
          value={form.measuresTaken}
          onChange={(e) => set('measuresTaken', e.currentTarget.value)}
        />
        <Textarea
          label={t('incidents.form.measuresPlanned')}
          autosize
          minRows={2}
          value={form.measuresPlanned}
          onChange={(e) => set('measuresPlanned', e.currentTarget.value)}
        />
        <Divider label={t('incidents.form.anpd')} labelPosition="left" />
        <Group align="flex-start">
          <DayInput
            label={t('incidents.form.anpdNotifiedOn')}
            value={form.anpdNotifiedOn}
            onChange={(v) => set('anpdNotifiedOn', v)}
            error={error('anpdNotifiedOn')}
            testId="incident-anpd-on"
          />
          <TextInput
            label={t('incidents.form.anpdProtocol')}
            value={form.anpdProtocol}
            onChange={(e) => set('anpdProtocol', e.currentTarget.value)}
            error={error('anpdProtocol')}
          />
        </Group>
        <Divider label={t('incidents.form.subjects')} labelPosition="left" />
        <Group align="flex-start">
          <DayInput
            label={t('incidents.form.subjectsNotifiedOn')}
            value={form.subjectsNotifiedOn}
            onChange={(v) => set('subjectsNotifiedOn', v)}
            error={error('subjectsNotifiedOn')}
            testId="incident-subjects-on"
          />
          <TextInput
            label={t('incidents.form.subjectsNotifiedHow')}
            value={form.subjectsNotifiedHow}
            onChange={(e) => set('subjectsNotifiedHow', e.currentTarget.value)}
            error={error('subjectsNotifiedHow')}
            w={320}
          />
        </Group>
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('incidents.form.cancel')}
          </Button>
          <Button onClick={submit} loading={save.isPending} data-testid="incident-save">
            {t('incidents.form.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
