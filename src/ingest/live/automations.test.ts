import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Command } from '../../ha/types.js';
import type { HaAutomationRow, HaAutomationStore } from '../../storage/types.js';
import { AutomationMirror, isAutomationAddedOrRemoved, readAutomations } from './automations.js';

class MemoryStore implements HaAutomationStore {
  rows: HaAutomationRow[] = [];
  at: number | null = null;
  replaceAll(rows: readonly HaAutomationRow[], time: number): void {
    this.rows = [...rows];
    this.at = time;
  }
  list(): HaAutomationRow[] {
    return this.rows;
  }
  readAt(): number | null {
    return this.at;
  }
}

const states = [
  { entity_id: 'automation.a', state: 'on', attributes: { id: 17, friendly_name: 'A' } },
  { entity_id: 'light.x', state: 'on', attributes: {} },
  { entity_id: 'automation.b', state: 7, attributes: {} },
  { entity_id: 5 },
];

function ha(answers: { states?: unknown; configs?: Record<string, unknown>; fail?: boolean }) {
  const asked: Command[] = [];
  const command = async <T>(m: Command): Promise<T> => {
    asked.push(m);
    if (answers.fail === true) throw new Error('socket closed');
    if (m.type === 'get_states') return answers.states as T;
    const config = answers.configs?.[String(m['entity_id'])];
    if (config === undefined) throw new Error('not_found');
    return config as T;
  };
  return { command, asked };
}

describe('reading HA automations', () => {
  it('lists automation.* states with their configuration; the alias from the config, else the name, else the id', async () => {
    const { command, asked } = ha({ states, configs: { 'automation.a': { config: { alias: 'From config', triggers: [] } }, 'automation.b': { config: 'nonsense' } } });
    assert.deepEqual(await readAutomations(command), [
      { entity_id: 'automation.a', automation_id: '17', alias: 'From config', state: 'on', config: { alias: 'From config', triggers: [] } },
      { entity_id: 'automation.b', automation_id: null, alias: 'automation.b', state: 'unknown', config: null },
    ]);
    assert.deepEqual(asked.map((m) => [m.type, m['entity_id']]), [['get_states', undefined], ['automation/config', 'automation.a'], ['automation/config', 'automation.b']]);
    assert.deepEqual(await readAutomations(ha({ states: null }).command), [], 'no list: none');
    const named = await readAutomations(ha({ states: [states[0]], configs: {} }).command);
    assert.deepEqual([named[0]!.alias, named[0]!.config], ['A', null], 'no config: the friendly name');
  });

  it('a failed read keeps the last copy and says so; one read at a time', async () => {
    const store = new MemoryStore();
    const errors: unknown[] = [];
    let fail = false;
    let reads = 0;
    const good = ha({ states, configs: {} }).command;
    const mirror = new AutomationMirror(store, async <T>(m: Command): Promise<T> => {
      if (m.type === 'get_states') reads++;
      if (fail) throw new Error('socket closed');
      return good<T>(m);
    }, (e) => errors.push(e), () => 42);
    await Promise.all([mirror.refresh(), mirror.refresh()]);
    assert.equal(reads, 1, 'the second call waits for the first');
    assert.deepEqual([store.rows.length, store.at, errors], [2, 42, []]);
    fail = true;
    await mirror.refresh();
    assert.equal(store.rows.length, 2);
    assert.match(String(errors[0]), /socket closed/);
    fail = false;
    await mirror.refresh();
    assert.equal(reads, 3, 'a new read after the last finished');
  });

  it('a state_changed of an automation that appears or goes changes the set; other changes do not', () => {
    const ev = (entity_id: unknown, old_state: unknown, new_state: unknown) => ({ data: { entity_id, old_state, new_state } });
    assert.equal(isAutomationAddedOrRemoved(ev('automation.a', null, {})), true);
    assert.equal(isAutomationAddedOrRemoved(ev('automation.a', {}, null)), true);
    assert.equal(isAutomationAddedOrRemoved(ev('automation.a', {}, {})), false, 'turned on or off, or triggered');
    assert.equal(isAutomationAddedOrRemoved(ev('light.a', null, {})), false);
    assert.equal(isAutomationAddedOrRemoved(ev(7, null, {})), false);
    assert.equal(isAutomationAddedOrRemoved(null), false);
  });
});
