// `npm start`: install if needed, build the web app if needed, then serve (migrations run at start-up).
import { ensureInstalled, ensureWebBuilt, handOver } from './lib.mjs';

ensureInstalled();
ensureWebBuilt();
handOver(['--import', 'tsx', 'server/src/main.ts']);
