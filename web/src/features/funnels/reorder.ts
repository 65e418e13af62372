/** Something the admin edits in a list before saving it: `key` stays the same while it is moved or renamed. */
export type Keyed = { key: string };

let sequence = 0;

/** A key for an item created in the browser (not saved yet); unique within the page. */
export function newKey(prefix = 'new'): string {
  sequence += 1;
  return `${prefix}-${sequence}`;
}

/**
 * The list with the item `key` moved `delta` places (-1: up, +1: down); unchanged when it would leave the
 * list or the key is unknown.
 */
export function moveByKey<T extends Keyed>(items: readonly T[], key: string, delta: number): T[] {
  const from = items.findIndex((item) => item.key === key);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [moved] = next.splice(from, 1);
  if (moved) next.splice(to, 0, moved);
  return next;
}

/** The list with the item `key` changed by `patch`. */
export function patchByKey<T extends Keyed>(items: readonly T[], key: string, patch: Partial<T>): T[] {
  return items.map((item) => (item.key === key ? { ...item, ...patch } : item));
}

/** Lower-case, trimmed, accent-aware form used to spot two names the server would take as the same. */
export const nameKey = (name: string): string => name.trim().toLocaleLowerCase('pt-BR');
