import { describe, expect, it } from 'vitest';
import { embeddedSettings, openEmbeddedDb } from './database.ts';

describe('embedded database', () => {
  it('starts with our settings on top of PGlite’s own start parameters', async () => {
    const db = await openEmbeddedDb();
    try {
      const show = async (name: string) => (await db.queryText<Record<string, string>>(`SHOW ${name}`))[0][name];
      expect(embeddedSettings).toContain('shared_buffers=64MB');
      expect(await show('shared_buffers')).toBe('64MB');
      // PGlite's defaults still apply: startParams replaces them, so they must be passed along.
      expect(await show('max_worker_processes')).toBe('0');
      expect(await show('exit_on_error')).toBe('off');
      expect(await show('search_path')).toBe('public');
    } finally {
      await db.close();
    }
  });
});
