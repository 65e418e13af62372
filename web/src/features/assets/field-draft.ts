import { type AssetFieldDefinition, type AssetFieldType, fieldKeyFromLabel } from '@funil/domain';

/** A field being edited on the asset type form: `key` stays null until saved (then derived from the label). */
export type FieldDraft = {
  id: string;
  key: string | null;
  label: string;
  type: AssetFieldType;
  required: boolean;
  options: string[];
};

let counter = 0;
const nextId = () => `field-${++counter}`;

export const newFieldDraft = (): FieldDraft => ({
  id: nextId(),
  key: null,
  label: '',
  type: 'text',
  required: false,
  options: [],
});

export const fieldToDraft = (f: AssetFieldDefinition): FieldDraft => ({
  id: nextId(),
  ...f,
  options: [...f.options],
});

/**
 * The fields as the API takes them. A saved field keeps its key (the assets' values are stored under it,
 * whatever the label becomes); a new one gets a key from its label, made unique with a suffix.
 */
export function draftsToFields(drafts: readonly FieldDraft[]) {
  const taken = new Set(drafts.flatMap((d) => (d.key ? [d.key] : [])));
  return drafts.map((d) => {
    let key = d.key;
    if (!key) {
      const base = fieldKeyFromLabel(d.label);
      key = base;
      for (let n = 2; taken.has(key); n++) key = `${base.slice(0, 36)}_${n}`;
      taken.add(key);
    }
    return {
      key,
      label: d.label.trim(),
      type: d.type,
      required: d.required,
      options: d.type === 'select' ? d.options : [],
    };
  });
}

/** Moves item `from` one place up (-1) or down (+1). */
export function moveItem<T>(items: readonly T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}
