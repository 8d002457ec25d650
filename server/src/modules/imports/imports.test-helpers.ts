// Test helpers for imports: multipart uploads through app.inject, and waiting for an import.
import { randomBytes } from 'node:crypto';
import type { Agent } from '../../test/factories.ts';

export function multipartBody(
  fields: Record<string, string>,
  file: { name: string; content: Buffer | string },
  fileFirst = false,
) {
  const boundary = `----kith${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  const field = (name: string, value: string) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const filePart = () =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from('\r\n'),
    ]);
  if (fileFirst) parts.push(filePart());
  for (const [k, v] of Object.entries(fields)) parts.push(field(k, v));
  if (!fileFirst) parts.push(filePart());
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function upload(
  agent: Agent,
  objectType: string,
  content: Buffer | string,
  name = 'people.csv',
  fileFirst = false,
) {
  const { payload, contentType } = multipartBody({ objectType }, { name, content }, fileFirst);
  return agent.request('POST', '/api/v1/imports', payload, { 'content-type': contentType });
}

/** Polls the import until it is done or failed (or the deadline passes). */
export async function waitForImport(agent: Agent, id: string, timeoutMs = 25_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await agent.request('GET', `/api/v1/imports/${id}`);
    if (r.body.status === 'done' || r.body.status === 'failed') return r.body;
    if (Date.now() > deadline)
      throw new Error(`import ${id} still ${r.body.status} after ${timeoutMs} ms: ${JSON.stringify(r.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Upload, start with the suggested mapping (or the given one) and wait for the end. */
export async function importCsv(
  agent: Agent,
  objectType: string,
  content: Buffer | string,
  opts: {
    mapping?: Record<string, string | null>;
    duplicateMode?: 'skip' | 'update' | 'create';
    createMissingCompanies?: boolean;
    unknownValues?: 'empty' | 'refuse';
  } = {},
) {
  const up = await upload(agent, objectType, content);
  if (up.status !== 201) throw new Error(`upload answered ${up.status}: ${JSON.stringify(up.body)}`);
  const start = await agent.request('POST', `/api/v1/imports/${up.body.id}/start`, {
    mapping: opts.mapping ?? up.body.suggestedMapping,
    duplicateMode: opts.duplicateMode ?? 'skip',
    createMissingCompanies: opts.createMissingCompanies ?? false,
    ...(opts.unknownValues ? { unknownValues: opts.unknownValues } : {}),
  });
  if (start.status !== 202) throw new Error(`start answered ${start.status}: ${JSON.stringify(start.body)}`);
  return { upload: up.body, result: await waitForImport(agent, up.body.id) };
}
