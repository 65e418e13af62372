import { SALE_REQUIREMENTS, type SaleRequirement } from '@funil/domain';
import { Button, Checkbox, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isVersionMismatch, problemMessage } from '../../lib/problems.ts';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';
import { useSaveSaleRequirements } from './queries.ts';
import { SectionHeading } from './SectionHeading.tsx';

type Props = {
  saved: SaleRequirement[];
  version: number;
  onReload: () => void;
  reloading: boolean;
};

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value) => b.includes(value));

/** What every involved client must have before a sale: one checkbox per kind of data. */
export function SaleRequirementsEditor({ saved, version, onReload, reloading }: Props) {
  const { t } = useTranslation();
  const save = useSaveSaleRequirements();
  const [draft, setDraft] = useState<SaleRequirement[] | null>(null);
  const [done, setDone] = useState(false);
  const current = draft ?? saved;
  const changed = draft !== null && !sameSet(draft, saved);
  const stale = isVersionMismatch(save.error);
  const title = t('funnels.settings.requirementsTitle');

  const toggle = (requirement: SaleRequirement, checked: boolean) => {
    // Kept in the order of SALE_REQUIREMENTS, whatever order they were ticked in.
    const next = SALE_REQUIREMENTS.filter((r) => (r === requirement ? checked : current.includes(r)));
    setDraft(next);
    setDone(false);
  };

  const submit = async () => {
    try {
      await save.mutateAsync({ requirements: current, version });
      setDraft(null);
      setDone(true);
    } catch {
      // Shown below (save.error); the choice stays so the admin can try again.
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-label={title} data-testid="sale-requirements">
      <Stack gap="sm">
        <SectionHeading title={title} hint={t('funnels.settings.requirementsHint')} changed={changed} />
        {stale && <StaleVersionAlert onReload={onReload} reloading={reloading} />}
        {save.isError && !stale && (
          <Text size="sm" c="red" role="alert">
            {problemMessage(save.error, t)}
          </Text>
        )}
        <Group gap="lg">
          {SALE_REQUIREMENTS.map((requirement) => (
            <Checkbox
              key={requirement}
              label={t(`funnels.settings.requirements.${requirement}`)}
              checked={current.includes(requirement)}
              onChange={(e) => toggle(requirement, e.currentTarget.checked)}
              data-testid="sale-requirement"
              data-requirement={requirement}
            />
          ))}
        </Group>
        <Group justify="flex-end" gap="sm">
          {done && (
            <Text size="sm" c="green" role="status">
              {t('funnels.settings.requirementsSaved')}
            </Text>
          )}
          {changed && (
            <Button variant="default" onClick={() => setDraft(null)} disabled={save.isPending}>
              {t('common.cancel')}
            </Button>
          )}
          <Button
            onClick={() => void submit()}
            loading={save.isPending}
            disabled={!changed}
            data-testid="sale-requirements-save"
          >
            {t('funnels.settings.saveRequirements')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
