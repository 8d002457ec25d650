// What every service call receives first: who acts, on which database (or transaction), when.
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Tx } from '../db/database.ts';
import type { Jobs } from './jobs.ts';
import type { RoleInfo } from './permissions.ts';
import type { Registry } from './registry/registry.ts';

export interface Principal {
  kind: 'user' | 'apiKey' | 'system';
  /** The acting user (for an API key: the user who made it, for audit). */
  userId: string | null;
  apiKeyId?: string;
  name: string;
  role: RoleInfo;
  /** Users who share a team with this principal (own id included): the 'team' scope. */
  teamUserIds: string[];
  /**
   * For each record scope a module brings (record-scopes.ts): the marks the principal's rows may
   * carry to be within it (for a territory scope: their territories and those below them).
   */
  marks: Record<string, string[]>;
}

export interface Ctx {
  db: Tx;
  principal: Principal;
  registry: Registry;
  jobs: Jobs;
  now: () => Date;
  log: Logger;
  ip?: string;
  userAgent?: string;
}

/** The same context inside a transaction. */
export const withTx = (ctx: Ctx, tx: Tx): Ctx => ({ ...ctx, db: tx });
