/**
 * HA's own automations mirrored into Layer 4 by the live ingestion, against the HA double: read on
 * connect (state and configuration; one HA cannot describe is kept without it), read again after
 * `automation_reloaded` and when one is created or deleted. (A failed read keeps the last copy:
 * src/ingest/live/automations.test.ts.)
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { sampleHome } from '../ha-double/home.js';
import { HaDouble, waitFor } from '../ha-double/server.js';
import { startInProcess, tempDataDir, testConfig } from './harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const porch = { id: '1700000000001', alias: 'Porch light at sunset', triggers: [{ trigger: 'sun', event: 'sunset' }], actions: [{ action: 'light.turn_on', target: { entity_id: 'light.lamp_0' } }] };

describe("HA's automations in Layer 4", () => {
  it('are read on connect, again after a reload and when one is created; an automation without a config is kept without it', async () => {
    const home = sampleHome({ lights: 2, sensors: 1 });
    const double = await HaDouble.start({ home });
    double.home.setState('automation.porch', 'on', { id: porch.id, friendly_name: 'Porch light at sunset' });
    double.home.automationConfigs.set('automation.porch', porch);
    double.home.setState('automation.yaml_only', 'off', { friendly_name: 'Old YAML one' }); // no id: automation/config answers not_found
    const data = tempDataDir('automations');
    const svc = await startInProcess(testConfig({ HA_URL: double.url, HA_TOKEN: double.token, HOMERHYTHM_DATA_DIR: data.dir }));
    cleanups.push(() => double.stop(), () => data.remove(), () => svc.stop());
    await svc.start();
    await waitFor(() => svc.storage.automations.list().length === 2, 'both automations read');
    assert.deepEqual(svc.storage.automations.list(), [
      { entity_id: 'automation.porch', automation_id: porch.id, alias: 'Porch light at sunset', state: 'on', config: porch },
      { entity_id: 'automation.yaml_only', automation_id: null, alias: 'Old YAML one', state: 'off', config: null },
    ]);

    // Edited in HA's automation editor: saved, then HA reloads and fires automation_reloaded.
    const edited = { ...porch, alias: 'Porch and hall at sunset', actions: [...porch.actions, { action: 'light.turn_on', target: { entity_id: 'light.lamp_1' } }] };
    double.home.automationConfigs.set('automation.porch', edited);
    double.home.fire('automation_reloaded', {});
    await waitFor(() => svc.storage.automations.list()[0]?.alias === 'Porch and hall at sunset', 'read again after the reload');
    assert.deepEqual(svc.storage.automations.list()[0]!.config, edited);

    // A new automation appears as a new automation.* state.
    double.home.automationConfigs.set('automation.fan', { id: '2', alias: 'Fan', triggers: [], actions: [] });
    double.home.setState('automation.fan', 'on', { id: '2', friendly_name: 'Fan' });
    await waitFor(() => svc.storage.automations.list().length === 3, 'the new one read');

    // Deleted in HA: the state goes, and the copy follows.
    double.home.automationConfigs.delete('automation.fan');
    double.home.states.delete('automation.fan');
    double.home.fire('automation_reloaded', {});
    await waitFor(() => svc.storage.automations.list().length === 2, 'the deleted one gone');
  });
});
