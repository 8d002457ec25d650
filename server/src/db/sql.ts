// A small tagged-template SQL builder: values become $n parameters, identifiers are quoted.
// The records path composes its queries from registry entries with it, so no value is ever
// spliced into SQL text.
import { createHash } from 'node:crypto';

export type SqlValue = unknown;

export class Sql {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly SqlValue[],
    /** Set for a named prepared statement (see `sql.prepared`): mixed into its name. */
    readonly preparedKey?: string,
  ) {}

  /**
   * Renders to node-postgres / PGlite form: text with $1..$n and the value array, and for a
   * prepared statement a name derived from its text (the same text always gets the same name).
   */
  toQuery(): { text: string; values: unknown[]; name?: string } {
    const values: unknown[] = [];
    let text = '';
    const walk = (s: Sql) => {
      s.strings.forEach((str, i) => {
        text += str;
        if (i < s.values.length) {
          const v = s.values[i];
          if (v instanceof Sql) walk(v);
          else {
            values.push(v);
            text += `$${values.length}`;
          }
        }
      });
    };
    walk(this);
    if (this.preparedKey === undefined) return { text, values };
    const name = createHash('sha1').update(this.preparedKey).update('\0').update(text).digest('base64url');
    return { text, values, name: `kith_${name.slice(0, 20)}` };
  }
}

export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): Sql {
  return new Sql(strings, values);
}

/** Trusted SQL text (never user input). */
sql.raw = (text: string): Sql => new Sql([text], []);

/** A quoted identifier; rejects anything that is not a plain name. */
sql.ident = (name: string): Sql => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier: ${name}`);
  return sql.raw(`"${name}"`);
};

sql.join = (parts: Sql[], separator = ', '): Sql => {
  if (parts.length === 0) return sql.raw('');
  const strings = [''];
  for (let i = 1; i < parts.length; i++) strings.push(separator);
  strings.push('');
  return new Sql(strings, parts);
};

sql.empty = sql.raw('');

/**
 * The same statement, run as a named prepared statement on PostgreSQL: each connection parses and
 * plans it once, then reuses the plan (PostgreSQL's plan cache picks a generic plan after five
 * runs when it costs no more than the custom ones). Planning a look-up by primary key on a table
 * with many indexes costs ten times its execution (0.16 against 0.015 ms at 1M contacts), so
 * by-id reads are prepared. Only for statements whose best plan does not depend on their values:
 * a generic plan for a search or a filtered, limited list can be far worse than a custom one.
 * The embedded database ignores it.
 *
 * `key` must change whenever the result's column types may change under the same text: a custom
 * field deleted and made again under its name with another type keeps the column's name, and a
 * connection that prepared the old statement would then fail ("cached plan must not change result
 * type").
 */
sql.prepared = (q: Sql, key: string): Sql => new Sql(q.strings, q.values, key);
