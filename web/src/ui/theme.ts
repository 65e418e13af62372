import {
  createTheme,
  Drawer,
  Menu,
  Modal,
  PasswordInput,
  TableScrollContainer,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { MouseEvent } from 'react';

// Required fields say so in their error message; without the asterisk, each input's accessible
// name is exactly its visible label ("Nome", not "Nome *"), which e2e tests and screen readers use.
const noAsterisk = { defaultProps: { withAsterisk: false } };

export { accessibleColors as cssVariablesResolver } from './accessible-colors.ts';

/**
 * An item that opens a dialog: Mantine's modal gives focus back, when it closes, to what had it when it opened —
 * the item, gone by then, so focus fell to the page's start. The item first hands focus back to the menu's button
 * (Mantine names the open dropdown in the button's `aria-controls`), and the dialog returns there (WCAG 2.4.3).
 */
function focusMenuButtonBeforeItemActs(event: MouseEvent<HTMLElement>) {
  if (!(event.target instanceof Element) || !event.target.closest('[data-menu-item]')) return;
  const button = document.querySelector<HTMLElement>(`[aria-controls="${event.currentTarget.id}"]`);
  button?.focus({ preventScroll: true });
}

/** The app's theme; `closeLabel` names the close button of every modal and drawer ("Fechar"). */
export function appTheme(closeLabel: string) {
  const closeButtonProps = { defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } };
  return createTheme({
    primaryColor: 'blue',
    defaultRadius: 'md',
    fontFamily:
      'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
    headings: { fontWeight: '700' },
    components: {
      TextInput: TextInput.extend(noAsterisk),
      PasswordInput: PasswordInput.extend(noAsterisk),
      Textarea: Textarea.extend(noAsterisk),
      Modal: Modal.extend(closeButtonProps),
      Drawer: Drawer.extend(closeButtonProps),
      // Opened from the keyboard, a menu puts focus on its first item (WAI-ARIA's menu button), not on an
      // unnamed placeholder that a screen reader announces as nothing.
      Menu: Menu.extend({ defaultProps: { withInitialFocusPlaceholder: false } }),
      MenuDropdown: Menu.Dropdown.extend({ defaultProps: { onClickCapture: focusMenuButtonBeforeItemActs } }),
      // A table wider than the screen scrolls sideways: its viewport takes focus so the keyboard can scroll it too
      // (WCAG 2.1.1; axe's scrollable-region-focusable), with the focus ring keyboard users see elsewhere.
      TableScrollContainer: TableScrollContainer.extend({
        defaultProps: {
          scrollAreaProps: { viewportProps: { tabIndex: 0, className: 'mantine-focus-auto' } },
        },
      }),
    },
  });
}
