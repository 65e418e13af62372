import { ZSmtpSettingsRequest } from '@funil/domain';
import {
  Alert,
  Box,
  Button,
  Group,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import {
  fieldErrorMap,
  fieldErrorMessage,
  issueToFieldError,
  isVersionMismatch,
  problemMessage,
} from '../../lib/problems.ts';
import { useReload } from '../../lib/use-reload.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import {
  useLookupSettings,
  useSaveLookupSettings,
  useSaveSmtp,
  useSaveWalletSettings,
  useSmtpSettings,
  useWalletSettings,
} from './queries.ts';
import { SettingsSection } from './SettingsSection.tsx';
import { type SmtpForm, smtpFormOf, smtpRequest } from './settings.ts';

function SmtpSection() {
  const { t } = useTranslation();
  const query = useSmtpSettings();
  const save = useSaveSmtp();
  const [draft, setDraft] = useState<SmtpForm | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const { reloading, reload } = useReload(
    () => query.refetch(),
    () => {
      setDraft(null);
      setErrors({});
      save.reset();
    },
  );
  if (query.isPending) return <Skeleton height={320} />;
  if (query.isError) {
    return (
      <ErrorState
        title={t('workspaceSettings.loadError')}
        message={problemMessage(query.error, t)}
        onRetry={() => void query.refetch()}
      />
    );
  }
  const { smtp, version } = query.data;
  const form = draft ?? smtpFormOf(smtp);
  const set = <K extends keyof SmtpForm>(key: K, value: SmtpForm[K]) => {
    setSaved(false);
    setDraft({ ...form, [key]: value });
  };
  const error = (field: string) => {
    const code = errors[field];
    return code ? fieldErrorMessage(code, t) : undefined;
  };
  const stale = save.isError && isVersionMismatch(save.error);
  const submit = () => {
    const body = smtpRequest(form);
    const parsed = ZSmtpSettingsRequest.safeParse(body);
    if (!parsed.success) {
      setErrors(fieldErrorMap(parsed.error.issues.map(issueToFieldError)));
      return;
    }
    setErrors({});
    save.mutate(
      { body, version },
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
    <SettingsSection
      name="smtp"
      title={t('workspaceSettings.smtp.title')}
      intro={t('workspaceSettings.smtp.intro')}
      notice={
        !smtp && (
          <Alert color="yellow" variant="light" data-testid="smtp-not-configured">
            {t('workspaceSettings.smtp.notConfigured')}
          </Alert>
        )
      }
      saved={saved}
      savedMessage={t('workspaceSettings.smtp.saved')}
      onCloseSaved={() => setSaved(false)}
      stale={stale}
      onReload={() => void reload()}
      reloading={reloading}
      error={save.isError ? save.error : null}
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <TextInput
          label={t('workspaceSettings.smtp.host')}
          value={form.host}
          onChange={(e) => set('host', e.currentTarget.value)}
          error={error('host')}
          required
          style={{ gridColumn: 'span 2' }}
          data-testid="smtp-host"
        />
        <NumberInput
          label={t('workspaceSettings.smtp.port')}
          value={form.port}
          onChange={(v) => set('port', typeof v === 'number' ? v : '')}
          min={1}
          max={65535}
          allowDecimal={false}
          allowNegative={false}
          error={error('port')}
          required
          data-testid="smtp-port"
        />
      </SimpleGrid>
      <Switch
        label={t('workspaceSettings.smtp.secure')}
        description={t('workspaceSettings.smtp.secureHint')}
        checked={form.secure}
        onChange={(e) => set('secure', e.currentTarget.checked)}
        data-testid="smtp-secure"
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label={t('workspaceSettings.smtp.user')}
          value={form.user}
          onChange={(e) => set('user', e.currentTarget.value)}
          error={error('user')}
          autoComplete="off"
          data-testid="smtp-user"
        />
        <PasswordInput
          label={t('workspaceSettings.smtp.password')}
          value={form.password}
          onChange={(e) => set('password', e.currentTarget.value)}
          placeholder={smtp?.passwordSet ? t('workspaceSettings.smtp.passwordKept') : undefined}
          description={smtp?.passwordSet ? t('workspaceSettings.smtp.passwordHint') : undefined}
          error={error('password')}
          autoComplete="new-password"
          data-testid="smtp-password"
        />
      </SimpleGrid>
      <TextInput
        label={t('workspaceSettings.smtp.from')}
        type="email"
        value={form.from}
        onChange={(e) => set('from', e.currentTarget.value)}
        error={error('from')}
        required
        data-testid="smtp-from"
      />
      <Group justify="flex-end">
        {draft && (
          <Button variant="default" onClick={() => setDraft(null)} disabled={save.isPending}>
            {t('common.cancel')}
          </Button>
        )}
        <Button onClick={submit} loading={save.isPending} disabled={!draft} data-testid="smtp-save">
          {t('common.save')}
        </Button>
      </Group>
    </SettingsSection>
  );
}

function WalletSection() {
  const { t } = useTranslation();
  const query = useWalletSettings();
  const save = useSaveWalletSettings();
  const [draft, setDraft] = useState<number | '' | null>(null);
  const [saved, setSaved] = useState(false);
  const { reloading, reload } = useReload(
    () => query.refetch(),
    () => {
      setDraft(null);
      save.reset();
    },
  );
  if (query.isPending) return <Skeleton height={160} />;
  if (query.isError) {
    return (
      <ErrorState
        title={t('workspaceSettings.loadError')}
        message={problemMessage(query.error, t)}
        onRetry={() => void query.refetch()}
      />
    );
  }
  const value = draft ?? query.data.expiryDays;
  const stale = save.isError && isVersionMismatch(save.error);
  const submit = () => {
    if (typeof value !== 'number') return;
    save.mutate(
      { expiryDays: value, version: query.data.version },
      {
        onSuccess: () => {
          setDraft(null);
          setSaved(true);
        },
      },
    );
  };
  return (
    <SettingsSection
      name="wallet"
      title={t('workspaceSettings.wallet.title')}
      intro={t('workspaceSettings.wallet.intro')}
      saved={saved}
      savedMessage={t('workspaceSettings.wallet.saved')}
      onCloseSaved={() => setSaved(false)}
      stale={stale}
      onReload={() => void reload()}
      reloading={reloading}
      error={save.isError ? save.error : null}
    >
      <NumberInput
        label={t('workspaceSettings.wallet.expiryDays')}
        value={value}
        onChange={(v) => {
          setSaved(false);
          setDraft(typeof v === 'number' ? v : '');
        }}
        min={0}
        max={3650}
        allowDecimal={false}
        allowNegative={false}
        clampBehavior="strict"
        maw={360}
        data-testid="wallet-expiry-days"
      />
      <Group justify="flex-end">
        {draft !== null && (
          <Button variant="default" onClick={() => setDraft(null)} disabled={save.isPending}>
            {t('common.cancel')}
          </Button>
        )}
        <Button
          onClick={submit}
          loading={save.isPending}
          disabled={draft === null || typeof value !== 'number'}
          data-testid="wallet-save"
        >
          {t('common.save')}
        </Button>
      </Group>
    </SettingsSection>
  );
}

/** CNPJ and CEP lookups: one switch, saved as it is flipped. */
function LookupsSection() {
  const { t } = useTranslation();
  const query = useLookupSettings();
  const save = useSaveLookupSettings();
  const [saved, setSaved] = useState(false);
  const { reloading, reload } = useReload(
    () => query.refetch(),
    () => save.reset(),
  );
  if (query.isPending) return <Skeleton height={120} />;
  if (query.isError) {
    return (
      <ErrorState
        title={t('workspaceSettings.loadError')}
        message={problemMessage(query.error, t)}
        onRetry={() => void query.refetch()}
      />
    );
  }
  return (
    <SettingsSection
      name="lookups"
      title={t('lookups.settings.title')}
      intro={t('lookups.settings.hint')}
      saved={saved}
      savedMessage={t('lookups.settings.saved')}
      onCloseSaved={() => setSaved(false)}
      stale={save.isError && isVersionMismatch(save.error)}
      onReload={() => void reload()}
      reloading={reloading}
      error={save.isError ? save.error : null}
    >
      <Switch
        label={t('lookups.settings.enabled')}
        checked={save.isPending ? save.variables.enabled : query.data.enabled}
        disabled={save.isPending}
        onChange={(e) => {
          setSaved(false);
          save.mutate(
            { enabled: e.currentTarget.checked, version: query.data.version },
            { onSuccess: () => setSaved(true) },
          );
        }}
        data-testid="lookups-enabled"
      />
    </SettingsSection>
  );
}

/** Administração › Configurações gerais: SMTP server, wallet expiry and CNPJ/CEP lookups (admins). */
export function WorkspaceSettingsPage() {
  const { t } = useTranslation();
  return (
    <Box maw={900} mx="auto">
      <PageHeader title={t('workspaceSettings.title')} />
      <Stack gap="md">
        <SmtpSection />
        <WalletSection />
        <LookupsSection />
      </Stack>
    </Box>
  );
}
