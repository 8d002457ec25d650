// Cmd+K: one query over every object the principal may read, ranked by full-text rank and
// name similarity, tolerant of typos (pg_trgm) and accents (unaccent).
import { type Sql, sql } from '../db/sql.ts';
import type { Ctx } from './context.ts';
import { permissionFor, scopeCondition } from './permissions.ts';
import { toPrefixQuery } from './records/list-query.ts';

export interface SearchHit {
  object: string;
  plural: string;
  id: string;
  title: string;
  subtitle: string | null;
  rank: number;
}

export async function searchEverything(ctx: Ctx, q: string, limit = 20): Promise<SearchHit[]> {
  const text = q.trim().slice(0, 200);
  if (!text) return [];
  const tsq = toPrefixQuery(text);
  const parts: Sql[] = [];
  for (const obj of ctx.registry.all()) {
    const perm = permissionFor(ctx.principal, obj.name);
    if (!perm.read) continue;
    const scope = scopeCondition(ctx.principal, perm, obj.fields.get('ownerId') ? sql`t.owner_id` : null);
    const sub = obj.subtitleField ? obj.fields.get(obj.subtitleField) : undefined;
    const subtitle = sub ? sql`t.${sql.ident(sub.column)}::text` : sql`NULL::text`;
    const match = tsq
      ? sql`(t.search_vector @@ to_tsquery('simple', kith_unaccent(${tsq})) OR kith_unaccent(lower(${text})) <% kith_unaccent(lower(t.title)))`
      : sql`kith_unaccent(lower(${text})) <% kith_unaccent(lower(t.title))`;
    const rank = tsq
      ? sql`ts_rank(t.search_vector, to_tsquery('simple', kith_unaccent(${tsq}))) + word_similarity(kith_unaccent(lower(${text})), kith_unaccent(lower(t.title)))`
      : sql`word_similarity(kith_unaccent(lower(${text})), kith_unaccent(lower(t.title)))`;
    parts.push(sql`(SELECT ${obj.name}::text AS object, ${obj.plural}::text AS plural, t.id, t.title, ${subtitle} AS subtitle, ${rank} AS rank
      FROM ${sql.ident(obj.table)} t WHERE t.deleted_at IS NULL AND ${match}${scope ? sql` AND ${scope}` : sql.empty}
      ORDER BY rank DESC LIMIT ${limit})`);
  }
  if (!parts.length) return [];
  return ctx.db.query<SearchHit>(
    sql`SELECT * FROM (${sql.join(parts, ' UNION ALL ')}) hits ORDER BY rank DESC, title LIMIT ${limit}`,
  );
}
