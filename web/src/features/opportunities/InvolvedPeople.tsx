import { INVOLVED_ROLES, type InvolvedPerson, type InvolvedRole, type Opportunity } from '@funil/domain';
import { Anchor, Badge, Button, Divider, Group, Menu, Select, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { Card } from './InfoCards.tsx';
import { opportunityFieldError } from './opportunity-form.ts';
import { PersonPicker, type PickedPerson } from './PersonPicker.tsx';
import { useInvolvePerson, useRemovePerson } from './queries.ts';

const isRole = (v: string | null): v is InvolvedRole =>
  v !== null && (INVOLVED_ROLES as readonly string[]).includes(v);

/** A failed involve/remove, in one sentence (field codes like "holder_required" when the server sent one). */
function failure(error: unknown, t: ReturnType<typeof useTranslation>['t']): string {
  const field = isApiError(error) ? error.errors[0] : undefined;
  return field
    ? (opportunityFieldError(field.code, t) ?? problemMessage(error, t))
    : problemMessage(error, t);
}

function PersonRow({
  person: p,
  onRole,
  onRemove,
  busy,
}: {
  person: InvolvedPerson;
  onRole: (role: InvolvedRole) => void;
  onRemove: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const holder = p.role === 'holder';
  return (
    <Stack
      gap={6}
      component="li"
      style={{ listStyle: 'none' }}
      data-testid="involved-person"
      data-role={p.role}
      data-person-id={p.personId}
    >
      <Group justify="space-between" gap="xs" wrap="wrap" align="center">
        <Group gap="xs" wrap="wrap" style={{ minWidth: 0 }}>
          {p.visible ? (
            <Anchor
              fw={600}
              size="sm"
              style={{ overflowWrap: 'anywhere' }}
              renderRoot={(props) => <Link to="/people/$id" params={{ id: p.personId }} {...props} />}
              data-testid="involved-person-name"
            >
              {p.name}
            </Anchor>
          ) : (
            <Text fw={600} size="sm" data-testid="involved-person-name">
              {p.name}
            </Text>
          )}
          {holder ? (
            <Badge variant="filled" size="sm" data-testid="involved-role-label">
              {t('opportunity.roles.holder')}
            </Badge>
          ) : (
            <Badge variant="light" color="gray" size="sm" data-testid="involved-role-label">
              {t(`opportunity.roles.${p.role}`)}
            </Badge>
          )}
          {!p.visible && (
            <Text size="xs" c="dimmed">
              {t('opportunity.people.hidden')}
            </Text>
          )}
        </Group>
        <Group gap="xs" wrap="nowrap">
          {!holder && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  disabled={busy}
                  aria-label={t('opportunity.people.changeRole', { name: p.name })}
                  data-testid="involved-role"
                >
                  {t('opportunity.people.changeRoleShort')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {INVOLVED_ROLES.filter((r) => r !== p.role).map((r) => (
                  <Menu.Item key={r} onClick={() => onRole(r)} data-role={r}>
                    {t(`opportunity.roles.${r}`)}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          )}
          {!holder && (
            <Button
              size="compact-sm"
              variant="subtle"
              color="red"
              onClick={onRemove}
              disabled={busy}
              aria-label={t('opportunity.people.removeLabel', { name: p.name })}
              data-testid="remove-person"
            >
              {t('opportunity.people.remove')}
            </Button>
          )}
        </Group>
      </Group>
      {p.missing.length > 0 ? (
        <Group gap={6} wrap="wrap">
          {p.missing.map((req) => (
            <Badge
              key={req}
              color="orange"
              variant="light"
              size="sm"
              tt="none"
              data-testid="missing-badge"
              data-missing={req}
            >
              {t(`opportunity.missing.${req}`)}
            </Badge>
          ))}
          {p.visible && (
            <Anchor
              size="sm"
              renderRoot={(props) => <Link to="/people/$id/edit" params={{ id: p.personId }} {...props} />}
              data-testid="fix-person-link"
            >
              {t('opportunity.people.fix')}
            </Anchor>
          )}
        </Group>
      ) : (
        <Text size="xs" c="green">
          {t('opportunity.people.complete')}
        </Text>
      )}
    </Stack>
  );
}

/** Clientes envolvidos: each person's role and what their record lacks for the sale; add, change, remove. */
export function InvolvedPeople({ opportunity: o }: { opportunity: Opportunity }) {
  const { t } = useTranslation();
  const involve = useInvolvePerson(o.id);
  const remove = useRemovePerson(o.id);
  const [picked, setPicked] = useState<PickedPerson | null>(null);
  const [role, setRole] = useState<InvolvedRole>('spouse');
  const [removing, setRemoving] = useState<InvolvedPerson | null>(null);
  const [pickError, setPickError] = useState(false);
  const people = [...o.people].sort((a, b) => (a.role === 'holder' ? -1 : b.role === 'holder' ? 1 : 0));

  const add = () => {
    if (!picked) {
      setPickError(true);
      return;
    }
    involve.mutate(
      { personId: picked.id, role },
      {
        onSuccess: () => {
          setPicked(null);
          setRole('spouse');
        },
      },
    );
  };

  return (
    <Card title={t('opportunity.people.title')} id="involved-title" testId="involved-people">
      <Text size="xs" c="dimmed" mb="sm">
        {t('opportunity.people.hint')}
      </Text>
      {people.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('opportunity.people.empty')}
        </Text>
      ) : (
        <Stack gap="md" component="ul" p={0} m={0}>
          {people.map((p) => (
            <PersonRow
              key={p.personId}
              person={p}
              busy={involve.isPending || remove.isPending}
              onRole={(next) => involve.mutate({ personId: p.personId, role: next })}
              onRemove={() => {
                remove.reset();
                setRemoving(p);
              }}
            />
          ))}
        </Stack>
      )}
      {involve.isError && (
        <Text size="sm" c="red" role="alert" mt="sm">
          {failure(involve.error, t)}
        </Text>
      )}

      <Divider my="md" label={t('opportunity.people.addTitle')} labelPosition="left" />
      <Group gap="xs" align="flex-end" wrap="wrap" data-testid="add-person-form">
        <PersonPicker
          label={t('opportunity.picker.label')}
          value={picked?.id ?? null}
          onChange={(p) => {
            setPicked(p);
            setPickError(false);
          }}
          exclude={o.people.map((p) => p.personId)}
          error={pickError ? t('fieldErrors.required') : undefined}
          style={{ flex: '1 1 240px' }}
          data-testid="add-person-picker"
        />
        <Select
          label={t('opportunity.fields.role')}
          data={INVOLVED_ROLES.map((r) => ({ value: r, label: t(`opportunity.roles.${r}`) }))}
          value={role}
          onChange={(v) => isRole(v) && setRole(v)}
          allowDeselect={false}
          w={150}
          data-testid="add-person-role"
        />
        <Button onClick={add} loading={involve.isPending} data-testid="add-person-submit">
          {t('opportunity.people.add')}
        </Button>
      </Group>

      <ConfirmModal
        opened={removing !== null}
        title={t('opportunity.people.removeTitle')}
        message={t('opportunity.people.removeConfirm', { name: removing?.name ?? '' })}
        confirmLabel={t('opportunity.people.remove')}
        loading={remove.isPending}
        error={remove.isError ? failure(remove.error, t) : undefined}
        onConfirm={() => removing && remove.mutate(removing.personId, { onSuccess: () => setRemoving(null) })}
        onClose={() => setRemoving(null)}
      />
    </Card>
  );
}
