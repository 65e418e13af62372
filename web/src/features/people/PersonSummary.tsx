import {
  formatDocument,
  formatPhone,
  phoneDigitsForWhatsApp,
  SOCIAL_NETWORKS,
  takesWhatsApp,
} from '@funil/domain';
import {
  Alert,
  Anchor,
  Avatar,
  Badge,
  Button,
  Code,
  Collapse,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatDay, safeExternalUrl } from '../../lib/format.ts';
import { problemMessage } from '../../lib/problems.ts';
import { useDirectory } from '../directory/queries.ts';
import { EmailModal } from '../person-status/EmailModal.tsx';
import { usePersonStatus } from '../person-status/queries.ts';
import { formatAddressLine } from '../timeline/field-changes.ts';
import { keyedMaskedPhones } from './form-model.ts';
import { PhotoUpload } from './PhotoUpload.tsx';
import { useRevealedPhones, useRevealPhones } from './queries.ts';
import { StageBadge } from './StageBadge.tsx';
import type { Person, Phone } from './types.ts';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

function Origin({ person }: { person: Person }) {
  const { t, i18n } = useTranslation();
  const [open, { toggle }] = useDisclosure(false);
  const date = formatDateTime(person.createdAt, i18n.language);
  const text =
    person.origin === 'integration'
      ? t('person.originIntegration', { integration: person.originIntegration ?? '?', date })
      : person.createdBy
        ? t('person.originManual', { name: person.createdBy.name, date })
        : t('person.originManualUnknown', { date });
  const hasPayload = person.originPayload !== null && person.originPayload !== undefined;
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="wrap">
        <Text size="xs" c="dimmed" data-testid="person-origin">
          {text}
        </Text>
        {hasPayload && (
          <Button variant="subtle" size="compact-xs" onClick={toggle} aria-expanded={open}>
            {open ? t('person.hidePayload') : t('person.showPayload')}
          </Button>
        )}
      </Group>
      {hasPayload && (
        <Collapse expanded={open}>
          <Code block data-testid="origin-payload" style={{ maxHeight: 320, overflow: 'auto' }}>
            {JSON.stringify(person.originPayload, null, 2)}
          </Code>
        </Collapse>
      )}
    </Stack>
  );
}

/** Name, photo, kind, document, stage, owner, tags and origin of a person, with the Edit button. */
export function PersonHeader({ person }: { person: Person }) {
  const { t, i18n } = useTranslation();
  const { branchName, personTypeName } = useDirectory();
  const company = person.kind === 'company';
  const source = [person.source.media, person.source.channel].filter(Boolean).join(' / ');
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
        <Group wrap="nowrap" align="flex-start" gap="md" style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Avatar
            src={person.photoUrl}
            name={person.name}
            color="initials"
            size={80}
            radius={company ? 'md' : 'xl'}
            alt={
              person.photoUrl
                ? t('person.photoAlt', { name: person.name })
                : t('person.initials', { name: person.name })
            }
          />
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Title order={1} fz={{ base: 22, sm: 28 }} style={{ overflowWrap: 'anywhere' }}>
              {person.name}
            </Title>
            {person.tradeName && (
              <Text c="dimmed" size="sm">
                {person.tradeName}
              </Text>
            )}
            <Group gap="xs" wrap="wrap">
              <StageBadge stage={person.stage} />
              <Text size="sm" c="dimmed">
                {t(`kinds.${person.kind}`)}
              </Text>
              {person.document && (
                <Text size="sm" ff="monospace" data-testid="person-document">
                  {formatDocument(person.document)}
                </Text>
              )}
            </Group>
            {person.tags.length > 0 && (
              <Group gap={4} wrap="wrap" aria-label={t('person.tags')}>
                {person.tags.map((tag) => (
                  <Badge key={tag} variant="outline" color="gray" size="sm" tt="none">
                    {tag}
                  </Badge>
                ))}
              </Group>
            )}
          </Stack>
        </Group>
        <Group gap="xs" align="flex-start">
          <PhotoUpload person={person} compact />
          <Button
            renderRoot={(props) => <Link to="/people/$id/edit" params={{ id: person.id }} {...props} />}
          >
            {t('person.edit')}
          </Button>
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" mt="md">
        <Fact label={t('person.owner')}>{person.owner?.name ?? t('person.noOwner')}</Fact>
        <Fact label={t('person.branch')}>{branchName(person.branchId) ?? t('common.empty')}</Fact>
        {person.birthDate && (
          <Fact label={company ? t('person.foundationDate') : t('person.birthDate')}>
            {formatDay(person.birthDate, i18n.language)}
          </Fact>
        )}
        <Fact label={t('personTypes.form.type')}>
          <span data-testid="person-type">{personTypeName(person.typeId) ?? t('common.empty')}</span>
        </Fact>
        {person.documents.map((d) => (
          <Fact key={d.kind} label={t(`personTypes.kinds.${d.kind}`)}>
            <span data-testid={`person-document-${d.kind}`}>
              {`${d.number} (${d.kind === 'passport' ? d.country : d.state})`}
            </span>
          </Fact>
        ))}
        {(person.rg || person.stateRegistration) && (
          <Fact label={company ? t('person.stateRegistration') : t('person.rg')}>
            {(company ? person.stateRegistration : person.rg) ?? t('common.empty')}
          </Fact>
        )}
        {company && person.cnaeCode && (
          <Fact label={t('person.cnaeCode')}>
            <span data-testid="person-cnae">
              {[person.cnaeCode, person.cnaeDescription].filter(Boolean).join(' · ')}
            </span>
          </Fact>
        )}
        {company && person.registrationStatus && (
          <Fact label={t('person.registrationStatus')}>
            <span data-testid="person-registration-status">{person.registrationStatus}</span>
          </Fact>
        )}
        {source && <Fact label={t('person.source')}>{source}</Fact>}
      </SimpleGrid>

      <Stack gap="xs" mt="md">
        <Origin person={person} />
        <Text size="xs" c="dimmed">
          {t('person.updatedAt', { date: formatDate(person.updatedAt, i18n.language) })}
        </Text>
      </Stack>
    </Paper>
  );
}

/** One full number: call and WhatsApp shortcuts, unless the person is on the deny list. */
function FullPhone({ phone, doNotContact }: { phone: Phone; doNotContact: boolean }) {
  const { t } = useTranslation();
  const formatted = formatPhone(phone.number);
  return (
    <Group gap="xs" wrap="wrap" data-testid="phone-full">
      {doNotContact ? (
        <Text size="sm" td="line-through" c="dimmed">
          {formatted}
        </Text>
      ) : (
        <Anchor href={`tel:${phone.number}`} aria-label={t('person.call', { phone: formatted })}>
          {formatted}
        </Anchor>
      )}
      <Text size="xs" c="dimmed">
        {t(`phoneTypes.${phone.type}`)}
        {phone.primary ? ` · ${t('person.primary')}` : ''}
      </Text>
      {takesWhatsApp(phone.type, phone.number) && !doNotContact && (
        <Button
          component="a"
          href={`https://wa.me/${phoneDigitsForWhatsApp(phone.number)}`}
          target="_blank"
          rel="noopener noreferrer"
          size="compact-xs"
          color="green"
          variant="light"
          aria-label={t('person.whatsappLabel', { phone: formatted })}
        >
          {t('person.whatsapp')}
        </Button>
      )}
    </Group>
  );
}

/**
 * Visualizar telefones: the numbers masked, with "Ver telefones" for roles the action matrix allows; the
 * reveal is recorded on the timeline, and only then do the call and WhatsApp shortcuts appear.
 */
function PersonPhones({ person, doNotContact }: { person: Person; doNotContact: boolean }) {
  const { t } = useTranslation();
  const status = usePersonStatus(person.id);
  const revealed = useRevealedPhones(person.id).data;
  const reveal = useRevealPhones(person.id);
  const mayReveal = status.data?.allowedActions.includes('viewPhones') === true;
  return (
    <Stack gap={6} data-testid="person-phones">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="xs" c="dimmed" fw={600}>
          {t('person.phones')}
        </Text>
        {!revealed && mayReveal && (
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => reveal.mutate()}
            loading={reveal.isPending}
            aria-label={t('phoneReveal.showLabel')}
            data-testid="reveal-phones"
          >
            {t('phoneReveal.show')}
          </Button>
        )}
      </Group>
      {revealed
        ? revealed.phones.map((phone) => (
            <FullPhone key={phone.number} phone={phone} doNotContact={doNotContact} />
          ))
        : keyedMaskedPhones(person.phones).map((phone) => (
            <Group key={phone.key} gap="xs" wrap="wrap" data-testid="phone-masked">
              <Text size="sm" ff="monospace" c={doNotContact ? 'dimmed' : undefined}>
                {phone.masked}
              </Text>
              <Text size="xs" c="dimmed">
                {t(`phoneTypes.${phone.type}`)}
                {phone.primary ? ` · ${t('person.primary')}` : ''}
              </Text>
            </Group>
          ))}
      {!revealed && status.data && (
        <Text size="xs" c="dimmed">
          {mayReveal ? t('phoneReveal.maskedHint') : t('phoneReveal.noPermission')}
        </Text>
      )}
      {reveal.isError && (
        <Text size="xs" c="red" role="alert">
          {t('phoneReveal.failed', { reason: problemMessage(reveal.error, t) })}
        </Text>
      )}
    </Stack>
  );
}

/**
 * Phones (call / WhatsApp), e-mails, social links and addresses. On the deny list (`doNotContact`) the
 * numbers and addresses stay readable but the call, WhatsApp and e-mail shortcuts are gone.
 */
export function PersonContacts({ person, doNotContact = false }: { person: Person; doNotContact?: boolean }) {
  const { t } = useTranslation();
  const social = SOCIAL_NETWORKS.flatMap((n) => {
    const url = safeExternalUrl(person.social[n]);
    return url ? [{ network: n, url }] : [];
  });
  const nothing = person.phones.length === 0 && person.emails.length === 0 && social.length === 0;
  // "Enviar e-mail": the address whose button opened the modal, and "E-mail enviado" after a send.
  const [composeTo, setComposeTo] = useState<string | null>(null);
  const [emailSent, setEmailSent] = useState(false);
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="contacts-title">
      <Group justify="space-between" gap="xs" mb="sm" wrap="wrap">
        <Title order={2} size="h4" id="contacts-title">
          {t('person.contacts')}
        </Title>
        {doNotContact && (
          <Badge color="red" variant="filled" tt="none" data-testid="do-not-contact-badge">
            {t('personStatus.badges.doNotContactList')}
          </Badge>
        )}
      </Group>
      {nothing && (
        <Text size="sm" c="dimmed">
          {t('person.noContacts')}
        </Text>
      )}
      <Stack gap="md">
        {person.phones.length > 0 && <PersonPhones person={person} doNotContact={doNotContact} />}
        {person.emails.length > 0 && (
          <Stack gap={6}>
            <Text size="xs" c="dimmed" fw={600}>
              {t('person.emails')}
            </Text>
            {person.emails.map((email) => (
              <Group key={email.address} gap="xs" wrap="wrap">
                {doNotContact ? (
                  <Text size="sm" td="line-through" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {email.address}
                  </Text>
                ) : (
                  <Anchor href={`mailto:${email.address}`} style={{ overflowWrap: 'anywhere' }}>
                    {email.address}
                  </Anchor>
                )}
                <Text size="xs" c="dimmed">
                  {t(`emailTypes.${email.type}`)}
                  {email.primary ? ` · ${t('person.primary')}` : ''}
                </Text>
                {!doNotContact && (
                  <Button
                    size="compact-xs"
                    variant="light"
                    onClick={() => {
                      setEmailSent(false);
                      setComposeTo(email.address);
                    }}
                    aria-label={t('personStatus.email.composeTo', { address: email.address })}
                    data-testid="compose-email"
                  >
                    {t('personStatus.email.compose')}
                  </Button>
                )}
              </Group>
            ))}
            {emailSent && (
              <Alert
                color="green"
                variant="light"
                role="status"
                withCloseButton
                closeButtonLabel={t('common.close')}
                onClose={() => setEmailSent(false)}
                data-testid="email-sent-notice"
              >
                {t('personStatus.email.sent')}
              </Alert>
            )}
          </Stack>
        )}
        {composeTo && !doNotContact && (
          <EmailModal
            person={person}
            to={composeTo}
            onClose={() => setComposeTo(null)}
            onSent={() => {
              setComposeTo(null);
              setEmailSent(true);
            }}
          />
        )}
        {social.length > 0 && (
          <Stack gap={6}>
            <Text size="xs" c="dimmed" fw={600}>
              {t('person.socialLinks')}
            </Text>
            <Group gap="xs" wrap="wrap">
              {social.map(({ network, url }) => (
                <Button
                  key={network}
                  component="a"
                  href={url}
                  target="_blank"
                  rel="noopener noreferrer"
                  variant="default"
                  size="compact-sm"
                >
                  {t(`social.${network}`)}
                </Button>
              ))}
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

export function PersonAddresses({ person }: { person: Person }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="addresses-title">
      <Title order={2} size="h4" mb="sm" id="addresses-title">
        {t('person.addresses')}
      </Title>
      {person.addresses.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('person.noAddresses')}
        </Text>
      ) : (
        <Stack gap="sm">
          {person.addresses.map((a) => (
            <div key={`${a.cep}-${a.street}-${a.number ?? ''}`}>
              <Text size="xs" c="dimmed">
                {t(`addressTypes.${a.type}`)}
                {a.primary ? ` · ${t('person.primary')}` : ''}
              </Text>
              <Text size="sm">{formatAddressLine(a)}</Text>
            </div>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
