// fontkit (pdfkit's own font engine) ships no types; the quote PDF only parses a font once with it.
declare module 'fontkit' {
  /** A parsed font: pdfkit takes it in place of the file (anything with a `layout` method). */
  export function create(buffer: Uint8Array, postscriptName?: string): { layout: (text: string) => unknown };
}
