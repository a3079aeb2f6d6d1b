import { cp, readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build } from 'esbuild';

/*
 * `npm run build:server`: the server and the shared package compiled to JavaScript in
 * server/dist (one ES module, main.js), so production runs `node server/dist/main.js` with
 * the runtime dependencies only (`npm ci --omit=dev`): no TypeScript loader, no dev tools.
 * Packages from npm stay imports (installed beside it); the repo's own workspace code is
 * compiled in. The SQL migrations and the console's built page are copied next to it.
 */

const root = resolve(import.meta.dirname, '../..');
const outdir = resolve(root, 'server/dist');
const manifest = JSON.parse(await readFile(resolve(root, 'server/package.json'), 'utf8')) as { dependencies: Record<string, string> };
const shared = JSON.parse(await readFile(resolve(root, 'shared/package.json'), 'utf8')) as { dependencies: Record<string, string> };
const fromNpm = [...Object.keys(manifest.dependencies), ...Object.keys(shared.dependencies)].filter((name) => !name.startsWith('@pkc/'));

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: [resolve(root, 'server/src/main.ts')],
  outfile: resolve(outdir, 'main.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Each npm package and its subpaths (`zod/v4`, `pg/lib/...`) stays an import.
  external: fromNpm.flatMap((name) => [name, `${name}/*`]),
  logLevel: 'warning',
});
await cp(resolve(root, 'server/src/store/postgres/migrations'), resolve(outdir, 'migrations'), { recursive: true });
// The console's page (console/build.ts), served from beside main.js (console/consolePage.ts).
await cp(resolve(root, 'console/dist'), resolve(outdir, 'console'), { recursive: true }).catch((error: unknown) => {
  throw new Error(`the console is not built (run npm run build:console first): ${String(error)}`);
});
console.log(`built ${outdir}/main.js (npm packages left as imports: ${fromNpm.join(', ')})`);
