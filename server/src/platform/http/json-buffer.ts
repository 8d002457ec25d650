// Large JSON answers (a board's 300 cards: about 200 KB) as a Buffer built from small pieces. One
// JSON.stringify of the whole answer makes a string of hundreds of kilobytes — twice that in V8's
// two-byte form once any text is not Latin-1 — which V8 puts in its large-object space, where each
// one counts towards the next full collection; then the socket copies it to UTF-8 in one go. Pieces
// of a few kilobytes stay in the young generation and are encoded as they are made: a board's
// answer went from 2–3 ms to under 1 ms of the server's one thread (decision 035).

/** Containers nested deeper than this are stringified whole (a record's own fields, a money value). */
const walkDepth = 4;
/** Characters gathered before they are encoded into a Buffer. */
const pieceChars = 16_384;

/** The bytes of JSON.stringify(value), made piece by piece (value: what a route answers). */
export function jsonBuffer(value: unknown): Buffer {
  const pieces: Buffer[] = [];
  let pending = '';
  const write = (s: string) => {
    pending += s;
    if (pending.length >= pieceChars) {
      pieces.push(Buffer.from(pending));
      pending = '';
    }
  };
  const walk = (v: unknown, depth: number, inArray: boolean): void => {
    // Plain objects and arrays are walked; anything else (a Date, a boxed string) JSON.stringify
    // writes as it would inside the whole.
    const plain =
      v !== null &&
      typeof v === 'object' &&
      depth < walkDepth &&
      (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) &&
      typeof (v as { toJSON?: unknown }).toJSON !== 'function';
    if (plain && Array.isArray(v)) {
      write('[');
      v.forEach((item, i) => {
        if (i) write(',');
        walk(item, depth + 1, true);
      });
      write(']');
    } else if (plain) {
      write('{');
      let first = true;
      for (const key of Object.keys(v)) {
        const item = (v as Record<string, unknown>)[key];
        // What JSON.stringify leaves out of an object.
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
        write(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
        first = false;
        walk(item, depth + 1, false);
      }
      write('}');
    } else {
      const s = JSON.stringify(v);
      // In an array what JSON.stringify cannot write is null (undefined, a function).
      write(s === undefined ? (inArray ? 'null' : '') : s);
    }
  };
  walk(value, 0, false);
  pieces.push(Buffer.from(pending));
  return pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
}

/**
 * jsonBuffer as a route's serializerCompiler answer. Fastify sends a Buffer a serializer returns
 * as it is (reply.js, onSendEnd: string or Buffer, its length as content-length); its types only
 * name strings.
 */
export const jsonSerializer = jsonBuffer as unknown as (data: unknown) => string;
