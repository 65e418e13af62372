import { ACTIVITY_KINDS, type Activity, type ActivityKind } from '@funil/domain';
import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { fieldErrorMap, fieldErrorMessage, problemMessage } from '../../lib/problems.ts';
import { can } from '../auth/can.ts';
import { useSession } from '../auth/queries.ts';
import { useTeams, useUsers } from '../directory/queries.ts';
import { PersonPicker } from '../opportunities/PersonPicker.tsx';
import { usePersonOpportunities } from '../opportunities/queries.ts';
import { type ActivityForm, emptyForm, formOf, REMINDER_CHOICES, toRequest } from './form-model.ts';
import { useActivityMutation } from './queries.ts';

/** What the modal does: schedule (with prefilled fields), edit, or clone an activity. */
export type ActivityFormMode =
  | { type: 'create'; defaults?: Partial<ActivityForm>; title?: string }
  | { type: 'edit'; activity: Activity }
  | { type: 'clone'; activity: Activity };

type Props = { mode: ActivityFormMode | null; onClose: () => void; onSaved?: (a: Activity) => void };

/** Whose agenda the user may fill: their own; a manager their teams' members; `superviseAllTeams` anyone. */
function useOwnerOptions(current: string) {
  const { user } = useSession();
  const users = useUsers().data ?? [];
  const teams = useTeams().data ?? [];
  const managed = new Set(teams.filter((t) => t.managerIds.includes(user.id)).flatMap((t) => t.memberIds));
  const allowed = users.filter(
    (u) =>
      u.id === current ||
      u.id === user.id ||
      (u.active && (can(user, 'superviseAllTeams') || managed.has(u.id))),
  );
  const data = allowed.map((u) => ({ value: u.id, label: u.name }));
  if (!data.some((d) => d.value === current)) data.unshift({ value: current, label: user.name });
  return data;
}

function ReminderSelect({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const label = (v: string) => {
    if (v === '') return t('activities.form.noReminder');
    const n = Number(v);
    if (n === 0) return t('activities.form.reminderAt');
    if (n === 1440) return t('activities.form.reminderDay');
    if (n >= 60) return t('activities.form.reminderHours', { count: n / 60 });
    return t('activities.form.reminderMinutes', { count: n });
  };
  return (
    <Select
      label={t('activities.form.reminder')}
      data={REMINDER_CHOICES.map((v) => ({ value: v, label: label(v) }))}
      value={value}
      onChange={(v) => onChange(v ?? '')}
      allowDeselect={false}
      data-testid="activity-reminder"
    />
  );
}

function FormBody({ mode, onClose, onSaved }: Props & { mode: ActivityFormMode }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const mutation = useActivityMutation();
  const [form, setForm] = useState<ActivityForm>(() =>
    mode.type === 'create' ? emptyForm({ ownerId: user.id, ...mode.defaults }) : formOf(mode.activity),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const owners = useOwnerOptions(form.ownerId);
  const opportunities = usePersonOpportunities(form.personId ?? '');
  const set = <K extends keyof ActivityForm>(key: K, value: ActivityForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const opportunityData = [
    { value: '', label: t('activities.form.noOpportunity') },
    ...(form.personId ? (opportunities.data?.items ?? []) : []).map((o) => ({ value: o.id, label: o.title })),
  ];
  if (form.opportunityId && !opportunityData.some((o) => o.value === form.opportunityId)) {
    const title = mode.type === 'create' ? null : mode.activity.opportunity?.title;
    opportunityData.push({ value: form.opportunityId, label: title ?? form.opportunityId });
  }

  const message = (field: string) => {
    const code = errors[field];
    if (!code) return undefined;
    const own = ['person_or_opportunity_required', 'unknown_person', 'unknown_opportunity'];
    return own.includes(code)
      ? t(`activities.errors.${code}` as 'activities.errors.unknown_person')
      : fieldErrorMessage(code, t);
  };

  const submit = () => {
    const result = toRequest(form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    const done = {
      onSuccess: (a: Activity) => {
        onSaved?.(a);
        onClose();
      },
    };
    const onError = (error: unknown) => {
      if (isApiError(error) && error.errors?.length) {
        const map = fieldErrorMap(error.errors);
        if (map.dueAt) map.date = map.dueAt;
        setErrors(map);
      }
    };
    if (mode.type === 'edit') {
      mutation.mutate(
        { type: 'update', id: mode.activity.id, version: mode.activity.version, body: result.body },
        { ...done, onError },
      );
    } else {
      mutation.mutate({ type: 'create', body: result.body }, { ...done, onError });
    }
  };

  const fixedPerson = mode.type === 'create' && mode.defaults?.personId;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      noValidate
      data-testid="activity-form"
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('activities.form.kind')}
            data={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`activities.kinds.${k}`) }))}
            value={form.kind}
            onChange={(v) => v && set('kind', v as ActivityKind)}
            allowDeselect={false}
            data-testid="activity-kind"
          />
          <Select
            label={t('activities.form.owner')}
            data={owners}
            value={form.ownerId}
            onChange={(v) => v && set('ownerId', v)}
            allowDeselect={false}
            disabled={owners.length < 2}
            error={message('ownerId')}
            data-testid="activity-owner"
          />
        </SimpleGrid>
        <TextInput
          label={t('activities.form.title')}
          value={form.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          error={message('title')}
          required
          maxLength={200}
          data-autofocus
          data-testid="activity-title"
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            type="date"
            label={t('activities.form.date')}
            value={form.date}
            onChange={(e) => set('date', e.currentTarget.value)}
            error={message('date')}
            required
            data-testid="activity-date"
          />
          <TextInput
            type="time"
            label={t('activities.form.time')}
            value={form.time}
            onChange={(e) => set('time', e.currentTarget.value)}
            error={message('time')}
            required
            data-testid="activity-time"
          />
          <NumberInput
            label={t('activities.form.duration')}
            value={form.durationMinutes}
            onChange={(v) => set('durationMinutes', typeof v === 'number' ? v : 0)}
            min={0}
            max={1440}
            step={15}
            error={message('durationMinutes')}
            data-testid="activity-duration"
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <PersonPicker
            label={t('activities.form.person')}
            value={form.personId}
            initialName={form.personName}
            disabled={!!fixedPerson}
            onChange={(p) =>
              setForm((f) => ({
                ...f,
                personId: p?.id ?? null,
                personName: p?.name ?? null,
                opportunityId: null,
              }))
            }
            error={message('personId')}
            data-testid="activity-person"
          />
          <Select
            label={t('activities.form.opportunity')}
            data={opportunityData}
            value={form.opportunityId ?? ''}
            onChange={(v) => set('opportunityId', v || null)}
            allowDeselect={false}
            error={message('opportunityId')}
            data-testid="activity-opportunity"
          />
        </SimpleGrid>
        <Textarea
          label={t('activities.form.description')}
          value={form.description}
          onChange={(e) => set('description', e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={5000}
          data-testid="activity-description"
        />
        <ReminderSelect value={form.reminder} onChange={(v) => set('reminder', v)} />
        {mutation.isError && !(isApiError(mutation.error) && mutation.error.errors?.length) && (
          <Alert color="red" role="alert" data-testid="activity-form-error">
            {problemMessage(mutation.error, t)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending} data-testid="activity-save">
            {t('activities.form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The activity form (Nova atividade, Editar, Clonar, Agendar visita) in a modal. */
export function ActivityFormModal({ mode, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const title =
    mode?.type === 'edit'
      ? t('activities.form.editTitle')
      : mode?.type === 'clone'
        ? t('activities.form.cloneTitle')
        : (mode?.title ?? t('activities.form.addTitle'));
  return (
    <Modal opened={mode !== null} onClose={onClose} title={title} size="lg" centered>
      {mode && <FormBody mode={mode} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}
