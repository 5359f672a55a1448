#!/usr/bin/env node
// Mutation testing of one or more source files with StrykerJS (npm run mutate -- FILE… [--tests GLOB…]).
// Each mutant is tried against the tests that reach the file: by default every *.test.ts beside it,
// and every one under src/ or test/ that imports it (by path or by basename) or its folder's
// index.ts; --tests replaces that choice by hand. Node's own test runner prints TAP,
// which Stryker's tap-runner reads; tsx loads the TypeScript. The report lands in
// reports/mutation/ (git-ignored) and the score is printed per file.
import { readdirSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const files = [];
const tests = [];
let into = files;
for (const arg of args) {
  if (arg === '--tests') into = tests;
  else if (arg === '--files') into = files;
  else into.push(arg);
}
if (files.length === 0) {
  console.error('usage: npm run mutate -- src/path/file.ts [more files] [--tests test/a.test.ts …]');
  process.exit(2);
}

const allTests = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts')) allTests.push(relative(root, path));
  }
};
walk(join(root, 'src'));
walk(join(root, 'test'));

const chosen = new Set(tests.map((t) => relative(root, resolve(t))));
if (chosen.size === 0) {
  for (const file of files) {
    const rel = relative(root, resolve(file)).replace(/\.ts$/, '');
    const base = basename(rel);
    const importOf = new RegExp(`from ['"][^'"]*/${base.replace(/[.-]/g, '\\$&')}(\\.js)?['"]`);
    for (const test of allTests) {
      const text = readFileSync(join(root, test), 'utf8');
      const sameFolder = dirname(test) === dirname(rel);
      const viaIndex = text.includes(`${dirname(rel)}/index.js'`);
      if (sameFolder || viaIndex || text.includes(`${rel}.js'`) || importOf.test(text)) chosen.add(test);
    }
  }
}
if (chosen.size === 0) {
  console.error(`no test imports ${files.join(', ')}: name them with --tests`);
  process.exit(2);
}
console.log(`mutating ${files.join(', ')} against ${chosen.size} test file(s):\n  ${[...chosen].sort().join('\n  ')}`);

const dir = mkdtempSync(join(tmpdir(), 'homerhythm-mutate-'));
// Stryker links node_modules into each sandbox only when it is a real directory; in a git worktree
// it is often a symlink, which Stryker skips. One link above the sandboxes lets Node resolve tsx either way.
symlinkSync(realpathSync(join(root, 'node_modules')), join(dir, 'node_modules'));
const config = {
  $schema: './node_modules/@stryker-mutator/core/schema/stryker-schema.json',
  packageManager: 'npm',
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  tap: {
    testFiles: [...chosen],
    nodeArgs: ['--import', 'tsx', '--test-reporter=tap', '-r', '{{hookFile}}', '{{testFile}}'],
    forceBail: true,
  },
  mutate: files.map((f) => relative(root, resolve(f))),
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 20000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'html', 'progress-append-only'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  ignorePatterns: ['data', 'dist', 'build', 'reports', 'bench/results', 'artifacts', '.cache', '.tmp'],
  tempDirName: join(dir, 'sandbox'),
  cleanTempDir: true,
  thresholds: { high: 85, low: 70, break: null },
};
const configPath = join(dir, 'stryker.config.json');
writeFileSync(configPath, JSON.stringify(config, null, 2));
const run = spawnSync(process.execPath, [join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', configPath], {
  cwd: root,
  stdio: 'inherit',
});
rmSync(dir, { recursive: true, force: true });
process.exit(run.status ?? 1);
