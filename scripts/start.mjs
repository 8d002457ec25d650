// `npm start`: install if needed, build the web app and the server if needed, then serve the
// compiled server (migrations run at start-up). `npm run dev` runs the TypeScript sources as they are.
import { ensureInstalled, ensureServerBuilt, ensureWebBuilt, handOver } from './lib.mjs';

const dev = process.argv.includes('--dev');
ensureInstalled();
ensureWebBuilt();
if (dev) {
  handOver(['--import', 'tsx', 'server/src/main.ts']);
} else {
  ensureServerBuilt();
  handOver(['server/dist/main.js']); // NODE_OPTIONS=--enable-source-maps maps stack traces to the sources
}
