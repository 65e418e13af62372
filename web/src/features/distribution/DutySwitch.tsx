import { Switch } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDuty, useSetDuty } from './queries.ts';

/** Plantão: the header switch, shown only to members of some distribution rule. */
export function DutySwitch() {
  const { t } = useTranslation();
  const { data } = useDuty();
  const setDuty = useSetDuty();
  if (!data?.member) return null;
  const onDuty = setDuty.isPending && setDuty.variables !== undefined ? setDuty.variables : data.onDuty;
  return (
    <Switch
      checked={onDuty}
      onChange={(e) => setDuty.mutate(e.currentTarget.checked)}
      disabled={setDuty.isPending}
      label={onDuty ? t('distribution.duty.on') : t('distribution.duty.off')}
      aria-label={t('distribution.duty.label')}
      data-testid="duty-switch"
      color="teal"
    />
  );
}
