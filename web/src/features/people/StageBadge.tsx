import type { PersonStage } from '@funil/domain';
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS: Record<PersonStage, string> = {
  suspect: 'gray',
  prospect: 'cyan',
  lead: 'blue',
  client: 'green',
};

export function StageBadge({ stage }: { stage: PersonStage }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[stage]} variant="light" data-stage={stage} style={{ flexShrink: 0 }}>
      {t(`stages.${stage}`)}
    </Badge>
  );
}
