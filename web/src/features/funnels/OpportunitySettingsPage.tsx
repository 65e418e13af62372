import { OPTION_LISTS } from '@funil/domain';
import { Box, Paper, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { OptionListEditor } from './OptionListEditor.tsx';
import { hasParent, PARENT_LISTS } from './option-list-draft.ts';
import { useOpportunitySettings } from './queries.ts';
import { SaleRequirementsEditor } from './SaleRequirementsEditor.tsx';

function SettingsSkeleton() {
  return (
    <Stack gap="md" aria-hidden>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {OPTION_LISTS.map((list) => (
          <Paper key={list} withBorder p="md">
            <Skeleton height={22} width="50%" mb="sm" />
            <Stack gap={6}>
              {[0, 1, 2].map((i) => (
                <Skeleton key={i} height={34} />
              ))}
            </Stack>
          </Paper>
        ))}
      </SimpleGrid>
      <Skeleton height={120} />
    </Stack>
  );
}

/**
 * The workspace lists (those opportunities refer to and those of a person's status panel) and the sale
 * requirements (`/admin/opportunity-settings`).
 * Each section saves on its own against the settings version last known (If-Match).
 */
export function OpportunitySettingsPage() {
  const { t } = useTranslation();
  const query = useOpportunitySettings();
  // Bumped after a reload caused by someone else's save: every section drops its unsaved edits.
  const [generation, setGeneration] = useState(0);
  const [reloading, setReloading] = useState(false);
  const settings = query.data;

  const reload = async () => {
    setReloading(true);
    try {
      await query.refetch();
    } finally {
      setReloading(false);
      setGeneration((g) => g + 1);
    }
  };

  const sectionProps = { onReload: () => void reload(), reloading };

  return (
    <Box maw={1200} mx="auto">
      <PageHeader title={t('funnels.settings.title')} />
      <Stack gap="md">
        <Stack gap={4}>
          <Text size="sm">{t('funnels.settings.intro')}</Text>
          <Text size="sm" c="dimmed">
            {t('funnels.settings.archiveNote')}
          </Text>
        </Stack>
        {query.isError ? (
          <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />
        ) : !settings ? (
          <SettingsSkeleton />
        ) : (
          <>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              {OPTION_LISTS.map((list) => (
                <OptionListEditor
                  key={`${list}-${generation}`}
                  list={list}
                  saved={settings.lists[list] ?? []}
                  parents={hasParent(list) ? (settings.lists[PARENT_LISTS[list]] ?? []) : undefined}
                  version={settings.version}
                  {...sectionProps}
                />
              ))}
            </SimpleGrid>
            <SaleRequirementsEditor
              key={`requirements-${generation}`}
              saved={settings.saleRequirements}
              version={settings.version}
              {...sectionProps}
            />
          </>
        )}
      </Stack>
    </Box>
  );
}
