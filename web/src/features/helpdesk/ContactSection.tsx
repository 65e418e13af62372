import {
  documentKind,
  maskDocumentInput,
  normalizeCep,
  normalizeDocument,
  type PanelContext,
  type PersonKind,
} from '@funil/domain';
import {
  Alert,
  Button,
  CloseButton,
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
import { CnpjLookupField } from '../lookups/CnpjLookupField.tsx';
import { DuplicateAlert } from '../people/DuplicateAlert.tsx';
import { PanelError } from './PanelError.tsx';
import { type ConversationRef, useCreatePerson, useLinkPerson, usePeopleLookup } from './queries.ts';

/** The company's address a CNPJ lookup brings (the panel shows it in one line; the person page edits it). */
type PanelAddress = {
  type: 'work';
  primary: boolean;
  cep: string;
  street: string;
  number: string;
  complement: string;
  district: string;
  city: string;
  state: string;
};
const EMPTY_ADDRESS: PanelAddress = {
  type: 'work',
  primary: true,
  cep: '',
  street: '',
  number: '',
  complement: '',
  district: '',
  city: '',
  state: '',
};
const formatAddressLine = (a: PanelAddress) =>
  [
    [a.street, a.number].filter(Boolean).join(', '),
    a.complement,
    a.district,
    [a.city, a.state].filter(Boolean).join('/'),
    a.cep,
  ]
    .filter(Boolean)
    .join(' · ');

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
  const initialDocument = context.contact?.document ?? '';
  const [form, setForm] = useState({
    kind: (documentKind(normalizeDocument(initialDocument)) === 'cnpj'
      ? 'company'
      : 'individual') as PersonKind,
    ownerId: userId as string | null,
    branchId: null as string | null,
    document: initialDocument,
    name: context.contact?.name ?? '',
    tradeName: '',
    cnaeCode: '',
    cnaeDescription: '',
    registrationStatus: '',
    addresses: [] as PanelAddress[],
    email: context.contact?.email ?? '',
    phone: context.contact?.phone ?? '',
  });
  type Form = typeof form;
  const setField = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const set =
    (field: 'ownerId' | 'branchId' | 'document' | 'name' | 'tradeName' | 'email' | 'phone') =>
    (value: string | null) =>
      setForm((f) => ({ ...f, [field]: value }));
  const company = form.kind === 'company';
  const address = form.addresses[0];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const orNull = (v: string) => v.trim() || null;
    create.mutate({
      kind: form.kind,
      name: form.name,
      ownerId: form.ownerId,
      branchId: form.branchId,
      document: orNull(form.document),
      ...(company && {
        tradeName: orNull(form.tradeName),
        cnaeCode: orNull(form.cnaeCode),
        cnaeDescription: orNull(form.cnaeDescription),
        registrationStatus: orNull(form.registrationStatus),
        addresses: form.addresses.map(({ cep, ...rest }) => ({ ...rest, cep: normalizeCep(cep) })),
      }),
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
        <SegmentedControl
          size="xs"
          value={form.kind}
          onChange={(v) => {
            const kind: PersonKind = v === 'company' ? 'company' : 'individual';
            setForm((f) => ({ ...f, kind, document: maskDocumentInput(f.document, kind) }));
          }}
          data={[
            { value: 'individual', label: t('kinds.individual') },
            { value: 'company', label: t('kinds.company') },
          ]}
          data-testid="panel-person-kind"
        />
        {company ? (
          <CnpjLookupField
            values={form}
            set={setField}
            newAddress={() => ({ ...EMPTY_ADDRESS })}
            label={t('form.cnpj')}
            placeholder="00.000.000/0000-00"
          />
        ) : (
          <TextInput
            size="xs"
            label={t('form.cpf')}
            value={form.document}
            onChange={(e) => set('document')(maskDocumentInput(e.currentTarget.value, 'individual'))}
          />
        )}
        <TextInput
          size="xs"
          required
          label={company ? t('form.companyName') : t('helpdesk.contact.name')}
          value={form.name}
          onChange={(e) => set('name')(e.currentTarget.value)}
          data-testid="panel-create-name"
        />
        {company && (
          <TextInput
            size="xs"
            label={t('form.tradeName')}
            value={form.tradeName}
            onChange={(e) => set('tradeName')(e.currentTarget.value)}
          />
        )}
        {company && (form.cnaeCode || form.registrationStatus) && (
          <Text size="xs" data-testid="panel-create-cnae">
            {[form.cnaeCode, form.cnaeDescription, form.registrationStatus].filter(Boolean).join(' · ')}
          </Text>
        )}
        {company && address && (
          <Group gap={4} wrap="nowrap" align="flex-start" data-testid="panel-create-address">
            <Text size="xs" style={{ flex: 1 }}>
              {formatAddressLine(address)}
            </Text>
            <CloseButton
              size="xs"
              aria-label={t('form.removeAddress')}
              onClick={() => setField('addresses', [])}
            />
          </Group>
        )}
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
