// `node scripts/run.mjs file.ts [args]`: run a TypeScript entry point on the project's Node 24.
import { ensureInstalled, handOver } from './lib.mjs';

ensureInstalled();
handOver(['--import', 'tsx', ...process.argv.slice(2)]);
