import type { PanelContext } from '@funil/domain';
import {
  Alert,
  Button,
  Group,
  Radio,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { toOptions, useBranches, useUsers } from '../directory/queries.ts';
import { DuplicateAlert } from '../people/DuplicateAlert.tsx';
import { PanelError } from './PanelError.tsx';
import { type ConversationRef, useCreatePerson, useLinkPerson, usePeopleLookup } from './queries.ts';

type Props = { conversation: ConversationRef; context: PanelContext; userId: string; mayLink: boolean };

/** Adicionar contato: Criar novo (prefilled from the conversation) or Vincular existente (search, pick, confirm). */
export function AddContact({ conversation, context, userId, mayLink }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<'create' | 'link'>('create');
  if (!mayLink) {
    return (
      <Text size="sm" c="dimmed" data-testid="panel-may-not-link">
        {t('helpdesk.contact.mayNotLink')}
      </Text>
    );
  }
  if (!open) {
    return (
      <Button size="xs" onClick={() => setOpen(true)} data-testid="panel-add-contact">
        {t('helpdesk.contact.add')}
      </Button>
    );
  }
  return (
    <Stack gap="xs">
      <SegmentedControl
        size="xs"
        fullWidth
        value={mode}
        onChange={(v) => setMode(v as 'create' | 'link')}
        data={[
          { value: 'create', label: t('helpdesk.contact.createNew') },
          { value: 'link', label: t('helpdesk.contact.linkExisting') },
        ]}
        data-testid="panel-contact-mode"
      />
      {mode === 'create' ? (
        <CreateContact
          conversation={conversation}
          context={context}
          userId={userId}
          onCancel={() => setOpen(false)}
        />
      ) : (
        <LinkContact conversation={conversation} onCancel={() => setOpen(false)} />
      )}
    </Stack>
  );
}

function CreateContact({
  conversation,
  context,
  userId,
  onCancel,
}: Omit<Props, 'mayLink'> & { onCancel: () => void }) {
  const { t } = useTranslation();
  const users = useUsers().data;
  const branches = useBranches().data;
  const create = useCreatePerson(conversation);
  const link = useLinkPerson(conversation);
  const [form, setForm] = useState({
    ownerId: userId as string | null,
    branchId: null as string | null,
    document: context.contact?.document ?? '',
    name: context.contact?.name ?? '',
    email: context.contact?.email ?? '',
    phone: context.contact?.phone ?? '',
  });
  const set = (field: keyof typeof form) => (value: string | null) =>
    setForm((f) => ({ ...f, [field]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      name: form.name,
      ownerId: form.ownerId,
      branchId: form.branchId,
      document: form.document.trim() || null,
      emails: form.email.trim() ? [{ address: form.email.trim(), type: 'personal', primary: true }] : [],
      phones: form.phone.trim() ? [{ number: form.phone.trim(), type: 'whatsapp', primary: true }] : [],
    } as never);
  };
  const duplicates =
    isApiError(create.error) && create.error.code === 'person-duplicate' ? create.error.matches : [];
  const linkable = duplicates.filter((m) => m.visible && m.personId);
  return (
    <form onSubmit={submit} data-testid="panel-create-contact">
      <Stack gap={6}>
        <Select
          size="xs"
          label={t('helpdesk.contact.owner')}
          data={toOptions(users, [form.ownerId])}
          value={form.ownerId}
          onChange={set('ownerId')}
          searchable
        />
        <Select
          size="xs"
          label={t('helpdesk.contact.branch')}
          data={toOptions(branches, [form.branchId])}
          value={form.branchId}
          onChange={set('branchId')}
          clearable
        />
        <TextInput
          size="xs"
          label={t('helpdesk.contact.document')}
          value={form.document}
          onChange={(e) => set('document')(e.currentTarget.value)}
        />
        <TextInput
          size="xs"
          required
          label={t('helpdesk.contact.name')}
          value={form.name}
          onChange={(e) => set('name')(e.currentTarget.value)}
        />
        <TextInput
          size="xs"
          type="email"
          label={t('helpdesk.contact.email')}
          value={form.email}
          onChange={(e) => set('email')(e.currentTarget.value)}
        />
        <TextInput
          size="xs"
          label={t('helpdesk.contact.phone')}
          value={form.phone}
          onChange={(e) => set('phone')(e.currentTarget.value)}
        />
        {duplicates.length > 0 ? (
          <Stack gap={4}>
            <DuplicateAlert matches={duplicates} />
            {linkable.map((m) => (
              <Button
                key={m.personId}
                size="xs"
                variant="light"
                loading={link.isPending}
                onClick={() => link.mutate(m.personId as string)}
                data-testid="panel-link-duplicate"
              >
                {t('helpdesk.contact.confirmLink', { name: m.name ?? '' })}
              </Button>
            ))}
          </Stack>
        ) : (
          create.error && <PanelError error={create.error} />
        )}
        {link.error && <PanelError error={link.error} />}
        <Group gap="xs" justify="flex-end">
          <Button size="xs" variant="default" onClick={onCancel}>
            {t('helpdesk.contact.cancel')}
          </Button>
          <Button size="xs" type="submit" loading={create.isPending}>
            {t('helpdesk.contact.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const CRITERIA = ['name', 'document', 'email', 'phone'] as const;

function LinkContact({ conversation, onCancel }: { conversation: ConversationRef; onCancel: () => void }) {
  const { t } = useTranslation();
  const [criterion, setCriterion] = useState<(typeof CRITERIA)[number]>('document');
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<string | null>(null);
  const results = usePeopleLookup(q);
  const link = useLinkPerson(conversation);
  const chosen = results.data?.find((p) => p.id === picked);
  return (
    <Stack gap={6} data-testid="panel-link-contact">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setPicked(null);
          setQ(text.trim());
        }}
      >
        <Stack gap={6}>
          <Select
            size="xs"
            label={t('helpdesk.contact.criterion')}
            data={CRITERIA.map((c) => ({ value: c, label: t(`helpdesk.contact.criteria.${c}`) }))}
            value={criterion}
            onChange={(v) => v && setCriterion(v as (typeof CRITERIA)[number])}
            allowDeselect={false}
          />
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              size="xs"
              style={{ flex: 1 }}
              label={t('helpdesk.contact.searchLabel')}
              placeholder={t(`helpdesk.contact.criteria.${criterion}`)}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              data-testid="panel-search-input"
            />
            <Button size="xs" type="submit" data-testid="panel-search">
              {t('helpdesk.contact.search')}
            </Button>
          </Group>
        </Stack>
      </form>
      {results.error && <PanelError error={results.error} />}
      {results.data && results.data.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('helpdesk.contact.noResults')}
        </Text>
      )}
      {results.data && results.data.length > 0 && (
        <Radio.Group value={picked} onChange={setPicked} aria-label={t('helpdesk.contact.searchLabel')}>
          <Stack gap={4}>
            {results.data.map((p) => (
              <UnstyledButton key={p.id} component="div">
                <Radio
                  value={p.id}
                  data-testid="panel-search-result"
                  label={
                    <Text size="sm">
                      {p.name}
                      {p.document ? ` · ${p.document}` : ''}
                      {p.primaryEmail ? ` · ${p.primaryEmail}` : ''}
                    </Text>
                  }
                />
              </UnstyledButton>
            ))}
          </Stack>
        </Radio.Group>
      )}
      {link.error && <PanelError error={link.error} />}
      <Group gap="xs" justify="flex-end">
        <Button size="xs" variant="default" onClick={onCancel}>
          {t('helpdesk.contact.cancel')}
        </Button>
        <Button
          size="xs"
          disabled={!chosen}
          loading={link.isPending}
          onClick={() => chosen && link.mutate(chosen.id)}
          data-testid="panel-confirm-link"
        >
          {chosen ? t('helpdesk.contact.confirmLink', { name: chosen.name }) : t('helpdesk.contact.linkThis')}
        </Button>
      </Group>
    </Stack>
  );
}

/** A linked person the user may not see: said, nothing shown. */
export function HiddenContact() {
  const { t } = useTranslation();
  return (
    <Alert color="gray" variant="light" data-testid="panel-hidden">
      {t('helpdesk.hidden')}
    </Alert>
  );
}
