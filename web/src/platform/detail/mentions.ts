// @mentions in a note: typing "@" and a few letters offers colleagues; a chosen one is written as
// "@Name" in the text and becomes <span data-mention="id">@Name</span> in the note's HTML, which
// the server turns into a notification for them (if they may read the record).

/** The "@query" being typed just before the caret, if any. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|\s)@([\p{L}\p{N}._'-]{0,30})$/u.exec(text.slice(0, caret));
  return m ? { start: caret - m[2].length - 1, query: m[2] } : null;
}

/** The text with the "@query" at `start` replaced by "@Name ", and where the caret goes. */
export function insertMention(text: string, caret: number, start: number, name: string) {
  const inserted = `@${name} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Marks the chosen people's "@Name" in the note's HTML (longest names first, so "Ann Lee" wins over "Ann"). */
export function markMentions(html: string, people: Array<{ id: string; name: string }>): string {
  let out = html;
  for (const p of [...people].sort((a, b) => b.name.length - a.name.length)) {
    const at = escapeHtml(`@${p.name}`);
    // Not inside a mention already made for a longer name.
    out = out
      .split(/(<span data-mention="[^"]*">[^<]*<\/span>)/)
      .map((part) =>
        part.startsWith('<span data-mention') ? part : part.split(at).join(`<span data-mention="${p.id}">${at}</span>`),
      )
      .join('');
  }
  return out;
}
