import { Alert, Anchor, Group, List, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { MoveErrorInfo } from './move-error.ts';

/** A refused move or status change, and the card it was about. */
export type ShownBoardError = MoveErrorInfo & { cardId: string };

type Props = { error: ShownBoardError; onClose: () => void };

/**
 * Why the board put a card back: the reason, who to complete before a sale (each with a link to the
 * person's form) and a link to the opportunity.
 */
export function BoardErrorAlert({ error, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Alert
      color="red"
      variant="light"
      title={error.title}
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={onClose}
      mb="sm"
      role="alert"
      data-testid="board-error"
      data-missing={error.missing.join(', ')}
    >
      <Text size="sm">{error.message}</Text>
      {error.people.length > 0 && (
        <List size="sm" mt={6} spacing={4}>
          {error.people.map((person) => (
            <List.Item
              key={person.personId}
              data-testid="board-error-person"
              data-person-id={person.personId}
            >
              <Group gap="xs" wrap="wrap">
                <Text size="sm" span>
                  {person.text}
                </Text>
                <Anchor
                  size="sm"
                  data-testid="board-error-fix"
                  aria-label={t('board.statusError.fixOf', { name: person.name })}
                  renderRoot={(props) => (
                    <Link to="/people/$id/edit" params={{ id: person.personId }} {...props} />
                  )}
                >
                  {t('board.statusError.fix')}
                </Anchor>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
      <Anchor
        size="sm"
        mt={6}
        display="inline-block"
        renderRoot={(props) => <Link to="/opportunities/$id" params={{ id: error.cardId }} {...props} />}
      >
        {t('board.moveError.open')}
      </Anchor>
    </Alert>
  );
}
