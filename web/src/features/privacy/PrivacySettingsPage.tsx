import { type PrivacySettingsRequest, ZPrivacySettingsRequest } from '@funil/domain';
import { Box, Button, Group, SimpleGrid, Skeleton, Stack, Text, TextInput } from '@mantine/core';
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
import { usePrivacySettings, useSavePrivacySettings } from '../workspace-settings/queries.ts';
import { SettingsSection } from '../workspace-settings/SettingsSection.tsx';

const FIELDS = ['controllerName', 'dpoName', 'dpoEmail', 'dpoPhone'] as const;

/** The controller and its Encarregado (LGPD art. 41): four fields, saved under the workspace's settings version. */
function DpoSection() {
  const { t } = useTranslation();
  const query = usePrivacySettings();
  const save = useSavePrivacySettings();
  const [draft, setDraft] = useState<PrivacySettingsRequest | null>(null);
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
  if (query.isPending) return <Skeleton height={220} />;
  if (query.isError) {
    return (
      <ErrorState
        title={t('privacy.loadError')}
        message={problemMessage(query.error, t)}
        onRetry={() => void query.refetch()}
      />
    );
  }
  const { version, ...stored } = query.data;
  const form = draft ?? stored;
  const stale = save.isError && isVersionMismatch(save.error);
  const submit = () => {
    const parsed = ZPrivacySettingsRequest.safeParse(form);
    if (!parsed.success) {
      setErrors(fieldErrorMap(parsed.error.issues.map(issueToFieldError)));
      return;
    }
    setErrors({});
    save.mutate(
      { settings: parsed.data, version },
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
      name="dpo"
      title={t('privacy.dpo.title')}
      intro={t('privacy.dpo.intro')}
      saved={saved}
      savedMessage={t('privacy.dpo.saved')}
      onCloseSaved={() => setSaved(false)}
      stale={stale}
      onReload={() => void reload()}
      reloading={reloading}
      error={save.isError ? save.error : null}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {FIELDS.map((field) => (
              <TextInput
                key={field}
                label={t(`privacy.dpo.${field}`)}
                value={form[field]}
                type={field === 'dpoEmail' ? 'email' : 'text'}
                onChange={(e) => {
                  setSaved(false);
                  setDraft({ ...form, [field]: e.currentTarget.value });
                }}
                error={errors[field] ? fieldErrorMessage(errors[field], t) : undefined}
                data-testid={`privacy-${field}`}
              />
            ))}
          </SimpleGrid>
          <Group justify="flex-end">
            {draft !== null && (
              <Button variant="default" onClick={() => setDraft(null)} disabled={save.isPending}>
                {t('common.cancel')}
              </Button>
            )}
            <Button
              type="submit"
              loading={save.isPending}
              disabled={draft === null}
              data-testid="privacy-save"
            >
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SettingsSection>
  );
}

/** Administração › Privacidade (LGPD): the controller and its Encarregado. */
export function PrivacySettingsPage() {
  const { t } = useTranslation();
  return (
    <Box maw={900} mx="auto">
      <PageHeader title={t('privacy.title')} />
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('privacy.intro')}
        </Text>
        <DpoSection />
      </Stack>
    </Box>
  );
}
