// jsonBuffer writes exactly what JSON.stringify writes, for any value a route may answer: nested
// objects and arrays past its walking depth, text beyond Latin-1, dates (toJSON), and the values
// JSON.stringify leaves out of objects or writes as null in arrays.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { jsonBuffer } from './json-buffer.ts';

const odd = fc.constantFrom(
  undefined,
  () => 1,
  new Date(Date.UTC(2026, 11, 2, 9, 30)),
  Symbol('s'),
  Number.NaN,
  -0,
  new String('boxed'),
  new Map([[1, 2]]),
);
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.jsonValue(), fc.string({ unit: 'binary' }), odd),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 5 }),
    fc.dictionary(fc.string({ unit: 'grapheme' }), tie('node'), { maxKeys: 5 }),
  ),
})).node;

it('writes the bytes JSON.stringify writes, whatever the value', () => {
  fc.assert(
    fc.property(value, (v) => {
      expect(jsonBuffer(v).toString('utf8')).toBe(JSON.stringify(v) ?? '');
    }),
    { numRuns: 500 },
  );
});

it('writes a board-sized answer of non-Latin-1 text in pieces, byte for byte', () => {
  const board = {
    groupBy: 'stageId',
    groups: Array.from({ length: 6 }, (_, g) => ({
      key: `stage-${g}`,
      count: 1000,
      data: Array.from({ length: 50 }, (_, i) => ({
        id: `${g}-${i}`,
        title: `Deal – Ærø ${i} 日本`,
        amount: { amount: i * 100, currency: 'EUR' },
        createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
        gone: undefined,
      })),
    })),
  };
  const bytes = jsonBuffer(board);
  expect(bytes.length).toBeGreaterThan(16_384 * 2);
  expect(bytes.equals(Buffer.from(JSON.stringify(board)))).toBe(true);
});
