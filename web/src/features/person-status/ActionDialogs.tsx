import {
  NON_CLIENT_REASONS,
  type NonClientReason,
  type OptionListName,
  type PersonStatus,
  TEMPERATURES,
  type Temperature,
} from '@funil/domain';
import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { useOpportunitySettings } from '../funnels/queries.ts';
import type { Person } from '../people/types.ts';
import { type ActionRequest, optionData, subMomentsOf, TEMPERATURE_COLORS } from './actions.ts';

const NOTE_MAX = 2000;

type ShellProps = {
  title: string;
  children: ReactNode;
  /** Whether the confirm button may be pressed (a choice was made, something changed). */
  ready: boolean;
  pending: boolean;
  error: unknown;
  confirmLabel?: string;
  color?: string;
  onConfirm: () => void;
  onClose: () => void;
};

/** The modal of a menu action: its fields, the failure, Cancelar and the confirm button (`action-confirm`). */
function ActionModal({
  title,
  children,
  ready,
  pending,
  error,
  confirmLabel,
  color,
  onConfirm,
  onClose,
}: ShellProps) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={() => !pending && onClose()} title={title} centered data-testid="action-modal">
      <Stack gap="sm">
        {children}
        {error !== null && error !== undefined && (
          <Alert color="red" variant="light" role="alert" data-testid="action-error">
            <Text size="sm">{problemMessage(error, t)}</Text>
          </Alert>
        )}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose} disabled={pending}>
            {t('common.cancel')}
          </Button>
          <Button
            color={color}
            onClick={onConfirm}
            loading={pending}
            disabled={!ready}
            data-testid="action-confirm"
          >
            {confirmLabel ?? t('personStatus.modals.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export type DialogProps = {
  person: Person;
  status: PersonStatus;
  pending: boolean;
  error: unknown;
  onSubmit: (request: ActionRequest) => void;
  onClose: () => void;
};

/** The workspace lists of the status panel (everyone may read them); a hint when one is empty. */
function useStatusLists() {
  const settings = useOpportunitySettings();
  return { settings, lists: settings.data?.lists };
}

function ListHint({
  list,
  settings,
}: {
  list: OptionListName;
  settings: ReturnType<typeof useOpportunitySettings>;
}) {
  const { t } = useTranslation();
  if (settings.isError) {
    return (
      <Text size="sm" c="red" role="alert">
        {t('personStatus.modals.listsError')} {problemMessage(settings.error, t)}
      </Text>
    );
  }
  if (settings.isSuccess && (settings.data.lists[list]?.length ?? 0) === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('personStatus.modals.emptyList', { list: t(`funnels.settings.lists.${list}`) })}
      </Text>
    );
  }
  return null;
}

const selectProps = {
  comboboxProps: { withinPortal: true },
  searchable: true,
  nothingFoundMessage: '—',
} as const;

export function TemperatureDialog({ status, pending, error, onSubmit, onClose }: DialogProps) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<Temperature | null>(null);
  return (
    <ActionModal
      title={t('personStatus.modals.temperatureTitle')}
      ready={choice !== null && choice !== status.temperature}
      pending={pending}
      error={error}
      onConfirm={() => choice && onSubmit({ type: 'temperature', temperature: choice })}
      onClose={onClose}
    >
      <Text size="sm" c="dimmed">
        {t('personStatus.modals.temperatureHint', {
          current: status.temperature
            ? t(`personStatus.temperatures.${status.temperature}`)
            : t('personStatus.notSet'),
        })}
      </Text>
      <Group gap="sm" grow role="radiogroup" aria-label={t('personStatus.fields.temperature')}>
        {TEMPERATURES.map((temperature) => {
          const selected = choice === temperature;
          return (
            <Button
              key={temperature}
              role="radio"
              aria-checked={selected}
              color={TEMPERATURE_COLORS[temperature]}
              variant={selected ? 'filled' : 'light'}
              onClick={() => setChoice(temperature)}
              data-testid="temperature-option"
              data-value={temperature}
              data-selected={selected || undefined}
            >
              {t(`personStatus.temperatures.${temperature}`)}
              {status.temperature === temperature ? ` (${t('personStatus.menu.current')})` : ''}
            </Button>
          );
        })}
      </Group>
    </ActionModal>
  );
}

export function ObjectiveDialog({ status, pending, error, onSubmit, onClose }: DialogProps) {
  const { t } = useTranslation();
  const { settings, lists } = useStatusLists();
  const [value, setValue] = useState<string | null>(status.objective?.id ?? null);
  return (
    <ActionModal
      title={t('personStatus.modals.objectiveTitle')}
      ready={value !== (status.objective?.id ?? null)}
      pending={pending}
      error={error}
      onConfirm={() => onSubmit({ type: 'objective', objectiveId: value })}
      onClose={onClose}
    >
      <Select
        {...selectProps}
        label={t('personStatus.fields.objective')}
        placeholder={t('personStatus.modals.none')}
        data={optionData(lists?.objective, status.objective)}
        value={value}
        onChange={setValue}
        clearable
        disabled={settings.isPending}
        data-autofocus
        data-testid="action-objective"
      />
      <ListHint list="objective" settings={settings} />
    </ActionModal>
  );
}

export function MomentDialog({ status, pending, error, onSubmit, onClose }: DialogProps) {
  const { t } = useTranslation();
  const { settings, lists } = useStatusLists();
  const [momentId, setMomentId] = useState<string | null>(status.moment?.id ?? null);
  const [subMomentId, setSubMomentId] = useState<string | null>(status.subMoment?.id ?? null);
  const subMoments = optionData(
    subMomentsOf(lists?.sub_moment, momentId),
    momentId && momentId === status.moment?.id ? status.subMoment : null,
  );
  const changed =
    momentId !== (status.moment?.id ?? null) ||
    (momentId !== null && subMomentId !== (status.subMoment?.id ?? null));
  return (
    <ActionModal
      title={t('personStatus.modals.momentTitle')}
      ready={changed}
      pending={pending}
      error={error}
      onConfirm={() => onSubmit({ type: 'moment', momentId, subMomentId: momentId ? subMomentId : null })}
      onClose={onClose}
    >
      <Select
        {...selectProps}
        label={t('personStatus.fields.moment')}
        placeholder={t('personStatus.modals.none')}
        data={optionData(lists?.moment, status.moment)}
        value={momentId}
        onChange={(v) => {
          setMomentId(v);
          setSubMomentId(null);
        }}
        clearable
        disabled={settings.isPending}
        data-autofocus
        data-testid="action-moment"
      />
      <ListHint list="moment" settings={settings} />
      {momentId &&
        (subMoments.length > 0 ? (
          <Select
            {...selectProps}
            label={t('personStatus.fields.subMoment')}
            placeholder={t('personStatus.modals.subMomentNone')}
            data={subMoments}
            value={subMomentId}
            onChange={setSubMomentId}
            clearable
            data-testid="action-sub-moment"
          />
        ) : (
          settings.isSuccess && (
            <Text size="sm" c="dimmed">
              {t('personStatus.modals.noSubMoments')}
            </Text>
          )
        ))}
    </ActionModal>
  );
}

export function ProductDialog({ status, pending, error, onSubmit, onClose }: DialogProps) {
  const { t } = useTranslation();
  const { settings, lists } = useStatusLists();
  const [value, setValue] = useState<string | null>(status.productOfInterest?.id ?? null);
  return (
    <ActionModal
      title={t('personStatus.modals.productTitle')}
      ready={value !== (status.productOfInterest?.id ?? null)}
      pending={pending}
      error={error}
      onConfirm={() => onSubmit({ type: 'productOfInterest', productId: value })}
      onClose={onClose}
    >
      <Select
        {...selectProps}
        label={t('personStatus.fields.productOfInterest')}
        placeholder={t('personStatus.modals.none')}
        data={optionData(lists?.business_plan, status.productOfInterest)}
        value={value}
        onChange={setValue}
        clearable
        disabled={settings.isPending}
        data-autofocus
        data-testid="action-product"
      />
      <ListHint list="business_plan" settings={settings} />
    </ActionModal>
  );
}

function NoteField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <Textarea
      label={t('personStatus.modals.note')}
      placeholder={t('personStatus.modals.notePlaceholder')}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      autosize
      minRows={2}
      maxRows={8}
      maxLength={NOTE_MAX}
      data-testid="action-note"
    />
  );
}

export function DisinterestDialog({ status, pending, error, onSubmit, onClose }: DialogProps) {
  const { t } = useTranslation();
  const { settings, lists } = useStatusLists();
  const [reasonId, setReasonId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  return (
    <ActionModal
      title={t('personStatus.modals.disinterestTitle')}
      ready={reasonId !== null}
      pending={pending}
      error={error}
      onConfirm={() => reasonId && onSubmit({ type: 'disinterest', reasonId, note: note.trim() || null })}
      onClose={onClose}
    >
      <Text size="sm" c="dimmed">
        {t('personStatus.modals.disinterestHint')}
      </Text>
      <Select
        {...selectProps}
        label={t('personStatus.modals.reason')}
        placeholder={t('personStatus.modals.reasonPlaceholder')}
        data={optionData(lists?.disinterest_reason, status.disinterest?.reason)}
        value={reasonId}
        onChange={setReasonId}
        required
        disabled={settings.isPending}
        data-autofocus
        data-testid="action-reason"
      />
      <ListHint list="disinterest_reason" settings={settings} />
      <NoteField value={note} onChange={setNote} />
    </ActionModal>
  );
}

/** Not a client: a reason and a note; the warning says the record leaves the owner's wallet. */
export function NonClientDialog({ person, pending, error, onSubmit, onClose }: DialogProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<NonClientReason | null>(null);
  const [note, setNote] = useState('');
  return (
    <ActionModal
      title={t('personStatus.modals.nonClientTitle')}
      ready={reason !== null}
      pending={pending}
      error={error}
      color="red"
      confirmLabel={t('personStatus.actions.markNonClient')}
      onConfirm={() => reason && onSubmit({ type: 'nonClient', reason, note: note.trim() || null })}
      onClose={onClose}
    >
      <Text size="sm" c="dimmed">
        {t('personStatus.modals.nonClientHint')}
      </Text>
      <Select
        label={t('personStatus.modals.reason')}
        placeholder={t('personStatus.modals.reasonPlaceholder')}
        data={NON_CLIENT_REASONS.map((value) => ({
          value,
          label: t(`personStatus.nonClientReasons.${value}`),
        }))}
        value={reason}
        onChange={(v) => setReason(v as NonClientReason | null)}
        required
        comboboxProps={{ withinPortal: true }}
        data-autofocus
        data-testid="action-reason"
      />
      <NoteField value={note} onChange={setNote} />
      <Alert color="yellow" variant="light" data-testid="non-client-warning">
        <Text size="sm">
          {person.owner
            ? t('personStatus.modals.nonClientWarning', { owner: person.owner.name })
            : t('personStatus.modals.nonClientWarningNoOwner')}
        </Text>
      </Alert>
    </ActionModal>
  );
}
