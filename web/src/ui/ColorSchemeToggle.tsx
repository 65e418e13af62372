import { Button, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Dark theme on or off: a toggle button (aria-pressed); Mantine remembers the choice in this browser. */
export function ColorSchemeToggle({ size = 'xs' }: { size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  const { setColorScheme } = useMantineColorScheme();
  const dark = useComputedColorScheme('light') === 'dark';
  return (
    <Button
      size={size}
      variant="default"
      aria-pressed={dark}
      data-testid="color-scheme-toggle"
      onClick={() => setColorScheme(dark ? 'light' : 'dark')}
    >
      {t('nav.darkTheme')}
    </Button>
  );
}
