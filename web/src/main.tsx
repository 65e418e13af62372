import '@mantine/core/styles.css';
import './ui/focus.css';
import { localStorageColorSchemeManager, MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { type ReactNode, StrictMode, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { currentLanguage, i18n } from './i18n/index.ts';
import { setApiLanguage } from './lib/api.ts';
import { queryClient, setUnauthenticatedHandler } from './lib/query-client.ts';
import { router } from './router.tsx';
import { appTheme, cssVariablesResolver } from './ui/theme.ts';

setApiLanguage(currentLanguage);
// The session ended (expired, revoked, user deactivated): log in again, then come back here.
setUnauthenticatedHandler(() => {
  const { pathname, href } = router.state.location;
  // The helpdesk panel has no login: it asks its helpdesk for a new session itself.
  if (pathname === '/login' || pathname.startsWith('/embed/')) return;
  void router.navigate({ to: '/login', search: { redirect: href } }).then(() => queryClient.clear());
});

// Light unless the user chose the dark theme in this browser (the shell's "Tema escuro" toggle).
const colorSchemeManager = localStorageColorSchemeManager({ key: 'funil.color-scheme' });

/** Mantine with the app's theme, whose words (the dialogs' "Fechar") follow the language switch. */
function ThemeProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const closeLabel = t('common.close');
  const theme = useMemo(() => appTheme(closeLabel), [closeLabel]);
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      colorSchemeManager={colorSchemeManager}
      defaultColorScheme="light"
    >
      {children}
    </MantineProvider>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <ThemeProvider>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </ThemeProvider>
    </I18nextProvider>
  </StrictMode>,
);
