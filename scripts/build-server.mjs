// Builds the server, with @kith/common, to JavaScript for production (docs/decisions/004): one ES
// module bundle per entry point in server/dist, packages from node_modules left as imports. The
// bundle sits at the depth of server/src, so paths it takes from import.meta (the web app's
// dist, a worker thread's file beside it) resolve as they do from the sources.
// `node scripts/build-server.mjs [--outdir server/dist-x]`, or through ensureServerBuilt (npm start).
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const src = join(root, 'server', 'src');
export const serverDist = join(root, 'server', 'dist');

/** Worker-thread entry files (new Worker(url) of a file beside its caller): each gets its own bundle. */
function workerEntries(dir) {
  const found = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) found.push(...workerEntries(path));
    else if (e.name.endsWith('-worker.ts')) found.push(path);
  }
  return found;
}

// Bare imports stay imports (resolved from node_modules at run time), except our own workspace
// packages, whose TypeScript sources are compiled into the bundle.
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.kind === 'entry-point' || args.path.startsWith('@kith/') ? undefined : { external: true },
    );
  },
};

/** outDir: another directory beside server/src (tests build there), so relative paths still hold. */
export async function buildServer(outDir = serverDist) {
  const started = Date.now();
  rmSync(outDir, { recursive: true, force: true });
  const entryPoints = [join(src, 'main.ts'), ...workerEntries(src)];
  await build({
    entryPoints,
    outdir: outDir,
    entryNames: '[name]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    sourcemap: true,
    sourcesContent: false,
    plugins: [externalPackages],
    logLevel: 'warning',
  });
  // migrate.ts reads its SQL files from ./migrations beside the module that holds it.
  mkdirSync(outDir, { recursive: true });
  cpSync(join(src, 'db', 'migrations'), join(outDir, 'migrations'), { recursive: true });
  const names = entryPoints.map((e) => relative(src, e)).join(', ');
  console.log(`kith: built the server (${names}) into ${relative(root, outDir)} in ${Date.now() - started} ms`);
}

if (resolve(process.argv[1] ?? '') === resolve(import.meta.filename)) {
  const at = process.argv.indexOf('--outdir');
  await buildServer(at > 0 ? resolve(root, process.argv[at + 1]) : serverDist);
}
