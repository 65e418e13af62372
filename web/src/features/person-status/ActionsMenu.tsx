import type { PersonAction, PersonStatus } from '@funil/domain';
import { Button, Menu, Text } from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { type ComponentType, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { ActivityFormModal } from '../activities/ActivityFormModal.tsx';
import { can } from '../auth/can.ts';
import { useSession } from '../auth/queries.ts';
import { RevealPhonesMenuItem } from '../people/RevealPhonesMenuItem.tsx';
import type { Person } from '../people/types.ts';
import {
  type DialogProps,
  DisinterestDialog,
  MomentDialog,
  NonClientDialog,
  ObjectiveDialog,
  ProductDialog,
  TemperatureDialog,
} from './ActionDialogs.tsx';
import { type ActionRequest, menuActions } from './actions.ts';
import { usePersonAction } from './queries.ts';

export type ActionsMenuProps = {
  person: Person;
  status: PersonStatus;
  /** Comentar: puts the focus in the timeline's note box. */
  onComment: () => void;
  /** Visualizar alterações: the timeline's "Alterações" filter. */
  onViewChanges: () => void;
};

/** The actions opened in a modal with their own fields. */
const FORM_DIALOGS = {
  changeTemperature: TemperatureDialog,
  changeObjective: ObjectiveDialog,
  setMoment: MomentDialog,
  productOfInterest: ProductDialog,
  reportDisinterest: DisinterestDialog,
  markNonClient: NonClientDialog,
} satisfies Partial<Record<PersonAction, ComponentType<DialogProps>>>;
type FormAction = keyof typeof FORM_DIALOGS;
const isFormAction = (action: PersonAction): action is FormAction => action in FORM_DIALOGS;

type Open = FormAction | 'archive' | 'denyList' | 'scheduleVisit';

/**
 * "Ações": the actions of the person page the user's role may use (`status.allowedActions`), each
 * confirmed in a modal, then the status, the person and its timeline are read again.
 */
export function ActionsMenu({ person, status, onComment, onViewChanges }: ActionsMenuProps) {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const action = usePersonAction(person.id);
  const [open, setOpen] = useState<Open | null>(null);
  // A failure of an action run straight from the menu (revert), shown under the button.
  const [menuError, setMenuError] = useState<string | null>(null);
  const actions = menuActions(status.allowedActions).filter((a) => !(a === 'archive' && status.archived));

  const show = (next: Open) => {
    action.reset();
    setMenuError(null);
    setOpen(next);
  };
  const close = () => {
    if (action.isPending) return;
    setOpen(null);
    action.reset();
  };

  const submit = (request: ActionRequest) => {
    action.mutate(request, {
      onSuccess: () => {
        setOpen(null);
        // Only roles that restore people still open an archived person: the others go back to the list.
        if (request.type === 'archive' && !can(user, 'restorePeople')) void navigate({ to: '/people' });
      },
    });
  };

  const revert = () => {
    setMenuError(null);
    action.mutate(
      { type: 'revertTemperature' },
      {
        onError: (error) =>
          setMenuError(
            isApiError(error) && error.status === 409
              ? t('personStatus.menu.nothingToRevert')
              : problemMessage(error, t),
          ),
      },
    );
  };

  const item = (key: PersonAction) => {
    const label = t(`personStatus.actions.${key}`);
    const testId = `action-${key}`;
    switch (key) {
      case 'registerProposal':
        return (
          <Menu.Item
            key={key}
            data-testid={testId}
            renderRoot={(props) => (
              <Link to="/opportunities/new" search={{ holderId: person.id }} {...props} />
            )}
          >
            {label}
          </Menu.Item>
        );
      case 'scheduleVisit':
        return (
          <Menu.Item key={key} data-testid={testId} onClick={() => show('scheduleVisit')}>
            {label}
          </Menu.Item>
        );
      case 'comment':
        return (
          <Menu.Item key={key} data-testid={testId} onClick={onComment}>
            {label}
          </Menu.Item>
        );
      case 'viewChanges':
        return (
          <Menu.Item key={key} data-testid={testId} onClick={onViewChanges}>
            {label}
          </Menu.Item>
        );
      case 'viewPhones':
        return <RevealPhonesMenuItem key={key} personId={person.id} label={label} testId={testId} />;
      case 'archive':
        return (
          <Menu.Item key={key} data-testid={testId} color="red" onClick={() => show('archive')}>
            {label}
          </Menu.Item>
        );
      case 'denyList':
        return (
          <Menu.Item key={key} data-testid={testId} onClick={() => show('denyList')}>
            {status.doNotContact ? t('personStatus.menu.denyOff') : t('personStatus.menu.denyOn')}
          </Menu.Item>
        );
      case 'changeTemperature':
        return [
          <Menu.Item key={key} data-testid={testId} onClick={() => show(key)}>
            {label}
          </Menu.Item>,
          status.previousTemperature && (
            <Menu.Item key="revert" data-testid="revert-temperature" onClick={revert} pl="xl">
              {t('personStatus.menu.revert', {
                temperature: t(`personStatus.temperatures.${status.previousTemperature}`),
              })}
            </Menu.Item>
          ),
        ];
      default:
        return isFormAction(key) ? (
          <Menu.Item key={key} data-testid={testId} onClick={() => show(key)}>
            {label}
          </Menu.Item>
        ) : null;
    }
  };

  const Dialog = open && isFormAction(open) ? FORM_DIALOGS[open] : null;
  const confirmTestId = (label: string) => <span data-testid="action-confirm">{label}</span>;

  return (
    <>
      <Menu position="bottom-end" shadow="md" width={260} withinPortal>
        <Menu.Target>
          <Button
            variant="light"
            loading={action.isPending && open === null}
            aria-label={t('personStatus.menu.label')}
            data-testid="person-actions"
          >
            {t('personStatus.menu.button')} ▾
          </Button>
        </Menu.Target>
        <Menu.Dropdown data-testid="person-actions-menu">
          {actions.length === 0 ? (
            <Text size="sm" c="dimmed" p="xs">
              {t('personStatus.menu.none')}
            </Text>
          ) : (
            actions.map(item)
          )}
        </Menu.Dropdown>
      </Menu>
      {menuError && (
        <Text size="sm" c="red" role="alert" w="100%" ta="right" data-testid="action-error">
          {menuError}
        </Text>
      )}

      {Dialog && (
        <Dialog
          person={person}
          status={status}
          pending={action.isPending}
          error={action.error}
          onSubmit={submit}
          onClose={close}
        />
      )}

      <ActivityFormModal
        mode={
          open === 'scheduleVisit'
            ? {
                type: 'create',
                title: t('activities.form.visitTitle'),
                defaults: {
                  kind: 'visit',
                  title: t('activities.form.defaultVisitTitle'),
                  personId: person.id,
                  personName: person.name,
                },
              }
            : null
        }
        onClose={() => setOpen(null)}
      />
      <ConfirmModal
        opened={open === 'archive'}
        title={t('personStatus.modals.archiveTitle')}
        message={t('personStatus.modals.archiveMessage', { name: person.name })}
        confirmLabel={confirmTestId(t('personStatus.modals.archiveConfirm'))}
        loading={action.isPending}
        error={open === 'archive' && action.isError ? problemMessage(action.error, t) : null}
        onConfirm={() => submit({ type: 'archive' })}
        onClose={close}
      />
      <ConfirmModal
        opened={open === 'denyList'}
        title={
          status.doNotContact ? t('personStatus.modals.denyOffTitle') : t('personStatus.modals.denyOnTitle')
        }
        message={
          status.doNotContact
            ? t('personStatus.modals.denyOffMessage', { name: person.name })
            : t('personStatus.modals.denyOnMessage', { name: person.name })
        }
        confirmLabel={confirmTestId(
          status.doNotContact ? t('personStatus.menu.denyOff') : t('personStatus.menu.denyOn'),
        )}
        color={status.doNotContact ? 'blue' : 'red'}
        loading={action.isPending}
        error={open === 'denyList' && action.isError ? problemMessage(action.error, t) : null}
        onConfirm={() => submit({ type: 'doNotContact', doNotContact: !status.doNotContact })}
        onClose={close}
      />
    </>
  );
}
