import type { PersonDocument } from '@funil/domain';
import {
  Alert,
  Button,
  Group,
  Modal,
  Select,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { useSession } from '../auth/queries.ts';
import { usePerson } from '../people/queries.ts';
import type { Person } from '../people/types.ts';
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
  const [to, setTo] = useState<string | null>(primary?.address ?? null);
  const [subject, setSubject] = useState(
    t('documents.email.defaultSubject', { title: document.opportunity.title }),
  );
  const [body, setBody] = useState(
    t('documents.email.defaultBody', {
      name: person.name,
      title: document.opportunity.title,
      sender: user.name,
    }),
  );
  const ready = !!to && subject.trim() !== '' && body.trim() !== '';

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
          {t('documents.email.sent', { to })}
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
      <Select
        label={t('documents.email.to')}
        data={person.emails.map((e) => ({ value: e.address, label: e.address }))}
        value={to}
        onChange={setTo}
        allowDeselect={false}
        required
        comboboxProps={{ withinPortal: true }}
        data-testid="document-email-to"
      />
      <TextInput
        label={t('documents.email.subject')}
        value={subject}
        onChange={(e) => setSubject(e.currentTarget.value)}
        maxLength={300}
        required
        data-autofocus
        data-testid="document-email-subject"
      />
      <Textarea
        label={t('documents.email.body')}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
        maxLength={20000}
        autosize
        minRows={6}
        maxRows={14}
        required
        data-testid="document-email-body"
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
          onClick={() => to && send.mutate({ to, subject: subject.trim(), body })}
          disabled={!ready}
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
