import { cp, readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build } from 'esbuild';

/*
 * `npm run build:server`: the server and the shared package compiled to JavaScript in
 * server/dist (one ES module, main.js), so production runs `node server/dist/main.js` with
 * the runtime dependencies only (`npm ci --omit=dev`): no TypeScript loader, no dev tools.
 * Packages from npm stay imports (installed beside it); the repo's own workspace code is
 * compiled in. The SQL migrations are copied next to it (migrate.ts finds them there).
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
console.log(`built ${outdir}/main.js (npm packages left as imports: ${fromNpm.join(', ')})`);
