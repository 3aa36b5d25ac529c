import { afterAll } from 'vitest';
import { dispose } from './node-env';

// Each test file's database is closed (and its SQLite file removed) when the file is done.
afterAll(async () => {
  await dispose();
});
