// The cursor of a newest-first stream ordered by (time, id): a timeline, a notification centre.
// Opaque to clients; a cursor that is not one of ours is a 400 naming the parameter.
import { invalid } from './errors.ts';
import { isoDateTime, isUuid } from './registry/fields.ts';

export interface TimeCursor {
  at: string;
  id: string;
}

export const encodeTimeCursor = (c: { at: Date | string; id: string }): string =>
  Buffer.from(JSON.stringify({ at: new Date(c.at).toISOString(), id: c.id })).toString('base64url');

export function decodeTimeCursor(raw: string, param = 'cursor'): TimeCursor {
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    c = null;
  }
  const v = c as Partial<TimeCursor> | null;
  if (!v || typeof v !== 'object' || !isUuid(v.id) || !isoDateTime.safeParse(v.at).success)
    throw invalid(`${param}: is not a cursor this API handed out`, { [param]: 'malformed' });
  return { at: v.at as string, id: v.id as string };
}
