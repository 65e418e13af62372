import { VisuallyHidden } from '@mantine/core';
import { useSyncExternalStore } from 'react';

// One polite live region for the whole signed-in app (rendered by the shell): what changed on screen without the
// user doing it — another user's move on the board, a new event in a timeline — is said in a short sentence.

let said = '';
const listeners = new Set<() => void>();

/**
 * Says `sentence` politely (when the screen reader is idle). Saying the same sentence again clears the region
 * first, so it is heard twice rather than swallowed as "no change".
 */
export function announce(sentence: string): void {
  const set = (text: string) => {
    said = text;
    for (const listener of listeners) listener();
  };
  if (sentence === said) {
    set('');
    setTimeout(() => set(sentence), 50);
  } else set(sentence);
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The region itself: visually hidden, present from the first render so its changes are announced. */
export function LiveRegion() {
  const text = useSyncExternalStore(
    subscribe,
    () => said,
    () => '',
  );
  return (
    <VisuallyHidden role="status" aria-live="polite" aria-atomic="true" data-testid="live-region">
      {text}
    </VisuallyHidden>
  );
}
