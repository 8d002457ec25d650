// Test helpers for files: multipart uploads through app.inject, and sample bytes of a few kinds.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Agent } from '../../test/factories.ts';

export interface FilePart {
  name: string;
  content: Buffer | string;
  /** The type the client declares (application/octet-stream when not given). */
  type?: string;
}

export function filesForm(fields: Record<string, string>, file: FilePart | null, fileFirst = false) {
  const boundary = `----kith${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  const field = (name: string, value: string) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const filePart = (f: FilePart) =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content),
      Buffer.from('\r\n'),
    ]);
  if (file && fileFirst) parts.push(filePart(file));
  for (const [k, v] of Object.entries(fields)) parts.push(field(k, v));
  if (file && !fileFirst) parts.push(filePart(file));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POST /files as `agent`: attaches `file` to the record. */
export function attach(agent: Agent, object: string, recordId: string, file: FilePart, fileFirst = false) {
  const { payload, contentType } = filesForm({ object, recordId }, file, fileFirst);
  return agent.request('POST', '/api/v1/files', payload, { 'content-type': contentType });
}

/** POST /files/:id/versions as `agent`. */
export function newVersion(agent: Agent, fileId: string, file: FilePart) {
  const { payload, contentType } = filesForm({}, file);
  return agent.request('POST', `/api/v1/files/${fileId}/versions`, payload, { 'content-type': contentType });
}

/** A tiny PDF that Chromium's viewer opens. */
export function samplePdf(text = 'Hello from Kith'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = `BT /F1 18 Tf 24 72 Td (${text}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A 1×1 PNG. */
export const samplePng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** The first bytes of a Windows program (an MZ header with a PE signature). */
export function sampleExe(): Buffer {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
}

/** Every file under a directory, recursively (what an upload left on disk). */
export function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}
