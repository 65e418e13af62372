import {
  Alert,
  Button,
  CopyButton,
  Group,
  Paper,
  PasswordInput,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { fieldErrorMessage, isVersionMismatch, problemMessage } from '../../lib/problems.ts';
import { useReload } from '../../lib/use-reload.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';
import { useSaveWhatsAppAccount, useWhatsAppAccount } from './queries.ts';
import {
  type SECRET_FIELDS,
  type WhatsAppField,
  type WhatsAppForm,
  webhookUrlOf,
  whatsAppFormErrors,
  whatsAppFormOf,
  whatsAppRequest,
} from './whatsapp-account.ts';

const ERROR_KEYS = {
  apiUrl: 'campaigns.whatsapp.errorApiUrl',
  apiVersion: 'campaigns.whatsapp.errorApiVersion',
  phoneNumberId: 'campaigns.whatsapp.errorPhoneNumberId',
  accessToken: 'campaigns.whatsapp.errorAccessToken',
  appSecret: 'campaigns.whatsapp.errorAppSecret',
  verifyToken: 'campaigns.whatsapp.errorVerifyToken',
} as const satisfies Record<WhatsAppField, string>;

/**
 * The workspace's WhatsApp Business number (Cloud API): where the API is, the phone number id, the write-only token,
 * app secret and verify token (shown as "configurado" once stored, replaced only when typed), and the webhook URL
 * to paste into Meta. Saved against the version read (If-Match); a stale save offers a reload.
 */
export function WhatsAppAccountSection() {
  const { t } = useTranslation();
  const query = useWhatsAppAccount();
  const save = useSaveWhatsAppAccount();
  const [draft, setDraft] = useState<WhatsAppForm | null>(null);
  const [errors, setErrors] = useState<Partial<Record<WhatsAppField, 'required' | 'invalid'>>>({});
  const [saved, setSaved] = useState(false);
  const { reloading, reload } = useReload(
    () => query.refetch(),
    () => {
      setDraft(null);
      setErrors({});
      save.reset();
    },
  );
  if (query.isPending) return <Skeleton height={420} data-testid="whatsapp-loading" />;
  if (query.isError) {
    return (
      <ErrorState
        title={t('campaigns.whatsapp.loadError')}
        message={problemMessage(query.error, t)}
        onRetry={() => void query.refetch()}
      />
    );
  }
  const account = query.data;
  const form = draft ?? whatsAppFormOf(account);
  const webhookUrl = webhookUrlOf(window.location.origin, account.webhookPath);
  const set = (key: WhatsAppField, value: string) => {
    setSaved(false);
    setDraft({ ...form, [key]: value });
  };
  const error = (field: WhatsAppField) => {
    const e = errors[field];
    if (!e) return undefined;
    return e === 'required' ? fieldErrorMessage('required', t) : t(ERROR_KEYS[field]);
  };
  const stale = save.isError && isVersionMismatch(save.error);
  const conflict = save.isError && isApiError(save.error) && save.error.status === 409;
  const submit = () => {
    const found = whatsAppFormErrors(form, account.configured);
    setErrors(found);
    if (Object.keys(found).length) return;
    save.mutate(
      { body: whatsAppRequest(form), version: account.version },
      {
        onSuccess: () => {
          setDraft(null);
          setSaved(true);
        },
        onError: (e) => {
          if (!isApiError(e) || e.errors.length === 0) return;
          const fromServer: Partial<Record<WhatsAppField, 'required' | 'invalid'>> = {};
          for (const { field, code } of e.errors) {
            if (field in ERROR_KEYS) {
              fromServer[field as WhatsAppField] = code === 'required' ? 'required' : 'invalid';
            }
          }
          setErrors(fromServer);
        },
      },
    );
  };
  const secretInput = (field: (typeof SECRET_FIELDS)[number], hint?: string) => (
    <PasswordInput
      label={t(`campaigns.whatsapp.${field}`)}
      value={form[field]}
      onChange={(e) => set(field, e.currentTarget.value)}
      placeholder={account.configured ? t('campaigns.whatsapp.secretSet') : undefined}
      description={account.configured ? t('campaigns.whatsapp.secretHint') : hint}
      error={error(field)}
      required={!account.configured}
      autoComplete="new-password"
      data-testid={`whatsapp-${field}`}
    />
  );
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="whatsapp-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="whatsapp-title">
          {t('campaigns.whatsapp.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('campaigns.whatsapp.intro')}
        </Text>
        {!account.configured && (
          <Alert color="yellow" variant="light" data-testid="whatsapp-not-configured">
            {t('campaigns.whatsapp.notConfigured')}
          </Alert>
        )}
        {saved && (
          <Alert
            color="green"
            variant="light"
            role="status"
            withCloseButton
            closeButtonLabel={t('common.close')}
            onClose={() => setSaved(false)}
            data-testid="whatsapp-saved"
          >
            {t('campaigns.whatsapp.saved')}
          </Alert>
        )}
        {stale && <StaleVersionAlert onReload={() => void reload()} reloading={reloading} />}
        {save.isError && !stale && (
          <Alert color="red" variant="light" role="alert" data-testid="whatsapp-error">
            {conflict ? t('campaigns.whatsapp.conflict') : problemMessage(save.error, t)}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={t('campaigns.whatsapp.apiUrl')}
            value={form.apiUrl}
            onChange={(e) => set('apiUrl', e.currentTarget.value)}
            error={error('apiUrl')}
            required
            style={{ gridColumn: 'span 2' }}
            data-testid="whatsapp-apiUrl"
          />
          <TextInput
            label={t('campaigns.whatsapp.apiVersion')}
            value={form.apiVersion}
            onChange={(e) => set('apiVersion', e.currentTarget.value)}
            error={error('apiVersion')}
            required
            data-testid="whatsapp-apiVersion"
          />
        </SimpleGrid>
        <TextInput
          label={t('campaigns.whatsapp.phoneNumberId')}
          value={form.phoneNumberId}
          onChange={(e) => set('phoneNumberId', e.currentTarget.value)}
          error={error('phoneNumberId')}
          inputMode="numeric"
          required
          data-testid="whatsapp-phoneNumberId"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {secretInput('accessToken')}
          {secretInput('appSecret')}
        </SimpleGrid>
        {secretInput('verifyToken', t('campaigns.whatsapp.verifyTokenHint'))}
        <Group align="end" gap="xs" wrap="nowrap">
          <TextInput
            label={t('campaigns.whatsapp.webhookUrl')}
            description={t('campaigns.whatsapp.webhookHint')}
            value={webhookUrl}
            readOnly
            style={{ flex: 1 }}
            data-testid="whatsapp-webhookUrl"
          />
          <CopyButton value={webhookUrl}>
            {({ copied, copy }) => (
              <Button
                variant="light"
                color={copied ? 'teal' : 'blue'}
                onClick={copy}
                data-testid="whatsapp-webhook-copy"
              >
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group justify="flex-end">
          {draft && (
            <Button variant="default" onClick={() => setDraft(null)} disabled={save.isPending}>
              {t('common.cancel')}
            </Button>
          )}
          <Button onClick={submit} loading={save.isPending} disabled={!draft} data-testid="whatsapp-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
