import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Person } from '../people/types.ts';
import { PanelError } from './PanelError.tsx';
import { type ConversationRef, useUpdatePerson } from './queries.ts';

/** The linked person in a few lines, with Atualizar contato (name, CPF/CNPJ, e-mail, phone). */
export function PersonSection({ conversation, person }: { conversation: ConversationRef; person: Person }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const email = person.emails.find((e) => e.primary) ?? person.emails[0];
  const phone = person.phones.find((p) => p.primary) ?? person.phones[0];
  return (
    <Stack gap={4} data-testid="panel-person" data-person-id={person.id}>
      <Text fw={600} size="sm" data-testid="panel-person-name">
        {person.name}
      </Text>
      {person.document && <Text size="xs">{person.document}</Text>}
      {email && (
        <Text size="xs" data-testid="panel-person-email">
          {email.address}
        </Text>
      )}
      {phone && <Text size="xs">{phone.masked}</Text>}
      {editing ? (
        <UpdateContact conversation={conversation} person={person} onDone={() => setEditing(false)} />
      ) : (
        <Group>
          <Button
            size="xs"
            variant="light"
            onClick={() => setEditing(true)}
            data-testid="panel-update-contact"
          >
            {t('helpdesk.contact.update')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function UpdateContact({
  conversation,
  person,
  onDone,
}: {
  conversation: ConversationRef;
  person: Person;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const update = useUpdatePerson(conversation);
  const primary = person.emails.find((e) => e.primary) ?? person.emails[0];
  const [form, setForm] = useState({
    name: person.name,
    document: person.document ?? '',
    email: primary?.address ?? '',
    phone: '',
  });
  const set = (field: keyof typeof form) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [field]: value }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const others = person.emails.filter((e) => e !== primary).map(({ address, type }) => ({ address, type }));
    const patch: Record<string, unknown> = {
      name: form.name,
      document: form.document.trim() || null,
      emails: form.email.trim()
        ? [{ address: form.email.trim(), type: primary?.type ?? 'personal', primary: true }, ...others]
        : others,
    };
    // Phones leave the server masked: only a typed number replaces them (which needs "Visualizar telefones").
    if (form.phone.trim()) patch.phones = [{ number: form.phone.trim(), type: 'whatsapp', primary: true }];
    update.mutate({ id: person.id, version: person.version, patch }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} data-testid="panel-update-form">
      <Stack gap={6}>
        <TextInput
          size="xs"
          required
          label={t('helpdesk.contact.name')}
          value={form.name}
          onChange={set('name')}
        />
        <TextInput
          size="xs"
          label={t('helpdesk.contact.document')}
          value={form.document}
          onChange={set('document')}
        />
        <TextInput
          size="xs"
          type="email"
          label={t('helpdesk.contact.email')}
          value={form.email}
          onChange={set('email')}
          data-testid="panel-update-email"
        />
        <TextInput
          size="xs"
          label={t('helpdesk.contact.phoneOther')}
          description={t('helpdesk.contact.phoneHint')}
          value={form.phone}
          onChange={set('phone')}
        />
        {update.error && <PanelError error={update.error} />}
        <Group gap="xs" justify="flex-end">
          <Button size="xs" variant="default" onClick={onDone}>
            {t('helpdesk.contact.cancel')}
          </Button>
          <Button size="xs" type="submit" loading={update.isPending} data-testid="panel-update-save">
            {t('helpdesk.contact.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
