import { createTheme, PasswordInput, TableScrollContainer, Textarea, TextInput } from '@mantine/core';

// Required fields say so in their error message; without the asterisk, each input's accessible
// name is exactly its visible label ("Nome", not "Nome *"), which e2e tests and screen readers use.
const noAsterisk = { defaultProps: { withAsterisk: false } };

export { accessibleColors as cssVariablesResolver } from './accessible-colors.ts';

export const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '700' },
  components: {
    TextInput: TextInput.extend(noAsterisk),
    PasswordInput: PasswordInput.extend(noAsterisk),
    Textarea: Textarea.extend(noAsterisk),
    // A table wider than the screen scrolls sideways: its viewport takes focus so the keyboard can scroll it too
    // (WCAG 2.1.1; axe's scrollable-region-focusable), with the focus ring keyboard users see elsewhere.
    TableScrollContainer: TableScrollContainer.extend({
      defaultProps: { scrollAreaProps: { viewportProps: { tabIndex: 0, className: 'mantine-focus-auto' } } },
    }),
  },
});
