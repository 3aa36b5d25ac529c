// Stands in for `cloudflare:workers` when the Worker's tests run on Node (worker-sqlite,
// worker-postgres): the same `env`, backed by the project's database.
export { env } from './node-env';
