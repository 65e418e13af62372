import type { OpportunityStatus } from '@funil/domain';
import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS: Record<OpportunityStatus, string> = {
  open: 'blue',
  won: 'green',
  lost: 'red',
  discarded: 'gray',
};

/** Em andamento / Ganha / Perdida / Descartada. */
export function StatusBadge({
  status,
  ...props
}: { status: OpportunityStatus } & Omit<BadgeProps, 'color' | 'children'> & { 'data-testid'?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status]} variant="light" data-status={status} style={{ flexShrink: 0 }} {...props}>
      {t(`opportunity.statuses.${status}`)}
    </Badge>
  );
}
