// What a file is, told by its bytes (file-type for binary formats, a look at the first bytes for
// text), and the one rule about disguises: bytes that a browser or an operating system would run
// (a web page, an SVG, a program, a script) are refused when the name or the declared type says
// they are something else — a "report.pdf" that is an HTML page, a "photo.png" that is a program.
// An honest upload of such a file (page.html as text/html) is kept, and always served as a download.
import { fileTypeFromFile } from 'file-type';

/** What a file is, as far as the danger of opening it goes. */
export type Kind =
  | 'html'
  | 'svg'
  | 'executable'
  | 'script'
  | 'image'
  | 'pdf'
  | 'document'
  | 'media'
  | 'archive'
  | 'text'
  | 'other';

/** Kinds that run when opened: their bytes must not pass for anything else. */
const compatibleClaims: Partial<Record<Kind, ReadonlySet<Kind>>> = {
  html: new Set(['html']),
  svg: new Set(['svg']),
  executable: new Set(['executable']),
  // A shell or Python script is text: named .txt it is no disguise, named .png it is.
  script: new Set(['script', 'text', 'executable']),
};

export const kindWords: Record<Kind, string> = {
  html: 'an HTML page',
  svg: 'an SVG image (which can hold scripts)',
  executable: 'a program',
  script: 'a script',
  image: 'an image',
  pdf: 'a PDF',
  document: 'an office document',
  media: 'audio or video',
  archive: 'an archive',
  text: 'text',
  other: 'a file',
};

const executableTypes = new Set([
  'application/x-msdownload',
  'application/x-ms-dos-executable',
  'application/vnd.microsoft.portable-executable',
  'application/x-dosexec',
  'application/x-executable',
  'application/x-elf',
  'application/x-sharedlib',
  'application/x-mach-binary',
  'application/x-shockwave-flash',
  'application/wasm',
  'application/java-vm',
  'application/x-google-chrome-extension',
  'application/x-deb',
  'application/x-rpm',
  'application/x-msi',
  'application/x-ms-installer',
  'application/x-bat',
  'application/x-msdos-program',
]);

const scriptTypes = new Set([
  'application/x-sh',
  'application/x-shellscript',
  'text/x-sh',
  'text/x-shellscript',
  'application/javascript',
  'text/javascript',
  'application/x-javascript',
  'text/x-python',
  'application/x-python-code',
  'text/x-perl',
  'application/x-perl',
  'text/x-ruby',
  'application/x-ruby',
  'application/x-httpd-php',
  'text/x-php',
  'application/x-powershell',
]);

const documentTypes =
  /^application\/(msword|rtf|vnd\.openxmlformats-officedocument\..+|vnd\.ms-[a-z.-]+|vnd\.oasis\.opendocument\..+)$/;
const archiveTypes = new Set([
  'application/zip',
  'application/gzip',
  'application/x-gzip',
  'application/x-tar',
  'application/x-7z-compressed',
  'application/vnd.rar',
  'application/x-rar-compressed',
  'application/x-bzip2',
  'application/x-xz',
  'application/zstd',
]);

/** The kind a content type names; null for one that says nothing (application/octet-stream, unknown). */
export function kindOfType(type: string | undefined): Kind | null {
  const t = (type ?? '').split(';')[0].trim().toLowerCase();
  if (!t || t === 'application/octet-stream') return null;
  if (t === 'text/html' || t === 'application/xhtml+xml') return 'html';
  if (t === 'image/svg+xml') return 'svg';
  if (executableTypes.has(t)) return 'executable';
  if (scriptTypes.has(t)) return 'script';
  if (t === 'application/pdf') return 'pdf';
  if (t.startsWith('image/')) return 'image';
  if (t.startsWith('audio/') || t.startsWith('video/')) return 'media';
  if (documentTypes.test(t)) return 'document';
  if (archiveTypes.has(t)) return 'archive';
  if (t.startsWith('text/') || t === 'application/json' || t === 'application/xml') return 'text';
  return null;
}

const extensionKinds: Record<string, Kind> = {};
const addExtensions = (kind: Kind, list: string) => {
  for (const ext of list.split(' ')) extensionKinds[ext] = kind;
};
addExtensions('html', 'html htm xhtml xht shtml mht mhtml hta');
addExtensions('svg', 'svg svgz');
addExtensions('executable', 'exe dll com scr msi cpl sys elf so dylib app apk deb rpm jar class wasm swf crx bat cmd');
addExtensions('script', 'sh bash zsh ksh fish csh js mjs cjs vbs vbe wsf ps1 psm1 py pyw pl rb php cgi');
addExtensions('pdf', 'pdf');
addExtensions('image', 'png jpg jpeg jpe jfif gif webp bmp tif tiff ico heic heif avif');
addExtensions('media', 'mp3 wav ogg oga m4a aac flac opus mp4 m4v mov webm avi mkv mpg mpeg 3gp');
addExtensions('document', 'doc docx docm xls xlsx xlsm ppt pptx pptm odt ods odp rtf pages key numbers');
addExtensions('archive', 'zip gz tgz tar 7z rar bz2 xz zst');
addExtensions('text', 'txt text csv tsv md markdown json xml log ics vcf yaml yml ini eml');

export const extensionOf = (name: string): string => {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return m ? m[1].toLowerCase() : '';
};

/** The kind a file name's extension names; null for none or an unknown one. */
export const kindOfName = (name: string): Kind | null => extensionKinds[extensionOf(name)] ?? null;

export interface Sniffed {
  /** The content type to store and serve. */
  type: string;
  kind: Kind;
}

/** Tags that make a browser take text for a page (the WHATWG sniffing list), or that hold scripts. */
const pageStart =
  /^(<!doctype html|<html|<head|<script|<iframe|<h1|<div|<font|<table|<a|<style|<title|<b|<body|<br|<p|<!--)[\s>/]/i;
const pageAnywhere = /<(script|iframe|html|body|object|embed|frameset)[\s>/]|<!doctype html/i;
const svgAnywhere = /<svg[\s>/]/i;

/** Whether the bytes read as text: no NUL, no control characters beyond tab, newlines, form feed and escape. */
const looksLikeText = (head: Buffer) => !head.some((b) => b < 0x20 && ![9, 10, 12, 13, 27].includes(b));

/** A text file's type from its name, among the plain-text ones; text/plain for any other. */
const textTypes: Record<string, string> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  md: 'text/markdown',
  markdown: 'text/markdown',
  json: 'application/json',
  ics: 'text/calendar',
  vcf: 'text/vcard',
};

/** What text bytes are: a page, an SVG, a script (#!), or plain text. */
export function sniffText(head: Buffer, name: string): Sniffed | null {
  if (!looksLikeText(head)) return null;
  // UTF-16 text has NULs, so it is not text here: it is served as a download of unknown type.
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const start = text.trimStart();
  const early = text.slice(0, 1024); // where browsers of old looked for tags, and then took text for a page
  if (svgAnywhere.test(early) && !pageStart.test(start)) return { type: 'image/svg+xml', kind: 'svg' };
  if (pageStart.test(start) || pageAnywhere.test(early)) return { type: 'text/html', kind: 'html' };
  if (start.startsWith('<?xml')) return { type: 'application/xml', kind: 'text' };
  if (text.startsWith('#!')) return { type: 'text/plain', kind: 'script' };
  return { type: textTypes[extensionOf(name)] ?? 'text/plain', kind: 'text' };
}

/** The type of the file at `path`, from its bytes; `head` is its first bytes (4 KB or all of it). */
export async function sniffFile(path: string, head: Buffer, name: string): Promise<Sniffed> {
  const found = await fileTypeFromFile(path);
  // file-type knows binary formats; XML it names, but an XML file may be an SVG or an XHTML page.
  if (found && found.mime !== 'application/xml') return { type: found.mime, kind: kindOfType(found.mime) ?? 'other' };
  return sniffText(head, name) ?? { type: found?.mime ?? 'application/octet-stream', kind: 'other' };
}

/**
 * Why the upload is refused, or null: bytes of a kind that runs when opened, whose declared type
 * or name claims another kind. An unknown claim (octet-stream, an unknown extension) claims nothing.
 */
export function disguiseProblem(sniffed: Kind, declaredType: string | undefined, name: string): string | null {
  const allowed = compatibleClaims[sniffed];
  if (!allowed) return null;
  const byName = kindOfName(name);
  if (byName && !allowed.has(byName))
    return `its name (.${extensionOf(name)}) says ${kindWords[byName]}, but its content is ${kindWords[sniffed]}`;
  const byType = kindOfType(declaredType);
  if (byType && !allowed.has(byType))
    return `its declared type (${declaredType}) says ${kindWords[byType]}, but its content is ${kindWords[sniffed]}`;
  return null;
}

/** How the web app may preview a stored type inline: raster images and PDF only, never HTML or SVG. */
export function previewOf(type: string): 'image' | 'pdf' | null {
  if (['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(type)) return 'image';
  if (type === 'application/pdf') return 'pdf';
  return null;
}
