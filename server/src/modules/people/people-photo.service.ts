import { PHOTO_TYPES } from '@funil/domain';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { Db } from '../../db/pool.ts';
import { transaction } from '../../db/pool.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import type { FileStore } from '../../lib/file-store.ts';
import type { Actor } from '../auth/actor.ts';
import { appendEvent } from '../timeline/timeline.service.ts';
import { visiblePeoplePredicate } from './people.policy.ts';
import * as repo from './people.repository.ts';
import { readablePerson } from './people.service.ts';
import type { Person } from './people.types.ts';

const IMAGE_TYPES: ReadonlySet<string> = new Set(PHOTO_TYPES);

/**
 * Sets a person's photo or logo. The type is decided by the file's bytes, not its name; the image is
 * re-encoded (512 px WebP), which also drops any metadata or payload hidden in the original.
 */
export async function setPersonPhoto(
  db: Db,
  files: FileStore,
  actor: Actor,
  id: string,
  bytes: Buffer,
): Promise<Person> {
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !IMAGE_TYPES.has(type.mime)) {
    throw new DomainError('unsupported-media-type', 415, {
      detail: 'Envie uma imagem PNG, JPEG, WebP ou GIF.',
    });
  }
  let resized: Buffer;
  try {
    resized = await sharp(bytes, { limitInputPixels: 40_000_000 })
      .rotate()
      .resize(512, 512, { fit: 'cover' })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    throw new DomainError('unsupported-media-type', 415, { detail: 'Imagem corrompida ou ilegível.' });
  }
  const key = await files.put(resized);
  const visible = (params: Parameters<typeof visiblePeoplePredicate>[1]) =>
    visiblePeoplePredicate(actor, params);
  return transaction(db, async (tx) => {
    const current = await repo.findPerson(tx, actor.workspaceId, id, visible, true);
    if (!current) throw notFound();
    await repo.setPhoto(tx, actor.workspaceId, id, key);
    await appendEvent(tx, {
      workspaceId: actor.workspaceId,
      subjectType: 'person',
      subjectId: id,
      kind: 'field_changed',
      actorId: actor.userId,
      summary: { fields: ['photo'] },
      payload: { changes: [{ field: 'photo', old: current.photoUrl ? 'photo' : null, new: 'photo' }] },
    });
    return readablePerson(tx, actor, (await repo.findPerson(tx, actor.workspaceId, id, visible)) as Person);
  });
}

/** The stored photo of a person the actor may see. */
export async function getPersonPhoto(db: Db, files: FileStore, actor: Actor, id: string): Promise<Buffer> {
  const key = await repo.findPhotoKey(db, actor.workspaceId, id, (params) =>
    visiblePeoplePredicate(actor, params),
  );
  if (!key) throw notFound();
  return files.get(key);
}
