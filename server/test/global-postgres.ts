import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres-server';

// One PostgreSQL server for the worker-postgres project; each test file makes its own database.
export default async function setup(project: TestProject): Promise<() => void> {
  const server = await startPostgres();
  project.provide('postgresUrl' as never, server.url as never);
  return () => server.stop();
}
