// Counting the statements a piece of work sends (a conversion's budget, say): wraps a database's
// query and transaction while fn runs, and gives back the text of each statement, in order. The
// transaction's own BEGIN and COMMIT are not counted, nor the work of the modules' event handlers
// that runs beside it on the same database (a transaction that starts by reading its place in
// the stream, event_handlers): it is not the work being counted, and it comes when it comes. Only
// for tests: one at a time per database.
import type { Db, Tx } from '../db/database.ts';

/** How an event handler's transaction begins (platform/event-handlers.ts). */
const handlerStart = /\bFROM event_handlers\b/;

export async function countStatements<T>(db: Db, fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const sent: Array<{ text: string; by: { handler: boolean } | null }> = [];
  const watch = (q: Tx, by: { handler: boolean; first: boolean } | null): Tx => {
    const note = (text: string) => {
      if (by?.first) {
        by.first = false;
        by.handler = handlerStart.test(text);
      }
      sent.push({ text, by });
    };
    const watched: Tx = {
      query: (s) => {
        note(s.toQuery().text);
        return q.query(s);
      },
      exec: (text) => {
        note(text);
        return q.exec(text);
      },
      queryText: (text, values) => {
        note(text);
        return q.queryText(text, values);
      },
      transaction: (f) =>
        q.transaction((tx) => f(tx === q ? watched : watch(tx, by ?? { handler: false, first: true }))),
    };
    return watched;
  };
  const original = { query: db.query, exec: db.exec, queryText: db.queryText, transaction: db.transaction };
  const w = watch({ ...original } as Tx, null);
  Object.assign(db, { query: w.query, exec: w.exec, queryText: w.queryText, transaction: w.transaction });
  try {
    const result = await fn();
    return { result, statements: sent.filter((s) => !s.by?.handler).map((s) => s.text) };
  } finally {
    Object.assign(db, original);
  }
}
