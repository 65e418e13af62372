import {
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  type ContactChannel,
  type ContactDirection,
  type ContactOutcome,
} from '@funil/domain';
import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { newIdempotencyKey } from '../../lib/ids.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { useSession } from '../auth/queries.ts';
import { useOpportunitySettings } from '../funnels/queries.ts';
import { usePeopleSearch } from '../opportunities/queries.ts';
import { useCreatePerson, usePerson } from '../people/queries.ts';
import { ContactHistory } from './ContactHistory.tsx';
import { useWrapUp } from './dialer-queries.ts';
import { PreRegistrationModal } from './PreRegistrationModal.tsx';
import { useArchivePerson, useRecordAttempt } from './queries.ts';
import { DESK_SHORTCUTS, type DeskAction, localInputToIso, shortcutLabel } from './shortcuts.ts';

type Form = {
  name: string;
  phone: string;
  email: string;
  outcome: ContactOutcome;
  channel: ContactChannel;
  durationSeconds: number | '';
  summary: string;
  interestLevelId: string;
  leadTypeId: string;
  publicityId: string;
  nextAction: string;
  alarmAt: string;
};

const EMPTY: Form = {
  name: '',
  phone: '',
  email: '',
  outcome: 'answered',
  channel: 'call',
  durationSeconds: '',
  summary: '',
  interestLevelId: '',
  leadTypeId: '',
  publicityId: '',
  nextAction: '',
  alarmAt: '',
};

type Props = {
  direction: ContactDirection;
  personId: string | null;
  onSelectPerson: (id: string | null) => void;
  /** The dialer's answered call with the selected person: saving registers its return and moves the dialer on. */
  dialerCall: { sessionId: string; callId: string; personName: string } | null;
  onWrappedUp: () => void;
};

/** Aba Principal: find or register the interested person, record the contact (return + alarm), see the history. */
export function DeskTab({ direction, personId, onSelectPerson, dialerCall, onWrappedUp }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user } = useSession();
  const [form, setForm] = useState<Form>(EMPTY);
  const [query, setQuery] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [removing, setRemoving] = useState(false);
  const [preOpen, setPreOpen] = useState(false);
  const search = usePeopleSearch(personId ? '' : query);
  const person = usePerson(personId ?? '');
  const selected = personId ? person.data : undefined;
  const settings = useOpportunitySettings();
  const createPerson = useCreatePerson();
  const record = useRecordAttempt();
  const wrapUp = useWrapUp();
  const archive = useArchivePerson();
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  const options = (list: 'interest_level' | 'lead_type' | 'publicity') => [
    { value: '', label: '—' },
    ...(settings.data?.lists[list] ?? []).map((o) => ({ value: o.id, label: o.label })),
  ];

  const clear = () => {
    setForm(EMPTY);
    setQuery('');
    setNotice(null);
    createPerson.reset();
    record.reset();
    onSelectPerson(null);
  };

  const register = async () => {
    setNotice(null);
    let id = personId;
    let name = selected?.name ?? form.name.trim();
    if (!id) {
      if (!form.name.trim()) {
        setNotice(t('callcenter.person.needPerson'));
        return;
      }
      try {
        const created = await createPerson.mutateAsync({
          body: {
            kind: 'individual',
            name: form.name.trim(),
            ownerId: user.id,
            phones: form.phone.trim() ? [{ number: form.phone.trim(), type: 'mobile' }] : [],
            emails: form.email.trim() ? [{ address: form.email.trim() }] : [],
          },
          idempotencyKey: newIdempotencyKey(),
        });
        id = created.id;
        name = created.name;
        onSelectPerson(created.id);
      } catch {
        return;
      }
    }
    const alarmAt = localInputToIso(form.alarmAt);
    if (dialerCall && id === personId) {
      try {
        await wrapUp.mutateAsync({
          sessionId: dialerCall.sessionId,
          body: {
            callId: dialerCall.callId,
            outcome: form.outcome,
            summary: form.summary,
            interestLevelId: form.interestLevelId || null,
            leadTypeId: form.leadTypeId || null,
            publicityId: form.publicityId || null,
            nextAction: form.nextAction,
            alarmAt,
          },
        });
        setForm(EMPTY);
        setNotice(t('callcenter.dialer.wrappedUp', { name }));
        onWrappedUp();
      } catch {
        // Shown under the form.
      }
      return;
    }
    try {
      await record.mutateAsync({
        personId: id,
        direction,
        channel: form.channel,
        outcome: form.outcome,
        durationSeconds: form.durationSeconds === '' ? null : form.durationSeconds,
        summary: form.summary,
        interestLevelId: form.interestLevelId || null,
        leadTypeId: form.leadTypeId || null,
        publicityId: form.publicityId || null,
        nextAction: form.nextAction,
        alarmAt,
      });
      setForm((f) => ({ ...EMPTY, name: f.name, phone: f.phone, email: f.email }));
      setNotice(t('callcenter.contact.saved', { name }));
    } catch {
      // Shown under the form.
    }
  };

  const actions: Record<DeskAction, () => void> = {
    register: () => void register(),
    edit: () => {
      if (personId) void navigate({ to: '/people/$id/edit', params: { id: personId } });
    },
    preRegistration: () => {
      if (personId) setPreOpen(true);
    },
    remove: () => {
      if (personId) setRemoving(true);
    },
    clear,
  };
  useHotkeys(
    (Object.keys(DESK_SHORTCUTS) as DeskAction[]).map((a) => [DESK_SHORTCUTS[a], actions[a]]),
    [],
  );

  const button = (action: DeskAction, props: { color?: string; variant?: string; disabled?: boolean }) => {
    const label = t(`callcenter.toolbar.${action}`);
    return (
      <Button
        key={action}
        onClick={actions[action]}
        title={t('callcenter.toolbar.shortcut', { label, keys: shortcutLabel(DESK_SHORTCUTS[action]) })}
        aria-keyshortcuts={shortcutLabel(DESK_SHORTCUTS[action])}
        data-testid={`desk-${action}`}
        loading={action === 'register' && (record.isPending || createPerson.isPending || wrapUp.isPending)}
        {...props}
      >
        {label}
      </Button>
    );
  };

  const duplicate =
    isApiError(createPerson.error) && createPerson.error.code === 'person-duplicate'
      ? createPerson.error.matches
      : [];

  return (
    <Stack>
      {dialerCall && (
        <Alert color="green" role="status" data-testid="desk-dialer-call">
          {t('callcenter.dialer.deskBanner', { name: dialerCall.personName })}
        </Alert>
      )}
      <Group gap="xs" data-testid="desk-toolbar">
        {button('register', {})}
        {button('edit', { variant: 'default', disabled: !personId })}
        {button('preRegistration', { variant: 'default', disabled: !personId })}
        {button('remove', { variant: 'default', color: 'red', disabled: !personId })}
        {button('clear', { variant: 'subtle' })}
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Paper withBorder p="md">
              <Stack gap="sm">
                <Title order={3} size="h5">
                  {t('callcenter.person.section')}
                </Title>
                {selected ? (
                  <Group justify="space-between">
                    <Text fw={600} data-testid="desk-selected">
                      {t('callcenter.person.selected', { name: selected.name })}
                    </Text>
                    <Anchor renderRoot={(p) => <Link to="/people/$id" params={{ id: selected.id }} {...p} />}>
                      {selected.name}
                    </Anchor>
                  </Group>
                ) : (
                  <>
                    <TextInput
                      type="search"
                      label={t('callcenter.person.search')}
                      placeholder={t('callcenter.person.searchPlaceholder')}
                      value={query}
                      onChange={(e) => setQuery(e.currentTarget.value)}
                      data-testid="desk-person-search"
                    />
                    {query.trim().length >= 2 && (
                      <Stack gap={4} data-testid="desk-person-results">
                        {search.data?.items.length === 0 && (
                          <Text size="sm" c="dimmed">
                            {t('callcenter.person.noResults')}
                          </Text>
                        )}
                        {search.data?.items.map((p) => (
                          <Button
                            key={p.id}
                            variant="light"
                            justify="start"
                            onClick={() => {
                              onSelectPerson(p.id);
                              setQuery('');
                            }}
                            data-testid="desk-person-option"
                          >
                            {p.name}
                            {p.primaryEmail ? ` · ${p.primaryEmail}` : ''}
                          </Button>
                        ))}
                      </Stack>
                    )}
                    <Group grow align="start">
                      <TextInput
                        label={t('callcenter.person.name')}
                        value={form.name}
                        onChange={(e) => set('name', e.currentTarget.value)}
                        data-testid="desk-name"
                      />
                      <TextInput
                        label={t('callcenter.person.phone')}
                        value={form.phone}
                        onChange={(e) => set('phone', e.currentTarget.value)}
                        data-testid="desk-phone"
                      />
                      <TextInput
                        label={t('callcenter.person.email')}
                        type="email"
                        value={form.email}
                        onChange={(e) => set('email', e.currentTarget.value)}
                        data-testid="desk-email"
                      />
                    </Group>
                  </>
                )}
                {duplicate.length > 0 && (
                  <Alert color="yellow" data-testid="desk-duplicate">
                    <Stack gap={4}>
                      <Text size="sm">{t('callcenter.person.duplicate')}</Text>
                      {duplicate.map((m) =>
                        m.visible && m.personId ? (
                          <Button
                            key={`${m.field}-${m.value}`}
                            size="xs"
                            variant="light"
                            onClick={() => {
                              onSelectPerson(m.personId);
                              createPerson.reset();
                            }}
                            data-testid="desk-use-duplicate"
                          >
                            {t('callcenter.person.useDuplicate')}
                          </Button>
                        ) : (
                          <Text key={`${m.field}-${m.value}`} size="sm">
                            {t('callcenter.person.duplicateHidden')}
                          </Text>
                        ),
                      )}
                    </Stack>
                  </Alert>
                )}
              </Stack>
            </Paper>
            <Paper withBorder p="md">
              <Stack gap="sm">
                <Title order={3} size="h5">
                  {t('callcenter.contact.section')}
                </Title>
                <Group grow align="start">
                  <NativeSelect
                    label={t('callcenter.contact.outcome')}
                    value={form.outcome}
                    onChange={(e) => set('outcome', e.currentTarget.value as ContactOutcome)}
                    data={CONTACT_OUTCOMES.map((o) => ({ value: o, label: t(`callcenter.outcomes.${o}`) }))}
                    data-testid="desk-outcome"
                  />
                  <NativeSelect
                    label={t('callcenter.contact.channel')}
                    value={form.channel}
                    onChange={(e) => set('channel', e.currentTarget.value as ContactChannel)}
                    data={CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`callcenter.channels.${c}`) }))}
                  />
                  <NumberInput
                    label={t('callcenter.contact.duration')}
                    min={0}
                    max={86_400}
                    allowDecimal={false}
                    value={form.durationSeconds}
                    onChange={(v) => set('durationSeconds', typeof v === 'number' ? v : '')}
                  />
                </Group>
                <Textarea
                  label={t('callcenter.contact.summary')}
                  autosize
                  minRows={2}
                  maxLength={4000}
                  value={form.summary}
                  onChange={(e) => set('summary', e.currentTarget.value)}
                  data-testid="desk-summary"
                />
                <Group grow align="start">
                  <NativeSelect
                    label={t('callcenter.contact.interestLevel')}
                    value={form.interestLevelId}
                    onChange={(e) => set('interestLevelId', e.currentTarget.value)}
                    data={options('interest_level')}
                    data-testid="desk-interest"
                  />
                  <NativeSelect
                    label={t('callcenter.contact.leadType')}
                    value={form.leadTypeId}
                    onChange={(e) => set('leadTypeId', e.currentTarget.value)}
                    data={options('lead_type')}
                    data-testid="desk-lead-type"
                  />
                  <NativeSelect
                    label={t('callcenter.contact.publicity')}
                    value={form.publicityId}
                    onChange={(e) => set('publicityId', e.currentTarget.value)}
                    data={options('publicity')}
                    data-testid="desk-publicity"
                  />
                </Group>
                <Anchor
                  size="xs"
                  renderRoot={(p) => <Link to="/admin/opportunity-settings" {...p} />}
                  data-testid="desk-where-to-configure"
                >
                  {t('callcenter.contact.whereToConfigure')}
                </Anchor>
                <Group grow align="start">
                  <TextInput
                    label={t('callcenter.contact.nextAction')}
                    maxLength={500}
                    value={form.nextAction}
                    onChange={(e) => set('nextAction', e.currentTarget.value)}
                    data-testid="desk-next-action"
                  />
                  <TextInput
                    type="datetime-local"
                    label={t('callcenter.contact.alarm')}
                    description={t('callcenter.contact.alarmHint')}
                    value={form.alarmAt}
                    onChange={(e) => set('alarmAt', e.currentTarget.value)}
                    data-testid="desk-alarm"
                  />
                </Group>
                {notice && (
                  <Text size="sm" role="status" data-testid="desk-notice">
                    {notice}
                  </Text>
                )}
                {(record.error || wrapUp.error || (createPerson.error && duplicate.length === 0)) && (
                  <Alert color="red" role="alert" data-testid="desk-error">
                    {problemMessage(record.error ?? wrapUp.error ?? createPerson.error, t)}
                  </Alert>
                )}
              </Stack>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <ContactHistory personId={personId} />
        </Grid.Col>
      </Grid>
      {selected && (
        <ConfirmModal
          opened={removing}
          title={t('callcenter.remove.title')}
          message={t('callcenter.remove.message', { name: selected.name })}
          confirmLabel={t('callcenter.remove.confirm')}
          loading={archive.isPending}
          error={archive.error ? problemMessage(archive.error, t) : undefined}
          onClose={() => setRemoving(false)}
          onConfirm={() =>
            archive.mutate(selected.id, {
              onSuccess: () => {
                setRemoving(false);
                clear();
                setNotice(t('callcenter.remove.done', { name: selected.name }));
              },
            })
          }
        />
      )}
      {selected && (
        <PreRegistrationModal
          opened={preOpen}
          person={{ id: selected.id, name: selected.name }}
          onClose={() => setPreOpen(false)}
        />
      )}
    </Stack>
  );
}
