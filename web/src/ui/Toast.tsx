import { Notification, Portal } from '@mantine/core';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

const SHOWN_MS = 5000;

type Message = { text: ReactNode; color: string; title?: ReactNode; key: number };

/** A failure interrupts (role="alert", assertive); anything else is read when the screen reader is idle. */
const isError = (color: string) => color === 'red';

/**
 * A short message in the corner after an action that changes nothing on screen at once (a resend): `show` it,
 * render `toast` once in the page (always, even with nothing shown). It closes by itself or by its button.
 *
 * Screen readers announce a change inside a live region that already exists, not a region inserted with its text
 * (Mantine's Notification is itself `role="alert"` by default, errors or not): `toast` keeps two empty regions
 * in the page — polite for news, assertive for failures — and the notification appears inside one of them.
 */
export function useToast({ shownMs = SHOWN_MS, testId = 'toast' } = {}) {
  const { t } = useTranslation();
  const [message, setMessage] = useState<Message | null>(null);
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), shownMs);
    return () => clearTimeout(timer);
  }, [message, shownMs]);
  const show = useCallback(
    (text: ReactNode, color = 'teal', title?: ReactNode) =>
      setMessage({ text, color, title, key: Date.now() }),
    [],
  );
  const notification = message ? (
    <Notification
      key={message.key}
      color={message.color}
      title={message.title}
      onClose={() => setMessage(null)}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      // The region around it speaks; the notification itself is no second live region.
      role="none"
      data-testid={testId}
      style={{
        position: 'fixed',
        right: 16,
        bottom: 16,
        zIndex: 1000,
        maxWidth: 'min(420px, calc(100vw - 32px))',
      }}
    >
      {message.text}
    </Notification>
  ) : null;
  const error = message !== null && isError(message.color);
  const toast = (
    <Portal>
      <div role="status" aria-live="polite" aria-atomic="true" data-testid="toast-region">
        {error ? null : notification}
      </div>
      <div role="alert" aria-live="assertive" aria-atomic="true" data-testid="toast-region">
        {error ? notification : null}
      </div>
    </Portal>
  );
  return { show, toast };
}
