import { useRef } from 'react';

/**
 * Gives focus back to what opened a dialog once the dialog is gone. Mantine's own return remembers the element
 * focused when the dialog's `opened` effect runs, which is already inside the form when its autofocus ran first
 * (a loaded machine); focus then falls to the page's body. `remember` when opening, `restore` when closing: for up to
 * 2 s after the close, as soon as focus is nowhere (the dialog unmounted), it goes back to the opener, if still there.
 */
export function useFocusReturn() {
  const opener = useRef<HTMLElement | null>(null);
  const remember = () => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  };
  const restore = () => {
    const element = opener.current;
    opener.current = null;
    if (!element) return;
    const deadline = Date.now() + 2000;
    const attempt = () => {
      const active = document.activeElement;
      const nowhere = active === null || active === document.body;
      if (nowhere && !document.querySelector('[role="dialog"]')) {
        if (element.isConnected) element.focus({ preventScroll: true });
      } else if (Date.now() < deadline && (nowhere || active?.closest('[role="dialog"]'))) {
        window.setTimeout(attempt, 50);
      }
    };
    window.setTimeout(attempt, 50);
  };
  return { remember, restore };
}
