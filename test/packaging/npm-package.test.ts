/**
 * The npm package as a user gets it: `npm pack` here, `npm install ./homerhythm-x.tgz --omit=dev`
 * in an empty folder (from the npm registry; better-sqlite3 compiles there when no prebuilt
 * binary is reachable), then `npx homerhythm start` in that folder runs the demo and serves the
 * dashboard, whose every file (the page, its scripts and styles, the vendored Preact, htm and
 * uPlot) loads from the installed package.
 *
 * Slow: 7 minutes on this 2-core machine at load 16 (53 s to build and pack, 332 s to install,
 * most of it compiling better-sqlite3, 20 s of demo); at load 27 the install alone passed 15
 * minutes, hence the generous timeouts. So `npm test` skips it unless
 * HOMERHYTHM_TEST_PACKAGE=1; `npm run test:package` runs it. Skipped too when the npm registry
 * cannot be reached.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { waitFor } from '../ha-double/server.js';
import { freePort, repoRoot } from '../ingest/harness.js';

const wanted = process.env['HOMERHYTHM_TEST_PACKAGE'] === '1';
const registryReachable = wanted && spawnSync('npm', ['ping'], { encoding: 'utf8', timeout: 30_000 }).status === 0;
const skip = !wanted ? 'slow (build, install, compile): HOMERHYTHM_TEST_PACKAGE=1 or `npm run test:package` runs it' : !registryReachable && 'the npm registry is not reachable';

const dirs: string[] = [];
let child: ChildProcess | undefined;
after(() => {
  if (child?.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});
function folder(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `homerhythm-${name}-`));
  dirs.push(dir);
  return dir;
}

function npm(args: readonly string[], cwd: string, timeout: number): string {
  const run = spawnSync('npm', args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  assert.equal(run.status, 0, `npm ${args.join(' ')}: ${run.signal !== null ? `killed by ${run.signal} after ${timeout / 60_000} min` : `exit ${run.status}`}\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

/** Local URLs a page or module refers to: src/href attributes, and static or dynamic import specifiers that are paths. */
function references(text: string, type: string): string[] {
  const found: string[] = [];
  if (type.startsWith('text/html')) for (const m of text.matchAll(/\b(?:src|href)="([^"]+)"/g)) found.push(m[1]!);
  if (type.startsWith('text/javascript')) {
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)) found.push(m[1]!);
  }
  return found.filter((r) => r.startsWith('/') || r.startsWith('./') || r.startsWith('../'));
}

/** Fetches the page and everything it loads, transitively; every file must answer 200 with a body. */
async function crawl(start: string): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  const queue = [start];
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    const res = await fetch(url);
    const body = await res.text();
    assert.equal(res.status, 200, `${url}: ${body.slice(0, 200)}`);
    assert.ok(body.length > 0, `${url} is empty`);
    seen.set(url, body.length);
    for (const ref of references(body, res.headers.get('content-type') ?? '')) queue.push(new URL(ref, url).href);
  }
  return seen;
}

it('npm pack → npm install --omit=dev in an empty folder → npx homerhythm start serves the demo dashboard', { skip, timeout: 50 * 60_000 }, async (t) => {
  const started = performance.now();
  const packed = folder('pack');
  const [pack] = JSON.parse(npm(['pack', '--json', '--pack-destination', packed], repoRoot, 10 * 60_000).replace(/^[^[]*/s, '')) as { filename: string; size: number; unpackedSize: number; entryCount: number; files: { path: string }[] }[];
  t.diagnostic(`tarball ${pack!.filename}: ${pack!.size} bytes packed, ${pack!.unpackedSize} unpacked, ${pack!.entryCount} files (${Math.round((performance.now() - started) / 1000)} s to build and pack)`);
  const files = pack!.files.map((f) => f.path);
  for (const needed of ['dist/cli.js', 'dist/main.js', 'web/index.html', 'web/app/main.js', 'packaging/systemd/homerhythm.service', 'package.json', 'README.md']) assert.ok(files.includes(needed), `${needed} is packed`);
  assert.deepEqual(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || /\.test\.js$/.test(f) || f.startsWith('ha-app/')), [], 'no sources, tests or App files in the package');

  const app = folder('install');
  const installStarted = performance.now();
  npm(['install', join(packed, pack!.filename), '--omit=dev', '--no-audit', '--no-fund'], app, 30 * 60_000);
  t.diagnostic(`npm install --omit=dev: ${Math.round((performance.now() - installStarted) / 1000)} s`);
  assert.ok(existsSync(join(app, 'node_modules', 'homerhythm', 'dist', 'cli.js')));
  assert.ok(existsSync(join(app, 'node_modules', 'better-sqlite3')), 'its dependencies are installed');
  for (const dev of ['typescript', 'tsx', 'eslint', 'fast-check', '@stryker-mutator/core', 'playwright-core']) assert.ok(!existsSync(join(app, 'node_modules', dev)), `dev dependency ${dev} not installed`);

  // A smaller demo home than the default, to keep the test's time down; the code path is the same.
  writeFileSync(join(app, 'homerhythm.yaml'), 'demo:\n  days: 21\n  events_per_day: 800\n');
  const ports = { HOMERHYTHM_INGEST_PORT: String(await freePort()), HOMERHYTHM_API_PORT: String(await freePort()), HOMERHYTHM_DASHBOARD_PORT: String(await freePort()) };
  let output = '';
  child = spawn('npx', ['homerhythm', 'start'], { cwd: app, detached: true, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...ports }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child!.once('exit', (code, signal) => resolve({ code, signal })));
  try {
    await waitFor(() => output.includes('press Ctrl-C to stop') || child!.exitCode !== null, 'the demo to finish and the services to listen', 10 * 60_000, 500);
    assert.match(output, /running the demo home/, output);
    assert.match(output, /press Ctrl-C to stop/, output);

    const dashboard = `http://127.0.0.1:${ports.HOMERHYTHM_DASHBOARD_PORT}/`;
    const loaded = await crawl(dashboard);
    t.diagnostic(`the dashboard loaded ${loaded.size} files: ${[...loaded.keys()].map((u) => new URL(u).pathname).join(' ')}`);
    const paths = [...loaded.keys()].map((u) => new URL(u).pathname);
    for (const vendor of ['preact.mjs', 'htm.mjs', 'uplot.mjs', 'uplot.css']) assert.ok(paths.some((p) => p.endsWith(`/vendor/${vendor}`)), `${vendor} served from the installed node_modules`);
    const patterns = (await (await fetch(new URL('api/v1/patterns?limit=1', dashboard))).json()) as { total: number; patterns: unknown[] };
    assert.ok(patterns.total > 0 && patterns.patterns.length === 1, `the demo found patterns, served through the dashboard: ${JSON.stringify(patterns)}`);
    assert.ok(existsSync(join(app, 'data')), 'the store in ./data of the folder it runs in');
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
  }
  // npx itself dies of the SIGTERM sent to the whole group; homerhythm under it stops on it.
  const end = await exited;
  assert.ok(end.code === 0 || end.signal === 'SIGTERM', `${JSON.stringify(end)}\n${output}`);
  t.diagnostic(`whole test: ${Math.round((performance.now() - started) / 1000)} s`);
});
