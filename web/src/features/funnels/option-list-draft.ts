import type { ListOption } from '@funil/domain';
import { moveByKey, nameKey, newKey, patchByKey } from './reorder.ts';

/** An item of a workspace list as the admin edits it; `id` null until saved. */
export type DraftItem = { key: string; id: string | null; label: string };

export const OPTION_LABEL_MAX = 80;
export const MAX_OPTIONS = 100;

export function draftFromOptions(options: readonly ListOption[]): DraftItem[] {
  return [...options]
    .sort((a, b) => a.position - b.position)
    .map((o) => ({ key: o.id, id: o.id, label: o.label }));
}

export const addItem = (items: readonly DraftItem[], label: string): DraftItem[] => [
  ...items,
  { key: newKey('item'), id: null, label: label.trim() },
];

export const renameItem = (items: readonly DraftItem[], key: string, label: string): DraftItem[] =>
  patchByKey(items, key, { label });

export const moveItem = (items: readonly DraftItem[], key: string, delta: number): DraftItem[] =>
  moveByKey(items, key, delta);

export const removeItem = (items: readonly DraftItem[], key: string): DraftItem[] =>
  items.filter((item) => item.key !== key);

/** Saved items the admin removed: archived on save. */
export function removedItems(saved: readonly ListOption[], items: readonly DraftItem[]): ListOption[] {
  const kept = new Set(items.map((i) => i.id));
  return [...saved].sort((a, b) => a.position - b.position).filter((o) => !kept.has(o.id));
}

/** Puts a removed item back at its old place (as far as the list allows). */
export function restoreItem(items: readonly DraftItem[], option: ListOption): DraftItem[] {
  const next = [...items];
  next.splice(Math.min(option.position, next.length), 0, {
    key: option.id,
    id: option.id,
    label: option.label,
  });
  return next;
}

/** Body of `PUT /opportunity-settings/lists/{list}`. */
export function toListRequest(items: readonly DraftItem[]) {
  return {
    items: items.map((i) => (i.id ? { id: i.id, label: i.label.trim() } : { label: i.label.trim() })),
  };
}

/** Item key → error code (empty, too long, repeated); empty when the list may be saved. */
export function validateItems(items: readonly DraftItem[]): Record<string, string> {
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  for (const item of items) {
    const label = item.label.trim();
    if (!label) errors[item.key] = 'required';
    else if (label.length > OPTION_LABEL_MAX) errors[item.key] = 'too_long';
    else if (seen.has(nameKey(label))) errors[item.key] = 'duplicate';
    seen.add(nameKey(label));
  }
  return errors;
}

/** The server's `items.3.label` errors placed on the items they answer (indexes are the request's). */
export function itemErrorsFromServer(
  items: readonly DraftItem[],
  errors: readonly { field: string; code: string }[],
): Record<string, string> {
  const found: Record<string, string> = {};
  for (const { field, code } of errors) {
    const match = /^items\.(\d+)/.exec(field);
    const key = match ? items[Number(match[1])]?.key : undefined;
    if (key && !(key in found)) found[key] = code;
  }
  return found;
}

/** Whether the list differs from the saved one (labels, order, additions, removals). */
export function isListChanged(saved: readonly ListOption[], items: readonly DraftItem[]): boolean {
  const original = draftFromOptions(saved);
  return (
    original.length !== items.length ||
    items.some((item, i) => item.id !== original[i]?.id || item.label.trim() !== original[i]?.label)
  );
}
