import { Menu } from '@mantine/core';
import { useRevealPhones } from './queries.ts';

/**
 * "Visualizar telefones" in the person's action menu: the same recorded reveal as the contacts card's
 * button; the card then shows the full numbers and the timeline the reveal.
 */
export function RevealPhonesMenuItem({
  personId,
  label,
  testId,
}: {
  personId: string;
  label: string;
  testId: string;
}) {
  const reveal = useRevealPhones(personId);
  return (
    <Menu.Item data-testid={testId} onClick={() => reveal.mutate()}>
      {label}
    </Menu.Item>
  );
}
