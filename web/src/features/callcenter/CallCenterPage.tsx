import type { ContactDirection } from '@funil/domain';
import { SegmentedControl, Stack, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { DeskTab } from './DeskTab.tsx';
import { FiltersTab } from './FiltersTab.tsx';

/** Receptivos e Ativos: one screen, two modes (inbound / outbound) with the same form, and the Filtros tab. */
export function CallCenterPage() {
  const { t } = useTranslation();
  const [direction, setDirection] = useState<ContactDirection>('inbound');
  const [tab, setTab] = useState<string | null>('main');
  const [personId, setPersonId] = useState<string | null>(null);
  return (
    <Stack>
      <PageHeader title={t('callcenter.title')} />
      <Text size="sm" c="dimmed">
        {t('callcenter.intro')}
      </Text>
      <SegmentedControl
        value={direction}
        onChange={(v) => setDirection(v as ContactDirection)}
        data={[
          { value: 'inbound', label: t('callcenter.mode.inbound') },
          { value: 'outbound', label: t('callcenter.mode.outbound') },
        ]}
        data-testid="desk-mode"
        w="fit-content"
      />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="main" data-testid="tab-main">
            {t('callcenter.tabs.main')}
          </Tabs.Tab>
          <Tabs.Tab value="filters" data-testid="tab-filters">
            {t('callcenter.tabs.filters')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="main" pt="md">
          <DeskTab direction={direction} personId={personId} onSelectPerson={setPersonId} />
        </Tabs.Panel>
        <Tabs.Panel value="filters" pt="md">
          <FiltersTab
            onOpenPerson={(id) => {
              setPersonId(id);
              setTab('main');
            }}
          />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
