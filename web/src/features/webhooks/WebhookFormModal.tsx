import type { WebhookEventType, WebhookSubscription } from '@funil/domain';
import { Button, Checkbox, Group, Modal, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { problemMessage } from '../../lib/problems.ts';
import { SecretShownOnce } from '../../ui/SecretShownOnce.tsx';
import { GeneralError } from '../admin/shared.tsx';
import { useCreateWebhookSubscription, useUpdateWebhookSubscription } from './queries.ts';
import { EVENT_GROUPS, eventKey } from './webhook-model.ts';

type Errors = { url?: string; eventTypes?: string; general?: string };

/**
 * Create or edit a subscription: URL, events grouped by area, on/off. The server checks the URL (an internal
 * address is refused) and its sentence shows under the field.
 */
export function WebhookFormModal({
  record,
  onClose,
}: {
  record: WebhookSubscription | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const create = useCreateWebhookSubscription();
  const update = useUpdateWebhookSubscription();
  const [url, setUrl] = useState(record?.url ?? '');
  const [eventTypes, setEventTypes] = useState<string[]>(record?.eventTypes ?? []);
  const [active, setActive] = useState(record?.active ?? true);
  const [errors, setErrors] = useState<Errors>({});
  const [secret, setSecret] = useState<string | null>(null);
  const saving = create.isPending || update.isPending;

  const submit = async () => {
    const found: Errors = {};
    if (!url.trim()) found.url = t('fieldErrors.required');
    if (eventTypes.length === 0) found.eventTypes = t('webhooks.form.eventsRequired');
    setErrors(found);
    if (found.url || found.eventTypes) return;
    const body = { url: url.trim(), eventTypes: eventTypes as WebhookEventType[], active };
    try {
      if (record) {
        // `active` goes only when it changed: sending it (even unchanged) clears the failure count.
        const { active: _, ...rest } = body;
        await update.mutateAsync({ id: record.id, ...rest, ...(active !== record.active ? { active } : {}) });
        onClose();
      } else {
        setSecret((await create.mutateAsync(body)).secret);
      }
    } catch (error) {
      // The server's sentences are in the interface language (Accept-Language): shown as they come.
      const fieldMessage = (field: string) =>
        isApiError(error)
          ? error.errors.find((e) => e.field === field || e.field.startsWith(`${field}.`))?.message
          : undefined;
      const next: Errors = { url: fieldMessage('url'), eventTypes: fieldMessage('eventTypes') };
      if (!next.url && !next.eventTypes) next.general = problemMessage(error, t);
      setErrors(next);
    }
  };

  if (secret)
    return (
      <SecretShownOnce
        title={t('webhooks.created.title')}
        warning={t('webhooks.created.warning')}
        secret={secret}
        testId="webhook-secret"
        onClose={onClose}
      />
    );

  return (
    <Modal
      opened
      onClose={onClose}
      title={record ? t('webhooks.form.editTitle') : t('webhooks.form.createTitle')}
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
          <GeneralError message={errors.general ?? null} />
          <TextInput
            label={t('webhooks.form.url')}
            description={t('webhooks.form.urlHint')}
            placeholder={t('webhooks.form.urlPlaceholder')}
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={errors.url}
            required
            data-autofocus
            data-testid="webhook-url"
          />
          <Checkbox.Group
            label={t('webhooks.form.events')}
            value={eventTypes}
            onChange={setEventTypes}
            error={errors.eventTypes}
            required
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="md">
              {EVENT_GROUPS.map((group) => (
                <Stack key={group.key} gap={6} data-testid="webhook-event-group" data-group={group.key}>
                  <Text size="sm" fw={600}>
                    {t(`webhooks.groups.${group.key}`)}
                  </Text>
                  {group.types.map((type) => (
                    <Checkbox
                      key={type}
                      value={type}
                      label={
                        <>
                          {t(`webhooks.events.${eventKey(type)}`)}{' '}
                          <Text span size="xs" c="dimmed">
                            ({type})
                          </Text>
                        </>
                      }
                      data-testid={`webhook-event-${type}`}
                    />
                  ))}
                </Stack>
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <Switch
            label={t('webhooks.form.active')}
            description={record && !record.active ? t('webhooks.form.reactivateHint') : undefined}
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
            data-testid="webhook-active"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={saving}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={saving} data-testid="webhook-save">
              {record ? t('common.save') : t('webhooks.form.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
