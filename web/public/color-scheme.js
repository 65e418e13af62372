// Runs before the app, blocking, so a user who chose the dark theme never sees a white page first. It is a file
// of its own because the app's CSP (script-src 'self') refuses Mantine's inline ColorSchemeScript. Mirrors what
// main.tsx gives Mantine: localStorageColorSchemeManager({ key: 'funil.color-scheme' }), light by default.
(() => {
  let chosen = null;
  try {
    chosen = window.localStorage.getItem('funil.color-scheme');
  } catch {
    // Storage refused (a private window's policy): the default theme.
  }
  const dark =
    chosen === 'dark' || (chosen === 'auto' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.setAttribute('data-mantine-color-scheme', dark ? 'dark' : 'light');
})();
