import { type ConsentState, LEGAL_BASES, type LegalBasis } from '@funil/domain';
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { fieldErrorMap, fieldErrorMessage, problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { useConsentPurposes, usePersonConsents, useRecordConsent, useRevokeConsent } from './queries.ts';

/** "Registrar base legal": purpose, legal basis, evidence; shows the purpose's current text and its version. */
function RecordConsentModal({ personId, onClose }: { personId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const purposes = useConsentPurposes();
  const record = useRecordConsent(personId);
  const [purposeId, setPurposeId] = useState<string | null>(null);
  const [basis, setBasis] = useState<LegalBasis>('consent');
  const [evidence, setEvidence] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const purpose = purposes.data?.find((p) => p.id === purposeId) ?? null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (record.isPending) return;
    if (!purposeId) {
      setErrors({ purposeId: 'required' });
      return;
    }
    setErrors({});
    setGeneral(null);
    try {
      await record.mutateAsync({ purposeId, legalBasis: basis, evidence: evidence.trim() });
      onClose();
    } catch (err) {
      if (isApiError(err) && err.errors.length > 0) setErrors(fieldErrorMap(err.errors));
      else setGeneral(problemMessage(err, t));
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('consents.person.recordTitle')} size="lg" centered>
      <form onSubmit={submit} noValidate data-testid="consent-record-form">
        <Stack gap="sm">
          {purposes.data && purposes.data.length === 0 && (
            <Alert color="yellow" variant="light">
              {t('consents.person.noPurposes')}
            </Alert>
          )}
          <Select
            label={t('consents.person.purpose')}
            data={(purposes.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={purposeId}
            onChange={setPurposeId}
            error={errors.purposeId ? fieldErrorMessage(errors.purposeId, t) : undefined}
            required
            searchable
            data-testid="consent-purpose"
          />
          {purpose && (
            <Paper withBorder p="xs" bg="var(--funil-surface-muted)">
              <Text size="xs" c="dimmed">
                {t('consents.person.textShown', { version: purpose.textVersion })}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="consent-purpose-text">
                {purpose.text}
              </Text>
            </Paper>
          )}
          <Select
            label={t('consents.person.basis')}
            data={LEGAL_BASES.map((b) => ({ value: b, label: t(`consents.bases.${b}`) }))}
            value={basis}
            onChange={(v) => v && setBasis(v as LegalBasis)}
            allowDeselect={false}
            required
            data-testid="consent-basis"
          />
          <Textarea
            label={t('consents.person.evidence')}
            description={t('consents.person.evidenceHint')}
            value={evidence}
            onChange={(e) => setEvidence(e.currentTarget.value)}
            error={errors.evidence ? fieldErrorMessage(errors.evidence, t) : undefined}
            maxLength={500}
            autosize
            minRows={2}
            data-testid="consent-evidence"
          />
          {general && (
            <Alert color="red" variant="light" role="alert">
              {general}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={record.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={record.isPending} data-testid="consent-record-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Bases legais e consentimentos: the current state per purpose (badges, Revogar) and the whole log. */
export function PersonConsentsSection({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation();
  const query = usePersonConsents(personId);
  const revoke = useRevokeConsent(personId);
  const [recording, setRecording] = useState(false);
  const [revoking, setRevoking] = useState<ConsentState | null>(null);
  const who = (r: { recordedBy: { name: string } | null }) =>
    r.recordedBy?.name ?? t('consents.person.system');

  return (
    <Paper withBorder p="md" data-testid="person-consents">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4">
          {t('consents.person.title')}
        </Title>
        <Button size="xs" onClick={() => setRecording(true)} data-testid="consent-record">
          {t('consents.person.record')}
        </Button>
      </Group>
      {query.isPending ? (
        <Skeleton height={120} />
      ) : query.isError ? (
        <ErrorState
          title={t('consents.person.loadError')}
          message={problemMessage(query.error, t)}
          onRetry={() => void query.refetch()}
        />
      ) : query.data.log.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="consents-empty">
          {t('consents.person.noneCurrent')}
        </Text>
      ) : (
        <Stack gap="md">
          <Stack gap="xs" data-testid="consents-current">
            <Text fw={600} size="sm">
              {t('consents.person.current')}
            </Text>
            {query.data.current.map((c) => (
              <Group
                key={c.purpose.id}
                justify="space-between"
                wrap="nowrap"
                data-testid="consent-current"
                data-purpose={c.purpose.name}
                data-active={c.active}
              >
                <Group gap="xs">
                  <Text size="sm" fw={500}>
                    {c.purpose.name}
                  </Text>
                  <Badge variant="light" color="blue">
                    {t(`consents.bases.${c.legalBasis}`)}
                  </Badge>
                  <Badge variant="light" color={c.active ? 'green' : 'gray'}>
                    {c.active ? t('consents.person.inForce') : t('consents.person.revoked')}
                  </Badge>
                </Group>
                {c.active && (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() => {
                      revoke.reset();
                      setRevoking(c);
                    }}
                    data-testid="consent-revoke"
                  >
                    {t('consents.person.revoke')}
                  </Button>
                )}
              </Group>
            ))}
          </Stack>
          <Stack gap={4}>
            <Text fw={600} size="sm">
              {t('consents.person.log')}
            </Text>
            <Table.ScrollContainer minWidth={640}>
              <Table striped data-testid="consents-log">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('consents.person.when')}</Table.Th>
                    <Table.Th>{t('consents.person.purpose')}</Table.Th>
                    <Table.Th>{t('consents.person.basis')}</Table.Th>
                    <Table.Th>{t('consents.person.action')}</Table.Th>
                    <Table.Th>{t('consents.person.who')}</Table.Th>
                    <Table.Th>{t('consents.person.source')}</Table.Th>
                    <Table.Th>{t('consents.person.version')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {query.data.log.map((r) => (
                    <Table.Tr key={r.id} data-testid="consent-log-row" data-action={r.action}>
                      <Table.Td>{formatDateTime(r.recordedAt, i18n.language)}</Table.Td>
                      <Table.Td>{r.purpose.name}</Table.Td>
                      <Table.Td>{t(`consents.bases.${r.legalBasis}`)}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={r.action === 'granted' ? 'green' : 'red'}>
                          {t(`consents.actions.${r.action}`)}
                        </Badge>
                        {r.evidence && (
                          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                            {r.evidence}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{who(r)}</Table.Td>
                      <Table.Td>{t(`consents.sources.${r.source}`)}</Table.Td>
                      <Table.Td>{t('consents.purposes.versionN', { version: r.textVersion })}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        </Stack>
      )}
      {recording && <RecordConsentModal personId={personId} onClose={() => setRecording(false)} />}
      <ConfirmModal
        opened={revoking !== null}
        title={t('consents.person.revokeTitle')}
        message={
          revoking
            ? t('consents.person.revokeMessage', {
                basis: t(`consents.bases.${revoking.legalBasis}`),
                purpose: revoking.purpose.name,
              })
            : ''
        }
        confirmLabel={t('consents.person.revoke')}
        loading={revoke.isPending}
        error={revoke.isError ? problemMessage(revoke.error, t) : undefined}
        onConfirm={() => {
          if (!revoking) return;
          revoke.mutate({ purposeId: revoking.purpose.id }, { onSuccess: () => setRevoking(null) });
        }}
        onClose={() => setRevoking(null)}
      />
    </Paper>
  );
}
