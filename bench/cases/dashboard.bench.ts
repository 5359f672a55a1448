/**
 * The dashboard's views in headless Chromium on the demo home (issue 17: each view
 * shows its content in ≤ 1 s). For each view, at desktop (1400×1000) and phone (390×844) size,
 * `LOADS` loads in a fresh browser context (nothing cached), timed from navigation start to the
 * moment the view's content is in the page (a MutationObserver in the page notes it), and the
 * bytes the first load received (bodies as sent). Then a reload in the same context: what a
 * returning user pays, with the static files revalidated instead of sent again.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildDemoHome } from '../../test/dashboard/demo-home.js';
import { launch, serveDashboard } from '../../test/dashboard/harness.js';
import { report, type Metric } from './case.js';

const LOADS = 5;
const BUDGET_MS = 1000;
const SIZES = { desktop: { width: 1400, height: 1000 }, phone: { width: 390, height: 844 } } as const;

/** view → [hash, selector of its content] */
function views(patternId: number): Record<string, [string, string]> {
  return {
    overview: ['#/', 'table.rhythm td.routine'],
    patterns: ['#/patterns', 'li.pattern'],
    pattern: [`#/patterns/${patternId}`, '[data-view="pattern"] .uplot canvas'],
    entities: ['#/entities', 'table.entities tbody tr'],
    entity: ['#/entities/light.kitchen_ceiling', 'table.heatmap tbody tr'],
    suggestions: ['#/suggestions', 'li.suggestion'],
    system: ['#/jobs', 'table.runs tbody tr'],
  };
}

/** In the page, before its own scripts: when `selector` first matches, as ms after navigation start. */
const watchFor = (selector: string) => `(() => {
  // shown, not only there: a view is mounted hidden while the home loads
  const check = () => { const el = document.querySelector(${JSON.stringify(selector)}); if (window.__contentAt === undefined && el !== null && el.getClientRects().length > 0) window.__contentAt = performance.now(); };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
})()`;

interface Load { ms: number; bytes: number; requests: number }

async function load(browser: Browser, url: string, selector: string, size: { width: number; height: number }, reload: boolean): Promise<Load> {
  const context = await browser.newContext({ viewport: size, timezoneId: 'Europe/Berlin' });
  try {
    const page = await context.newPage();
    await page.addInitScript(watchFor(selector));
    if (reload) {
      await page.goto(url);
      await page.locator(selector).first().waitFor({ timeout: 15_000 });
      await page.waitForLoadState('networkidle');
    }
    let bytes = 0;
    let requests = 0;
    const bodies: Promise<void>[] = [];
    page.on('response', (r) => {
      requests++;
      bodies.push(r.request().sizes().then((z) => void (bytes += z.responseBodySize), () => undefined));
    });
    if (reload) await page.reload();
    else await page.goto(url);
    await page.locator(selector).first().waitFor({ timeout: 15_000 });
    const ms = await page.evaluate<number>('window.__contentAt');
    await page.waitForLoadState('networkidle');
    await Promise.all(bodies);
    return { ms, bytes, requests };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(): Promise<void> {
  const home = await buildDemoHome();
  // compiled to build/bench, the package root is not two folders up: npm run bench runs at the root
  const served = await serveDashboard(home.storage, { webRoot: join(process.cwd(), 'web') });
  const browser = await launch();
  const metrics: Record<string, Metric> = {};
  try {
    const patternId = home.storage.patterns.list({ patternType: 'time_based', limit: 1 })[0]!.id;
    for (const [name, [hash, selector]] of Object.entries(views(patternId))) {
      const url = `${served.url}/${hash}`;
      await load(browser, url, selector, SIZES.desktop, false); // warm-up: the server's first answers, Chromium's first context
      for (const [size, viewport] of Object.entries(SIZES)) {
        const loads: Load[] = [];
        for (let i = 0; i < LOADS; i++) loads.push(await load(browser, url, selector, viewport, false));
        metrics[`${name}_${size}_ms`] = { value: median(loads.map((l) => l.ms)), unit: 'ms', max: BUDGET_MS };
        if (size === 'desktop') {
          metrics[`${name}_kb`] = { value: loads[0]!.bytes / 1024, unit: 'KB' };
          metrics[`${name}_requests`] = { value: loads[0]!.requests, unit: 'requests' };
        }
      }
      const again = await load(browser, url, selector, SIZES.desktop, true);
      metrics[`${name}_reload_ms`] = { value: again.ms, unit: 'ms', max: BUDGET_MS };
      metrics[`${name}_reload_kb`] = { value: again.bytes / 1024, unit: 'KB' };
    }
  } finally {
    await browser.close();
    await served.stop();
    await home.storage.close();
  }
  report(metrics);
}

await measure();
