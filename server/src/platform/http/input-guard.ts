// One check on everything a client sends, before any route sees it: PostgreSQL text cannot hold a
// NUL character, nor its json a lone UTF-16 surrogate (either failed in the database, as a 500),
// and values nested thousands deep overflow the stack of whatever recurses over them (zod, our
// own walkers).
import type { FastifyInstance } from 'fastify';
import { invalid } from '../errors.ts';

/** Deeper than any body or filter the API takes; a record body is 3 levels, a 5-level filter 11. */
export const maxInputDepth = 32;

const nul = 'must not contain a NUL character (\\u0000)';
const surrogate = 'must be valid Unicode (it holds half of a surrogate pair)';
// Half a pair: a high surrogate not followed by a low one, or a low one not preceded by a high one.
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const textProblem = (s: string) => (s.includes('\u0000') ? nul : loneSurrogate.test(s) ? surrogate : null);

/**
 * JSON objects and arrays, and the query parser's prototype-less objects (one level above null);
 * not buffers, streams or other class instances.
 */
const isPlain = (v: unknown): v is object => {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return Array.isArray(v) || proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
};

/**
 * The first problem in a parsed JSON value (or query object), with the path to it, or null.
 * Iterative, so that depth itself cannot overflow the stack; keys are checked like values.
 */
export function findBadInput(
  value: unknown,
  root: string,
  maxDepth = maxInputDepth,
): { path: string; problem: string } | null {
  const stack: Array<{ v: unknown; path: string; depth: number }> = [{ v: value, path: root, depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop() as { v: unknown; path: string; depth: number };
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return { path, problem };
      continue;
    }
    if (!isPlain(v)) continue;
    if (depth >= maxDepth) return { path, problem: `is nested more than ${maxDepth} levels deep` };
    for (const [k, child] of Object.entries(v)) {
      const childPath = path ? `${path}.${k}` : k;
      const problem = textProblem(k);
      if (problem) return { path: childPath, problem };
      stack.push({ v: child, path: childPath, depth: depth + 1 });
    }
  }
  return null;
}

/** Throws a 400 naming the path when findBadInput finds something. */
export function assertCleanInput(value: unknown, root: string, whole = root, maxDepth = maxInputDepth): void {
  const bad = findBadInput(value, root, maxDepth);
  if (!bad) return;
  const path = bad.path || whole;
  throw invalid(`${path}: ${bad.problem}`, { [path]: bad.problem });
}

/** Registers the check for every route's query, path parameters and parsed body. */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    assertCleanInput(request.params, '', 'url');
    assertCleanInput(request.query, '', 'query');
    // Multipart and other streamed bodies are not parsed here; their routes check what they read.
    assertCleanInput(request.body, '', 'body');
  });
}
