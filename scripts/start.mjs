// `npm start`: install if needed, build the web app and the server if needed, then serve the
// compiled server (migrations run at start-up). `npm run dev` runs the TypeScript sources as they are.
import {
  compiledServerArgs,
  ensureInstalled,
  ensureServerBuilt,
  ensureWebBuilt,
  handOver,
  serverV8Flags,
} from './lib.mjs';

const dev = process.argv.includes('--dev');
ensureInstalled();
ensureWebBuilt();
if (dev) {
  handOver([...serverV8Flags(), '--import', 'tsx', 'server/src/main.ts']);
} else {
  ensureServerBuilt();
  handOver(compiledServerArgs);
}
