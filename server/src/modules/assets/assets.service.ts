import {
  type Asset,
  type AssetChangeAction,
  type AssetFieldDefinition,
  type AssetValues,
  type CreateAssetRequest,
  checkAssetValues,
  type FieldError,
  type UpdateAssetRequest,
} from '@funil/domain';
import { type Db, type Queryable, transaction } from '../../db/pool.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { DomainError, notFound, validationError, versionMismatch } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import { personReadable, personWritable } from './assets.policy.ts';
import * as repo from './assets.repository.ts';

// A person's assets (tab Ativos): listed, added, edited and ended under the people policy; each change is an
// `asset_changed` event on the person's timeline, in the same transaction.

/** One line of an asset change: a field, its label when it is one of the type's fields, old and new. */
export type AssetFieldChange = { field: string; label?: string; old: unknown; new: unknown };

/** São Paulo's calendar day, the default end date. */
const todayInSaoPaulo = () => new Date().toLocaleDateString('en-CA', { timeZone: 'America/Sao_Paulo' });

function assertValues(fields: readonly AssetFieldDefinition[], input: Record<string, unknown>): AssetValues {
  const { values, errors } = checkAssetValues(fields, input);
  if (errors.length) throw validationError(errors);
  return values;
}

/** The changed fields between two states of an asset (type fields labelled, in the type's order). */
function diff(
  fields: readonly AssetFieldDefinition[],
  before: repo.AssetValuesRow,
  after: repo.AssetValuesRow,
): AssetFieldChange[] {
  const changes: AssetFieldChange[] = [];
  for (const f of ['identifier', 'status', 'startDate', 'endDate', 'notes'] as const) {
    if (before[f] !== after[f]) changes.push({ field: f, old: before[f], new: after[f] });
  }
  const keys = [
    ...fields.map((f) => f.key),
    ...Object.keys(before.values).filter((k) => !fields.some((f) => f.key === k)),
  ];
  for (const key of keys) {
    const old = before.values[key] ?? null;
    const next = after.values[key] ?? null;
    if (canonicalJson(old) !== canonicalJson(next)) {
      const label = fields.find((f) => f.key === key)?.label;
      changes.push({ field: `values.${key}`, ...(label ? { label } : {}), old, new: next });
    }
  }
  return changes;
}

async function recordChange(
  tx: Queryable,
  actor: Actor,
  asset: Asset,
  action: AssetChangeAction,
  changes: AssetFieldChange[],
) {
  await appendEvent(tx, {
    workspaceId: actor.workspaceId,
    subjectType: 'person',
    subjectId: asset.personId,
    kind: 'asset_changed',
    actorId: actor.userId,
    // Ids and field names only in the chained row; the identifier and values are erasable payload.
    summary: {
      action,
      assetId: asset.id,
      assetTypeId: asset.assetType.id,
      fields: changes.map((c) => c.field),
    },
    payload: {
      action,
      asset: { id: asset.id, type: asset.assetType.name, identifier: asset.identifier, status: asset.status },
      changes,
    },
  });
}

const stateOf = (a: Asset): repo.AssetValuesRow => ({
  identifier: a.identifier,
  status: a.status,
  startDate: a.startDate,
  endDate: a.endDate,
  values: a.values,
  notes: a.notes,
});

function assertDates(a: repo.AssetValuesRow) {
  const errors: FieldError[] = [];
  if (a.startDate && a.endDate && a.endDate < a.startDate) {
    errors.push({ field: 'endDate', code: 'end_before_start', message: '' });
  }
  if (errors.length) throw validationError(errors);
}

/** The assets of a person the actor may see (404 otherwise). */
export async function listAssets(db: Queryable, actor: Actor, personId: string): Promise<Asset[]> {
  if (!(await repo.personExists(db, actor.workspaceId, personId, personReadable(actor)))) throw notFound();
  return repo.listAssetsOfPerson(db, actor.workspaceId, personId);
}

/** Adds an asset of a live type to a person the actor may edit, with its `added` event. */
export async function createAsset(
  db: Db,
  actor: Actor,
  personId: string,
  input: CreateAssetRequest,
): Promise<Asset> {
  return transaction(db, async (tx) => {
    if (!(await repo.personExists(tx, actor.workspaceId, personId, personWritable(actor), true)))
      throw notFound();
    const type = await repo.findAssetType(tx, actor.workspaceId, input.assetTypeId, 'keyShare');
    if (!type || type.archivedAt) {
      throw validationError([{ field: 'assetTypeId', code: 'unknown_asset_type', message: '' }]);
    }
    const state: repo.AssetValuesRow = {
      identifier: input.identifier,
      status: input.status,
      startDate: input.startDate,
      endDate: input.endDate,
      values: assertValues(type.fields, input.values),
      notes: input.notes,
    };
    const id = await repo.insertAsset(tx, {
      ...state,
      workspaceId: actor.workspaceId,
      personId,
      assetTypeId: type.id,
      createdBy: actor.userId,
    });
    const asset = (await repo.findAsset(tx, actor.workspaceId, personId, id)) as Asset;
    const empty: repo.AssetValuesRow = {
      identifier: '',
      status: state.status,
      startDate: null,
      endDate: null,
      values: {},
      notes: null,
    };
    await recordChange(tx, actor, asset, 'added', diff(type.fields, empty, state));
    return asset;
  });
}

/**
 * Edits an asset if `expectedVersion` is still current (else 412, nothing changed): values are checked
 * against the type's current fields; one `updated` event lists every changed field with old and new value.
 */
export async function updateAsset(
  db: Db,
  actor: Actor,
  personId: string,
  id: string,
  expectedVersion: number,
  input: UpdateAssetRequest,
): Promise<Asset> {
  return transaction(db, async (tx) => {
    if (!(await repo.personExists(tx, actor.workspaceId, personId, personWritable(actor), true)))
      throw notFound();
    const current = await repo.findAsset(tx, actor.workspaceId, personId, id, true);
    if (!current) throw notFound();
    if (current.version !== expectedVersion) throw versionMismatch(current.version);
    const before = stateOf(current);
    const after: repo.AssetValuesRow = {
      identifier: input.identifier ?? before.identifier,
      status: input.status ?? before.status,
      startDate: input.startDate !== undefined ? input.startDate : before.startDate,
      endDate: input.endDate !== undefined ? input.endDate : before.endDate,
      values: input.values ? assertValues(current.assetType.fields, input.values) : before.values,
      notes: input.notes !== undefined ? input.notes : before.notes,
    };
    assertDates(after);
    const changes = diff(current.assetType.fields, before, after);
    if (changes.length === 0) return current;
    await repo.updateAsset(tx, actor.workspaceId, id, after);
    const asset = (await repo.findAsset(tx, actor.workspaceId, personId, id)) as Asset;
    await recordChange(
      tx,
      actor,
      asset,
      after.status === 'ended' && before.status !== 'ended' ? 'ended' : 'updated',
      changes,
    );
    return asset;
  });
}

/**
 * Ends an asset (returned, cancelled, uninstalled): status `ended` with its end date (today in São Paulo by
 * default); 409 when it already ended. `expectedVersion`, when given, must be current.
 */
export async function endAsset(
  db: Db,
  actor: Actor,
  personId: string,
  id: string,
  expectedVersion: number | undefined,
  endDate: string | null,
): Promise<Asset> {
  return transaction(db, async (tx) => {
    if (!(await repo.personExists(tx, actor.workspaceId, personId, personWritable(actor), true)))
      throw notFound();
    const current = await repo.findAsset(tx, actor.workspaceId, personId, id, true);
    if (!current) throw notFound();
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw versionMismatch(current.version);
    }
    if (current.status === 'ended') throw new DomainError('conflict', 409, { detail: 'asset already ended' });
    const before = stateOf(current);
    const after = { ...before, status: 'ended' as const, endDate: endDate ?? todayInSaoPaulo() };
    assertDates(after);
    await repo.updateAsset(tx, actor.workspaceId, id, after);
    const asset = (await repo.findAsset(tx, actor.workspaceId, personId, id)) as Asset;
    await recordChange(tx, actor, asset, 'ended', diff(current.assetType.fields, before, after));
    return asset;
  });
}
