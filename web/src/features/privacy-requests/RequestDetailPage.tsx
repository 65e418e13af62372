import { BUSINESS_TIME_ZONE, type PrivacyRequest } from '@funil/domain';
import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { isVersionMismatch, problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';
import { useToast } from '../../ui/Toast.tsx';
import { AnonymizeDialog } from '../anonymization/AnonymizationSection.tsx';
import { useUsers } from '../directory/queries.ts';
import { PersonPicker } from '../opportunities/PersonPicker.tsx';
import { answerFileUrl, usePrivacyRequest, useRequestAction } from './queries.ts';
import { RequestStatusBadges } from './RequestsPage.tsx';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** The answer files of a request (JSON + PDF), as download links; also used on the person's LGPD tab. */
export function AnswerFileLinks({ request }: { request: PrivacyRequest }) {
  const { t } = useTranslation();
  if (request.files.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('privacyRequests.detail.noFiles')}
      </Text>
    );
  }
  return (
    <Group gap="md">
      {request.files.map((f) => (
        <Anchor
          key={f.kind}
          href={answerFileUrl(request.id, f.kind)}
          download={f.name}
          data-testid={`privacy-answer-file-${f.kind}`}
        >
          {t('privacyRequests.detail.download', { name: f.name })}
        </Anchor>
      ))}
    </Group>
  );
}

/** One data-subject request: its facts, handling (assign, link, simplified answer), the access answer, answer/refuse. */
export function RequestDetailPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const query = usePrivacyRequest(id);
  const action = useRequestAction(id);
  const users = useUsers();
  const { show, toast } = useToast();
  const [assignee, setAssignee] = useState<string | null | undefined>(undefined);
  const [person, setPerson] = useState<string | null>(null);
  const [answer, setAnswer] = useState('');
  const [refusing, setRefusing] = useState(false);
  const [anonymizing, setAnonymizing] = useState(false);
  const [reason, setReason] = useState('');
  const when = (iso: string) => formatDateTime(iso, i18n.language, BUSINESS_TIME_ZONE);

  if (query.isPending) return <Skeleton height={320} />;
  if (query.isError) {
    return <ErrorState message={t('privacyRequests.detail.loadError')} onRetry={() => query.refetch()} />;
  }
  const { request: r, events } = query.data;
  const pending = r.status === 'open' || r.status === 'in_progress';
  const run = (a: Parameters<typeof action.mutate>[0], done?: string) =>
    action.mutate(a, { onSuccess: () => done && show(done) });

  return (
    <Stack gap="md" data-testid="privacy-request-page" data-status={r.status}>
      <Anchor size="sm" renderRoot={(props) => <Link to="/admin/privacy/requests" {...props} />}>
        {t('privacyRequests.detail.back')}
      </Anchor>
      <Group justify="space-between" gap="sm">
        <Title order={1} size="h2">
          {t('privacyRequests.detail.title', { number: r.number })} — {t(`privacyRequests.kinds.${r.kind}`)}
        </Title>
        <RequestStatusBadges request={r} />
      </Group>
      {action.error &&
        (isVersionMismatch(action.error) ? (
          <StaleVersionAlert
            onReload={() => {
              action.reset();
              void query.refetch();
            }}
            reloading={query.isFetching}
          />
        ) : (
          <Alert color="red">{problemMessage(action.error, t)}</Alert>
        ))}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Field label={t('privacyRequests.detail.subject')}>
            {r.person ? (
              <Anchor
                renderRoot={(props) => (
                  <Link
                    to="/people/$id"
                    params={{ id: r.person?.id ?? '' }}
                    search={{ tab: 'lgpd' }}
                    {...props}
                  />
                )}
                data-testid="privacy-request-person-link"
              >
                {r.person.name}
              </Anchor>
            ) : (
              t('privacyRequests.detail.noPerson')
            )}
          </Field>
          <Field label={t('privacyRequests.detail.requester')}>{r.requesterName || '—'}</Field>
          <Field label={t('privacyRequests.detail.contact')}>{r.requesterContact || '—'}</Field>
          <Field label={t('privacyRequests.detail.document')}>{r.requesterDocument || '—'}</Field>
          <Field label={t('privacyRequests.detail.channel')}>
            {t(`privacyRequests.channels.${r.channel}`)}
          </Field>
          <Field label={t('privacyRequests.detail.identity')}>
            {r.identityVerified
              ? t('privacyRequests.detail.identityYes')
              : t('privacyRequests.detail.identityNo')}
            {r.identityMethod ? ` — ${r.identityMethod}` : ''}
          </Field>
          <Field label={t('privacyRequests.detail.receivedAt')}>{when(r.receivedAt)}</Field>
          <Field label={t('privacyRequests.detail.deadline')}>
            <span data-testid="privacy-request-deadline">{when(r.deadlineAt)}</span>
          </Field>
          <Field label={t('privacyRequests.detail.simplified')}>
            {r.simplifiedAnswerAt
              ? t('privacyRequests.detail.simplifiedGiven', { date: when(r.simplifiedAnswerAt) })
              : t('privacyRequests.detail.simplifiedPending')}
          </Field>
        </SimpleGrid>
        {r.details && (
          <Field label={t('privacyRequests.detail.details')}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {r.details}
            </Text>
          </Field>
        )}
      </Paper>

      {pending && (
        <Paper withBorder p="md">
          <Group align="flex-end" gap="sm">
            <Select
              label={t('privacyRequests.form.assignee')}
              data={(users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
              value={assignee === undefined ? (r.assignee?.id ?? null) : assignee}
              onChange={setAssignee}
              clearable
              searchable
              w={240}
              data-testid="privacy-request-assign-select"
            />
            <Button
              variant="default"
              disabled={assignee === undefined || assignee === (r.assignee?.id ?? null)}
              onClick={() =>
                run({ type: 'patch', version: r.version, body: { assigneeId: assignee ?? null } })
              }
            >
              {t('privacyRequests.detail.assign')}
            </Button>
            {!r.person && (
              <>
                <PersonPicker
                  label={t('privacyRequests.detail.linkPerson')}
                  value={person}
                  onChange={(p) => setPerson(p?.id ?? null)}
                  w={260}
                />
                <Button
                  variant="default"
                  disabled={!person}
                  onClick={() => run({ type: 'patch', version: r.version, body: { personId: person } })}
                >
                  {t('privacyRequests.detail.linkPerson')}
                </Button>
              </>
            )}
            {!r.simplifiedAnswerAt && (
              <Button
                variant="light"
                onClick={() =>
                  run({ type: 'patch', version: r.version, body: { simplifiedAnswerGiven: true } })
                }
                data-testid="privacy-request-simplified"
              >
                {t('privacyRequests.detail.giveSimplified')}
              </Button>
            )}
            {r.status === 'open' && (
              <Button
                variant="light"
                onClick={() => run({ type: 'patch', version: r.version, body: { status: 'in_progress' } })}
              >
                {t('privacyRequests.detail.startHandling')}
              </Button>
            )}
          </Group>
        </Paper>
      )}

      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={4}>{t('privacyRequests.detail.files')}</Title>
          <Text size="sm" c="dimmed">
            {t('privacyRequests.detail.filesHint')}
          </Text>
          <AnswerFileLinks request={r} />
          {pending &&
            (r.person ? (
              <Group>
                <Button
                  onClick={() => run({ type: 'files' }, t('privacyRequests.detail.generated'))}
                  loading={action.isPending && action.variables?.type === 'files'}
                  data-testid="privacy-request-generate"
                >
                  {r.files.length
                    ? t('privacyRequests.detail.regenerate')
                    : t('privacyRequests.detail.generate')}
                </Button>
              </Group>
            ) : (
              <Text size="sm">{t('privacyRequests.detail.needsPerson')}</Text>
            ))}
        </Stack>
      </Paper>

      {pending && r.person && (r.kind === 'anonymization' || r.kind === 'deletion') && (
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Title order={4}>{t('privacyRequests.detail.carryOut')}</Title>
            <Text size="sm" c="dimmed">
              {t('privacyRequests.detail.carryOutHint')}
            </Text>
            <Button
              color="red"
              variant="light"
              w="fit-content"
              onClick={() => setAnonymizing(true)}
              data-testid="privacy-request-anonymize"
            >
              {t('anonymization.section.action')}
            </Button>
          </Stack>
          {anonymizing && (
            <AnonymizeDialog
              personId={r.person.id}
              forRequest={r.id}
              onClose={() => setAnonymizing(false)}
              onDone={() => void query.refetch()}
            />
          )}
        </Paper>
      )}

      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={4}>{t('privacyRequests.detail.answer')}</Title>
          {r.answerText && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="privacy-request-answer-text">
              {r.answerText}
            </Text>
          )}
          {r.refusalReason && (
            <Field label={t('privacyRequests.detail.refusalReason')}>{r.refusalReason}</Field>
          )}
          {r.closedAt && (
            <Text size="sm" c="dimmed">
              {t('privacyRequests.detail.closedAt', { date: when(r.closedAt) })}
            </Text>
          )}
          {pending && (
            <>
              <Textarea
                label={t('privacyRequests.detail.answerText')}
                value={answer}
                onChange={(e) => setAnswer(e.currentTarget.value)}
                autosize
                minRows={3}
                data-testid="privacy-request-answer"
              />
              <Group>
                <Button
                  disabled={!answer.trim()}
                  onClick={() =>
                    run(
                      { type: 'answer', version: r.version, text: answer.trim() },
                      t('privacyRequests.detail.answered'),
                    )
                  }
                  data-testid="privacy-request-mark-answered"
                >
                  {t('privacyRequests.detail.markAnswered')}
                </Button>
                <Button color="red" variant="light" onClick={() => setRefusing(true)}>
                  {t('privacyRequests.detail.refuse')}
                </Button>
              </Group>
            </>
          )}
        </Stack>
      </Paper>

      <Paper withBorder p="md">
        <Title order={4} mb="sm">
          {t('privacyRequests.detail.history')}
        </Title>
        <Timeline bulletSize={12} lineWidth={2} data-testid="privacy-request-history">
          {events.map((e) => (
            <Timeline.Item key={e.id} title={t(`privacyRequests.events.${e.kind}`)} data-kind={e.kind}>
              <Text size="xs" c="dimmed">
                {when(e.at)}
                {e.actor ? ` — ${e.actor.name}` : ''}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      </Paper>

      <ConfirmModal
        opened={refusing}
        title={t('privacyRequests.detail.refuseTitle')}
        message={
          <Stack gap="xs">
            <Text size="sm">{t('privacyRequests.detail.refuseMessage')}</Text>
            <Textarea
              label={t('privacyRequests.detail.refuseReason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
            />
          </Stack>
        }
        confirmLabel={t('privacyRequests.detail.refuse')}
        loading={action.isPending}
        onConfirm={() => {
          if (!reason.trim()) return;
          action.mutate(
            { type: 'refuse', version: r.version, reason: reason.trim() },
            {
              onSuccess: () => {
                setRefusing(false);
                show(t('privacyRequests.detail.refused'));
              },
            },
          );
        }}
        onClose={() => setRefusing(false)}
      />
      {toast}
    </Stack>
  );
}
