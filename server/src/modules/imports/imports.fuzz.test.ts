// Any bytes uploaded as a CSV give a preview or a 400 — never a 5xx.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/factories.ts';
import { upload } from './imports.test-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const csvish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ',',
        ';',
        '\t',
        '"',
        '\n',
        '\r\n',
        'First Name',
        'Email',
        'a@b.example',
        '=1+1',
        'é',
        '\u0000',
        '\uFEFF',
        'x',
      ),
      fc.string({ maxLength: 5 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => Buffer.from(parts.join(''), 'utf8'));
const bytes = fc.oneof(
  csvish,
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  csvish.map((b) => Buffer.concat([Buffer.from([0xff, 0xfe]), b])),
);

it('answers any upload with a preview or a 400, never a 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(bytes, fc.constantFrom('contact', 'company'), async (content, objectType) => {
      const up = await upload(t.admin, objectType, content);
      expect([201, 400], JSON.stringify(up.body)).toContain(up.status);
      if (up.status !== 201) {
        expect(up.body.error.code).toBe('INVALID');
        return;
      }
      expect(up.body.headers.length).toBeGreaterThan(0);
      const mapping = {
        ...up.body.suggestedMapping,
        [up.body.headers[0]]: objectType === 'contact' ? 'firstName' : 'name',
      };
      for (const duplicateMode of ['skip', 'update']) {
        const preview = await t.admin.request('POST', `/api/v1/imports/${up.body.id}/preview`, {
          mapping,
          duplicateMode,
          createMissingCompanies: true,
        });
        expect([200, 400], JSON.stringify(preview.body)).toContain(preview.status);
        if (preview.status === 200) {
          for (const row of preview.body.rows) expect(['create', 'update', 'skip', 'error']).toContain(row.status);
        }
      }
    }),
    { numRuns: 60 },
  );
});
