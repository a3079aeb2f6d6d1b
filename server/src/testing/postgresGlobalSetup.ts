import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalCluster } from '../store/postgres/localCluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway PostgreSQL server of this test run (its `postgres` database). */
    postgresUrl: string;
  }
}

/**
 * One throwaway PostgreSQL server for the server tests, started by the test run itself (real
 * PostgreSQL, never a mock, never one already running); each test file makes its own
 * databases on it (testing/postgres.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startLocalCluster({ dir: await mkdtemp(join(tmpdir(), 'pkc-pg-')), throwaway: true });
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop({ remove: true });
}
