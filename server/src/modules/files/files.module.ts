import type { AppSettings } from '../../app.ts';
import type { KithModule } from '../../platform/module.ts';
import type { FileStorage } from './file-storage.ts';
import { filesRoutes } from './files.routes.ts';
import { type FilesDeps, filesHooks } from './files.service.ts';
import { LocalStorage } from './local-storage.ts';
import { S3Storage } from './s3-storage.ts';

export const defaultMaxFileBytes = 25 * 1024 * 1024;

/** The storage the settings name: an S3-compatible bucket when configured, else the data directory. */
export function createStorage(settings: AppSettings): FileStorage {
  const s3 = settings.files?.s3;
  return s3 ? new S3Storage(s3) : new LocalStorage(settings.dataDir);
}

/** Attachments on any record; a merged record's files follow it (a hook on every object). */
export const filesModule: KithModule = {
  name: 'files',
  hooks: [{ objects: '*', hooks: filesHooks }],
  routes: async ({ app, ctxOf, settings }) => {
    const storage = createStorage(settings);
    app.addHook('onClose', () => storage.close?.());
    const deps: FilesDeps = {
      storage,
      dataDir: settings.dataDir,
      maxBytes: settings.files?.maxBytes ?? defaultMaxFileBytes,
    };
    await app.register(filesRoutes, { ctxOf, deps });
  },
};
