// What bytes are, and which claims about them are disguises.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { disguiseProblem, type Kind, kindOfName, kindOfType, sniffText } from './file-sniff.ts';

describe('sniffText', () => {
  const kind = (s: string, name = 'f') => sniffText(Buffer.from(s), name)?.kind;
  it('tells pages, SVGs, scripts and plain text apart', () => {
    expect(kind('  <!DOCTYPE html><p>x')).toBe('html');
    expect(kind('<p>hello</p>')).toBe('html');
    expect(kind('Dear Ann,\n<script src=//evil></script>')).toBe('html');
    expect(kind('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>')).toBe('svg');
    expect(kind('<?xml version="1.0"?><note/>')).toBe('text');
    expect(kind('#!/usr/bin/env python\nprint(1)')).toBe('script');
    expect(kind('name,email\nAnn,ann@example.com')).toBe('text');
    expect(sniffText(Buffer.from('a,b\n1,2'), 'people.csv')?.type).toBe('text/csv');
    expect(sniffText(Buffer.from([0, 1, 2, 3]), 'x')).toBeNull();
  });
});

describe('disguiseProblem', () => {
  const active: Kind[] = ['html', 'svg', 'executable'];
  const passive: Kind[] = ['image', 'pdf', 'document', 'media', 'archive', 'text', 'other'];
  const names: Record<Kind, string[]> = {
    html: ['a.html', 'a.htm'],
    svg: ['a.svg'],
    executable: ['a.exe', 'a.dll', 'a.msi'],
    script: ['a.sh', 'a.py'],
    image: ['a.png', 'a.JPG', 'a.webp'],
    pdf: ['a.pdf'],
    document: ['a.docx', 'a.xlsx'],
    media: ['a.mp4', 'a.mp3'],
    archive: ['a.zip'],
    text: ['a.txt', 'a.csv'],
    other: ['a', 'a.unknownext'],
  };
  const types: Record<Kind, string[]> = {
    html: ['text/html'],
    svg: ['image/svg+xml'],
    executable: ['application/x-msdownload'],
    script: ['text/x-python'],
    image: ['image/png', 'image/jpeg'],
    pdf: ['application/pdf'],
    document: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    media: ['video/mp4'],
    archive: ['application/zip'],
    text: ['text/plain', 'text/csv'],
    other: ['application/octet-stream', 'application/x-unknown'],
  };
  const kinds = Object.keys(names) as Kind[];

  it('refuses bytes that run, named or declared as another kind; accepts the honest and the unclaimed', () => {
    const anyOf = (table: Record<Kind, string[]>) =>
      fc.constantFrom(...kinds).chain((k) => fc.constantFrom(...table[k]));
    fc.assert(
      fc.property(fc.constantFrom(...kinds), anyOf(names), anyOf(types), (bytes, name, type) => {
        const problem = disguiseProblem(bytes, type, name);
        const claims = [kindOfName(name), kindOfType(type)].filter((k): k is Kind => k !== null);
        if (passive.includes(bytes)) expect(problem).toBeNull();
        else if (active.includes(bytes)) expect(problem !== null).toBe(claims.some((k) => k !== bytes));
        // A script (#!) is text: only a claim of an image, a PDF, a document, media or an archive is a disguise.
        else expect(problem !== null).toBe(claims.some((k) => !['script', 'text', 'executable'].includes(k)));
      }),
    );
  });

  it('names the claim it disbelieves', () => {
    expect(disguiseProblem('html', 'application/pdf', 'x')).toBe(
      'its declared type (application/pdf) says a PDF, but its content is an HTML page',
    );
    expect(disguiseProblem('executable', undefined, 'cat.png')).toBe(
      'its name (.png) says an image, but its content is a program',
    );
  });
});
