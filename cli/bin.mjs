#!/usr/bin/env node
// `npx roster-check …`: runs the TypeScript command line through tsx (a dev dependency every
// `npm install` of this repository brings), so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
const code = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s + '\n'),
  stderr: (s) => process.stderr.write(s + '\n'),
  env: process.env,
  tty: !!process.stderr.isTTY,
});
process.exitCode = code;
