// Counting the statements a piece of work sends (a conversion's budget, say): wraps a database's
// query and transaction while fn runs, and gives back the text of each statement, in order. The
// transaction's own BEGIN and COMMIT are not counted. Only for tests: one at a time per database.
import type { Db, Tx } from '../db/database.ts';

export async function countStatements<T>(db: Db, fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const watch = (q: Tx): Tx => {
    const watched: Tx = {
      query: (s) => {
        statements.push(s.toQuery().text);
        return q.query(s);
      },
      exec: (text) => {
        statements.push(text);
        return q.exec(text);
      },
      queryText: (text, values) => {
        statements.push(text);
        return q.queryText(text, values);
      },
      transaction: (f) => q.transaction((tx) => f(tx === q ? watched : watch(tx))),
    };
    return watched;
  };
  const original = { query: db.query, exec: db.exec, queryText: db.queryText, transaction: db.transaction };
  const w = watch({ ...original } as Tx);
  Object.assign(db, { query: w.query, exec: w.exec, queryText: w.queryText, transaction: w.transaction });
  try {
    return { result: await fn(), statements };
  } finally {
    Object.assign(db, original);
  }
}
