// One process per embedded data directory: a second one waits for a stopping first one, and is
// refused with the holder's pid when the first one stays.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEmbeddedDb } from './database.ts';

/** A process that lives for `ms`, holding the lock file of a fresh data directory. */
function holder(ms: number) {
  const dir = mkdtempSync(join(tmpdir(), 'kith-lock-'));
  const child = spawn(process.execPath, ['-e', `setTimeout(() => {}, ${ms})`], { stdio: 'ignore' });
  writeFileSync(join(dir, 'kith.lock'), String(child.pid));
  return { dir, child, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

describe('the embedded data directory lock', () => {
  it('waits for a process that is stopping, then opens', async () => {
    const h = holder(1_500);
    const db = await openEmbeddedDb(h.dir);
    expect(h.child.exitCode).not.toBeNull(); // it opened only once the holder had gone
    await db.close();
  }, 120_000); // a fresh embedded database and every migration: slow on a busy machine

  it('refuses, naming the pid, when the holder stays', async () => {
    const h = holder(30_000);
    await expect(openEmbeddedDb(h.dir, { lockWaitMs: 500 })).rejects.toThrow(
      new RegExp(`in use by another Kith process \\(pid ${h.child.pid}\\)`),
    );
    h.child.kill();
    await h.exited;
  });
});
