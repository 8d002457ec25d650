// How a stored file leaves: a safe file name, Content-Disposition with an RFC 6266/5987 filename*,
// and headers that keep the browser from running or sniffing anything (decision 017).
import { previewOf } from './file-sniff.ts';

/** Bidirectional overrides and isolates: "invoice\u202Efdp.exe" shows as "invoiceexe.pdf". */
const bidiControls = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** Half of a UTF-16 surrogate pair: no valid character, and encodeURIComponent throws on it. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The name a file is stored under: the last segment of whatever path was sent, well-formed
 * Unicode (NFC) without control or bidi characters, at most 255 characters, extension kept.
 */
export function sanitizeFileName(raw: string): string {
  const base = raw.replace(loneSurrogate, '\uFFFD').split(/[/\\]/).pop() ?? '';
  let name = base
    .normalize('NFC')
    .replace(/\p{Cc}/gu, '')
    .replace(bidiControls, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (name === '.' || name === '..' || /^\.*$/.test(name)) name = '';
  const chars = [...name];
  if (chars.length > 255) {
    const ext = /\.[\p{L}\p{N}]{1,10}$/u.exec(name)?.[0] ?? '';
    name = chars.slice(0, 255 - [...ext].length).join('') + ext;
  }
  return name || 'file';
}

/** RFC 5987 ext-value characters: what encodeURIComponent leaves alone, less ' ( ) * . */
const encode5987 = (s: string) =>
  encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A plain-ASCII stand-in for clients that ignore filename*: no quotes, backslashes or controls. */
export const asciiFallback = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');

export function contentDisposition(disposition: 'inline' | 'attachment', name: string): string {
  return `${disposition}; filename="${asciiFallback(name)}"; filename*=UTF-8''${encode5987(name)}`;
}

/**
 * Headers for a file's bytes. Everything is a download unless a preview of a raster image or a
 * PDF is asked for; HTML and SVG never come inline. The CSP sandboxes whatever a browser might
 * still render, and only Kith's own pages may frame a preview.
 */
export function contentHeaders(file: { name: string; contentType: string; sha256: string }, inline: boolean) {
  const asInline = inline && previewOf(file.contentType) !== null;
  return {
    'content-type': file.contentType,
    'content-disposition': contentDisposition(asInline ? 'inline' : 'attachment', file.name),
    'x-content-type-options': 'nosniff',
    'content-security-policy': `sandbox; default-src 'none'; frame-ancestors ${asInline ? "'self'" : "'none'"}`,
    'cache-control': 'private, no-cache',
    etag: `"${file.sha256}"`,
    'accept-ranges': 'bytes',
  };
}

/**
 * One byte range of a Range header ("bytes=0-99", "bytes=100-", "bytes=-500"), clamped to the
 * file; 'unsatisfiable' for a range that starts past its end; null to send the whole file (no
 * header, several ranges, another unit or a malformed one, as RFC 9110 allows).
 */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}
