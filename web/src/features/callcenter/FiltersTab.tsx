import type { CallListFilter } from '@funil/domain';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NativeSelect,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { can } from '../auth/can.ts';
import { useSession } from '../auth/queries.ts';
import { useUsers } from '../directory/queries.ts';
import { useOpportunitySettings } from '../funnels/queries.ts';
import { EMPTY_FILTER_FORM, type FilterForm, fromCallListFilter, toCallListFilter } from './filter-form.ts';
import { useCallList, useDeleteSavedFilter, useSavedFilters, useSaveFilter } from './queries.ts';

/** Aba Filtros: the call list by contact dates, interest, publicity, lead type, phone/e-mail, owner; saved filters. */
type Props = {
  onOpenPerson: (id: string) => void;
  /** Turns the auto-dialer on over the applied filter. */
  onStartDialer: (filter: CallListFilter) => void;
  startingDialer: boolean;
};

export function FiltersTab({ onOpenPerson, onStartDialer, startingDialer }: Props) {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const settings = useOpportunitySettings();
  const users = useUsers();
  const [form, setForm] = useState<FilterForm>(EMPTY_FILTER_FORM);
  const [applied, setApplied] = useState<CallListFilter | null>(null);
  const [savedId, setSavedId] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveName, setSaveName] = useState('');
  const [saveShared, setSaveShared] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const list = useCallList(applied);
  const saved = useSavedFilters();
  const saveFilter = useSaveFilter();
  const deleteFilter = useDeleteSavedFilter();
  const set = <K extends keyof FilterForm>(key: K, value: FilterForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const options = (l: 'interest_level' | 'lead_type' | 'publicity') =>
    (settings.data?.lists[l] ?? []).map((o) => ({ value: o.id, label: o.label }));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = list.data?.pages[0]?.total ?? 0;
  const current = saved.data?.find((f) => f.id === savedId);

  return (
    <Stack>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Group align="end">
            <NativeSelect
              label={t('callcenter.filters.saved.label')}
              value={savedId}
              onChange={(e) => {
                const id = e.currentTarget.value;
                setSavedId(id);
                const f = saved.data?.find((s) => s.id === id);
                if (f) {
                  setForm(fromCallListFilter(f.filter));
                  setApplied(f.filter);
                }
              }}
              data={[
                { value: '', label: t('callcenter.filters.saved.placeholder') },
                ...(saved.data ?? []).map((f) => ({
                  value: f.id,
                  label: f.shared ? `${f.name} (${t('callcenter.filters.saved.sharedTag')})` : f.name,
                })),
              ]}
              data-testid="filters-saved"
              flex="1 1 240px"
            />
            {current?.mine && (
              <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
                {t('callcenter.filters.saved.delete')}
              </Button>
            )}
          </Group>
          <Group grow align="start">
            <TextInput
              type="date"
              label={t('callcenter.filters.contactedFrom')}
              value={form.contactedFrom}
              onChange={(e) => set('contactedFrom', e.currentTarget.value)}
            />
            <TextInput
              type="date"
              label={t('callcenter.filters.contactedTo')}
              value={form.contactedTo}
              onChange={(e) => set('contactedTo', e.currentTarget.value)}
            />
            <TextInput
              type="date"
              label={t('callcenter.filters.notContactedSince')}
              value={form.notContactedSince}
              onChange={(e) => set('notContactedSince', e.currentTarget.value)}
            />
          </Group>
          <Group grow align="start">
            <MultiSelect
              label={t('callcenter.filters.interest')}
              data={options('interest_level')}
              value={form.interestLevelIds}
              onChange={(v) => set('interestLevelIds', v)}
              clearable
            />
            <MultiSelect
              label={t('callcenter.filters.publicity')}
              data={options('publicity')}
              value={form.publicityIds}
              onChange={(v) => set('publicityIds', v)}
              clearable
              data-testid="filters-publicity"
            />
            <MultiSelect
              label={t('callcenter.filters.leadType')}
              data={options('lead_type')}
              value={form.leadTypeIds}
              onChange={(v) => set('leadTypeIds', v)}
              clearable
            />
          </Group>
          <Group grow align="start">
            <TextInput
              label={t('callcenter.filters.contact')}
              value={form.contact}
              onChange={(e) => set('contact', e.currentTarget.value)}
              data-testid="filters-contact"
            />
            <NativeSelect
              label={t('callcenter.filters.owner')}
              value={form.ownerId}
              onChange={(e) => set('ownerId', e.currentTarget.value)}
              data={[
                { value: '', label: '—' },
                ...(users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name })),
              ]}
            />
          </Group>
          <Group>
            <Button onClick={() => setApplied(toCallListFilter(form))} data-testid="filters-apply">
              {t('callcenter.filters.apply')}
            </Button>
            <Button
              variant="default"
              onClick={() => {
                setForm(EMPTY_FILTER_FORM);
                setApplied(null);
                setSavedId('');
              }}
            >
              {t('callcenter.filters.reset')}
            </Button>
            <Button variant="subtle" onClick={() => setSaving(true)} data-testid="filters-save">
              {t('callcenter.filters.saved.save')}
            </Button>
            <Button
              variant="light"
              color="green"
              disabled={applied === null}
              loading={startingDialer}
              onClick={() => applied && onStartDialer(applied)}
              data-testid="filters-start-dialer"
            >
              {t('callcenter.dialer.start')}
            </Button>
            {can(user, 'sendCampaigns') && (
              <Button
                variant="subtle"
                disabled={applied === null}
                onClick={() => applied && void navigate({ to: '/campaigns', search: { callList: applied } })}
                data-testid="filters-mass-send"
              >
                {t('callcenter.filters.massSend')}
              </Button>
            )}
          </Group>
        </Stack>
      </Paper>
      {applied !== null && (
        <Paper withBorder p="md">
          {list.isPending && <Skeleton h={80} />}
          {list.isError && (
            <Alert color="red" role="alert">
              {problemMessage(list.error, t) || t('callcenter.filters.error')}
            </Alert>
          )}
          {list.isSuccess && (
            <Stack gap="sm">
              <Text fw={600} data-testid="filters-total">
                {list.data?.pages[0]?.totalCapped
                  ? t('callcenter.filters.totalCapped', { cap: total })
                  : t('callcenter.filters.total', { count: total })}
              </Text>
              {items.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('callcenter.filters.empty')}
                </Text>
              ) : (
                <Table.ScrollContainer minWidth={720}>
                  <Table striped data-testid="filters-results">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('callcenter.filters.columns.name')}</Table.Th>
                        <Table.Th>{t('callcenter.filters.columns.phone')}</Table.Th>
                        <Table.Th>{t('callcenter.filters.columns.email')}</Table.Th>
                        <Table.Th>{t('callcenter.filters.columns.owner')}</Table.Th>
                        <Table.Th>{t('callcenter.filters.columns.lastContact')}</Table.Th>
                        <Table.Th>{t('callcenter.filters.columns.interest')}</Table.Th>
                        <Table.Th>{t('callcenter.filters.columns.publicity')}</Table.Th>
                        <Table.Th>{t('callcenter.filters.columns.leadType')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {items.map((i) => (
                        <Table.Tr key={i.id} data-testid="filters-row">
                          <Table.Td>
                            <Button
                              variant="subtle"
                              size="compact-sm"
                              title={t('callcenter.filters.open')}
                              onClick={() => onOpenPerson(i.id)}
                            >
                              {i.name}
                            </Button>
                          </Table.Td>
                          <Table.Td>{i.primaryPhone ?? ''}</Table.Td>
                          <Table.Td>{i.primaryEmail ?? ''}</Table.Td>
                          <Table.Td>{i.owner?.name ?? ''}</Table.Td>
                          <Table.Td>
                            {i.lastContactAt ? (
                              <RelativeTime iso={i.lastContactAt} />
                            ) : (
                              t('callcenter.filters.never')
                            )}
                          </Table.Td>
                          <Table.Td>{i.interestLevel ?? ''}</Table.Td>
                          <Table.Td>
                            {i.publicity ? <Badge variant="light">{i.publicity}</Badge> : ''}
                          </Table.Td>
                          <Table.Td>{i.leadType ?? ''}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
              {list.hasNextPage && (
                <Button
                  variant="subtle"
                  onClick={() => void list.fetchNextPage()}
                  loading={list.isFetchingNextPage}
                >
                  {t('callcenter.filters.more')}
                </Button>
              )}
            </Stack>
          )}
        </Paper>
      )}
      <Modal opened={saving} onClose={() => setSaving(false)} title={t('callcenter.filters.saved.save')}>
        <Stack>
          <TextInput
            label={t('callcenter.filters.saved.name')}
            value={saveName}
            maxLength={120}
            onChange={(e) => setSaveName(e.currentTarget.value)}
            data-testid="filters-save-name"
          />
          <Checkbox
            label={t('callcenter.filters.saved.shared')}
            checked={saveShared}
            onChange={(e) => setSaveShared(e.currentTarget.checked)}
          />
          {saveFilter.error && (
            <Alert color="red" role="alert">
              {problemMessage(saveFilter.error, t)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button
              disabled={!saveName.trim()}
              loading={saveFilter.isPending}
              onClick={() =>
                saveFilter.mutate(
                  { name: saveName.trim(), filter: toCallListFilter(form), shared: saveShared },
                  {
                    onSuccess: (f) => {
                      setSaving(false);
                      setSaveName('');
                      setSavedId(f.id);
                    },
                  },
                )
              }
              data-testid="filters-save-confirm"
            >
              {t('callcenter.filters.saved.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      {current && (
        <ConfirmModal
          opened={deleting}
          title={t('callcenter.filters.saved.delete')}
          message={t('callcenter.filters.saved.deleteConfirm', { name: current.name })}
          confirmLabel={t('callcenter.filters.saved.delete')}
          loading={deleteFilter.isPending}
          error={deleteFilter.error ? problemMessage(deleteFilter.error, t) : undefined}
          onClose={() => setDeleting(false)}
          onConfirm={() =>
            deleteFilter.mutate(current.id, {
              onSuccess: () => {
                setDeleting(false);
                setSavedId('');
              },
            })
          }
        />
      )}
    </Stack>
  );
}
