#!/usr/bin/env node
// `npm test` runs the pane's tests in real Chromium: install Debian's chromium when it is missing
// (playwright cannot download its own browser on these machines). Needs root or sudo for apt.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);
console.log(`• ${path} missing: installing Debian's chromium (apt-get)…`);
const sudo = process.getuid && process.getuid() !== 0 ? 'sudo ' : '';
try {
  execSync(`${sudo}apt-get update && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium`, { stdio: 'inherit' });
} catch {
  console.error('Could not install chromium with apt-get: install it (apt-get install -y chromium) and run npm test again.');
  process.exit(1);
}
if (!existsSync(path)) {
  console.error(`chromium installed but ${path} is still missing`);
  process.exit(1);
}
