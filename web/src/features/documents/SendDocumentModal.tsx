import type { PersonDocument } from '@funil/domain';
import { Alert, Button, Group, Modal, Skeleton, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { useSession } from '../auth/queries.ts';
import { usePerson } from '../people/queries.ts';
import type { Person } from '../people/types.ts';
import { type MailDraft, MailFields, mailReady } from '../person-status/MailFields.tsx';
import { useSendDocument } from './queries.ts';

type Props = { personId: string; document: PersonDocument; onClose: () => void };

/** The form, once the person (their addresses and name) is known: everything prefilled, all editable. */
function SendForm({
  person,
  document,
  onClose,
}: {
  person: Person;
  document: PersonDocument;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const send = useSendDocument(person.id, document.id);
  const primary = person.emails.find((e) => e.primary) ?? person.emails[0];
  const [draft, setDraft] = useState<MailDraft>(() => ({
    to: primary?.address ?? null,
    subject: t('documents.email.defaultSubject', { title: document.opportunity.title }),
    body: t('documents.email.defaultBody', {
      name: person.name,
      title: document.opportunity.title,
      sender: user.name,
    }),
  }));

  if (person.emails.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="document-send-no-email">
        {t('documents.email.noEmail')}
      </Text>
    );
  }
  if (send.isSuccess) {
    return (
      <Stack gap="sm">
        <Alert color="green" variant="light" role="status" data-testid="document-sent">
          {t('documents.email.sent', { to: draft.to })}
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onClose} data-autofocus>
            {t('common.close')}
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack gap="sm">
      <MailFields
        addresses={person.emails.map((e) => e.address)}
        draft={draft}
        onChange={setDraft}
        testId="document-email"
      />
      <Text size="xs" c="dimmed">
        {t('documents.email.attachment', { name: document.name })}
      </Text>
      {send.isError && (
        <Alert color="red" variant="light" role="alert" data-testid="document-send-error">
          {problemMessage(send.error, t)}
        </Alert>
      )}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose} disabled={send.isPending}>
          {t('common.cancel')}
        </Button>
        <Button
          onClick={() =>
            mailReady(draft) && send.mutate({ to: draft.to, subject: draft.subject.trim(), body: draft.body })
          }
          disabled={!mailReady(draft)}
          loading={send.isPending}
          data-testid="document-email-send"
        >
          {t('documents.email.send')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Enviar por e-mail: the document attached, to one of the person's addresses, through the workspace's SMTP. */
export function SendDocumentModal({ personId, document, onClose }: Props) {
  const { t } = useTranslation();
  const person = usePerson(personId);
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('documents.email.title')}
      centered
      size="lg"
      data-testid="document-send-modal"
    >
      {person.isPending ? (
        <Skeleton height={200} />
      ) : person.isError ? (
        <Alert color="red" variant="light" role="alert">
          {problemMessage(person.error, t)}
        </Alert>
      ) : (
        <SendForm person={person.data} document={document} onClose={onClose} />
      )}
    </Modal>
  );
}
