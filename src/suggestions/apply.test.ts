import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { HaRest } from '../ha/rest.js';
import { SqliteStorage } from '../storage/sqlite/index.js';
import { NOW, seed } from '../testing/api.js';
import { tempDirs } from '../testing/temp.js';
import { Calendar } from '../time/calendar.js';
import { automationIdOf, ConfirmationError, createAutomation, createInHa, NotListedError, review } from './apply.js';
import { allSuggestions, UnknownSuggestionError } from './list.js';

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

it('the review shows the YAML, what it switches and listens to, and the id the creation must confirm', async () => {
  const storage = new SqliteStorage(tempDir());
  await seed(storage);
  const shown = await review(storage, calendar, NOW, KEY);
  assert.equal(shown.key, KEY);
  assert.match(shown.automation_id, /^homerhythm_[0-9a-f]{12}$/);
  assert.equal(shown.automation_id, automationIdOf(KEY));
  assert.equal(shown.alias, (await allSuggestions(storage, calendar, NOW)).suggestions[0]!.suggestion.automation.alias);
  assert.match(shown.yaml, /light\.living_room/);
  assert.deepEqual(shown.touches, ['light.living_room']);
  assert.deepEqual(shown.listens_to, [], 'a clock listens to no entity');
  assert.equal(shown.state, 'new');
  await assert.rejects(review(storage, calendar, NOW, 'time:light.nothing:all:0700'), (e: unknown) => e instanceof UnknownSuggestionError && /^no suggestion time:light\.nothing:all:0700 \(list them with `homerhythm suggestions --show all`\)$/.test(e.message));
  await storage.close();
});

it('creates what was reviewed only when its id confirms it, enabled or turned off, and finds it among automations only', async () => {
  const storage = new SqliteStorage(tempDir());
  await seed(storage);
  const id = automationIdOf(KEY);
  const saved: Array<[string, Record<string, unknown>]> = [];
  const calls: unknown[] = [];
  const ha: HaRest = {
    saveAutomation: async (savedId, config) => void saved.push([savedId, config]),
    // a script with the same id comes first: only an automation is the one made
    states: async () => [{ entity_id: 'script.same_id', state: 'off', attributes: { id } }, { entity_id: 'automation.living_room', state: 'on', attributes: { id } }],
    callService: async (...args) => void calls.push(args),
  };
  await assert.rejects(createInHa(storage, calendar, NOW, KEY, ha, { confirm: 'homerhythm_000000000000', enabled: true }), (e: unknown) => e instanceof ConfirmationError && e.message === `not confirmed: review the automation first (its id is ${id}) and send that id as the confirmation`);
  assert.deepEqual(saved, [], 'nothing without the confirmation');
  const on = await createInHa(storage, calendar, NOW, KEY, ha, { confirm: id, enabled: true });
  assert.deepEqual(on, { automation_id: id, entity_id: 'automation.living_room', enabled: true });
  assert.deepEqual(calls, [], 'enabled: nothing to turn off');
  const automation = (await allSuggestions(storage, calendar, NOW)).suggestions[0]!.suggestion.automation;
  assert.deepEqual(saved[0], [id, { id, ...automation }], 'the reviewed automation, under its id');
  const off = await createInHa(storage, calendar, NOW, KEY, ha, { confirm: id, enabled: false });
  assert.deepEqual(off, { automation_id: id, entity_id: 'automation.living_room', enabled: false });
  assert.deepEqual(calls, [['automation', 'turn_off', { entity_id: 'automation.living_room' }]]);
  assert.deepEqual(storage.feedback.list().map((f) => [f.verdict, f.ha_automation_id]), [['accepted', id]]);
  await storage.close();
});

it('waits for HA to list a new automation, a quarter second at a time', async () => {
  let looks = 0;
  const ha: HaRest = {
    saveAutomation: async () => undefined,
    states: async () => (++looks < 3 ? [] : [{ entity_id: 'automation.late', state: 'on', attributes: { id: 'homerhythm_x' } }]),
    callService: async () => undefined,
  };
  const started = Date.now();
  const made = await createAutomation(ha, 'homerhythm_x', { alias: 'x', description: '', mode: 'single', triggers: [], conditions: [], actions: [] }, { enabled: true, waitMs: 5_000 });
  assert.equal(made.entity_id, 'automation.late');
  assert.equal(looks, 3);
  assert.ok(Date.now() - started >= 450, 'it slept between looks');
});
