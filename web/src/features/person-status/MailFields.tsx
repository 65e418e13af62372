import { Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export type MailDraft = { to: string | null; subject: string; body: string };

const SUBJECT_MAX = 300;
const BODY_MAX = 20000;

/** Whether a draft can be sent: an address chosen, a subject and a message. */
export const mailReady = (d: MailDraft): d is MailDraft & { to: string } =>
  !!d.to && d.subject.trim() !== '' && d.body.trim() !== '';

/**
 * Para (one of the person's own addresses), Assunto and Mensagem: the fields of every e-mail composed in the
 * app (Enviar e-mail, a document sent from Documentos). `testId` prefixes the fields' test ids.
 */
export function MailFields({
  addresses,
  draft,
  onChange,
  testId,
}: {
  addresses: string[];
  draft: MailDraft;
  onChange: (draft: MailDraft) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Select
        label={t('personStatus.email.to')}
        data={addresses.map((a) => ({ value: a, label: a }))}
        value={draft.to}
        onChange={(to) => onChange({ ...draft, to })}
        allowDeselect={false}
        required
        comboboxProps={{ withinPortal: true }}
        data-testid={`${testId}-to`}
      />
      <TextInput
        label={t('personStatus.email.subject')}
        value={draft.subject}
        onChange={(e) => onChange({ ...draft, subject: e.currentTarget.value })}
        maxLength={SUBJECT_MAX}
        required
        data-autofocus
        data-testid={`${testId}-subject`}
      />
      <Textarea
        label={t('personStatus.email.body')}
        value={draft.body}
        onChange={(e) => onChange({ ...draft, body: e.currentTarget.value })}
        maxLength={BODY_MAX}
        autosize
        minRows={6}
        maxRows={16}
        required
        data-testid={`${testId}-body`}
      />
    </Stack>
  );
}
