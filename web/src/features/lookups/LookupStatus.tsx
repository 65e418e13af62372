import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export type LookupState = 'idle' | 'loading' | 'filled' | 'not_found' | 'unavailable' | 'disabled';

/**
 * The live region under a CNPJ or CEP input: "asking…", "filled" (unless fields are waiting for the user's choice),
 * or why nothing came (not found, registry down, lookups off) — then the data is typed by hand.
 */
export function LookupStatus({
  kind,
  state,
  showFilled,
}: {
  kind: 'cnpj' | 'cep';
  state: LookupState;
  showFilled: boolean;
}) {
  const { t } = useTranslation();
  const note =
    state === 'not_found'
      ? t(`lookups.${kind}.notFound`)
      : state === 'unavailable' || state === 'disabled'
        ? t(`lookups.${kind}.${state}`)
        : null;
  return (
    <div role="status" aria-live="polite">
      {state === 'loading' && (
        <Text size="xs" c="dimmed">
          {t(`lookups.${kind}.searching`)}
        </Text>
      )}
      {state === 'filled' && showFilled && (
        <Text size="xs" c="dimmed" data-testid={`${kind}-lookup-filled`}>
          {t(`lookups.${kind}.filled`)}
        </Text>
      )}
      {note && (
        <Alert color="yellow" variant="light" p="xs" data-testid={`${kind}-lookup-note`}>
          <Text size="xs">{note}</Text>
        </Alert>
      )}
    </div>
  );
}
