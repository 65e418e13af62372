import type { Uf } from '@funil/domain';
import { Group, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DAY_KINDS, type DayKind, type HoursForm, type WindowForm, windowPath } from './rules-form.ts';

type Props = {
  /** null: the default hours; a state: its override. */
  uf: Uf | null;
  hours: HoursForm;
  onChange: (hours: HoursForm) => void;
  /** The message for a request field path, if it has an error. */
  error: (path: string) => string | undefined;
};

/** The four kinds of day, each "sem ligações" or a from/to pair (`to` may be 24:00). */
export function HoursEditor({ uf, hours, onChange, error }: Props) {
  const { t } = useTranslation();
  const scope = uf ?? 'default';
  const set = (kind: DayKind, patch: Partial<WindowForm>) =>
    onChange({ ...hours, [kind]: { ...hours[kind], ...patch } });
  return (
    <Stack gap="xs">
      {DAY_KINDS.map((kind) => {
        const w = hours[kind];
        const day = t(`dialer.settings.${kind}`);
        return (
          <Group
            key={kind}
            gap="sm"
            align="flex-start"
            wrap="wrap"
            data-testid={`hours-${scope}-${kind}`}
            data-closed={w.closed}
          >
            <Text size="sm" fw={500} w={140} pt={6}>
              {day}
            </Text>
            <Switch
              label={t('dialer.settings.closed')}
              aria-label={`${day}: ${t('dialer.settings.closed')}`}
              checked={w.closed}
              onChange={(e) => set(kind, { closed: e.currentTarget.checked })}
              pt={8}
              w={150}
              data-testid={`hours-${scope}-${kind}-closed`}
            />
            {!w.closed && (
              <>
                <TextInput
                  aria-label={`${day}: ${t('dialer.settings.from')}`}
                  placeholder={t('dialer.settings.timePlaceholder')}
                  leftSection={<Text size="xs">{t('dialer.settings.from')}</Text>}
                  leftSectionWidth={36}
                  value={w.from}
                  onChange={(e) => set(kind, { from: e.currentTarget.value })}
                  maxLength={5}
                  w={120}
                  error={error(windowPath(uf, kind, 'from'))}
                  data-testid={`hours-${scope}-${kind}-from`}
                />
                <TextInput
                  aria-label={`${day}: ${t('dialer.settings.to')}`}
                  placeholder={t('dialer.settings.timePlaceholder')}
                  leftSection={<Text size="xs">{t('dialer.settings.to')}</Text>}
                  leftSectionWidth={36}
                  value={w.to}
                  onChange={(e) => set(kind, { to: e.currentTarget.value })}
                  maxLength={5}
                  w={120}
                  error={error(windowPath(uf, kind, 'to'))}
                  data-testid={`hours-${scope}-${kind}-to`}
                />
              </>
            )}
          </Group>
        );
      })}
    </Stack>
  );
}
