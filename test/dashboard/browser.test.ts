/**
 * The dashboard in real headless Chromium on the demo home (30 simulated days, daily and weekly
 * jobs run): every view loads with no console error, a filter changes the list, each kind of
 * pattern draws its evidence, suggestions parse as HA automations naming entities of the home,
 * the copy button copies, and "run now" works with the admin token. Screenshots of every view
 * go to artifacts/screenshots/.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { parse } from 'yaml';
import { checkAutomation } from '../../src/dashboard/index.js';
import { HOME } from '../../src/simulate/home.js';
import { buildDemoHome, type DemoHome } from './demo-home.js';
import { launch, openPage, screenshot, serveDashboard, type Served, type WatchedPage } from './harness.js';

const TOKEN = 'dashboard-test-token-0123456789';
const ENTITIES = new Set(HOME.map((e) => e.id));

let home: DemoHome;
let served: Served;
let browser: Browser;
let watched: WatchedPage;
let page: Page;

before(async () => {
  home = await buildDemoHome();
  served = await serveDashboard(home.storage, { config: { api: { token: TOKEN } } });
  browser = await launch();
  watched = await openPage(browser);
  page = watched.page;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.url });
});
after(async () => {
  await browser?.close();
  await served?.stop();
  await home?.storage.close();
  if (home) rmSync(home.dir, { recursive: true, force: true });
});

async function open(hash: string, ready: string): Promise<void> {
  await page.goto(`${served.url}/${hash}`);
  await page.locator(ready).first().waitFor({ timeout: 15_000 });
}

/** Non-transparent pixels on the view's first chart canvas: a chart that drew something. */
async function chartPixels(): Promise<number> {
  await page.locator('.uplot canvas').first().waitFor();
  // page code as text: the tests compile without the DOM's types
  return page.evaluate<number>(`(() => {
    const canvas = document.querySelector('.uplot canvas');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  })()`);
}

const totalIs = (n: number) => page.locator(`[data-total="${n}"]`).waitFor();
const firstOf = (type: string) => home.storage.patterns.list({ patternType: type, limit: 1 })[0]!;

describe('the dashboard in Chromium, on the demo home', () => {
  it('overview: services, event rate, last jobs, storage per layer against retention', async () => {
    await open('#/', '[data-layer="4"]');
    await page.locator('[data-view="overview"] .uplot canvas').waitFor();
    const text = await page.locator('main').innerText();
    assert.match(text, /No Home Assistant configured: what you see is what is already stored here/);
    for (const word of ['Storage', 'Data API', 'Dashboard', 'State changes stored per day', 'Daily job', 'Weekly job', 'Monthly job', 'Not run yet', 'home_assistant_events', 'pattern_aggregates_daily', 'of 90 days', 'forever']) assert.ok(text.includes(word), word);
    assert.match(text, /times in Europe\/Berlin/);
    await screenshot(page, 'overview');
  });

  it('patterns: a filter changes the list, and is kept in the address', async () => {
    await open('#/patterns', 'li.pattern');
    const all = Number(await page.locator('[data-total]').getAttribute('data-total'));
    assert.equal(all, home.storage.patterns.count());
    await screenshot(page, 'patterns');
    await page.selectOption('select[name="type"]', 'time_based');
    // (waits by locator: a string predicate would be eval, which the page's CSP refuses)
    const timeBased = home.storage.patterns.count({ patternType: 'time_based' });
    await totalIs(timeBased);
    assert.equal(await page.locator('li.pattern:not([data-type="time_based"])').count(), 0);
    assert.ok(timeBased < all);
    assert.match(page.url(), /type=time_based/);
    await page.selectOption('select[name="area"]', 'kitchen');
    await page.waitForURL(/area=kitchen/);
    await totalIs(home.storage.patterns.count({ patternType: 'time_based', areaId: 'kitchen' }));
    await page.selectOption('select[name="min"]', '0.9');
    await page.waitForURL(/min=0\.9/);
    await screenshot(page, 'patterns-filtered');
    await page.locator('button', { hasText: 'clear filters' }).click();
    await totalIs(all);
  });

  for (const [type, what] of [
    ['time_based', /Each dot is a day it turned on/],
    ['co_occurrence', /How long after .* followed/],
    ['duration', /How long each of .* on-periods lasted/],
    ['anomaly', /(Red: .* the days before it|activity on .* by hour)/],
    ['day_type', /weekdays \(blue\) and weekends \(orange\)/],
    ['room_based', /Activations in this area by hour of day/],
  ] as const) {
    it(`a ${type} pattern's detail draws its evidence`, async () => {
      const p = firstOf(type);
      await open(`#/patterns/${p.id}`, '[data-view="pattern"] h2');
      assert.ok((await chartPixels()) > 200, 'the chart drew');
      await page.locator('figcaption').first().waitFor();
      assert.match(await page.locator('figcaption').first().innerText(), what);
      await screenshot(page, `pattern-${type.replace('_', '-')}`);
    });
  }

  it('a suggestion on a pattern page parses as an HA automation with trigger and action, and copies', async () => {
    const p = firstOf('time_based');
    await open(`#/patterns/${p.id}`, '.suggestion pre.yaml');
    const yaml = await page.locator('.suggestion pre.yaml').innerText();
    const automation = parse(yaml, { version: '1.1' }) as Record<string, unknown>;
    assert.ok(Array.isArray(automation['triggers']) && automation['triggers'].length > 0);
    assert.ok(Array.isArray(automation['actions']) && automation['actions'].length > 0);
    assert.deepEqual(checkAutomation(automation, (id) => ENTITIES.has(id)), []);
    await page.locator('.suggestion button.copy').click();
    await page.locator('button.copy', { hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), yaml.trim() + '\n');
  });

  it('automations: every suggestion, of each kind offered, is valid for HA and names entities of the home', async () => {
    await open('#/suggestions', 'li.suggestion');
    const items = page.locator('li.suggestion');
    const n = await items.count();
    assert.ok(n >= 5, `${n} suggestions`);
    const kinds = new Set<string>();
    for (let i = 0; i < n; i++) {
      const item = items.nth(i);
      kinds.add((await item.getAttribute('data-type'))!);
      const yaml = await item.locator('pre.yaml').textContent();
      const automation = parse(yaml!, { version: '1.1' }) as Record<string, unknown>;
      assert.deepEqual(checkAutomation(automation, (id) => ENTITIES.has(id)), [], yaml!);
    }
    assert.deepEqual([...kinds].sort(), ['co_occurrence', 'sequence', 'time_based'], 'the demo home has no contextual patterns yet');
    await items.first().locator('details.yaml-details summary').click();
    await screenshot(page, 'suggestions');
  });

  it('suggestions: one per routine, most actions saved first; dismiss moves one to "Dismissed" and undo brings it back', async () => {
    await open('#/suggestions', 'li.suggestion');
    const items = page.locator('li.suggestion');
    const before = await items.count();
    const keys = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
    assert.equal(new Set(keys).size, before, 'one entry per routine');
    const saves = await page.locator('li.suggestion p.saves strong').allInnerTexts();
    const numbers = saves.map(Number);
    assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a), 'most manual actions a week first');
    assert.ok(await page.locator('details.covers').count() >= 1, 'a chain lists the pairs it covers');
    const first = keys[0]!;
    await items.first().locator('button[data-answer="dismiss"]').click();
    await page.locator(`li.suggestion[data-key="${first}"]`).waitFor({ state: 'detached' });
    assert.equal(await items.count(), before - 1);
    await page.locator('nav.tabs button', { hasText: 'Dismissed (1)' }).click();
    await page.locator(`li.suggestion[data-key="${first}"]`).waitFor();
    await page.locator(`li.suggestion[data-key="${first}"] button[data-answer="undo"]`).click();
    await page.locator(`li.suggestion[data-key="${first}"]`).waitFor({ state: 'detached' });
    await page.locator('nav.tabs button', { hasText: /^New/ }).click();
    await page.locator(`li.suggestion[data-key="${first}"]`).waitFor();
    assert.deepEqual(home.storage.feedback.list(), [], 'undo leaves no feedback behind');
  });

  it('entity view: a day × hour heatmap over 30 and 90 days, its patterns and latest changes', async () => {
    await open('#/entities', 'table.entities');
    await screenshot(page, 'entities');
    await page.locator('input[type="search"]').fill('kitchen ceiling');
    await page.locator('table.entities a', { hasText: 'Kitchen ceiling' }).click();
    await page.locator('table.heatmap').waitFor();
    assert.equal(await page.locator('table.heatmap tbody tr').count(), 30);
    assert.ok((await page.locator('table.heatmap td.cell.l1, table.heatmap td.cell.l2, table.heatmap td.cell.l3, table.heatmap td.cell.l4').count()) >= 20, 'about one activation a day');
    // the entity's patterns load after the heatmap: wait for them (a loaded machine is slow)
    await page.locator('[data-view="entity"]', { hasText: /Kitchen ceiling turns on around/ }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'entity');
    await page.locator('button', { hasText: 'last 90 days' }).click();
    await page.locator('table.heatmap tbody tr').nth(89).waitFor();
    assert.match(await page.locator('table.heatmap').innerText(), /no data for this day/);
  });

  it('jobs: run history, and run now with the admin token', async () => {
    await open('#/jobs', 'table.runs');
    assert.equal(await page.locator('table.runs tbody tr').count(), home.storage.runs.list({ limit: 100 }).length);
    await page.locator('input[name="token"]').fill(TOKEN);
    await page.locator('form.token button[type="submit"]').click();
    await page.locator('[data-run="daily"]').click();
    await page.locator('[data-result]', { hasText: /^daily \d{4}-\d{2}-\d{2}: success/ }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'jobs');
  });

  it('logged no console error and no page error', () => {
    assert.deepEqual(watched.errors, []);
  });

  it('renders in dark mode too', async () => {
    const dark = await openPage(browser, { colorScheme: 'dark' });
    await dark.page.goto(`${served.url}/#/patterns/${firstOf('duration').id}`);
    await dark.page.locator('.uplot canvas').waitFor();
    await screenshot(dark.page, 'dark-pattern');
    assert.deepEqual(dark.errors, []);
    await dark.page.context().close();
  });
});
