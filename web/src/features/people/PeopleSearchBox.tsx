import { Kbd, TextInput } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

type Props = { value: string; onChange: (q: string) => void };

/** The single search box: debounced 250 ms; `/` anywhere on the page focuses it. */
export function PeopleSearchBox({ value, onChange }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text, 250);
  const lastSent = useRef(value);

  // The URL changed from elsewhere (back button, "clear filters"): show it.
  useEffect(() => {
    if (value !== lastSent.current) {
      lastSent.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    if (debounced !== lastSent.current) {
      lastSent.current = debounced;
      onChange(debounced);
    }
  }, [debounced, onChange]);

  useHotkeys([
    [
      '/',
      () => {
        ref.current?.focus();
        ref.current?.select();
      },
    ],
  ]);

  return (
    <TextInput
      ref={ref}
      type="search"
      label={t('people.search')}
      placeholder={t('people.searchPlaceholder')}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setText('');
      }}
      rightSection={
        <Kbd size="xs" visibleFrom="sm">
          /
        </Kbd>
      }
      rightSectionPointerEvents="none"
      title={t('people.searchHint')}
      data-testid="people-search"
      flex="1 1 280px"
    />
  );
}
