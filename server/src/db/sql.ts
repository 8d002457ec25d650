// A small tagged-template SQL builder: values become $n parameters, identifiers are quoted.
// The records path composes its queries from registry entries with it, so no value is ever
// spliced into SQL text.

export type SqlValue = unknown;

export class Sql {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly SqlValue[],
  ) {}

  /** Renders to node-postgres / PGlite form: text with $1..$n and the value array. */
  toQuery(): { text: string; values: unknown[] } {
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
    return { text, values };
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
