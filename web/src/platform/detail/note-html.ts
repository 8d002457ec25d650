// Notes are stored as (sanitised) HTML; people write them as plain text. These convert between the two.

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const urlPattern = /\bhttps?:\/\/[^\s<]+[^\s<.,;:!?)\]'"]/g;

/** Plain text → paragraphs and line breaks, with links made clickable. */
export function textToHtml(text: string): string {
  return text
    .trim()
    .split(/\n{2,}/)
    .map((para) => {
      const html = escapeHtml(para).replace(urlPattern, (url) => `<a href="${url}">${url}</a>`);
      return `<p>${html.replace(/\n/g, '<br>')}</p>`;
    })
    .join('');
}

/** HTML → the plain text a person would type, for editing a note again. */
export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      out.push(node.textContent ?? '');
      return;
    }
    if (!(node instanceof HTMLElement)) return;
    const tag = node.tagName;
    if (tag === 'BR') {
      out.push('\n');
      return;
    }
    if (tag === 'LI') out.push('- ');
    for (const child of node.childNodes) walk(child);
    if (tag === 'P' || tag === 'BLOCKQUOTE' || tag === 'PRE' || tag === 'UL' || tag === 'OL') out.push('\n\n');
    else if (tag === 'LI') out.push('\n');
  };
  for (const child of doc.body.childNodes) walk(child);
  return out
    .join('')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
