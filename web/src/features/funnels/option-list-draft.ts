import type { ListOption, OptionListName } from '@funil/domain';
import { moveByKey, nameKey, newKey, patchByKey } from './reorder.ts';

/** An item of a workspace list as the admin edits it; `id` null until saved; `parentId`: a sub-moment's moment. */
export type DraftItem = { key: string; id: string | null; label: string; parentId: string | null };

/** Lists whose items each name an item of another list (sub-moments → moments). */
export const PARENT_LISTS = { sub_moment: 'moment' } as const satisfies Partial<
  Record<OptionListName, OptionListName>
>;

export const hasParent = (list: OptionListName): list is keyof typeof PARENT_LISTS => list in PARENT_LISTS;

/** The error key of an item's parent (the label's is the item key itself). */
export const parentErrorKey = (key: string): string => `${key}:parent`;

export const OPTION_LABEL_MAX = 80;
export const MAX_OPTIONS = 100;

export function draftFromOptions(options: readonly ListOption[]): DraftItem[] {
  return [...options]
    .sort((a, b) => a.position - b.position)
    .map((o) => ({ key: o.id, id: o.id, label: o.label, parentId: o.parentId ?? null }));
}

export const addItem = (
  items: readonly DraftItem[],
  label: string,
  parentId: string | null = null,
): DraftItem[] => [...items, { key: newKey('item'), id: null, label: label.trim(), parentId }];

export const renameItem = (items: readonly DraftItem[], key: string, label: string): DraftItem[] =>
  patchByKey(items, key, { label });

export const setItemParent = (
  items: readonly DraftItem[],
  key: string,
  parentId: string | null,
): DraftItem[] => patchByKey(items, key, { parentId });

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
    parentId: option.parentId ?? null,
  });
  return next;
}

export type ListRequestItem = { id?: string; label: string; parentId?: string | null };

/** Body of `PUT /opportunity-settings/lists/{list}`; `withParent`: each item sends its `parentId`. */
export function toListRequest(items: readonly DraftItem[], withParent = false): { items: ListRequestItem[] } {
  return {
    items: items.map((i) => ({
      ...(i.id ? { id: i.id } : {}),
      label: i.label.trim(),
      ...(withParent ? { parentId: i.parentId } : {}),
    })),
  };
}

/**
 * Item key → error code (empty, too long, repeated; `parentErrorKey`: no parent chosen); empty when the list
 * may be saved. With parents, names repeat only within the same parent (like the server).
 */
export function validateItems(items: readonly DraftItem[], withParent = false): Record<string, string> {
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  for (const item of items) {
    const label = item.label.trim();
    const name = withParent ? `${item.parentId ?? ''}:${nameKey(label)}` : nameKey(label);
    if (!label) errors[item.key] = 'required';
    else if (label.length > OPTION_LABEL_MAX) errors[item.key] = 'too_long';
    else if (seen.has(name)) errors[item.key] = 'duplicate';
    seen.add(name);
    if (withParent && !item.parentId) errors[parentErrorKey(item.key)] = 'required';
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
    const match = /^items\.(\d+)(\.parentId)?/.exec(field);
    const item = match ? items[Number(match[1])]?.key : undefined;
    const key = item && match?.[2] ? parentErrorKey(item) : item;
    if (key && !(key in found)) found[key] = code;
  }
  return found;
}

/** Whether the list differs from the saved one (labels, order, additions, removals). */
export function isListChanged(saved: readonly ListOption[], items: readonly DraftItem[]): boolean {
  const original = draftFromOptions(saved);
  return (
    original.length !== items.length ||
    items.some(
      (item, i) =>
        item.id !== original[i]?.id ||
        item.label.trim() !== original[i]?.label ||
        item.parentId !== original[i]?.parentId,
    )
  );
}
