// Types for what TypeScript code (tests, the bench) takes from lib.mjs.
/** V8 flags for every process that serves Kith or runs its tests (decision 008). */
export function serverV8Flags(): string[];
