// Cmd+K: one query over every object the principal may read, ranked by full-text rank and
// name similarity, tolerant of typos (the search-words dictionary, decision 007) and accents
// (unaccent).

import type { SearchHit } from '@kith/common/api/search';
import { type Sql, sql } from '../db/sql.ts';
import type { Ctx } from './context.ts';
import { permissionFor } from './permissions.ts';
import { prefixTsQuerySql, type TypoWords, typoTsQueries, typoWordsSql } from './records/list-query.ts';
import { readScope } from './records/records.service.ts';

export async function searchEverything(ctx: Ctx, q: string, limit = 20): Promise<SearchHit[]> {
  const text = q.trim().slice(0, 200);
  if (!text) return [];
  const prefixes = prefixTsQuerySql(text);
  const readable = ctx.registry
    .all()
    .filter((obj) => obj.globalSearch !== false && permissionFor(ctx.principal, obj.name).read);
  // Words similar to q's in every readable table's titles, in one look-up: a hit may be a typo.
  const lookup = typoWordsSql(
    readable.map((obj) => obj.table),
    text,
  );
  const typos = lookup ? typoTsQueries(await ctx.db.query<TypoWords>(lookup)) : new Map<string, string>();
  const parts: Sql[] = [];
  for (const obj of readable) {
    const perm = permissionFor(ctx.principal, obj.name);
    const scope = readScope(ctx, obj, perm);
    const sub = obj.subtitleField ? obj.fields.get(obj.subtitleField) : undefined;
    const subtitle = sub ? sql`t.${sql.ident(sub.column)}::text` : sql`NULL::text`;
    // q's words as prefixes, or (||) the words they may be typos of: one tsquery, one index scan.
    // (The prefixes are NULL when unaccent leaves no word: then the typos alone.)
    const typo = typos.get(obj.table);
    const typoQuery = typo ? sql`${typo}::tsquery` : null;
    const words =
      prefixes && typoQuery ? sql`coalesce(${prefixes} || ${typoQuery}, ${typoQuery})` : (prefixes ?? typoQuery);
    if (!words) continue;
    const rank = sql`ts_rank(t.search_vector, ${words}) + word_similarity(kith_unaccent(lower(${text})), kith_unaccent(lower(t.title)))`;
    parts.push(sql`(SELECT ${obj.name}::text AS object, ${obj.plural}::text AS plural, t.id, t.title, ${subtitle} AS subtitle, ${rank} AS rank
      FROM ${sql.ident(obj.table)} t WHERE t.deleted_at IS NULL AND t.search_vector @@ (${words})${scope ? sql` AND ${scope}` : sql.empty}
      ORDER BY rank DESC LIMIT ${limit})`);
  }
  if (!parts.length) return [];
  return ctx.db.query<SearchHit>(
    sql`SELECT * FROM (${sql.join(parts, ' UNION ALL ')}) hits ORDER BY rank DESC, title LIMIT ${limit}`,
  );
}
