import { describe, expect, it } from 'vitest';
import { sql } from './sql.ts';

describe('sql builder', () => {
  it('numbers values as parameters, nested fragments included', () => {
    const inner = sql`b = ${2}`;
    expect(sql`SELECT 1 WHERE a = ${1} AND ${inner}`.toQuery()).toEqual({
      text: 'SELECT 1 WHERE a = $1 AND b = $2',
      values: [1, 2],
    });
  });

  it('names a prepared statement after its text and key, and only a prepared one', () => {
    const q = (col: string) => sql`SELECT ${sql.ident(col)} FROM t WHERE id = ${'x'}`;
    expect(q('a').toQuery().name).toBeUndefined();
    const name = sql.prepared(q('a'), 'a int').toQuery().name;
    expect(name).toMatch(/^kith_[\w-]{20}$/);
    // The same text and key: the same statement, whatever the values.
    expect(sql.prepared(sql`SELECT "a" FROM t WHERE id = ${'y'}`, 'a int').toQuery().name).toBe(name);
    expect(sql.prepared(q('b'), 'a int').toQuery().name).not.toBe(name);
    expect(sql.prepared(q('a'), 'a text').toQuery().name).not.toBe(name);
  });
});
