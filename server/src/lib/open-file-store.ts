import path from 'node:path';
import type { Env } from '../config/env.ts';
import { type FileStore, LocalFileStore } from './file-store.ts';
import { createS3FileStore } from './s3-file-store.ts';

/** The file store the settings choose: FUNIL_DATA_DIR/files on disk, or the FUNIL_S3_* bucket. */
export function openFileStore(env: Env): FileStore {
  if (env.FUNIL_FILE_STORE === 'local') return new LocalFileStore(path.join(env.dataDir, 'files'));
  return createS3FileStore({
    bucket: env.FUNIL_S3_BUCKET as string,
    region: env.FUNIL_S3_REGION,
    ...(env.FUNIL_S3_ENDPOINT ? { endpoint: env.FUNIL_S3_ENDPOINT } : {}),
    forcePathStyle: env.FUNIL_S3_FORCE_PATH_STYLE,
    prefix: env.FUNIL_S3_PREFIX,
    ...(env.FUNIL_S3_ACCESS_KEY_ID ? { accessKeyId: env.FUNIL_S3_ACCESS_KEY_ID } : {}),
    ...(env.FUNIL_S3_SECRET_ACCESS_KEY ? { secretAccessKey: env.FUNIL_S3_SECRET_ACCESS_KEY } : {}),
  });
}
