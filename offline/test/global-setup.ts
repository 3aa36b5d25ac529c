// Before the browser tests: Chromium present (installed from Debian when missing) and the page built.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { buildOffline } from '../../scripts/build-offline.mjs';

export default async function setup(): Promise<void> {
  execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'scripts', 'ensure-chromium.mjs')], { stdio: 'inherit' });
  await buildOffline({ quiet: true });
}
