/**
 * The dashboard under Home Assistant's ingress, with Debian's nginx playing the Supervisor's
 * ingress proxy: it serves the app under /api/hassio_ingress/<token>/, strips that prefix, and
 * sets X-Ingress-Path, as the Supervisor does. In Chromium every view loads through it, every
 * request the page makes stays under the prefix, nothing outside it is asked for, and there are
 * no console errors.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { waitFor } from '../../src/testing/wait.js';
import { buildDemoHome, type DemoHome } from './demo-home.js';
import { freePort, launch, openPage, serveDashboard, type Served } from './harness.js';

const PREFIX = '/api/hassio_ingress/Xq7-3Lr9tokenExample';
let home: DemoHome;
let served: Served;
let browser: Browser;
let nginx: ChildProcess;
let dir: string;
let base: string;

before(async () => {
  home = await buildDemoHome({ days: 21 });
  served = await serveDashboard(home.storage);
  dir = mkdtempSync(join(tmpdir(), 'homerhythm-ingress-'));
  const port = await freePort();
  const upstream = new URL(served.url);
  writeFileSync(join(dir, 'nginx.conf'), `
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events {}
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location ${PREFIX}/ {
      proxy_pass http://127.0.0.1:${upstream.port}/;
      proxy_set_header X-Ingress-Path ${PREFIX};
      proxy_set_header Host 127.0.0.1:${upstream.port};
    }
    location / { return 404 "outside the ingress prefix"; }
  }
}
`);
  nginx = spawn('nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  base = `http://127.0.0.1:${port}${PREFIX}/`;
  await waitFor(async () => (await fetch(base).catch(() => null))?.ok === true, 'nginx in front of the dashboard', 30_000, 100);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  nginx?.kill();
  await served?.stop();
  await home?.storage.close();
  if (home) rmSync(home.dir, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('every view loads through the ingress prefix; no request leaves it; no console errors', { timeout: 180_000 }, async (t) => {
  const { page, errors } = await openPage(browser);
  const outside: string[] = [];
  const failed: string[] = [];
  page.on('request', (r) => {
    if (!new URL(r.url()).pathname.startsWith(`${PREFIX}/`)) outside.push(r.url());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  const views: Array<[string, string]> = [['', 'overview'], ['#/patterns', 'patterns'], ['#/entities', 'entities'], ['#/suggestions', 'suggestions'], ['#/jobs', 'jobs']];
  for (const [hash, view] of views) {
    await page.goto(`${base}${hash}`);
    await page.locator(`[data-view="${view}"]`).waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
  }
  // A pattern's page draws a chart: the chart library and its CSS come through the prefix too.
  await page.goto(`${base}#/patterns`);
  await page.locator('[data-view="patterns"] a[href^="#/patterns/"]').first().click();
  await page.locator('[data-view="pattern"][data-type]').waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  assert.deepEqual(outside, [], 'requests outside the prefix');
  assert.deepEqual(failed, [], 'failed requests');
  assert.deepEqual(errors, [], 'console errors');
  const paths = readFileSync(join(dir, 'access.log'), 'utf8').trim().split('\n').map((l) => /"[A-Z]+ (\S+) HTTP/.exec(l)?.[1] ?? l);
  assert.ok(paths.length > 20, `${paths.length} requests through nginx`);
  assert.deepEqual(paths.filter((p) => !p.startsWith(`${PREFIX}/`)).filter((p) => p !== `${PREFIX}`), [], 'nginx saw only prefixed paths');
  t.diagnostic(`${paths.length} requests through the ingress proxy, all under ${PREFIX}/`);
});
