import { build } from 'esbuild';

/** Bundles a module into one script to evaluate in a page (benchmarks and the corpus evaluation). */
export async function bundleForPage(entryPoint: string): Promise<string> {
  const result = await build({
    entryPoints: [entryPoint],
    bundle: true,
    format: 'iife',
    write: false,
    target: 'chrome120',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild produced no output for ${entryPoint}`);
  return output.text;
}
