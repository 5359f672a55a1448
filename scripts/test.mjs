#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with Node's own test runner (tsx as the loader).
// Node 20's --test does not expand globs, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'test'];
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts')) files.push(path);
  }
};
for (const root of roots) {
  try {
    if (statSync(root).isDirectory()) walk(root);
    else files.push(root);
  } catch {
    // a root that does not exist has no tests
  }
}
if (files.length === 0) {
  console.error('no test files found under', roots.join(', '));
  process.exit(1);
}
// Tests that change the host's network (a veth pair and a namespace for a LAN peer) run alone,
// after the rest: Chromium watches the host's addresses, and a browser test running beside them
// had its requests fail with net::ERR_NETWORK_CHANGED.
const ALONE = ['test/http/lan.test.ts'];
const alone = (f) => ALONE.some((a) => f.replaceAll('\\', '/').endsWith(a));
const run = (list) =>
  list.length === 0
    ? 0
    : (spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...list.sort()], { stdio: 'inherit' }).status ?? 1);
const together = run(files.filter((f) => !alone(f)));
const apart = run(files.filter(alone));
process.exit(together !== 0 ? together : apart);
