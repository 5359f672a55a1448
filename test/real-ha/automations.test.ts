/**
 * Issue 15 against a real Home Assistant: the ingestion service's copy of HA's own automations
 * (the `automation.*` states and each one's `automation/config`), the coverage check that marks a
 * suggestion HA already does, and "create in Home Assistant": our suggested automation written
 * through HA's automation config endpoint, turned off when asked, listed under its id, and the
 * same id updating rather than duplicating it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { suggest, type Suggestion } from '../../src/dashboard/suggest/index.js';
import { haRest } from '../../src/ha/rest.js';
import type { PatternRow } from '../../src/storage/types.js';
import { automationIdOf, createAutomation } from '../../src/suggestions/apply.js';
import { coveringAutomation } from '../../src/suggestions/coverage.js';
import { AUTOMATED, AUTOMATION_TRIGGER, HALL_AUTOMATION } from '../../src/testing/real-ha/config.js';
import { HomeAssistant } from '../../src/testing/real-ha/home-assistant.js';
import { optedOut } from '../../src/testing/real-ha/install.js';
import { waitFor } from '../../src/testing/wait.js';
import { startInProcess, tempDataDir, testConfig } from '../ingest/harness.js';

const T = '2026-11-24T00:00:00.000Z';
const row = (id: number, pattern_type: string, device_id: string, pattern_metadata: Record<string, unknown>): PatternRow => ({ id, pattern_type, device_id, pattern_metadata, confidence: 0.9, occurrences: 21, created_at: T, pattern_key: 'k', area_id: null, updated_at: T, last_seen: T });
const FOLLOWS = row(1, 'co_occurrence', AUTOMATION_TRIGGER, { trigger: AUTOMATION_TRIGGER, follower: AUTOMATED, window_minutes: 5, typical_lag_seconds: 2, confidence: 0.95, lift: 9 });
const CLOCK = row(2, 'time_based', 'input_boolean.kitchen_light', { entity_id: 'input_boolean.kitchen_light', typical_time: '06:46', typical_minute: 406, spread_minutes: 3, day_type: 'weekdays', weekday_mask: [1, 2, 3, 4, 5], mask_days_matched: 20, mask_days_observed: 21, days_matched: 20, days_observed: 30 });

describe("HA's own automations and creating ours, in a real Home Assistant", { skip: optedOut() ? 'HOMERHYTHM_SKIP_REAL_HA=1' : false }, () => {
  let ha: HomeAssistant;
  let svc: Awaited<ReturnType<typeof startInProcess>>;
  const data = tempDataDir('real-ha-automations');
  const suggested = new Map<string, Suggestion & { available: true }>();

  before(async () => {
    ha = await HomeAssistant.create();
    svc = await startInProcess(testConfig({ HA_URL: ha.url, HA_TOKEN: ha.token, HOMERHYTHM_DATA_DIR: data.dir }));
    await svc.start();
    const states = await haRest(ha.url, ha.token).states();
    const names = new Map(states.map((s) => [s.entity_id, String(s.attributes['friendly_name'] ?? s.entity_id)]));
    const home = { names: (id: string) => names.get(id) ?? id, exists: (id: string) => names.has(id) };
    for (const p of [FOLLOWS, CLOCK]) {
      const s = suggest(p, home);
      assert.ok(s.available, s.available ? '' : s.reason);
      suggested.set(p.pattern_type, s);
    }
  });
  after(async () => {
    await svc?.stop();
    await ha?.stop();
    data.remove();
  });

  it("mirrors HA's automations with their configuration; the hall automation covers the suggestion that does the same", { timeout: 120_000 }, async () => {
    await waitFor(() => svc.storage.automations.list().some((a) => a.automation_id === HALL_AUTOMATION.id), "HA's automations read", 60_000, 200);
    const hall = svc.storage.automations.list().find((a) => a.automation_id === HALL_AUTOMATION.id)!;
    assert.equal(hall.alias, HALL_AUTOMATION.alias);
    assert.equal(hall.state, 'on');
    assert.ok(hall.entity_id.startsWith('automation.'), hall.entity_id);
    assert.deepEqual(hall.config?.['triggers'], HALL_AUTOMATION.triggers, 'the configuration as HA keeps it');
    assert.equal(coveringAutomation(suggested.get('co_occurrence')!.automation, svc.storage.automations.list())?.entity_id, hall.entity_id);
    assert.equal(coveringAutomation(suggested.get('time_based')!.automation, svc.storage.automations.list()), null);
  });

  it('creates our suggestion in HA, turned off as asked; the copy follows the reload; creating again updates it', { timeout: 120_000 }, async () => {
    const rest = haRest(ha.url, ha.token);
    const clock = suggested.get('time_based')!;
    const id = automationIdOf('time:input_boolean.kitchen_light:weekdays:0646');
    const created = await createAutomation(rest, id, clock.automation, { enabled: false });
    assert.ok(created.entity_id?.startsWith('automation.'), JSON.stringify(created));
    assert.equal((await rest.states()).find((s) => s.entity_id === created.entity_id)?.state, 'off', 'turned off, as asked');
    await waitFor(() => svc.storage.automations.list().some((a) => a.automation_id === id), 'the new automation in the copy (automation_reloaded)', 30_000, 200);
    const mine = svc.storage.automations.list().find((a) => a.automation_id === id)!;
    assert.equal(mine.alias, clock.automation.alias);
    assert.equal(coveringAutomation(clock.automation, svc.storage.automations.list())?.automation_id, id, 'now HA does it: covered');

    const again = await createAutomation(rest, id, { ...clock.automation, description: 'updated' }, { enabled: true });
    assert.equal(again.entity_id, created.entity_id);
    assert.equal((await rest.states()).filter((s) => s.entity_id.startsWith('automation.') && s.attributes['id'] === id).length, 1, 'one automation, updated');
    await waitFor(() => svc.storage.automations.list().find((a) => a.automation_id === id)?.config?.['description'] === 'updated', 'the update in the copy', 30_000, 200);
  });
});
