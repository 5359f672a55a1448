/**
 * The dashboard under Home Assistant's ingress, with Debian's nginx playing the Supervisor's
 * ingress proxy: it serves the app under /api/hassio_ingress/<token>/, strips that prefix, and
 * sets X-Ingress-Path, as the Supervisor does. In Chromium every view loads through it, every
 * request the page makes stays under the prefix, nothing outside it is asked for, and there are
 * no console errors. Framed by a page of HA's origin that carries HA's theme (as HA's frontend
 * frames an ingress panel), the dashboard takes that theme, follows a change of it, and still
 * passes axe-core's contrast checks.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Browser, Frame, Page } from 'playwright-core';
import { waitFor } from '../../src/testing/wait.js';
import { buildDemoHome, type DemoHome } from './demo-home.js';
import { freePort, launch, openPage, serveDashboard, type Served } from './harness.js';

const PREFIX = '/api/hassio_ingress/Xq7-3Lr9tokenExample';
const AXE = createRequire(import.meta.url).resolve('axe-core');
/** HA's default dark and light theme variables, as HA's frontend sets them on its <html>. */
const HA_DARK = { '--primary-background-color': '#111111', '--card-background-color': '#1c1c1c', '--primary-text-color': '#e1e1e1', '--secondary-text-color': '#9b9b9b', '--primary-color': '#03a9f4', '--text-primary-color': '#ffffff', '--divider-color': 'rgba(225, 225, 225, 0.12)' };
const HA_LIGHT = { '--primary-background-color': '#fafafa', '--card-background-color': '#ffffff', '--primary-text-color': '#212121', '--secondary-text-color': '#727272', '--primary-color': '#03a9f4', '--text-primary-color': '#ffffff', '--divider-color': 'rgba(0, 0, 0, 0.12)' };
const styleOf = (vars: Record<string, string>) => Object.entries(vars).map(([k, v]) => `${k}: ${v}`).join('; ');
/** HA's page, on HA's origin: its theme's variables on its <html>, the ingress panel in an iframe. */
const HA_PAGE = `<!doctype html><html style="${styleOf(HA_DARK)}"><head><title>Home Assistant</title><link rel="icon" href="data:,"></head><body style="margin:0"><iframe title="homerhythm" src="${PREFIX}/" style="width:100%;height:900px;border:0"></iframe></body></html>`;
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
    location = /ha.html { default_type text/html; return 200 '${HA_PAGE}'; }
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

/** axe-core's serious and critical violations in a frame. */
async function axe(frame: Frame): Promise<string[]> {
  await frame.addScriptTag({ path: AXE });
  const violations = await frame.evaluate<{ id: string; impact: string; nodes: { target: string[] }[] }[]>('axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) })))');
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/** The computed colours a reader sees: the page, a card, the text. */
const colours = (frame: Frame) => frame.evaluate<{ page: string; card: string; text: string }>(`({ page: getComputedStyle(document.body).backgroundColor, card: getComputedStyle(document.querySelector('header.top')).backgroundColor, text: getComputedStyle(document.body).color })`);

it("inside HA's frame: HA's theme (dark on a light system), a change of it followed, AA contrast in both", { timeout: 180_000 }, async () => {
  // axe goes in as a script: this context alone lets it past the page's CSP
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'light', bypassCSP: true });
  const page: Page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${new URL(base).origin}/ha.html`);
  await page.frameLocator('iframe').locator('[data-view="overview"]').waitFor({ timeout: 30_000 });
  const frame = page.frames().find((f) => f.url().includes(PREFIX))!;
  await frame.waitForLoadState('networkidle');
  assert.deepEqual(await colours(frame), { page: 'rgb(17, 17, 17)', card: 'rgb(28, 28, 28)', text: 'rgb(225, 225, 225)' }, "HA's dark theme, though the system is light");
  assert.equal(await frame.evaluate<string>('document.documentElement.dataset.scheme'), 'dark');
  assert.deepEqual(await axe(frame), [], 'axe in HA dark, overview');
  await frame.goto(`${base}#/patterns`);
  await frame.locator('li.pattern').first().waitFor({ timeout: 30_000 });
  assert.deepEqual(await axe(frame), [], 'axe in HA dark, patterns');
  // the user switches HA to its light theme: HA rewrites the variables on its <html>
  await page.evaluate(`document.documentElement.setAttribute('style', ${JSON.stringify(styleOf(HA_LIGHT))})`);
  await frame.waitForFunction(`getComputedStyle(document.body).backgroundColor === 'rgb(250, 250, 250)'`, undefined, { timeout: 5_000 });
  assert.deepEqual(await colours(frame), { page: 'rgb(250, 250, 250)', card: 'rgb(255, 255, 255)', text: 'rgb(33, 33, 33)' });
  assert.deepEqual(await axe(frame), [], 'axe in HA light, patterns');
  assert.deepEqual(errors, [], 'console errors');
  // opened on its own, the dashboard keeps its own theme
  const alone = await context.newPage();
  await alone.goto(base);
  await alone.locator('[data-view="overview"]').waitFor({ timeout: 30_000 });
  assert.equal(await alone.evaluate<string | null>('document.documentElement.getAttribute("data-ha-theme")'), null);
  assert.equal(await alone.evaluate<string>('getComputedStyle(document.body).backgroundColor'), 'rgb(250, 250, 250)', 'our own light');
  await context.close();
});
