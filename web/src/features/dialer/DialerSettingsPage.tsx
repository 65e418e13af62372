import { nationalHolidays, UFS, type Uf, ZDialerSettingsRequest } from '@funil/domain';
import {
  Alert,
  Badge,
  Box,
  Button,
  Divider,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { formatDay } from '../../lib/format.ts';
import { fieldErrorMap, isVersionMismatch, problemMessage } from '../../lib/problems.ts';
import { useReload } from '../../lib/use-reload.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';
import { DoNotCallSection } from './DoNotCallSection.tsx';
import { HoursEditor } from './HoursEditor.tsx';
import { useDialerSettings, useSaveDialerSettings } from './queries.ts';
import {
  dialerFieldMessage,
  dialerIssueToFieldError,
  type SettingsForm,
  settingsFormOf,
  settingsRequest,
} from './rules-form.ts';

function Block({ title, intro, children }: { title: string; intro?: string; children: ReactNode }) {
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {title}
      </Title>
      {intro && (
        <Text size="sm" c="dimmed">
          {intro}
        </Text>
      )}
      {children}
    </Stack>
  );
}

const NEW_HOLIDAY = { date: '', name: '', ufs: [] as Uf[] };

/** The dialing rules: hours per kind of day and state, holidays, daily attempts and the short-call warning. */
function RulesSection() {
  const { t, i18n } = useTranslation();
  const query = useDialerSettings();
  const save = useSaveDialerSettings();
  const [draft, setDraft] = useState<SettingsForm | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [newUf, setNewUf] = useState<string | null>(null);
  const { reloading, reload } = useReload(
    () => query.refetch(),
    () => {
      setDraft(null);
      setErrors({});
      save.reset();
    },
  );
  if (query.isPending) return <Skeleton height={480} />;
  if (query.isError) {
    return (
      <ErrorState
        title={t('dialer.loadError')}
        message={problemMessage(query.error, t)}
        onRetry={() => void query.refetch()}
      />
    );
  }
  const settings = query.data;
  const form = draft ?? settingsFormOf(settings);
  const update = (next: SettingsForm) => {
    setSaved(false);
    setDraft(next);
  };
  const error = (path: string) => {
    const code = errors[path];
    return code ? dialerFieldMessage(code, t) : undefined;
  };
  const stale = save.isError && isVersionMismatch(save.error);
  const year = new Date().getFullYear();
  const freeUfs = UFS.filter((uf) => !form.byUf.some((o) => o.uf === uf));

  const submit = () => {
    const body = settingsRequest(form);
    const parsed = ZDialerSettingsRequest.safeParse(body);
    if (!parsed.success) {
      setErrors(fieldErrorMap(parsed.error.issues.map(dialerIssueToFieldError)));
      return;
    }
    setErrors({});
    save.mutate(
      { body: parsed.data, version: settings.version },
      {
        onSuccess: () => {
          setDraft(null);
          setSaved(true);
        },
        onError: (e) => {
          if (isApiError(e) && e.errors.length > 0) setErrors(fieldErrorMap(e.errors));
        },
      },
    );
  };

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="dialer-rules-title">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h4" id="dialer-rules-title">
            {t('dialer.settings.hoursTitle')}
          </Title>
          <Group gap="xs" data-testid="dialer-provider">
            <Text size="sm" c="dimmed">
              {t('dialer.settings.provider')}:
            </Text>
            {settings.provider.name === 'none' ? (
              <Text size="sm">{t('dialer.settings.providerNone')}</Text>
            ) : (
              <Text size="sm" fw={600}>
                {settings.provider.name}
              </Text>
            )}
            {settings.provider.simulator && (
              <Badge color="grape" variant="light" data-testid="dialer-simulator">
                {t('dialer.settings.simulator')}
              </Badge>
            )}
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          {t('dialer.settings.hoursIntro')}
        </Text>
        {saved && (
          <Alert
            color="green"
            variant="light"
            role="status"
            withCloseButton
            closeButtonLabel={t('common.close')}
            onClose={() => setSaved(false)}
            data-testid="dialer-saved"
          >
            {t('dialer.settings.saved')}
          </Alert>
        )}
        {stale && <StaleVersionAlert onReload={() => void reload()} reloading={reloading} />}
        {save.isError && !stale && (
          <Alert color="red" variant="light" role="alert" data-testid="dialer-error">
            {problemMessage(save.error, t)}
          </Alert>
        )}

        <HoursEditor
          uf={null}
          hours={form.default}
          onChange={(hours) => update({ ...form, default: hours })}
          error={error}
        />

        <Divider />
        <Block title={t('dialer.settings.byUfTitle')} intro={t('dialer.settings.byUfIntro')}>
          {form.byUf.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('dialer.settings.byUfEmpty')}
            </Text>
          )}
          {form.byUf.map(({ uf, hours }) => (
            <Paper key={uf} withBorder p="sm" data-testid="uf-override" data-uf={uf}>
              <Group justify="space-between" mb="xs">
                <Text fw={600}>{t('dialer.settings.ufHours', { uf })}</Text>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  aria-label={t('dialer.settings.removeUf', { uf })}
                  onClick={() => update({ ...form, byUf: form.byUf.filter((o) => o.uf !== uf) })}
                  data-testid={`uf-remove-${uf}`}
                >
                  {t('common.remove')}
                </Button>
              </Group>
              <HoursEditor
                uf={uf}
                hours={hours}
                onChange={(next) =>
                  update({ ...form, byUf: form.byUf.map((o) => (o.uf === uf ? { uf, hours: next } : o)) })
                }
                error={error}
              />
            </Paper>
          ))}
          <Group gap="xs" align="flex-end">
            <Select
              label={t('dialer.settings.pickUf')}
              data={freeUfs}
              value={newUf}
              onChange={setNewUf}
              searchable
              w={140}
              data-testid="uf-pick"
            />
            <Button
              variant="default"
              disabled={!newUf}
              onClick={() => {
                if (!newUf) return;
                update({
                  ...form,
                  byUf: [...form.byUf, { uf: newUf as Uf, hours: form.default }],
                });
                setNewUf(null);
              }}
              data-testid="uf-add"
            >
              {t('dialer.settings.addUf')}
            </Button>
          </Group>
        </Block>

        <Divider />
        <Block title={t('dialer.settings.holidaysTitle')} intro={t('dialer.settings.holidaysIntro')}>
          {form.extraHolidays.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('dialer.settings.holidaysEmpty')}
            </Text>
          )}
          {form.extraHolidays.map((h, i) => {
            const set = (patch: Partial<typeof h>) =>
              update({
                ...form,
                extraHolidays: form.extraHolidays.map((x, j) => (j === i ? { ...x, ...patch } : x)),
              });
            const path = `callingRules.extraHolidays.${i}`;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id; removal re-renders the rest
              <Group key={i} gap="xs" align="flex-start" wrap="wrap" data-testid="holiday-row">
                <TextInput
                  label={t('dialer.settings.holidayDate')}
                  placeholder="dd/mm/aaaa"
                  value={h.date}
                  onChange={(e) => set({ date: e.currentTarget.value })}
                  maxLength={10}
                  w={130}
                  error={error(`${path}.date`)}
                  data-testid="holiday-date"
                />
                <TextInput
                  label={t('dialer.settings.holidayName')}
                  value={h.name}
                  onChange={(e) => set({ name: e.currentTarget.value })}
                  maxLength={100}
                  w={240}
                  error={error(`${path}.name`)}
                  data-testid="holiday-name"
                />
                <MultiSelect
                  label={t('dialer.settings.holidayUfs')}
                  placeholder={h.ufs.length === 0 ? t('dialer.settings.holidayUfsAll') : undefined}
                  data={[...UFS]}
                  value={h.ufs}
                  onChange={(v) => set({ ufs: v as Uf[] })}
                  searchable
                  clearable
                  w={260}
                  error={error(`${path}.ufs`)}
                  data-testid="holiday-ufs"
                />
                <Button
                  mt={24}
                  variant="subtle"
                  color="red"
                  aria-label={t('dialer.settings.removeHoliday', { name: h.name || h.date })}
                  onClick={() =>
                    update({ ...form, extraHolidays: form.extraHolidays.filter((_, j) => j !== i) })
                  }
                >
                  {t('common.remove')}
                </Button>
              </Group>
            );
          })}
          <Group>
            <Button
              variant="default"
              onClick={() => update({ ...form, extraHolidays: [...form.extraHolidays, { ...NEW_HOLIDAY }] })}
              data-testid="holiday-add"
            >
              {t('dialer.settings.addHoliday')}
            </Button>
          </Group>
        </Block>

        <Block title={t('dialer.settings.nationalTitle', { year })}>
          <Table withTableBorder striped data-testid="national-holidays" maw={520}>
            <Table.Tbody>
              {nationalHolidays(year).map((h) => (
                <Table.Tr key={h.date}>
                  <Table.Td w={120}>{formatDay(h.date, i18n.language)}</Table.Td>
                  <Table.Td>{h.name}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Block>

        <Divider />
        <Block title={t('dialer.settings.limitsTitle')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <NumberInput
              label={t('dialer.settings.maxAttempts')}
              description={t('dialer.settings.maxAttemptsHint')}
              value={form.maxAttemptsPerDay}
              onChange={(v) => update({ ...form, maxAttemptsPerDay: typeof v === 'number' ? v : '' })}
              min={1}
              max={20}
              allowDecimal={false}
              allowNegative={false}
              error={errors.maxAttemptsPerDay ? t('dialer.errors.attempts') : undefined}
              data-testid="dialer-max-attempts"
            />
            <NumberInput
              label={t('dialer.settings.shortCallPercent')}
              description={t('dialer.settings.shortCallHint')}
              value={form.shortCallWarningPercent}
              onChange={(v) => update({ ...form, shortCallWarningPercent: typeof v === 'number' ? v : '' })}
              min={1}
              max={100}
              allowDecimal={false}
              allowNegative={false}
              suffix=" %"
              error={errors.shortCallWarningPercent ? t('dialer.errors.percent') : undefined}
              data-testid="dialer-short-percent"
            />
          </SimpleGrid>
        </Block>

        <Group justify="flex-end">
          {draft && (
            <Button
              variant="default"
              onClick={() => {
                setDraft(null);
                setErrors({});
              }}
              disabled={save.isPending}
            >
              {t('common.cancel')}
            </Button>
          )}
          <Button onClick={submit} loading={save.isPending} disabled={!draft} data-testid="dialer-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Administração › Discador: the dialing rules and the do-not-call list (`manageWorkspace`). */
export function DialerSettingsPage() {
  const { t } = useTranslation();
  return (
    <Box maw={960} mx="auto">
      <PageHeader
        title={t('dialer.settings.title')}
        subtitle={
          <Text size="sm" c="dimmed">
            {t('dialer.settings.intro')}
          </Text>
        }
      />
      <Stack gap="md">
        <RulesSection />
        <DoNotCallSection />
      </Stack>
    </Box>
  );
}
