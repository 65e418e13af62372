import { MAX_PHOTO_BYTES, PHOTO_TYPES } from '@funil/domain';

const ACCEPTED: ReadonlySet<string> = new Set(PHOTO_TYPES);

/** Why a picked file cannot go to the editor (a key of form.*); the same types and limit the server holds to. */
export type PhotoFileProblem = 'photoNotImage' | 'photoTooLarge';

/** Checked before decoding: a file the server would refuse by its type or size never opens the editor. */
export function photoFileProblem(file: { type: string; size: number }): PhotoFileProblem | null {
  if (!ACCEPTED.has(file.type)) return 'photoNotImage';
  if (file.size > MAX_PHOTO_BYTES) return 'photoTooLarge';
  return null;
}
