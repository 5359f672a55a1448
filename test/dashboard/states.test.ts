/**
 * The dashboard's other states in Chromium: an empty home (no job run yet, no patterns), a
 * degraded component with its message, the data-api down, and text from Home Assistant that
 * looks like HTML (shown literally, never run).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../src/dashboard/index.js';
import { detectorSettingsOf, configSchema } from '../../src/config.js';
import { runDailyJob } from '../../src/jobs/daily.js';
import { HealthRegistry } from '../../src/service.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { Calendar } from '../../src/time/calendar.js';
import { HomeBuilder } from '../../src/testing/home.js';
import { launch, openPage, screenshot, serveDashboard } from './harness.js';

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=2</script>';
/** Chrome logs every HTTP error answer of a fetch; these are the ones a state is made of. */
const expected = (errors: string[], status: number) => errors.filter((e) => !e.includes(`Failed to load resource: the server responded with a status of ${status}`));

let browser: Browser;
const dirs: string[] = [];
const stores: SqliteStorage[] = [];

function store(): SqliteStorage {
  const dir = mkdtempSync(join(tmpdir(), 'homerhythm-dashboard-states-'));
  dirs.push(dir);
  const s = new SqliteStorage(dir);
  s.home.set({ timeZone: 'Europe/Berlin' });
  stores.push(s);
  return s;
}

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
  for (const s of stores) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('dashboard states in Chromium', () => {
  it('an empty home says what to do: no job run yet, no patterns, no suggestions; a degraded component shows its message', async () => {
    const health = new HealthRegistry();
    health.register('jobs', () => ({ status: 'degraded', message: 'last job error: disk full — free some space, then run `npx homerhythm run daily`', details: { next_run: null, running: null } }));
    const served = await serveDashboard(store(), { health });
    const { page, errors } = await openPage(browser);
    try {
      await page.goto(`${served.url}/#/`);
      // the overview's strip turns red and says what needs the user; the home has no day yet
      await page.locator('[data-health="needs-you"]').waitFor();
      assert.match(await page.locator('[data-health]').innerText(), /Needs you:\s*the scheduler is degraded: last job error: disk full — free some space/);
      await page.getByText('No day has been summarized yet').waitFor();
      await screenshot(page, 'state-empty-overview');
      await page.goto(`${served.url}/#/jobs`);
      await page.locator('[data-component="jobs"]').waitFor();
      const system = await page.locator('main').innerText();
      assert.match(system, /last job error: disk full — free some space/);
      assert.match(system, /Degraded/);
      assert.match(system, /No Home Assistant configured/);
      await page.locator('.note.empty').waitFor();
      assert.match(await page.locator('main').innerText(), /No job has run yet\.[\s\S]*runs every night at 03:00/);
      assert.match(await page.locator('main').innerText(), /No API token is configured/);
      assert.equal(await page.locator('[data-run="daily"]').isDisabled(), true);
      await screenshot(page, 'state-empty-jobs');
      await page.goto(`${served.url}/#/patterns`);
      await page.locator('.note.empty').waitFor();
      assert.match(await page.locator('main').innerText(), /No patterns yet/);
      await page.goto(`${served.url}/#/suggestions`);
      await page.locator('.note.empty').waitFor();
      assert.match(await page.locator('main').innerText(), /No new suggestions/);
      assert.deepEqual(errors, []);
    } finally {
      await page.context().close();
      await served.stop();
    }
  });

  it('the data-api down: a banner and each view say it is not reachable and how to start it', async () => {
    const served = await serveDashboard(store(), { withApi: false });
    const { page, errors } = await openPage(browser);
    try {
      const res = await page.goto(`${served.url}/#/`);
      assert.equal(res?.headers()['content-security-policy'], CONTENT_SECURITY_POLICY);
      await page.locator('[data-banner="api-down"]').waitFor();
      // the banner says why and how to start it; the overview's strip and the system page's cards say it too
      await page.locator('[data-health="needs-you"]', { hasText: 'the data-api is not reachable' }).waitFor();
      const text = await page.locator('body').innerText();
      assert.match(text, /The data-api is not reachable/);
      assert.match(text, /npx homerhythm serve/);
      await screenshot(page, 'state-api-down');
      await page.goto(`${served.url}/#/jobs`);
      await page.getByText('Cannot load the health of the services').waitFor();
      assert.match(await page.locator('main').innerText(), /Cannot load the health of the services: the data-api is not reachable/);
      assert.deepEqual(expected(errors, 502), []);
    } finally {
      await page.context().close();
      await served.stop();
    }
  });

  it('shows names, states and attributes from Home Assistant as text, never as HTML', async () => {
    const storage = store();
    const calendar = new Calendar('Europe/Berlin');
    const yesterday = calendar.shift(calendar.periodOf('day', Date.now()), -1);
    const attributes = { friendly_name: IMG, note: SCRIPT };
    const events = new HomeBuilder().area('light.evil', 'kitchen');
    for (const h of [8, 12, 19]) events.set('light.evil', yesterday.start + h * 3_600_000, 'on', attributes).set('light.evil', yesterday.start + h * 3_600_000 + 600_000, 'off', attributes);
    await storage.events.append(events.build());
    await runDailyJob(storage, calendar, yesterday.key, detectorSettingsOf(configSchema.parse({})));
    const served = await serveDashboard(storage);
    const { page, errors } = await openPage(browser);
    try {
      await page.goto(`${served.url}/#/entities`);
      await page.locator('table.entities').waitFor();
      assert.match(await page.locator('table.entities').innerText(), /<img src=x onerror="window.__xss=1">/);
      await page.goto(`${served.url}/#/entities/light.evil`);
      await page.locator('table.events').waitFor();
      // attributes only when asked for
      assert.equal(await page.locator('details.attrs[open]').count(), 0);
      await page.locator('details.attrs summary').first().click();
      const text = await page.locator('[data-view="entity"]').innerText();
      assert.ok(text.includes(IMG), 'the friendly name, literally');
      assert.ok(text.includes(SCRIPT), 'the attribute, literally');
      assert.equal(await page.locator('main img').count(), 0);
      assert.equal(await page.locator('main script').count(), 0);
      assert.equal(await page.evaluate<unknown>('window.__xss'), undefined);
      await screenshot(page, 'state-html-in-names');
      assert.deepEqual(errors, []);
    } finally {
      await page.context().close();
      await served.stop();
    }
  });
});
