// The one contract a domain module fulfils. A module brings its registry entries, the hooks it
// adds to any object's write path, and its routes and background workers; the app (app.ts) wires
// every module listed in modules/index.ts, and the platform imports none of them.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppSettings } from '../app.ts';
import type { Db } from '../db/database.ts';
import { addApprovalRules } from './approvals/approval-hooks.ts';
import type { ApprovalRule } from './approvals/approval-rules.ts';
import { systemPrincipal } from './auth/principal.ts';
import type { Ctx } from './context.ts';
import { type EventHandlerDef, type EventHandlers, startEventHandlers } from './event-handlers.ts';
import type { CtxFactory } from './http/request-context.ts';
import type { Jobs } from './jobs.ts';
import { type RecordScopeProvider, registerRecordScopes } from './record-scopes.ts';
import type { ObjectHooks } from './records/hooks.ts';
import type { ObjectDef } from './registry/define-object.ts';
import type { HookTargets, Registry } from './registry/registry.ts';

/** What a module's routes and workers are given when the app is built. */
export interface ModuleDeps {
  app: FastifyInstance;
  ctxOf: CtxFactory;
  db: Db;
  registry: Registry;
  jobs: Jobs;
  now: () => Date;
  settings: AppSettings;
  secureCookies: boolean;
  /** Whether this process runs background work (workers and event handlers): not a web-only one. */
  runsJobs: boolean;
  /** For a server database: event handlers listen on a connection of their own. */
  databaseUrl?: string;
}

export interface KithModule {
  /** For messages and the guide; unique. */
  name: string;
  /** The registry entries this module owns (each gets routes, OpenAPI, pages, import/export…). */
  objects?: ObjectDef[];
  /** Hooks this module adds to the write path of its own objects or others' ('*': every object; or a test of the entry). */
  hooks?: Array<{ objects: HookTargets; hooks: ObjectHooks }>;
  /** Routes beyond the generic records routes (they are registered before those, so they win). */
  routes?: (deps: ModuleDeps) => void | Promise<void>;
  /** Background workers (pg-boss queues) this module handles; skipped in a web-only process by the jobs layer. */
  workers?: (deps: ModuleDeps) => void | Promise<void>;
  /** Handlers of domain events (any module's), each reading them in commit order: event-handlers.ts. */
  events?: EventHandlerDef[];
  /** Record scopes beyond own, team and all that roles may give (a territory's records): record-scopes.ts. */
  recordScopes?: RecordScopeProvider[];
  /** When records of an object wait for someone's approval, locked meanwhile: approval-rules.ts (decision 028). */
  approvalRules?: ApprovalRule[];
}

/** The context a module's background work acts in: the system, on the app's database, at its clock. */
export const systemCtx = (deps: ModuleDeps): Ctx => ({
  db: deps.db as unknown as Ctx['db'],
  principal: systemPrincipal,
  registry: deps.registry,
  jobs: deps.jobs,
  now: deps.now,
  log: deps.app.log,
});

/** Every entry the modules bring, in module order. */
export const objectsOf = (modules: readonly KithModule[]): ObjectDef[] => modules.flatMap((m) => m.objects ?? []);

/** The modules' write hooks on the registry, their record scopes and approval rules (idempotent): an app, or a write path without one (the demo seed). */
export function addModuleHooks(modules: readonly KithModule[], registry: ModuleDeps['registry']): void {
  for (const m of modules) for (const h of m.hooks ?? []) registry.addHooks(h.objects, h.hooks);
  registerRecordScopes(modules.flatMap((m) => m.recordScopes ?? []));
  addApprovalRules(
    registry,
    modules.flatMap((m) => m.approvalRules ?? []),
  );
}

/**
 * Wires the modules into a built app: hooks on the registry, then routes and workers, then (in a
 * process that runs jobs) the event handlers, whose handle it returns.
 */
export async function installModules(modules: readonly KithModule[], deps: ModuleDeps): Promise<EventHandlers | null> {
  const names = new Set<string>();
  for (const m of modules) {
    if (names.has(m.name)) throw new Error(`two modules are named ${m.name}`);
    names.add(m.name);
  }
  addModuleHooks(modules, deps.registry);
  for (const m of modules) {
    await m.routes?.(deps);
    await m.workers?.(deps);
  }
  const handlers = modules.flatMap((m) => m.events ?? []);
  if (!deps.runsJobs || !handlers.length) return null;
  return startEventHandlers({ ...deps, log: deps.app.log as Logger }, handlers);
}
