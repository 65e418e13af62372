import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import type { Person } from '../people/types.ts';
import { type MailDraft, MailFields, mailReady } from './MailFields.tsx';
import { useSendEmail } from './queries.ts';

type Props = {
  person: Person;
  /** The address whose "Enviar e-mail" opened the modal. */
  to: string;
  onClose: () => void;
  onSent: () => void;
};

/**
 * Enviar e-mail: Para (one of the person's addresses), Assunto and Mensagem, sent through the workspace's
 * SMTP. Refusals (deny list, no SMTP, the mail server failing) stay inside the modal.
 */
export function EmailModal({ person, to: initialTo, onClose, onSent }: Props) {
  const { t } = useTranslation();
  const send = useSendEmail(person.id);
  const [draft, setDraft] = useState<MailDraft>({ to: initialTo, subject: '', body: '' });
  const ready = mailReady(draft);
  const submit = () => {
    if (!mailReady(draft)) return;
    send.mutate({ to: draft.to, subject: draft.subject.trim(), body: draft.body }, { onSuccess: onSent });
  };
  return (
    <Modal
      opened
      onClose={() => !send.isPending && onClose()}
      title={t('personStatus.email.title')}
      centered
      size="lg"
      data-testid="email-modal"
    >
      <Stack gap="sm">
        <MailFields
          addresses={person.emails.map((e) => e.address)}
          draft={draft}
          onChange={setDraft}
          testId="email"
        />
        {send.isError && (
          <Alert color="red" variant="light" role="alert" data-testid="email-error">
            <Text size="sm">{problemMessage(send.error, t)}</Text>
          </Alert>
        )}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose} disabled={send.isPending}>
            {t('common.cancel')}
          </Button>
          <Button onClick={submit} disabled={!ready} loading={send.isPending} data-testid="email-send">
            {t('personStatus.email.send')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
