import { useRouter } from '@tanstack/react-router';
import { useEffect } from 'react';

/**
 * After moving to another page inside the app, the link or button that led there is usually gone with the old
 * page, and keyboard focus with it (to `<body>`: the next Tab starts over at the top of the page, or leaves it).
 * Focus goes to the main content instead, one Tab from the new page's first control (WCAG 2.4.3). Only when focus
 * was lost: a page that focuses a field itself keeps it; the first page shown keeps the skip link first.
 */
export function useFocusMainAfterNavigation(mainId: string) {
  const router = useRouter();
  useEffect(
    () =>
      router.subscribe('onRendered', ({ fromLocation, pathChanged }) => {
        const active = document.activeElement;
        const lost = !active || active === document.body;
        if (fromLocation && pathChanged && lost)
          document.getElementById(mainId)?.focus({ preventScroll: true });
      }),
    [router, mainId],
  );
}
