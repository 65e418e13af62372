import {
  Alert,
  Button,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { can } from '../auth/can.ts';
import { useSession } from '../auth/queries.ts';
import { type Anonymization, useAnonymization, useAnonymize } from './queries.ts';

const CONFIRM_WORD = 'ANONIMIZAR';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** After the fact: when, by whom, why, and how many of each thing were removed. */
function AnonymizationRecord({ record }: { record: Anonymization }) {
  const { t, i18n } = useTranslation();
  const removed = Object.entries(record.removed).filter(([, n]) => n > 0);
  return (
    <Alert color="gray" variant="light" data-testid="anonymization-record">
      <Stack gap={4}>
        <Text fw={600}>
          {t('anonymization.section.done', { date: formatDate(record.createdAt, i18n.language) })}
        </Text>
        <Text size="sm">
          {record.by
            ? t('anonymization.section.by', { name: record.by.name, reason: record.reason })
            : t('anonymization.section.bySystem', { reason: record.reason })}
        </Text>
        {record.requestId && (
          <Text size="sm">{t('anonymization.section.request', { id: record.requestId })}</Text>
        )}
        <Text size="sm" fw={600} mt="xs">
          {t('anonymization.section.removedTitle')}
        </Text>
        {removed.length === 0 ? (
          <Text size="sm">{t('anonymization.section.nothingRemoved')}</Text>
        ) : (
          removed.map(([key, n]) => (
            <Text size="sm" key={key} data-testid={`anonymization-removed-${key}`}>
              {t(`anonymization.removed.${key}`, { defaultValue: key })}: {formatNumber(n, i18n.language)}
            </Text>
          ))
        )}
      </Stack>
    </Alert>
  );
}

/**
 * The irreversible action, behind a dialog that asks for a reason and the word ANONIMIZAR. From a data-subject
 * request's page the request is given (`forRequest`): the anonymization answers it.
 */
export function AnonymizeDialog({
  personId,
  forRequest,
  onClose,
  onDone,
}: {
  personId: string;
  forRequest?: string;
  onClose: () => void;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const anonymize = useAnonymize(personId);
  const [reason, setReason] = useState('');
  const [requestId, setRequestId] = useState(forRequest ?? '');
  const [word, setWord] = useState('');
  const badRequestId = requestId.trim() !== '' && !UUID.test(requestId.trim());
  const ready = reason.trim().length > 0 && word === CONFIRM_WORD && !badRequestId;
  return (
    <Modal opened onClose={onClose} title={t('anonymization.dialog.title')} centered>
      <Stack gap="sm">
        <Alert color="red" variant="light">
          {t('anonymization.dialog.warning')}
        </Alert>
        <Textarea
          label={t('anonymization.dialog.reason')}
          placeholder={t('anonymization.dialog.reasonPlaceholder')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          maxLength={500}
          required
          data-testid="anonymize-reason"
        />
        {!forRequest && (
          <TextInput
            label={t('anonymization.dialog.requestId')}
            value={requestId}
            onChange={(e) => setRequestId(e.currentTarget.value)}
            error={badRequestId ? t('anonymization.dialog.invalidRequestId') : undefined}
          />
        )}
        <TextInput
          label={t('anonymization.dialog.confirmWord')}
          value={word}
          onChange={(e) => setWord(e.currentTarget.value)}
          data-testid="anonymize-confirm-word"
        />
        {anonymize.isError && (
          <Text size="sm" c="red" role="alert">
            {problemMessage(anonymize.error, t)}
          </Text>
        )}
        <Button
          color="red"
          disabled={!ready}
          loading={anonymize.isPending}
          data-testid="anonymize-confirm"
          onClick={() =>
            anonymize.mutate(
              { reason: reason.trim(), ...(requestId.trim() ? { requestId: requestId.trim() } : {}) },
              {
                onSuccess: () => {
                  onDone?.();
                  onClose();
                },
              },
            )
          }
        >
          {t('anonymization.dialog.confirm')}
        </Button>
      </Stack>
    </Modal>
  );
}

/** The LGPD tab's anonymization section: the record once anonymized, otherwise the action (`managePrivacy`). */
export function AnonymizationSection({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const query = useAnonymization(personId);
  const [open, setOpen] = useState(false);
  return (
    <Paper withBorder p="md" data-testid="anonymization-section">
      <Stack gap="sm">
        <Title order={4}>{t('anonymization.section.title')}</Title>
        {query.isPending ? (
          <Skeleton height={60} />
        ) : query.isError ? (
          <Text size="sm" c="red">
            {t('anonymization.section.loadError')}
          </Text>
        ) : query.data ? (
          <AnonymizationRecord record={query.data} />
        ) : (
          <>
            <Text size="sm" c="dimmed">
              {t('anonymization.section.intro')}
            </Text>
            {can(user, 'managePrivacy') ? (
              <Button
                color="red"
                variant="light"
                w="fit-content"
                onClick={() => setOpen(true)}
                data-testid="anonymize-open"
              >
                {t('anonymization.section.action')}
              </Button>
            ) : (
              <Text size="sm">{t('anonymization.section.noPermission')}</Text>
            )}
          </>
        )}
      </Stack>
      {open && <AnonymizeDialog personId={personId} onClose={() => setOpen(false)} />}
    </Paper>
  );
}

/** The person page's banner once the person was anonymized: "Titular anonimizado em dd/mm/aaaa". */
export function AnonymizedBanner({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation();
  const query = useAnonymization(personId);
  if (!query.data) return null;
  return (
    <Alert color="dark" variant="light" data-testid="person-anonymized-banner">
      {t('anonymization.banner', { date: formatDate(query.data.createdAt, i18n.language) })}
    </Alert>
  );
}
