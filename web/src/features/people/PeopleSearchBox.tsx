import { Kbd } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput.tsx';

type Props = { value: string; onChange: (q: string) => void };

/** The single search box: debounced 250 ms; `/` anywhere on the page focuses it, Escape empties it. */
export function PeopleSearchBox({ value, onChange }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLInputElement>(null);

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
    <DebouncedTextInput
      ref={ref}
      value={value}
      onChange={onChange}
      clearOnEscape
      type="search"
      label={t('people.search')}
      placeholder={t('people.searchPlaceholder')}
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
