import { Alert, Anchor, Button, Group, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { problemMessage } from '../../lib/problems.ts';
import { usePersonOpportunities } from '../opportunities/queries.ts';
import { usePreRegister } from './queries.ts';

type Props = { opened: boolean; person: { id: string; name: string }; onClose: () => void };

/**
 * Pré-cadastro: choose the won negotiation; the server checks the workspace's sale requirements and makes
 * the person a client. What is missing is completed in the full person form (prefilled), whose saving converts.
 */
export function PreRegistrationModal({ opened, person, onClose }: Props) {
  const { t } = useTranslation();
  const opportunities = usePersonOpportunities(person.id);
  const won = (opportunities.data?.items ?? []).filter((o) => o.status === 'won');
  const [chosen, setChosen] = useState('');
  const pre = usePreRegister(person.id);
  const opportunityId = chosen || won[0]?.id || '';
  const missing =
    isApiError(pre.error) && pre.error.code === 'sale-requirements'
      ? pre.error.missing.flatMap((m) => m.missing)
      : [];
  return (
    <Modal opened={opened} onClose={onClose} title={t('callcenter.pre.title')} data-testid="pre-registration">
      <Stack>
        <Text size="sm">{t('callcenter.pre.intro')}</Text>
        {opportunities.isSuccess && won.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="pre-none">
            {t('callcenter.pre.none')}
          </Text>
        )}
        {won.length > 0 && (
          <NativeSelect
            label={t('callcenter.pre.opportunity')}
            value={opportunityId}
            onChange={(e) => setChosen(e.currentTarget.value)}
            data={won.map((o) => ({ value: o.id, label: o.title }))}
            data-testid="pre-opportunity"
          />
        )}
        {missing.length > 0 && (
          <Alert color="yellow" data-testid="pre-missing">
            <Stack gap={4}>
              <Text size="sm">
                {t('callcenter.pre.missing', {
                  fields: missing.map((m) => t(`callcenter.pre.requirements.${m}`)).join(', '),
                })}
              </Text>
              <Anchor
                size="sm"
                renderRoot={(p) => (
                  <Link
                    to="/people/$id/edit"
                    params={{ id: person.id }}
                    search={{ preRegistration: opportunityId, missing }}
                    {...p}
                  />
                )}
                data-testid="pre-complete-form"
              >
                {t('callcenter.pre.completeForm')}
              </Anchor>
            </Stack>
          </Alert>
        )}
        {pre.error && missing.length === 0 && (
          <Alert color="red" role="alert">
            {problemMessage(pre.error, t)}
          </Alert>
        )}
        {pre.isSuccess && (
          <Alert color="green" role="status" data-testid="pre-done">
            {t('callcenter.pre.done', { name: person.name })}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button
            disabled={!opportunityId || pre.isSuccess}
            loading={pre.isPending}
            onClick={() => pre.mutate(opportunityId)}
            data-testid="pre-confirm"
          >
            {t('callcenter.pre.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
