import { readFile, rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

/*
 * `npm run build:console`: the site-owner console's page (issue 15) as two files the companion
 * server serves under /console/assets/: console.js (Preact app, zod schemas from @pkc/shared,
 * uPlot) and console.css (uPlot's stylesheet, then ours). Everything is bundled: the console's
 * CSP allows scripts and styles from its own origin only, no CDN.
 */

const root = resolve(import.meta.dirname, '..');

/**
 * zod's `z` is a namespace re-exported from its index (`export { z }`), which esbuild can't
 * tree-shake: `import { z } from 'zod'` pulls in every zod locale (~260 KB minified). The same
 * names imported as a namespace (`import * as z from 'zod'`, zod's own recommended form, which
 * the console's code uses) shake down to what is called. The shared package keeps its form for
 * the server and the extension; only this bundle reads it the other way.
 */
const zodAsNamespace: Plugin = {
  name: 'zod-as-namespace',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]shared[\\/]src[\\/][^\\/]+\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replace(/^import \{ z \} from 'zod';$/m, "import * as z from 'zod';"),
      loader: 'ts',
    }));
  },
};
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
  plugins: [zodAsNamespace],
  logLevel: 'warning',
});

for (const file of ['console.js', 'console.css']) {
  const { size } = await stat(resolve(outdir, file));
  console.log(`built console/dist/${file} (${(size / 1024).toFixed(1)} KiB)`);
}
