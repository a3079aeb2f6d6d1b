import { rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build } from 'esbuild';

/*
 * `npm run build:console`: the site-owner console's page (issue 15) as two files the companion
 * server serves under /console/assets/: console.js (Preact app, zod schemas from @pkc/shared,
 * uPlot) and console.css (uPlot's stylesheet, then ours). Everything is bundled: the console's
 * CSP allows scripts and styles from its own origin only, no CDN. zod is imported as a namespace
 * everywhere (`import * as z from 'zod'`, zod's own recommended form): esbuild can then shake it
 * down to what is called; `import { z }` would pull in every zod locale (~260 KB).
 */

const root = resolve(import.meta.dirname, '..');

const outdir = resolve(root, 'console/dist');

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: [
    { in: resolve(root, 'console/src/main.tsx'), out: 'console' },
    { in: resolve(root, 'console/src/console.css'), out: 'console' },
  ],
  outdir,
  bundle: true,
  format: 'esm',
  minify: true,
  target: ['chrome120', 'firefox120'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  logLevel: 'warning',
});

for (const file of ['console.js', 'console.css']) {
  const { size } = await stat(resolve(outdir, file));
  console.log(`built console/dist/${file} (${(size / 1024).toFixed(1)} KiB)`);
}
