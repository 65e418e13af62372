import type { CallListFilter, ContactDirection } from '@funil/domain';
import { SegmentedControl, Stack, Tabs, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { DeskTab } from './DeskTab.tsx';
import { DialerPanel } from './DialerPanel.tsx';
import { useDialerSession, useStartDialer } from './dialer-queries.ts';
import { FiltersTab } from './FiltersTab.tsx';

/**
 * Receptivos e Ativos: one screen, two modes (inbound / outbound) with the same form, the Filtros tab and the
 * auto-dialer. When the dialer's call is answered by a person, the desk opens them with the return form.
 */
export function CallCenterPage() {
  const { t } = useTranslation();
  const [direction, setDirection] = useState<ContactDirection>('inbound');
  const [tab, setTab] = useState<string | null>('main');
  const [personId, setPersonId] = useState<string | null>(null);
  const dialer = useDialerSession();
  const start = useStartDialer();
  const session = dialer.data ?? null;
  const current = session?.current ?? null;
  const waiting = current?.answeredBy === 'human' && !current.wrappedUpAt ? current : null;
  const opened = useRef<string | null>(null);

  useEffect(() => {
    // An answered call opens its person on the desk once (the attendant may go elsewhere meanwhile).
    if (!waiting || opened.current === waiting.id) return;
    opened.current = waiting.id;
    setDirection('outbound');
    setPersonId(waiting.personId);
    setTab('main');
  }, [waiting]);

  const startDialer = (filter: CallListFilter) => {
    setTab('dialer');
    start.mutate(filter);
  };

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
          <Tabs.Tab value="dialer" data-testid="tab-dialer">
            {t('callcenter.tabs.dialer')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="main" pt="md">
          <DeskTab
            direction={direction}
            personId={personId}
            onSelectPerson={setPersonId}
            dialerCall={
              session && waiting && waiting.personId === personId
                ? { sessionId: session.id, callId: waiting.id, personName: waiting.personName }
                : null
            }
            onWrappedUp={() => setTab('dialer')}
          />
        </Tabs.Panel>
        <Tabs.Panel value="filters" pt="md">
          <FiltersTab
            onOpenPerson={(id) => {
              setPersonId(id);
              setTab('main');
            }}
            onStartDialer={startDialer}
            startingDialer={start.isPending}
          />
        </Tabs.Panel>
        <Tabs.Panel value="dialer" pt="md">
          <DialerPanel
            session={session}
            loading={dialer.isPending}
            startError={start.error}
            onOpenPerson={(id) => {
              setDirection('outbound');
              setPersonId(id);
              setTab('main');
            }}
          />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
