// How a file shows in the list: an icon and a short type label, from its stored (sniffed) type.
import {
  type Icon,
  IconFile,
  IconFileText,
  IconFileTypeCsv,
  IconFileTypeDoc,
  IconFileTypeHtml,
  IconFileTypePdf,
  IconFileTypePpt,
  IconFileTypeSvg,
  IconFileTypeXls,
  IconFileZip,
  IconMovie,
  IconMusic,
  IconPhoto,
} from '@tabler/icons-react';

export interface FileKind {
  icon: Icon;
  label: string;
  color: string;
}

const extension = (name: string) => /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toUpperCase();

export function fileKind(contentType: string, name: string): FileKind {
  const t = contentType.toLowerCase();
  const ext = extension(name);
  if (t === 'application/pdf') return { icon: IconFileTypePdf, label: 'PDF', color: 'red' };
  if (t === 'image/svg+xml') return { icon: IconFileTypeSvg, label: 'SVG', color: 'grape' };
  if (t.startsWith('image/')) return { icon: IconPhoto, label: t.slice(6).toUpperCase(), color: 'grape' };
  if (t === 'text/html') return { icon: IconFileTypeHtml, label: 'HTML', color: 'orange' };
  if (t === 'text/csv' || t === 'text/tab-separated-values')
    return { icon: IconFileTypeCsv, label: 'CSV', color: 'teal' };
  if (t.includes('spreadsheet') || t.includes('ms-excel'))
    return { icon: IconFileTypeXls, label: ext ?? 'Sheet', color: 'green' };
  if (t.includes('presentation') || t.includes('powerpoint'))
    return { icon: IconFileTypePpt, label: ext ?? 'Slides', color: 'orange' };
  if (
    t.includes('wordprocessing') ||
    t.includes('msword') ||
    t.includes('opendocument.text') ||
    t === 'application/rtf'
  )
    return { icon: IconFileTypeDoc, label: ext ?? 'Document', color: 'blue' };
  if (t.startsWith('video/')) return { icon: IconMovie, label: ext ?? 'Video', color: 'indigo' };
  if (t.startsWith('audio/')) return { icon: IconMusic, label: ext ?? 'Audio', color: 'cyan' };
  if (/zip|gzip|x-tar|7z|rar|bzip|x-xz|zstd/.test(t))
    return { icon: IconFileZip, label: ext ?? 'Archive', color: 'yellow' };
  if (t.startsWith('text/') || t === 'application/json' || t === 'application/xml')
    return { icon: IconFileText, label: ext ?? 'Text', color: 'gray' };
  return { icon: IconFile, label: ext ?? 'File', color: 'gray' };
}
