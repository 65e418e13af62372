/** The desk toolbar's keyboard shortcuts (also shown in the buttons' titles). Alt+letter works while typing. */
export const DESK_SHORTCUTS = {
  register: 'alt+R',
  edit: 'alt+E',
  preRegistration: 'alt+P',
  remove: 'alt+X',
  clear: 'alt+L',
} as const;
export type DeskAction = keyof typeof DESK_SHORTCUTS;

/** How a shortcut is written for people ("Alt+R"). */
export const shortcutLabel = (keys: string) =>
  keys
    .split('+')
    .map((k) => k.charAt(0).toUpperCase() + k.slice(1))
    .join('+');

/** A `datetime-local` value (the browser's time zone) as an ISO instant; empty → null. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
