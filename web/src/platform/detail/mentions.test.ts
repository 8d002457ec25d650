import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { insertMention, markMentions, mentionQuery } from './mentions';
import { textToHtml } from './note-html';

describe('mentions', () => {
  it('find the "@query" before the caret, only at a word start', () => {
    expect(mentionQuery('Hi @car', 7)).toEqual({ start: 3, query: 'car' });
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQuery('mail me@home', 12)).toBeNull();
    expect(mentionQuery('Hi @car and', 11)).toBeNull();
  });

  it('insert the name and move the caret past it', () => {
    expect(insertMention('Hi @car, ok', 7, 3, 'Carla Colleague')).toEqual({
      text: 'Hi @Carla Colleague , ok',
      caret: 20,
    });
  });

  it('mark each chosen person once per mention, the longest name first, with names HTML could break on', () => {
    const people = [
      { id: 'a', name: 'Ann' },
      { id: 'b', name: 'Ann Lee' },
      { id: 'c', name: 'R&D <Team>' },
    ];
    expect(markMentions(textToHtml('@Ann Lee and @Ann, cc @R&D <Team>'), people)).toBe(
      '<p><span data-mention="b">@Ann Lee</span> and <span data-mention="a">@Ann</span>, cc <span data-mention="c">@R&amp;D &lt;Team&gt;</span></p>',
    );
  });

  it('never lose or change the text around the mentions', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ minLength: 1, maxLength: 12 }), (text, name) => {
        const html = textToHtml(`${text} @${name} ${text}`);
        const marked = markMentions(html, [{ id: 'x', name }]);
        const strip = (s: string) => s.replace(/<span data-mention="x">|<\/span>/g, '');
        expect(strip(marked)).toBe(html);
      }),
    );
  });
});
