import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CellField } from './import-cells.ts';
import { parseRows, type ReadBatch, type ReadTask } from './import-parse.ts';
import { parseInWorker, poolTuning, readInWorker, usingWorkers, workerThreads } from './import-pool.ts';

const field: CellField = { name: 'name', type: 'text', sqlType: 'text', max: 200 };
const targets = [{ index: 0, header: 'Name', field }];
const opts = { unknownValues: 'empty' as const };
const defaults = { ...poolTuning };

async function until(check: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('import worker pool', () => {
  afterEach(() => {
    Object.assign(poolTuning, defaults);
  });

  it('ends a worker that has had nothing to do, and starts one again for the next task', async () => {
    poolTuning.idleMs = 100;
    const rows = [{ row: 2, cells: ['Ada'] }];
    expect(await parseInWorker(targets, rows, opts)).toEqual(parseRows(targets, rows, opts));
    expect(usingWorkers()).toBe(true);
    const [first] = workerThreads();
    expect(workerThreads()).toEqual([first]);
    await until(() => workerThreads().length === 0); // idle past idleMs: ended, its heap given back
    expect(usingWorkers()).toBe(false);

    // The next import reads its file in a new worker, from start to end.
    const dir = mkdtempSync(join(tmpdir(), 'kith-pool-'));
    const path = join(dir, 'job.csv');
    writeFileSync(path, ['Name', ...Array.from({ length: 2500 }, (_, i) => `Person ${i}`)].join('\n'));
    const task: ReadTask = {
      kind: 'read',
      path,
      dialect: { encoding: 'utf-8', delimiter: ',' },
      skip: 0,
      targets,
      opts,
      batchRows: 1000,
      batchChars: 4_000_000,
    };
    const batches: ReadBatch[] = [];
    for await (const b of readInWorker(task)) {
      batches.push(b);
      expect(workerThreads()).toHaveLength(1);
      expect(workerThreads()).not.toContain(first); // a new thread, not the one that ended
    }
    expect(batches.map((b) => [b.rows.length, b.done])).toEqual([
      [1000, false],
      [1000, false],
      [500, true],
    ]);
    expect(usingWorkers()).toBe(true);
    await until(() => workerThreads().length === 0);
  });

  it('keeps a worker that gets a task before its idle time is up', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      poolTuning.idleMs = 1000;
      const rows = [{ row: 2, cells: ['Grace'] }];
      await parseInWorker(targets, rows, opts);
      const threads = workerThreads();
      expect(threads).toHaveLength(1);
      for (let i = 0; i < 3; i++) {
        vi.advanceTimersByTime(900);
        await parseInWorker(targets, rows, opts);
        expect(workerThreads()).toEqual(threads); // the same worker: each task put its idle clock back
      }
      vi.advanceTimersByTime(999);
      expect(workerThreads()).toEqual(threads);
      vi.advanceTimersByTime(1);
      expect(workerThreads()).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails the task of a worker past its heap ceiling, not the process; the next task gets a new worker', async () => {
    poolTuning.maxOldGenerationSizeMb = 16;
    // 40 cells of a million characters: 40 MB to receive, past a ceiling of 16 MB.
    const huge = Array.from({ length: 40 }, (_, i) => ({ row: i + 2, cells: [String(i).repeat(1_000_000)] }));
    const wide: CellField = { ...field, max: 2_000_000 };
    await expect(parseInWorker([{ ...targets[0], field: wide }], huge, opts)).rejects.toMatchObject({
      code: 'ERR_WORKER_OUT_OF_MEMORY',
    });
    poolTuning.maxOldGenerationSizeMb = defaults.maxOldGenerationSizeMb;
    const rows = [{ row: 2, cells: ['Ada'] }];
    expect(await parseInWorker(targets, rows, opts)).toEqual(parseRows(targets, rows, opts));
    expect(usingWorkers()).toBe(true); // a worker still, not the fallback on this thread
  });
});
