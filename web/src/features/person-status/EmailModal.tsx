import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import type { Person } from '../people/types.ts';
import { useSendEmail } from './queries.ts';

const SUBJECT_MAX = 300;
const BODY_MAX = 20000;

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
  const [to, setTo] = useState<string | null>(initialTo);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const ready = !!to && subject.trim() !== '' && body.trim() !== '';
  const submit = () => {
    if (!ready || !to) return;
    send.mutate({ to, subject: subject.trim(), body }, { onSuccess: onSent });
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
        <Select
          label={t('personStatus.email.to')}
          data={person.emails.map((e) => ({ value: e.address, label: e.address }))}
          value={to}
          onChange={setTo}
          allowDeselect={false}
          required
          comboboxProps={{ withinPortal: true }}
          data-testid="email-to"
        />
        <TextInput
          label={t('personStatus.email.subject')}
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
          maxLength={SUBJECT_MAX}
          required
          data-autofocus
          data-testid="email-subject"
        />
        <Textarea
          label={t('personStatus.email.body')}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          maxLength={BODY_MAX}
          autosize
          minRows={6}
          maxRows={16}
          required
          data-testid="email-body"
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
