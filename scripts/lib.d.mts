// Types for what TypeScript code (tests, the bench) takes from lib.mjs.
/** V8 flags for every process that serves Kith or runs its tests (decision 008). */
export function serverV8Flags(): string[];
/** glibc malloc settings for the processes the scripts start, unless `env` sets them (decision 008). */
export function serverMallocEnv(env?: NodeJS.ProcessEnv): Record<string, string>;
