// Helpers for the accounts tests: the last captured mail to an address, the token in its link.
import { sql } from '../../db/sql.ts';
import type { TestApp } from '../../test/factories.ts';

export interface Mail {
  id: string;
  subject: string;
  text_body: string;
  status: string;
}

export async function lastMailTo(t: TestApp, address: string): Promise<Mail | undefined> {
  const [m] = await t.db.query<Mail>(sql`
    SELECT id, subject, text_body, status FROM outbox WHERE to_address = ${address} ORDER BY created_at DESC, id DESC LIMIT 1`);
  return m;
}

/** The token of a link such as http://kith.test/reset-password?token=… in a mail body. */
export function linkToken(text: string, path: string): string {
  const m = new RegExp(`http://kith\\.test/${path}\\?token=([\\w-]+)`).exec(text);
  if (!m) throw new Error(`no ${path} link in: ${text}`);
  return m[1];
}

/** A multipart/form-data body with one file part. */
export function multipart(data: Buffer, opts: { field?: string; filename?: string; type?: string } = {}) {
  const boundary = '----kith-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${opts.field ?? 'file'}"; filename="${opts.filename ?? 'a.png'}"\r\n` +
      `Content-Type: ${opts.type ?? 'image/png'}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
