/**
 * The dashboard in real headless Chromium on the demo home (30 simulated days, daily and weekly
 * jobs run): every view loads with no console error, a filter changes the list, each kind of
 * pattern draws its evidence, suggestions parse as HA automations naming entities of the home,
 * the copy button copies, and "run now" works with the admin token. Screenshots of every view
 * go to artifacts/screenshots/.
 */
import { after, before, describe, it } from 'node:test';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { parse } from 'yaml';
import { checkAutomation } from '../../src/dashboard/index.js';
import { OVERRIDE_DAILY } from '../../src/detectors/overrides.js';
import { BUCKETS } from '../../src/storage/types.js';
import { HOME } from '../../src/simulate/home.js';
import { resolveOptions } from '../../src/simulate/options.js';
import { planHome } from '../../src/simulate/plan-home.js';
import { buildDemoHome, DEMO_ZONE, type DemoHome } from './demo-home.js';
import { launch, openPage, screenshot, serveDashboard, type Served, type WatchedPage } from './harness.js';

const TOKEN = 'dashboard-test-token-0123456789';
const AXE = createRequire(import.meta.url).resolve('axe-core');
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
  it('overview: the rhythm by area with the planted routines marked at their hours, the strongest routines, the last day, the planted unusual days as news', async () => {
    await open('#/', 'table.rhythm');
    const truth = planHome(resolveOptions({ days: 30, eventsPerDay: 1500, seed: 42, timeZone: DEMO_ZONE }));
    const areaOf = new Map(HOME.map((e) => [e.id, e.areaId]));
    /** Whether the cell of `area` at `hour` is ringed as a routine on the grid now shown. */
    const marked = async (area: string, hour: number) => (await page.locator(`table.rhythm tr[data-area="${area}"] td[data-hour="${hour}"]`).getAttribute('data-routines')) !== null;
    // the planted weekday morning (06:30 in bedroom, hallway, bathroom, kitchen): marked on weekdays, not at weekends
    const morning = truth.expected.session.find((x) => x.routine === 'weekday_morning')!;
    const hour = Math.floor(morning.start_minute / 60);
    for (const area of morning.areas) assert.ok(await marked(area, hour), `${area} at ${hour}:00 on weekdays`);
    // the planted routines at fixed times, every day (irrigation early, the dishwasher late in the evening)
    const planted = truth.expected.time_based.filter((x) => x.source === 'planted' && x.days === 'all');
    assert.ok(planted.some((x) => x.minute_of_day >= 18 * 60), 'an evening routine is planted');
    for (const x of planted) assert.ok(await marked(areaOf.get(x.entity_id)!, Math.floor(x.minute_of_day / 60)), `${x.entity_id} at ${x.minute_of_day} min`);
    await page.locator('button[data-days="weekends"]').click();
    await page.locator('table.rhythm[data-days="weekends"]').waitFor();
    for (const area of morning.areas) assert.ok(!(await marked(area, hour)), `no weekday morning in ${area} at weekends`);
    for (const x of planted) assert.ok(await marked(areaOf.get(x.entity_id)!, Math.floor(x.minute_of_day / 60)), `${x.entity_id} at weekends too`);
    // the strongest routines in words, the morning first
    assert.match(await page.locator('ol.routines li').first().innerText(), /On weekdays around 06:3\d, the .*bedroom.* come alive/);
    // the planted unusual days, newest first, each with what is usual, no confidence bar
    const days = await page.locator('ol.news > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-day')));
    assert.deepEqual(days, [...days].sort().reverse(), 'newest first');
    for (const a of truth.expected.anomaly) {
      const story = page.locator(`ol.news li[data-kind="${a.kind}"]`, { hasText: HOME.find((e) => e.id === a.entity_id)!.name });
      assert.equal(await story.count(), 1, `${a.kind} of ${a.entity_id} on ${a.date}`);
      assert.match(await story.innerText(), /usually/i);
    }
    assert.equal(await page.locator('ol.news [role="meter"]').count(), 0);
    // the day against a usual one, and the health strip quiet (nothing needs the user)
    assert.match(await page.locator('.day-verdict').innerText(), /against about \d+/);
    assert.equal(await page.locator('[data-health="ok"]').count(), 1);
    await screenshot(page, 'overview');
  });

  it('system: services, the last run of each job, and storage per layer against retention', async () => {
    await open('#/jobs', '[data-layer="4"]');
    const text = await page.locator('main').innerText();
    assert.match(text, /No Home Assistant configured: what you see is what is already stored here/);
    for (const word of ['Storage', 'Data API', 'Dashboard', 'Daily job', 'Weekly job', 'Monthly job', 'Not run yet', 'home_assistant_events', 'pattern_aggregates_daily', 'of 90 days', 'forever']) assert.ok(text.includes(word), word);
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
    await page.locator('select[name="type"]:focus').waitFor({ timeout: 5_000 });
    // most useful first: the score never rises down the list
    const scores = (await page.locator('li.pattern[data-score]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-score')))));
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
    assert.equal(await page.locator('li.pattern').count(), 20, 'a page of 20');
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
      // the sentence in words; its numbers one click away
      assert.doesNotMatch(await page.locator('[data-view="pattern"] h2').innerText(), /%|lift|×|±|candidate/);
      assert.equal(await page.locator('details.numbers[open]').count(), 0);
      await page.locator('details.numbers summary').click();
      assert.match(await page.locator('details.numbers').innerText(), /confidence \(how often it held when it could have\)\s+\d+ %/);
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
    // a clock routine on no particular days (it would fire every day) comes after every one kept to its days
    const irregular = keys.map((k) => /^time:[^:]+:some:/.test(k!));
    assert.deepEqual(irregular, [...irregular].sort((a, b) => Number(a) - Number(b)), 'routines on no particular days last');
    for (const group of [false, true]) {
      const these = numbers.filter((_, i) => irregular[i] === group);
      assert.deepEqual(these, [...these].sort((a, b) => b - a), 'most manual actions a week first');
    }
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

  it('automations to fix: an automation undone by hand on most runs is listed with its evidence; an automated routine says by whom', async () => {
    const day = home.calendar.periodOf('day', Date.now());
    const hall = { entity_id: 'light.hallway', automation: 'automation.hallway_at_sunset', set: 'on' };
    await home.storage.aggregates.replace({ bucket: BUCKETS.daily, period: day.key, measurements: [OVERRIDE_DAILY.name], records: [{ measurement: OVERRIDE_DAILY.name, period: day.key, time: day.start, tags: hall, fields: { runs: 9, undone_seconds: '[60,60,90,120,200,230]' }, version: OVERRIDE_DAILY.version }] });
    home.storage.automations.replaceAll([{ entity_id: 'automation.hallway_at_sunset', automation_id: 'sunset1', alias: 'Hallway lights at sunset', state: 'on', config: null }], Date.now());
    await page.goto('about:blank'); // the last test left the view open: load it anew
    await open('#/suggestions', 'li.fix');
    assert.match((await page.locator('li.fix').first().textContent())!, /^'Hallway lights at sunset' switches .+ on, and it is switched off by hand within 4 min on 6 of its last 9 runs\.$/);
    await page.locator('li.fix').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'automations-to-fix');
    await page.locator('nav.tabs button', { hasText: /^Already automated/ }).click();
    const automated = page.locator('li.suggestion p.covered');
    if ((await automated.count()) > 0) assert.match((await automated.first().textContent())!, /^Already automated/);
    await home.storage.aggregates.replace({ bucket: BUCKETS.daily, period: day.key, measurements: [OVERRIDE_DAILY.name], records: [] });
    home.storage.automations.replaceAll([], Date.now());
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
    const runs = home.storage.runs.list({ limit: 100 }).length;
    assert.ok(runs > 20, `${runs} runs`);
    assert.equal(await page.locator('table.runs tbody tr').count(), 20, 'the newest 20 first');
    await page.locator('button.more').click();
    assert.equal(await page.locator('table.runs tbody tr').count(), Math.min(40, runs));
    await page.locator('input[name="token"]').fill(TOKEN);
    await page.locator('form.token button[type="submit"]').click();
    await page.locator('[data-run="daily"]').click();
    await page.locator('[data-result]', { hasText: /^daily \d{4}-\d{2}-\d{2}: success/ }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'jobs');
  });

  it('a skip link is the first thing Tab reaches, shows when focused, and takes focus to the content without changing the view', async () => {
    await page.goto('about:blank'); // a fresh load: a change of the hash alone would keep the last test's focus
    await open('#/patterns?type=time_based', 'li.pattern');
    await page.keyboard.press('Tab');
    const skip = page.locator('a.skip:focus');
    await skip.waitFor({ timeout: 5_000 });
    assert.equal(await skip.innerText(), 'Skip to the content');
    const box = (await skip.boundingBox())!;
    assert.ok(box.y >= 0 && box.height > 0, `on screen when focused: ${JSON.stringify(box)}`);
    await page.keyboard.press('Enter');
    await page.locator('main#main:focus').waitFor({ timeout: 5_000 });
    assert.match(page.url(), /#\/patterns\?type=time_based$/, 'the view and its filter stay');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate<boolean>('document.querySelector("main").contains(document.activeElement)'), true, 'the next Tab is inside the content');
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

/** The code each view loads (web/app/views/): its own module and what that imports, no other view's. */
const VIEW_CODE: Record<string, string[]> = { overview: ['overview.js'], patterns: ['patterns.js'], pattern: ['evidence.js', 'pattern.js'], entities: ['entity.js'], entity: ['entity.js'], suggestions: ['suggestions.js'], system: ['jobs.js', 'system.js'] };

describe('every view at desktop and phone size, light and dark', () => {
  const views = (): [string, string, string][] => [
    ['overview', '#/', 'table.rhythm td.routine'],
    ['patterns', '#/patterns', 'li.pattern'],
    ['pattern', `#/patterns/${firstOf('time_based').id}`, '[data-view="pattern"] .uplot canvas'],
    ['entities', '#/entities', 'table.entities tbody tr'],
    ['entity', '#/entities/light.kitchen_ceiling', 'table.heatmap tbody tr'],
    ['suggestions', '#/suggestions', 'li.suggestion'],
    ['system', '#/jobs', 'table.runs tbody tr'],
  ];
  for (const [width, height] of [[1400, 1000], [390, 844]] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      // (how fast each view is, and its bytes, is measured by `npm run bench -- --only dashboard`)
      it(`${width}×${height} ${scheme}: no sideways scroll, no serious axe violation, no console error, one /health, the chart library only where a chart is`, async () => {
        for (const [name, hash, ready] of views()) {
          // axe is injected as a script: this context alone lets it past the page's CSP
          const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme, timezoneId: 'America/New_York', bypassCSP: true });
          const p = await context.newPage();
          const errors: string[] = [];
          p.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
          p.on('pageerror', (e) => errors.push(e.message));
          const urls: string[] = [];
          p.on('request', (r) => void urls.push(r.url()));
          await p.goto(`${served.url}/${hash}`);
          await p.locator(ready).first().waitFor({ timeout: 15_000 });
          await p.waitForLoadState('networkidle');
          // what opens on request (attributes, the numbers behind a sentence, YAML) must fit too
          await p.locator('details').evaluateAll((ds) => ds.forEach((d) => d.setAttribute('open', '')));
          const [scrollWidth, clientWidth] = await p.evaluate<[number, number]>('[document.documentElement.scrollWidth, document.documentElement.clientWidth]');
          assert.ok(scrollWidth <= clientWidth, `${name}: ${scrollWidth} px wide in a ${clientWidth} px window`);
          await p.addScriptTag({ path: AXE });
          const violations = await p.evaluate<{ id: string; impact: string; nodes: { target: string[] }[] }[]>('axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) })))');
          const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          assert.deepEqual(serious.map((v) => `${v.id} ${JSON.stringify(v.nodes.map((n) => n.target))}`), [], `${name}: axe`);
          assert.deepEqual(errors, [], `${name}: console`);
          assert.deepEqual(urls.filter((u) => !u.startsWith(`${served.url}/`)), [], `${name}: requests leaving the machine`);
          const paths = urls.map((u) => new URL(u).pathname);
          assert.equal(paths.filter((u) => u === '/health').length, 1, `${name}: one /health call`);
          assert.equal(paths.some((u) => u.startsWith('/vendor/uplot')), name === 'pattern', `${name}: the chart library only where a chart is`);
          // each view's code only on that view
          const viewCode = paths.filter((u) => u.startsWith('/app/views/')).map((u) => u.slice('/app/views/'.length)).sort();
          assert.deepEqual(viewCode, VIEW_CODE[name], `${name}: the view's own code only`);
          if (scheme === 'dark' || width === 390 || name === 'overview') await screenshot(p, `${name}-${width}-${scheme}`);
          await context.close();
        }
      });
    }
  }
});
