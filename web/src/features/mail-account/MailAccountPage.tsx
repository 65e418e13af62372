import { type MailConnectionCheck, ZMailAccountRequest } from '@funil/domain';
import {
  Alert,
  Box,
  Button,
  Fieldset,
  Group,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
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
import { SettingsSection } from '../workspace-settings/SettingsSection.tsx';
import {
  type MailAccountForm,
  type MailAccountSearch,
  mailAccountFormOf,
  mailAccountRequest,
  oauthStartUrl,
} from './mail-account.ts';
import {
  type MyMailAccount,
  useDisconnectMailAccount,
  useMyMailAccount,
  useSaveMailAccount,
  useTestMailAccount,
} from './queries.ts';

type Server = 'imap' | 'smtp';

/** One server's host, port and TLS switch. */
function ServerFields(props: {
  server: Server;
  form: MailAccountForm;
  set: <K extends keyof MailAccountForm>(key: K, value: MailAccountForm[K]) => void;
  error: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const { server, form, set, error } = props;
  const host = `${server}Host` as const;
  const port = `${server}Port` as const;
  const secure = `${server}Secure` as const;
  return (
    <Fieldset legend={t(`mailAccount.${server}`)}>
      <Stack gap="xs">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={t('mailAccount.host')}
            value={form[host]}
            onChange={(e) => set(host, e.currentTarget.value)}
            error={error(host)}
            required
            style={{ gridColumn: 'span 2' }}
            data-testid={`mail-${server}-host`}
          />
          <NumberInput
            label={t('mailAccount.port')}
            value={form[port]}
            onChange={(v) => set(port, typeof v === 'number' ? v : '')}
            min={1}
            max={65535}
            allowDecimal={false}
            allowNegative={false}
            error={error(port)}
            required
            data-testid={`mail-${server}-port`}
          />
        </SimpleGrid>
        <Switch
          label={t('mailAccount.secure')}
          description={t('mailAccount.secureHint')}
          checked={form[secure]}
          onChange={(e) => set(secure, e.currentTarget.checked)}
          data-testid={`mail-${server}-secure`}
        />
      </Stack>
    </Fieldset>
  );
}

/** The result of "Testar conexão", one line per server (an OAuth mailbox logs in with no password). */
function CheckResult({ check, oauth }: { check: MailConnectionCheck; oauth: boolean }) {
  const { t } = useTranslation();
  return (
    <Alert
      color={check.ok ? 'green' : 'red'}
      variant="light"
      role="status"
      title={t(check.ok ? 'mailAccount.testOk' : 'mailAccount.testFailed')}
      data-testid="mail-test-result"
      data-ok={check.ok}
    >
      {(['imap', 'smtp'] as const).map((server) => (
        <Text key={server} size="sm">
          {oauth && check[server].code === 'ok'
            ? t('mailAccount.checkOkOAuth', { server: server.toUpperCase() })
            : t(`mailAccount.check.${check[server].code}`, { server: server.toUpperCase() })}
        </Text>
      ))}
    </Alert>
  );
}

/** When the INBOX was last read and what it found, or why the last read failed. */
function PollStatus({ account }: { account: NonNullable<MyMailAccount['account']> }) {
  const { t, i18n } = useTranslation();
  if (account.pollError) {
    return (
      <Alert color="yellow" variant="light" data-testid="mail-poll-error">
        {t('mailAccount.pollError', { message: account.pollError })}
      </Alert>
    );
  }
  return (
    <Text size="sm" c="dimmed" data-testid="mail-poll-status">
      {account.polledAt
        ? t('mailAccount.status', {
            when: formatDateTime(account.polledAt, i18n.language),
            received: account.receivedCount,
            ignored: account.ignoredCount,
          })
        : t('mailAccount.neverPolled')}
    </Text>
  );
}

/** "Conectar com Google / Microsoft 365": links to the server's OAuth start, for the providers it configured. */
function OAuthButtons({ providers }: { providers: MyMailAccount['oauthProviders'] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Group gap="xs">
        {providers.map((provider) => (
          <Button
            key={provider}
            component="a"
            href={oauthStartUrl(provider)}
            variant="default"
            data-testid={`mail-oauth-${provider}`}
          >
            {t('mailAccount.connectWith', { provider: t(`mailAccount.providers.${provider}`) })}
          </Button>
        ))}
      </Group>
      <Text size="sm" c="dimmed">
        {t('mailAccount.orManual')}
      </Text>
    </Stack>
  );
}

/** How the last "Conectar com…" ended (the callback's redirect says it), until closed. */
function OAuthOutcome({ search }: { search: MailAccountSearch }) {
  const { t } = useTranslation();
  const [closed, setClosed] = useState(false);
  if (!search.oauth || !search.provider || closed) return null;
  return (
    <Alert
      color={search.oauth === 'connected' ? 'green' : 'red'}
      variant="light"
      withCloseButton
      onClose={() => setClosed(true)}
      data-testid="mail-oauth-outcome"
    >
      {t(`mailAccount.oauth.${search.oauth}`, { provider: t(`mailAccount.providers.${search.provider}`) })}
    </Alert>
  );
}

function MailAccountSection({
  data,
  refetch,
  search,
}: {
  data: MyMailAccount;
  refetch: () => Promise<unknown>;
  search: MailAccountSearch;
}) {
  const { t } = useTranslation();
  const save = useSaveMailAccount();
  const test = useTestMailAccount();
  const disconnect = useDisconnectMailAccount();
  const [draft, setDraft] = useState<MailAccountForm | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<'saved' | 'disconnected' | null>(null);
  const { reloading, reload } = useReload(refetch, () => {
    setDraft(null);
    setErrors({});
    save.reset();
  });
  const { account, version } = data;
  const oauthKind = account && account.authKind !== 'password' ? account.authKind : null;
  const form = draft ?? mailAccountFormOf(account);
  const set = <K extends keyof MailAccountForm>(key: K, value: MailAccountForm[K]) => {
    setNotice(null);
    test.reset();
    setDraft({ ...form, [key]: value });
  };
  const error = (field: string) => {
    const code = errors[field];
    return code ? fieldErrorMessage(code, t) : undefined;
  };
  const failure = save.error ?? disconnect.error ?? test.error;
  const stale = failure !== null && isVersionMismatch(failure);
  const submit = () => {
    const body = mailAccountRequest(form);
    const parsed = ZMailAccountRequest.safeParse(body);
    const missingPassword = !account && !form.password;
    if (!parsed.success || missingPassword) {
      const issues = parsed.success ? [] : parsed.error.issues.map(issueToFieldError);
      if (missingPassword) issues.push({ field: 'password', code: 'required' });
      setErrors(fieldErrorMap(issues));
      return;
    }
    setErrors({});
    save.mutate(
      { body, version },
      {
        onSuccess: () => {
          setDraft(null);
          setNotice('saved');
        },
        onError: (e) => {
          if (isApiError(e) && e.errors.length > 0) setErrors(fieldErrorMap(e.errors));
        },
      },
    );
  };
  return (
    <SettingsSection
      name="mail-account"
      title={t('mailAccount.title')}
      intro={t('mailAccount.intro')}
      notice={
        account ? (
          <PollStatus account={account} />
        ) : (
          <Alert color="blue" variant="light" data-testid="mail-not-connected">
            {t('mailAccount.notConnected')}
          </Alert>
        )
      }
      saved={notice !== null}
      savedMessage={t(notice === 'disconnected' ? 'mailAccount.disconnected' : 'mailAccount.saved')}
      onCloseSaved={() => setNotice(null)}
      stale={stale}
      onReload={() => void reload()}
      reloading={reloading}
      error={failure}
    >
      <OAuthOutcome search={search} />
      {account && oauthKind ? (
        <Alert
          color="blue"
          variant="light"
          title={t('mailAccount.connectedWith', {
            provider: t(`mailAccount.providers.${oauthKind}`),
            address: account.address,
          })}
          data-testid="mail-oauth-connected"
        >
          {t('mailAccount.connectedHint', { provider: t(`mailAccount.providers.${oauthKind}`) })}
        </Alert>
      ) : (
        <>
          {!account && data.oauthProviders.length > 0 && <OAuthButtons providers={data.oauthProviders} />}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('mailAccount.address')}
              type="email"
              value={form.address}
              onChange={(e) => set('address', e.currentTarget.value)}
              error={error('address')}
              required
              data-testid="mail-address"
            />
            <TextInput
              label={t('mailAccount.username')}
              value={form.username}
              onChange={(e) => set('username', e.currentTarget.value)}
              error={error('username')}
              placeholder={form.address}
              autoComplete="off"
              data-testid="mail-username"
            />
          </SimpleGrid>
          <PasswordInput
            label={t('mailAccount.password')}
            value={form.password}
            onChange={(e) => set('password', e.currentTarget.value)}
            placeholder={account ? t('mailAccount.passwordKept') : undefined}
            description={account ? t('mailAccount.passwordHint') : undefined}
            error={error('password')}
            required={!account}
            autoComplete="new-password"
            data-testid="mail-password"
          />
          <ServerFields server="imap" form={form} set={set} error={error} />
          <ServerFields server="smtp" form={form} set={set} error={error} />
        </>
      )}
      {test.data && !draft && <CheckResult check={test.data} oauth={oauthKind !== null} />}
      <Group justify="space-between">
        <Group gap="xs">
          {account && (
            <Button
              variant="default"
              onClick={() => test.mutate()}
              loading={test.isPending}
              disabled={draft !== null}
              data-testid="mail-test"
            >
              {t('mailAccount.test')}
            </Button>
          )}
          {account && (
            <Button
              variant="subtle"
              color="red"
              onClick={() =>
                disconnect.mutate(version, {
                  onSuccess: () => {
                    setDraft(null);
                    test.reset();
                    setNotice('disconnected');
                  },
                })
              }
              loading={disconnect.isPending}
              data-testid="mail-disconnect"
            >
              {t('mailAccount.disconnect')}
            </Button>
          )}
        </Group>
        {!oauthKind && (
          <Group gap="xs">
            {draft && (
              <Button variant="default" onClick={() => setDraft(null)} disabled={save.isPending}>
                {t('common.cancel')}
              </Button>
            )}
            <Button onClick={submit} loading={save.isPending} disabled={!draft} data-testid="mail-save">
              {t('common.save')}
            </Button>
          </Group>
        )}
      </Group>
    </SettingsSection>
  );
}

/** Minha caixa de e-mail (user menu): connect, test and disconnect the user's own mailbox. */
export function MailAccountPage({ search }: { search: MailAccountSearch }) {
  const { t } = useTranslation();
  const query = useMyMailAccount();
  return (
    <Box maw={900} mx="auto">
      <PageHeader title={t('mailAccount.title')} />
      {query.isPending ? (
        <Skeleton height={480} />
      ) : query.isError ? (
        <ErrorState
          title={t('mailAccount.loadError')}
          message={problemMessage(query.error, t)}
          onRetry={() => void query.refetch()}
        />
      ) : (
        <MailAccountSection data={query.data} refetch={() => query.refetch()} search={search} />
      )}
    </Box>
  );
}
