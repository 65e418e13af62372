import { useState } from 'react';

const hidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

const shown = {
  position: 'fixed',
  top: 8,
  left: 8,
  zIndex: 1000,
  padding: '8px 12px',
  borderRadius: 6,
  background: 'var(--mantine-color-body)',
  color: 'var(--mantine-color-anchor)',
  fontWeight: 600,
  outline: '2px solid var(--mantine-primary-color-filled)',
  outlineOffset: 2,
} as const;

/**
 * The page's first tab stop: "Pular para o conteúdo", seen only while focused, moves focus to `targetId` (the
 * main region, focusable with tabIndex -1) without touching the URL (the router owns it).
 */
export function SkipLink({ targetId, label }: { targetId: string; label: string }) {
  const [focused, setFocused] = useState(false);
  return (
    <a
      href={`#${targetId}`}
      data-testid="skip-link"
      style={focused ? shown : hidden}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      onClick={(event) => {
        event.preventDefault();
        document.getElementById(targetId)?.focus();
      }}
    >
      {label}
    </a>
  );
}
