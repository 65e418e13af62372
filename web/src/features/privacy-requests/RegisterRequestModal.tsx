import {
  PRIVACY_REQUEST_CHANNELS,
  PRIVACY_REQUEST_KINDS,
  type PrivacyRequest,
  type PrivacyRequestKind,
} from '@funil/domain';
import { Alert, Button, Checkbox, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { fieldErrorMap, fieldErrorMessage, problemMessage } from '../../lib/problems.ts';
import { DayInput } from '../../ui/DayInput.tsx';
import { useUsers } from '../directory/queries.ts';
import { PersonPicker } from '../opportunities/PersonPicker.tsx';
import { useRegisterRequest } from './queries.ts';

/** Today as `YYYY-MM-DD` in São Paulo. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());

type Props = {
  opened: boolean;
  onClose: () => void;
  /** Registering from a person's LGPD tab: the person is fixed. */
  personId?: string | undefined;
  onRegistered?: (request: PrivacyRequest) => void;
};

/** Registers a data-subject request: kind, channel, when it arrived, who asks (a person or their own data), assignee. */
export function RegisterRequestModal({ opened, onClose, personId, onRegistered }: Props) {
  const { t } = useTranslation();
  const users = useUsers();
  const register = useRegisterRequest();
  const [kind, setKind] = useState<PrivacyRequestKind>('access');
  const [channel, setChannel] = useState<string>('email');
  const [day, setDay] = useState(today());
  const [person, setPerson] = useState<string | null>(personId ?? null);
  const [requesterName, setRequesterName] = useState('');
  const [requesterContact, setRequesterContact] = useState('');
  const [requesterDocument, setRequesterDocument] = useState('');
  const [identityVerified, setIdentityVerified] = useState(false);
  const [identityMethod, setIdentityMethod] = useState('');
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [details, setDetails] = useState('');
  const [missingSubject, setMissingSubject] = useState(false);

  const errors =
    register.error && isApiError(register.error) && register.error.errors
      ? fieldErrorMap(register.error.errors)
      : {};
  const fieldError = (field: string) => (errors[field] ? fieldErrorMessage(errors[field], t) : undefined);

  const submit = () => {
    const subject = personId ?? person;
    if (!subject && !requesterName.trim()) {
      setMissingSubject(true);
      return;
    }
    setMissingSubject(false);
    register.mutate(
      {
        kind,
        channel,
        // Today: now (the exact time); an earlier day: noon of that day in São Paulo.
        ...(day && day !== today() ? { receivedAt: `${day}T12:00:00-03:00` } : {}),
        personId: subject,
        requesterName: requesterName.trim(),
        requesterContact: requesterContact.trim(),
        requesterDocument: requesterDocument.trim(),
        identityVerified,
        identityMethod: identityMethod.trim(),
        assigneeId,
        details: details.trim(),
      },
      {
        onSuccess: (created) => {
          onRegistered?.(created);
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('privacyRequests.register')} size="lg">
      <Stack gap="sm" data-testid="privacy-request-form">
        <Group grow align="flex-start">
          <Select
            label={t('privacyRequests.form.kind')}
            data={PRIVACY_REQUEST_KINDS.map((k) => ({ value: k, label: t(`privacyRequests.kinds.${k}`) }))}
            value={kind}
            onChange={(v) => v && setKind(v as PrivacyRequestKind)}
            allowDeselect={false}
            data-testid="privacy-request-kind"
          />
          <Select
            label={t('privacyRequests.form.channel')}
            data={PRIVACY_REQUEST_CHANNELS.map((c) => ({
              value: c,
              label: t(`privacyRequests.channels.${c}`),
            }))}
            value={channel}
            onChange={(v) => v && setChannel(v)}
            allowDeselect={false}
          />
        </Group>
        <DayInput
          label={t('privacyRequests.form.receivedAt')}
          value={day}
          onChange={setDay}
          max={today()}
          error={fieldError('receivedAt')}
        />
        {!personId && (
          <PersonPicker
            label={t('privacyRequests.form.person')}
            value={person}
            onChange={(p) => setPerson(p?.id ?? null)}
            error={fieldError('personId')}
            data-testid="privacy-request-person"
          />
        )}
        <Group grow align="flex-start">
          <TextInput
            label={t('privacyRequests.form.requesterName')}
            value={requesterName}
            onChange={(e) => setRequesterName(e.currentTarget.value)}
            error={fieldError('requesterName')}
            data-testid="privacy-request-requester"
          />
          <TextInput
            label={t('privacyRequests.form.requesterContact')}
            value={requesterContact}
            onChange={(e) => setRequesterContact(e.currentTarget.value)}
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label={t('privacyRequests.form.requesterDocument')}
            value={requesterDocument}
            onChange={(e) => setRequesterDocument(e.currentTarget.value)}
          />
          <Select
            label={t('privacyRequests.form.assignee')}
            data={(users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
            value={assigneeId}
            onChange={setAssigneeId}
            clearable
            searchable
            error={fieldError('assigneeId')}
            data-testid="privacy-request-assignee"
          />
        </Group>
        <Checkbox
          label={t('privacyRequests.form.identityVerified')}
          checked={identityVerified}
          onChange={(e) => setIdentityVerified(e.currentTarget.checked)}
        />
        {identityVerified && (
          <TextInput
            label={t('privacyRequests.form.identityMethod')}
            value={identityMethod}
            onChange={(e) => setIdentityMethod(e.currentTarget.value)}
          />
        )}
        <Textarea
          label={t('privacyRequests.form.details')}
          value={details}
          onChange={(e) => setDetails(e.currentTarget.value)}
          autosize
          minRows={2}
          error={fieldError('details')}
        />
        {missingSubject && <Alert color="red">{t('privacyRequests.form.personRequired')}</Alert>}
        {register.error && !Object.keys(errors).length && (
          <Alert color="red">{problemMessage(register.error, t)}</Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('privacyRequests.form.cancel')}
          </Button>
          <Button onClick={submit} loading={register.isPending} data-testid="privacy-request-save">
            {t('privacyRequests.form.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
