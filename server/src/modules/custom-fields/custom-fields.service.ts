import {
  type CreateCustomFieldRequest,
  type CustomField,
  type CustomFieldChange,
  type CustomFieldEntity,
  type CustomFieldValues,
  customFieldChanges,
  customFieldKey,
  customUserIds,
  type FieldError,
  hasOptions,
  MAX_CUSTOM_FIELDS,
  type Role,
  readableCustomValues,
  settleOptions,
  type UpdateCustomFieldRequest,
  validateCustomValues,
} from '@funil/domain';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { DomainError, notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import { assertCan, can } from '../auth/access.policy.ts';
import type { Actor } from '../auth/actor.ts';
import { existingUserIds, userNames } from '../users/users.service.ts';
import { fieldDefinitions } from './custom-fields.cache.ts';
import * as repo from './custom-fields.repository.ts';

// Campos personalizados: the definitions (Administração › Campos personalizados, `manageCustomFields`, If-Match)
// and the checks every writer of people's and opportunities' values goes through. Everyone reads the
// definitions (forms need them); a role reads only the fields it sees.

/** The entity's fields, archived ones included (the records' reads and writes filter them). */
export function fieldsOf(
  db: Queryable,
  workspaceId: string,
  entity: CustomFieldEntity,
): Promise<CustomField[]> {
  return fieldDefinitions(db, workspaceId, entity);
}

/**
 * The definitions as `GET /custom-fields` answers them: admins (`manageCustomFields`) get every field, archived
 * ones too; other roles the live fields they see.
 */
export async function listCustomFields(
  db: Queryable,
  actor: Actor,
  entity: CustomFieldEntity,
): Promise<CustomField[]> {
  const fields = await fieldDefinitions(db, actor.workspaceId, entity);
  if (can(actor, 'manageCustomFields')) return fields;
  return fields.filter((f) => f.archivedAt === null && (f.visibleRoles?.includes(actor.role) ?? true));
}

function optionsOrThrow(sent: CreateCustomFieldRequest['options'], stored: CustomField['options'] = []) {
  const settled = settleOptions(sent, stored);
  if ('error' in settled) throw validationError([{ field: 'options', code: settled.error, message: '' }]);
  return settled.options;
}

/** Adds a field at the end of the entity's form; its key comes from the label unless one is given. */
export async function createCustomField(
  db: Db,
  actor: Actor,
  input: CreateCustomFieldRequest,
): Promise<CustomField> {
  assertCan(actor, 'manageCustomFields');
  return transaction(db, async (tx) => {
    await repo.lockEntity(tx, actor.workspaceId, input.entity);
    const fields = await repo.listFields(tx, actor.workspaceId, input.entity);
    if (fields.filter((f) => f.archivedAt === null).length >= MAX_CUSTOM_FIELDS) {
      throw validationError([{ field: 'entity', code: 'too_many_fields', message: '' }]);
    }
    const taken = new Set(fields.map((f) => f.key));
    if (input.key && taken.has(input.key)) {
      throw validationError([{ field: 'key', code: 'key_taken', message: '' }]);
    }
    const id = await repo.insertField(tx, actor.workspaceId, {
      entity: input.entity,
      key: input.key ?? customFieldKey(input.label, taken),
      label: input.label,
      type: input.type,
      options: hasOptions(input.type) ? optionsOrThrow(input.options) : [],
      required: input.required,
      visibleRoles: input.visibleRoles,
      section: input.section,
      position: Math.max(-1, ...fields.map((f) => f.position)) + 1,
      showOnCard: input.entity === 'opportunity' && input.showOnCard,
    });
    return (await repo.findField(tx, actor.workspaceId, id)) as CustomField;
  });
}

/**
 * Changes a field at `expectedVersion` (else 412): label, options (values kept; archived, never removed),
 * required, roles, section, card, position (the others shift to make room); `archived: false` restores it.
 */
export async function updateCustomField(
  db: Db,
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: UpdateCustomFieldRequest,
): Promise<CustomField> {
  assertCan(actor, 'manageCustomFields');
  return transaction(db, async (tx) => {
    const current = await lockedField(tx, actor, id, expectedVersion);
    await repo.lockEntity(tx, actor.workspaceId, current.entity);
    const fields = await repo.listFields(tx, actor.workspaceId, current.entity);
    if (input.archived === false && current.archivedAt !== null) {
      if (fields.filter((f) => f.archivedAt === null).length >= MAX_CUSTOM_FIELDS) {
        throw validationError([{ field: 'archived', code: 'too_many_fields', message: '' }]);
      }
    }
    const options =
      input.options && hasOptions(current.type)
        ? optionsOrThrow(input.options, current.options)
        : current.options;
    if (hasOptions(current.type) && options.every((o) => o.archived)) {
      throw validationError([{ field: 'options', code: 'required', message: '' }]);
    }
    const position =
      input.position === undefined || input.position === current.position
        ? current.position
        : await reorder(tx, actor, fields, current, input.position);
    await repo.updateField(tx, actor.workspaceId, id, {
      label: input.label ?? current.label,
      options,
      required: input.required ?? current.required,
      visibleRoles: input.visibleRoles === undefined ? current.visibleRoles : input.visibleRoles,
      section: input.section === undefined ? current.section : input.section,
      position,
      showOnCard: current.entity === 'opportunity' && (input.showOnCard ?? current.showOnCard),
      archived: input.archived ?? current.archivedAt !== null,
    });
    return (await repo.findField(tx, actor.workspaceId, id)) as CustomField;
  });
}

/**
 * Places `moved` at `position` among the live fields: the others keep their order, renumbered 0…n. Answers
 * the moved field's new position (its caller writes it).
 */
async function reorder(
  tx: Queryable,
  actor: Actor,
  fields: CustomField[],
  moved: CustomField,
  position: number,
): Promise<number> {
  const others = fields.filter((f) => f.archivedAt === null && f.id !== moved.id);
  const at = Math.min(position, others.length);
  const order = [...others.slice(0, at), moved, ...others.slice(at)];
  for (const [index, f] of order.entries()) {
    if (f.id !== moved.id && f.position !== index) {
      await repo.updateField(tx, actor.workspaceId, f.id, { ...f, position: index, archived: false });
    }
  }
  return at;
}

async function lockedField(tx: Queryable, actor: Actor, id: string, expectedVersion: number) {
  const current = await repo.findField(tx, actor.workspaceId, id, true);
  if (!current) throw notFound();
  if (current.version !== expectedVersion) throw versionMismatch(current.version);
  return current;
}

/**
 * Removes a field (If-Match): deleted when no record holds a value of it, archived otherwise — the values and
 * their history stay, the forms and pages stop showing it. Answers the archived field, or null when deleted.
 */
export async function removeCustomField(
  db: Db,
  actor: Actor,
  id: string,
  expectedVersion: number,
): Promise<CustomField | null> {
  assertCan(actor, 'manageCustomFields');
  return transaction(db, async (tx) => {
    const current = await lockedField(tx, actor, id, expectedVersion);
    if (!(await repo.fieldHasValues(tx, actor.workspaceId, current.entity, current.key))) {
      await repo.deleteField(tx, actor.workspaceId, id);
      return null;
    }
    await repo.updateField(tx, actor.workspaceId, id, { ...current, archived: true });
    return (await repo.findField(tx, actor.workspaceId, id)) as CustomField;
  });
}

// ---------- Values on records ----------

/**
 * The `field_changed` entries of a record's custom values (`customFieldChanges`), a user field's old and new user
 * recorded as `{ id, name }` (as an opportunity's owner is), so its timeline names them as they were then.
 */
export async function recordedCustomChanges(
  db: Queryable,
  workspaceId: string,
  fields: readonly CustomField[],
  before: CustomFieldValues,
  after: CustomFieldValues,
): Promise<CustomFieldChange[]> {
  return withUserNames(db, workspaceId, customFieldChanges(fields, before, after));
}

/** `changes` with each user field's old and new user as `{ id, name }` (other entries as they are). */
export async function withUserNames<C extends { type?: string; old: unknown; new: unknown }>(
  db: Queryable,
  workspaceId: string,
  changes: C[],
): Promise<C[]> {
  const ids = changes
    .filter((c) => c.type === 'user')
    .flatMap((c) => [c.old, c.new])
    .filter((v): v is string => typeof v === 'string');
  if (ids.length === 0) return changes;
  const names = await userNames(db, workspaceId, ids);
  const named = (v: unknown) => (typeof v === 'string' ? { id: v, name: names.get(v) ?? '' } : v);
  return changes.map((c) => (c.type === 'user' ? { ...c, old: named(c.old), new: named(c.new) } : c));
}

/**
 * Checks the `customFields` a request sends for a record against the entity's fields (see
 * `validateCustomValues`): 422 with `customFields.<key>` errors, or 403 when it writes a field the role does not
 * see. Answers the fields (for the changes) and the values to store (`partial`: the patch, null clearing).
 */
export async function checkCustomValues(
  db: Queryable,
  actor: Actor,
  entity: CustomFieldEntity,
  input: CustomFieldValues | undefined,
  opts: { partial: boolean; current?: CustomFieldValues; unattended?: boolean },
): Promise<{ fields: CustomField[]; values: CustomFieldValues }> {
  const fields = await fieldDefinitions(db, actor.workspaceId, entity);
  if (opts.partial && (input === undefined || Object.keys(input).length === 0)) return { fields, values: {} };
  const result = validateCustomValues(fields, input ?? {}, { role: actor.role, ...opts });
  if ('errors' in result) {
    const errors: FieldError[] = Object.entries(result.errors).map(([key, code]) => ({
      field: `customFields.${key}`,
      code,
      message: '',
    }));
    if (errors.some((e) => e.code === 'forbidden_field')) throw new DomainError('forbidden', 403, { errors });
    throw validationError(errors);
  }
  const userIds = customUserIds(fields, result.values);
  if (userIds.length > 0) {
    const known = await existingUserIds(db, actor.workspaceId, userIds);
    const errors = fields
      .filter((f) => f.type === 'user' && typeof result.values[f.key] === 'string')
      .filter((f) => !known.has(result.values[f.key] as string))
      .map((f) => ({ field: `customFields.${f.key}`, code: 'unknown_user', message: '' }));
    if (errors.length > 0) throw validationError(errors);
  }
  return { fields, values: result.values };
}

/** A record's stored values as a role reads them (the live fields it sees); no query when there are none. */
export async function readableValues(
  db: Queryable,
  workspaceId: string,
  entity: CustomFieldEntity,
  stored: CustomFieldValues,
  role: Role,
): Promise<CustomFieldValues> {
  if (Object.keys(stored).length === 0) return stored;
  return readableCustomValues(await fieldDefinitions(db, workspaceId, entity), stored, role);
}

type TimelineItem = { kind: string; subject: { type: string }; data: unknown };
type Change = { field?: unknown };

const customKeyOf = (change: Change) =>
  typeof change.field === 'string' && change.field.startsWith('customFields.')
    ? change.field.slice('customFields.'.length)
    : null;

/**
 * A timeline page as a role reads it: the `field_changed` entries of custom fields the role does not see are
 * left out (their old and new values are that field's values), and an event left with no entry goes too. A page
 * without custom changes costs no query.
 */
export async function withoutUnseenCustomChanges<T extends TimelineItem>(
  db: Queryable,
  actor: Actor,
  items: T[],
): Promise<T[]> {
  const changesOf = (item: T): Change[] | null => {
    const changes = (item.data as { changes?: unknown } | null)?.changes;
    return item.kind === 'field_changed' && Array.isArray(changes) ? changes : null;
  };
  if (!items.some((item) => changesOf(item)?.some((c) => customKeyOf(c) !== null))) return items;
  const hidden = new Map<string, Set<string>>();
  for (const entity of ['person', 'opportunity'] as const) {
    const fields = await fieldDefinitions(db, actor.workspaceId, entity);
    hidden.set(
      entity,
      new Set(fields.filter((f) => !(f.visibleRoles?.includes(actor.role) ?? true)).map((f) => f.key)),
    );
  }
  return items.flatMap((item) => {
    const changes = changesOf(item);
    if (!changes) return [item];
    const unseen = hidden.get(item.subject.type) ?? new Set<string>();
    const kept = changes.filter((c) => !unseen.has(customKeyOf(c) ?? ''));
    if (kept.length === changes.length) return [item];
    return kept.length === 0 ? [] : [{ ...item, data: { ...(item.data as object), changes: kept } }];
  });
}
