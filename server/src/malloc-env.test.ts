// scripts/lib.mjs gives every process it starts a fixed glibc trim threshold (decision 008): freed
// memory goes back to the system instead of staying in each thread's malloc arena.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { serverMallocEnv } from '../../scripts/lib.mjs';

const root = resolve(import.meta.dirname, '..', '..');

function thresholdSeenBy(env: NodeJS.ProcessEnv): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kith-env-')), 'show.mjs');
  writeFileSync(file, 'console.log(process.env.MALLOC_TRIM_THRESHOLD_ ?? "unset")');
  const r = spawnSync(process.execPath, ['scripts/run.mjs', file], { cwd: root, env, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

it('starts Kith processes with a fixed malloc trim threshold, unless one is set already', () => {
  const { MALLOC_TRIM_THRESHOLD_: _, ...without } = process.env;
  expect(serverMallocEnv(without)).toEqual({ MALLOC_TRIM_THRESHOLD_: '131072' });
  expect(serverMallocEnv({ ...without, MALLOC_TRIM_THRESHOLD_: '0' })).toEqual({});
  // The way npm start, npm run bench and npm test hand over to Node (handOver).
  expect(thresholdSeenBy(without)).toBe('131072');
  expect(thresholdSeenBy({ ...without, MALLOC_TRIM_THRESHOLD_: '262144' })).toBe('262144');
});
