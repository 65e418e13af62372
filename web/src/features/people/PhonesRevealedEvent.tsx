import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TimelineEvent } from '../timeline/types.ts';

/** A `phones_revealed` event: who saw the full numbers (the event keeps no number). */
export function PhonesRevealedEvent({ event }: { event: TimelineEvent }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" data-testid="phones-revealed">
      {event.actor
        ? t('phoneReveal.revealedBy', { name: event.actor.name })
        : t('phoneReveal.revealedBySomeone')}
    </Text>
  );
}
