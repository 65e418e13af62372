import {
  API_SCOPES,
  type ApiScope,
  INTEGRATION_KINDS,
  INTEGRATION_TIMEOUT_SECONDS,
  type Integration,
  type IntegrationKind,
  isCidr,
  isWebOrigin,
} from '@funil/domain';
import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  PasswordInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';
import { GeneralError, useModalErrors } from '../admin/shared.tsx';
import { toOptions, useTeams } from '../directory/queries.ts';
import { useCreateIntegration, useUpdateIntegration } from './queries.ts';

/** i18n keys of the scopes (i18next reads `:` as a namespace separator, so the scope is not the key). */
export const SCOPE_KEYS: Record<ApiScope, 'receivables' | 'creditLimits' | 'salesOrders' | 'intakeLeads'> = {
  'erp:receivables': 'receivables',
  'erp:credit-limits': 'creditLimits',
  'erp:sales-orders': 'salesOrders',
  'intake:leads': 'intakeLeads',
};

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The first line that `valid` refuses, 1-based, as the form names it. */
function firstBadLine(text: string, valid: (v: string) => boolean) {
  const all = text.split('\n').map((l) => l.trim());
  const index = all.findIndex((l) => l !== '' && !valid(l));
  return index < 0 ? null : { line: index + 1, value: all[index] as string };
}

type Props = {
  /** null: create. */
  integration: Integration | null;
  onClose: () => void;
  onCreated: (secret: string) => void;
  /** Loads the list again after someone else saved first (412). */
  onReload: () => void;
};

/** Create or edit an integration: token settings, limits, panel settings and, for a helpdesk, the Chatwoot connection. */
export function IntegrationFormModal({ integration, onClose, onCreated, onReload }: Props) {
  const { t } = useTranslation();
  const teams = useTeams();
  const create = useCreateIntegration();
  const update = useUpdateIntegration();
  const errors = useModalErrors();
  const [name, setName] = useState(integration?.name ?? '');
  const [kind, setKind] = useState<IntegrationKind>(integration?.kind ?? 'helpdesk');
  const [scopes, setScopes] = useState<string[]>(integration?.scopes ?? []);
  const [cidrs, setCidrs] = useState((integration?.allowedCidrs ?? []).join('\n'));
  const [timeout, setTimeoutSeconds] = useState<number | string>(
    integration?.timeoutSeconds ?? INTEGRATION_TIMEOUT_SECONDS.default,
  );
  const [teamIds, setTeamIds] = useState<string[]>(integration?.linkingTeamIds ?? []);
  const [origins, setOrigins] = useState((integration?.frameOrigins ?? []).join('\n'));
  const [baseUrl, setBaseUrl] = useState(integration?.connection?.baseUrl ?? '');
  const [accountId, setAccountId] = useState(integration?.connection?.accountId ?? '');
  const [apiToken, setApiToken] = useState('');
  const [webhookSecret, setWebhookSecret] = useState('');
  const [lineErrors, setLineErrors] = useState<{ cidrs?: string; origins?: string }>({});
  const pending = create.isPending || update.isPending;

  const submit = async () => {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'required';
    if (scopes.length === 0) found.scopes = 'required';
    if (
      kind === 'helpdesk' &&
      (baseUrl.trim() || accountId.trim() || apiToken.trim() || webhookSecret.trim())
    ) {
      if (!baseUrl.trim()) found['connection.baseUrl'] = 'required';
      if (!accountId.trim()) found['connection.accountId'] = 'required';
    }
    errors.setClientErrors(found);
    const badCidr = firstBadLine(cidrs, isCidr);
    const badOrigin = firstBadLine(origins, isWebOrigin);
    setLineErrors({
      ...(badCidr ? { cidrs: t('integrations.form.invalidCidr', badCidr) } : {}),
      ...(badOrigin ? { origins: t('integrations.form.invalidOrigin', badOrigin) } : {}),
    });
    if (Object.keys(found).length > 0 || badCidr || badOrigin) return;
    const connection =
      kind === 'helpdesk' && baseUrl.trim()
        ? {
            provider: 'chatwoot' as const,
            baseUrl: baseUrl.trim(),
            accountId: accountId.trim(),
            ...(apiToken.trim() ? { apiToken: apiToken.trim() } : {}),
            ...(webhookSecret.trim() ? { webhookSecret: webhookSecret.trim() } : {}),
          }
        : null;
    const body = {
      name: name.trim(),
      scopes: scopes as ApiScope[],
      allowedCidrs: lines(cidrs),
      timeoutSeconds: Number(timeout),
      linkingTeamIds: teamIds,
      frameOrigins: lines(origins),
      connection,
    };
    try {
      if (integration) {
        await update.mutateAsync({ id: integration.id, version: integration.version, body });
        onClose();
      } else {
        const created = await create.mutateAsync({ ...body, kind });
        onCreated(created.secret);
      }
    } catch (error) {
      errors.fromServer(error);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={integration ? t('integrations.form.editTitle') : t('integrations.form.createTitle')}
      size="lg"
      centered
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack>
          <TextInput
            label={t('integrations.form.name')}
            placeholder={t('integrations.form.namePlaceholder')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.error('name')}
            required
            data-autofocus
            data-testid="integration-name"
          />
          <Select
            label={t('integrations.form.kind')}
            data={INTEGRATION_KINDS.map((k) => ({ value: k, label: t(`integrations.kinds.${k}`) }))}
            value={kind}
            onChange={(v) => v && setKind(v as IntegrationKind)}
            disabled={integration !== null}
            allowDeselect={false}
            data-testid="integration-kind"
          />
          <Checkbox.Group
            label={t('integrations.form.scopes')}
            value={scopes}
            onChange={setScopes}
            error={errors.error('scopes')}
            required
          >
            <Stack gap="xs" mt="xs">
              {API_SCOPES.map((scope) => (
                <Checkbox
                  key={scope}
                  value={scope}
                  label={
                    <>
                      {t(`integrations.scopes.${SCOPE_KEYS[scope]}`)}{' '}
                      <Text span size="xs" c="dimmed">
                        ({scope})
                      </Text>
                    </>
                  }
                  data-testid={`integration-scope-${scope}`}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          <Textarea
            label={t('integrations.form.cidrs')}
            description={t('integrations.form.cidrsHint')}
            value={cidrs}
            onChange={(e) => setCidrs(e.currentTarget.value)}
            error={lineErrors.cidrs ?? errors.error('allowedCidrs')}
            autosize
            minRows={2}
            data-testid="integration-cidrs"
          />
          <NumberInput
            label={t('integrations.form.timeout')}
            description={t('integrations.form.timeoutHint')}
            value={timeout}
            onChange={setTimeoutSeconds}
            min={INTEGRATION_TIMEOUT_SECONDS.min}
            max={INTEGRATION_TIMEOUT_SECONDS.max}
            allowDecimal={false}
            clampBehavior="strict"
            error={errors.error('timeoutSeconds')}
            data-testid="integration-timeout"
          />
          <MultiSelect
            label={t('integrations.form.teams')}
            description={t('integrations.form.teamsHint')}
            data={toOptions(teams.data, teamIds)}
            value={teamIds}
            onChange={setTeamIds}
            searchable
            error={errors.error('linkingTeamIds')}
            data-testid="integration-teams"
          />
          <Textarea
            label={t('integrations.form.origins')}
            description={t('integrations.form.originsHint')}
            value={origins}
            onChange={(e) => setOrigins(e.currentTarget.value)}
            error={lineErrors.origins ?? errors.error('frameOrigins')}
            autosize
            minRows={2}
            data-testid="integration-origins"
          />
          {kind === 'helpdesk' && (
            <Fieldset legend={t('integrations.form.connection')}>
              <Stack gap="sm">
                <TextInput
                  label={t('integrations.form.baseUrl')}
                  placeholder="https://app.chatwoot.com"
                  value={baseUrl}
                  onChange={(e) => setBaseUrl(e.currentTarget.value)}
                  error={errors.error('connection.baseUrl')}
                  data-testid="integration-base-url"
                />
                <TextInput
                  label={t('integrations.form.accountId')}
                  value={accountId}
                  onChange={(e) => setAccountId(e.currentTarget.value)}
                  error={errors.error('connection.accountId')}
                  data-testid="integration-account-id"
                />
                <PasswordInput
                  label={t('integrations.form.apiToken')}
                  description={
                    integration?.connection?.hasApiToken ? t('integrations.form.keepToken') : undefined
                  }
                  value={apiToken}
                  onChange={(e) => setApiToken(e.currentTarget.value)}
                  error={errors.error('connection.apiToken')}
                  autoComplete="new-password"
                  data-testid="integration-api-token"
                />
                <PasswordInput
                  label={t('integrations.form.webhookSecret')}
                  description={
                    integration?.connection?.hasWebhookSecret
                      ? t('integrations.form.keepToken')
                      : t('integrations.form.webhookSecretHint')
                  }
                  value={webhookSecret}
                  onChange={(e) => setWebhookSecret(e.currentTarget.value)}
                  error={errors.error('connection.webhookSecret')}
                  autoComplete="new-password"
                  data-testid="integration-webhook-secret"
                />
              </Stack>
            </Fieldset>
          )}
          {errors.stale && <StaleVersionAlert onReload={onReload} />}
          <GeneralError message={errors.general} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={pending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={pending} data-testid="integration-submit">
              {integration ? t('integrations.form.save') : t('integrations.form.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
