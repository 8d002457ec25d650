// The organisation's details printed on its documents (a quote's PDF): name, address, contact
// lines, tax id, and a logo kept with the files' storage (the data directory or S3). Everyone
// signed in reads them; admins change them, audited.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OrganizationAnswer, OrganizationDetailsInput } from '@kith/common/api/quotes';
import { organizationDetails } from '@kith/common/api/quotes';
import type { Queryable } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { assertAdmin } from '../../platform/permissions.ts';
import type { FileStorage } from '../files/file-storage.ts';

export const maxLogoBytes = 1024 * 1024;

interface OrgRow {
  name: string;
  details: Partial<OrganizationAnswer> | null;
  logo_key: string | null;
  logo_type: string | null;
}

export interface Organization extends OrganizationAnswer {
  logoKey: string | null;
  logoType: string | null;
}

export async function readOrganization(db: Queryable): Promise<Organization> {
  const [row] = await db.query<OrgRow>(sql`SELECT name, details, logo_key, logo_type FROM organization WHERE id = 1`);
  const d = row?.details ?? {};
  return {
    name: row?.name ?? 'Kith',
    address: d.address ?? '',
    email: d.email ?? '',
    phone: d.phone ?? '',
    website: d.website ?? '',
    taxId: d.taxId ?? '',
    hasLogo: !!row?.logo_key,
    logoKey: row?.logo_key ?? null,
    logoType: row?.logo_type ?? null,
  };
}

export const publicOrganization = ({ logoKey: _k, logoType: _t, ...o }: Organization): OrganizationAnswer => o;

export async function saveOrganization(ctx: Ctx, input: OrganizationDetailsInput): Promise<OrganizationAnswer> {
  assertAdmin(ctx.principal);
  const v = organizationDetails.parse(input);
  const { name, ...details } = v;
  return ctx.db.transaction(async (tx) => {
    const before = await readOrganization(tx);
    await tx.query(
      sql`UPDATE organization SET name = ${name}, details = ${JSON.stringify(details)}::jsonb WHERE id = 1`,
    );
    await recordAudit(withTx(ctx, tx), {
      action: 'organization.update',
      changes: { before: publicOrganization(before), after: { ...v, hasLogo: before.hasLogo } },
    });
    return publicOrganization(await readOrganization(tx));
  });
}

/** What the bytes are, by their first bytes (never by what the client says): PNG or JPEG, which the PDF can embed. */
export function imageType(bytes: Buffer): 'image/png' | 'image/jpeg' | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

export async function saveLogo(
  ctx: Ctx,
  deps: { storage: FileStorage; dataDir: string },
  bytes: Buffer,
): Promise<OrganizationAnswer> {
  assertAdmin(ctx.principal);
  if (bytes.length > maxLogoBytes)
    throw new AppError('PAYLOAD_TOO_LARGE', `logo: at most ${maxLogoBytes / 1024} KB`, {
      fields: { logo: 'too large' },
    });
  const type = imageType(bytes);
  if (!type) throw invalid('logo: must be a PNG or JPEG image', { logo: 'not a PNG or JPEG image' });
  const key = randomUUID();
  const dir = join(deps.dataDir, 'tmp');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `logo-${key}`);
  await writeFile(path, bytes);
  try {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await deps.storage.put(key, { path, size: bytes.length, sha256, contentType: type });
  } finally {
    await rm(path, { force: true });
  }
  const old = await ctx.db.transaction(async (tx) => {
    const before = await readOrganization(tx);
    await tx.query(sql`UPDATE organization SET logo_key = ${key}, logo_type = ${type} WHERE id = 1`);
    await recordAudit(withTx(ctx, tx), { action: 'organization.logo', changes: { type, size: bytes.length } });
    return before.logoKey;
  });
  if (old) await deps.storage.delete(old);
  return publicOrganization(await readOrganization(ctx.db));
}

/** The logo's bytes, or null when there is none (or its bytes are gone). */
export async function logoBytes(db: Queryable, storage: FileStorage): Promise<{ bytes: Buffer; type: string } | null> {
  const org = await readOrganization(db);
  if (!org.logoKey) return null;
  try {
    const chunks: Buffer[] = [];
    for await (const c of await storage.get(org.logoKey)) chunks.push(Buffer.from(c as Buffer));
    return { bytes: Buffer.concat(chunks), type: org.logoType ?? 'image/png' };
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}
