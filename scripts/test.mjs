// `npm test`: install if needed, build the web app (the browser tests use it), run the whole suite.
import { ensureInstalled, ensureWebBuilt, handOver } from './lib.mjs';

ensureInstalled();
ensureWebBuilt();
handOver(['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)]);
