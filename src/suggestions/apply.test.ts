import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { HaRest } from '../ha/rest.js';
import { SqliteStorage } from '../storage/sqlite/index.js';
import { NOW, seed } from '../testing/api.js';
import { tempDirs } from '../testing/temp.js';
import { Calendar } from '../time/calendar.js';
import { automationIdOf, createInHa, NotListedError } from './apply.js';
import { UnknownSuggestionError } from './list.js';

const tempDir = tempDirs('apply');
const calendar = new Calendar('Europe/Berlin');
const KEY = 'time:light.living_room:all:1830';

it('asked for disabled but never listed by HA: says to turn it off by hand, and keeps the link; an unknown key creates nothing', async () => {
  const storage = new SqliteStorage(tempDir());
  await seed(storage);
  const saved: string[] = [];
  let looks = 0;
  const ha: HaRest = {
    saveAutomation: async (id) => void saved.push(id),
    states: async () => {
      looks++;
      return [{ entity_id: 'automation.other', state: 'on', attributes: { id: 'other' } }];
    },
    callService: async () => assert.fail('nothing to turn off'),
  };
  const id = automationIdOf(KEY);
  assert.equal(id, automationIdOf(KEY), 'the same suggestion, the same id: creating again updates it');
  assert.notEqual(id, automationIdOf('time:light.living_room:all:1831'));
  await assert.rejects(createInHa(storage, calendar, NOW, KEY, ha, { confirm: id, enabled: false, waitMs: 600 }), (e: unknown) => e instanceof NotListedError && /did not list it within 1 s.*turn it off in Home Assistant/.test(e.message));
  assert.ok(looks >= 2, `looked ${looks} times`);
  assert.deepEqual(saved, [id]);
  assert.deepEqual(storage.feedback.list().map((f) => f.ha_automation_id), [id]);
  await assert.rejects(createInHa(storage, calendar, NOW, 'time:light.nothing:all:0700', ha, { confirm: id, enabled: true }), UnknownSuggestionError);
  assert.equal(saved.length, 1);
  await storage.close();
});
