// Profile pictures: images up to 2 MB, their type told by their first bytes (never by the name
// or the header the client sent), stored under <dataDir>/files/avatars with an unguessable name.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppSettings } from '../../app.ts';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { newToken } from '../../platform/auth/crypto.ts';
import { loadUser, toUserJson } from '../../platform/auth/principal.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { invalid, notFound, unauthenticated } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';

export const avatarMaxBytes = 2 * 1024 * 1024;
export const avatarPath = '/api/v1/files/avatars/';
/** <user id>-<16 random base64url characters>.<ext> */
export const avatarName =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[A-Za-z0-9_-]{16}\.(png|jpg|webp|gif)$/;

const types = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' } as const;
type Ext = keyof typeof types;

export function imageType(b: Buffer): Ext | null {
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpg';
  if (b.length >= 6 && ['GIF87a', 'GIF89a'].includes(b.subarray(0, 6).toString('latin1'))) return 'gif';
  if (
    b.length >= 12 &&
    b.subarray(0, 4).toString('latin1') === 'RIFF' &&
    b.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'webp';
  return null;
}

type Dirs = { settings: Pick<AppSettings, 'dataDir'> };
const dirOf = (deps: Dirs) => join(deps.settings.dataDir, 'files', 'avatars');

/** Stores the image and points the user's avatar at it; the previous upload is removed. */
export async function saveAvatar(ctx: Ctx, deps: Dirs, data: Buffer) {
  const userId = ctx.principal.userId;
  if (!userId) throw unauthenticated();
  const ext = imageType(data);
  if (!ext) throw invalid('file: must be a PNG, JPEG, WebP or GIF image', { file: 'is not a supported image' });
  const dir = dirOf(deps);
  await mkdir(dir, { recursive: true });
  const name = `${userId}-${newToken(12)}.${ext}`;
  await writeFile(join(dir, name), data, { flag: 'wx' });
  let before: string | null;
  try {
    before = await ctx.db.transaction(async (tx) => {
      const c = withTx(ctx, tx);
      const [u] = await tx.query<{ avatar_url: string | null }>(
        sql`SELECT avatar_url FROM users WHERE id = ${userId} FOR UPDATE`,
      );
      const url = `${avatarPath}${name}`;
      await tx.query(sql`UPDATE users SET avatar_url = ${url}, updated_at = ${ctx.now()} WHERE id = ${userId}`);
      await recordAudit(c, {
        action: 'update',
        objectType: 'user',
        recordId: userId,
        changes: { avatarUrl: { before: u?.avatar_url ?? null, after: url } },
      });
      await emitEvent(c, {
        type: 'user.updated',
        objectType: 'user',
        recordId: userId,
        payload: { fields: ['avatarUrl'] },
      });
      return u?.avatar_url ?? null;
    });
  } catch (err) {
    await rm(join(dir, name), { force: true });
    throw err;
  }
  const old = before?.startsWith(avatarPath) ? before.slice(avatarPath.length) : null;
  if (old && avatarName.test(old) && old.startsWith(userId)) await rm(join(dir, old), { force: true });
  const user = await loadUser(ctx.db, userId);
  if (!user) throw unauthenticated();
  return toUserJson(user);
}

export async function readAvatar(deps: Dirs, name: string): Promise<{ data: Buffer; contentType: string }> {
  if (!avatarName.test(name)) throw notFound('Avatar');
  try {
    const data = await readFile(join(dirOf(deps), name));
    return { data, contentType: types[name.slice(name.lastIndexOf('.') + 1) as Ext] };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw notFound('Avatar');
    throw err;
  }
}
