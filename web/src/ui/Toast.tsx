import { Notification, Portal } from '@mantine/core';
import { type ReactNode, useCallback, useEffect, useState } from 'react';

const SHOWN_MS = 5000;

/**
 * A short message in the corner after an action that changes nothing on screen at once (a resend): `show` it,
 * render `toast` once in the page. It closes by itself or by its button.
 */
export function useToast() {
  const [message, setMessage] = useState<{ text: ReactNode; color: string; key: number } | null>(null);
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [message]);
  const show = useCallback(
    (text: ReactNode, color = 'teal') => setMessage({ text, color, key: Date.now() }),
    [],
  );
  const toast = message ? (
    <Portal>
      <Notification
        key={message.key}
        color={message.color}
        onClose={() => setMessage(null)}
        role="status"
        data-testid="toast"
        style={{ position: 'fixed', right: 16, bottom: 16, zIndex: 1000, maxWidth: 420 }}
      >
        {message.text}
      </Notification>
    </Portal>
  ) : null;
  return { show, toast };
}
