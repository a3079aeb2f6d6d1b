import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { shardDirFor } from '../store/manifest.ts';

/** Every file of an embedded data set as text (the data file, then its shard files in order): for "what is on disk" assertions. */
export async function dataSetText(dataFile: string): Promise<string> {
  const shardDir = shardDirFor(dataFile);
  const shards = (await readdir(shardDir).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort();
  const texts = await Promise.all([dataFile, ...shards.map((name) => join(shardDir, name))].map((path) => readFile(path, 'utf8')));
  return texts.join('\n');
}
