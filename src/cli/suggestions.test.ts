import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { HaRest } from '../ha/rest.js';
import { SqliteStorage } from '../storage/sqlite/index.js';
import { NOW, seed } from '../testing/api.js';
import { tempDirs } from '../testing/temp.js';
import { Calendar } from '../time/calendar.js';
import { answerSuggestion, automatedLabel, createSuggestion, printSuggestions } from './suggestions.js';

const tempDir = tempDirs('cli-suggestions');
const calendar = new Calendar('Europe/Berlin');
const KEY = 'time:light.living_room:all:1830';

it('lists, answers, and creates in HA only after showing it and a yes', async () => {
  const storage = new SqliteStorage(tempDir());
  await seed(storage);
  const listed = await printSuggestions(storage, calendar, { show: 'new', limit: 10, json: false, now: NOW });
  assert.match(listed, /^Living room: on at 18:30 every day\n {4}saves ~6.3\/week · .*\n {4}key: time:light.living_room:all:1830\n\(1 new, 0 already automated, 0 accepted, 0 dismissed, 0 snoozed;/);
  assert.equal(JSON.parse(await printSuggestions(storage, calendar, { show: 'all', limit: 10, json: true, now: NOW })).suggestions[0].key, KEY);
  await assert.rejects(answerSuggestion(storage, calendar, { key: KEY, answer: 'maybe', days: 7, now: NOW }), /answer accept, dismiss, snooze or undo/);
  await assert.rejects(answerSuggestion(storage, calendar, { key: 'time:light.x:all:0100', answer: 'accept', days: 7, now: NOW }), /no suggestion time:light.x/);
  assert.match(await answerSuggestion(storage, calendar, { key: KEY, answer: 'snooze', days: 2, now: NOW }), /: snoozed until 2026-11-27T10:00:00.000Z$/);
  assert.match(await printSuggestions(storage, calendar, { show: 'new', limit: 10, json: false, now: NOW }), /^no new suggestions \(0 new, 0 already automated, 0 accepted, 0 dismissed, 1 snoozed\)$/);
  assert.match(await printSuggestions(storage, calendar, { show: 'snoozed', limit: 10, json: false, now: NOW }), /\[snoozed until 2026-11-27\]/);

  const saved: string[] = [];
  const ha: HaRest = { saveAutomation: async (id) => void saved.push(id), states: async () => [], callService: async () => undefined };
  const printed: string[] = [];
  const ask = (answer: boolean) => async () => answer;
  await assert.rejects(createSuggestion(storage, calendar, { key: KEY, now: NOW, enabled: true, yes: false, ha: null, ask: ask(true), print: (t) => printed.push(t) }), /not configured/);
  assert.equal(await createSuggestion(storage, calendar, { key: KEY, now: NOW, enabled: true, yes: false, ha, ask: ask(false), print: (t) => printed.push(t) }), 'not created');
  assert.deepEqual(saved, []);
  assert.match(printed[0]!, /at: "18:30:00"[\s\S]*switches: light.living_room\nid in Home Assistant: homerhythm_[0-9a-f]{12}; enabled after creating$/);
  assert.match(await createSuggestion(storage, calendar, { key: KEY, now: NOW, enabled: true, yes: true, ha, ask: ask(false), print: () => {} }), /^created homerhythm_[0-9a-f]{12}, enabled$/);
  assert.equal(saved.length, 1, '--yes: no question, still printed');
  await assert.rejects(createSuggestion(storage, calendar, { key: 'time:light.x:all:0100', now: NOW, enabled: true, yes: true, ha, ask: ask(true), print: () => {} }), /no suggestion/);
  await storage.close();
});

it('says who already automates a routine, and how much of it its runs made', () => {
  const causes = { person: 0.08, automation: 0.916, system: 0.004 };
  const by = (how: 'configuration' | 'changes') => ({ entity_id: 'automation.lamp', automation_id: '9', alias: 'Lamp at dusk', state: 'on', by: how });
  assert.equal(automatedLabel({ causes, covered_by: by('changes') }), " [already automated by 'Lamp at dusk' (automation.lamp), 92 % of its changes]");
  assert.equal(automatedLabel({ causes, covered_by: by('configuration') }), " [already automated by 'Lamp at dusk' (automation.lamp)]", 'its configuration does it: no share to tell');
  assert.equal(automatedLabel({ causes, covered_by: null }), ' [already automated, 92 % of its changes]');
  assert.equal(automatedLabel({ causes: null, covered_by: by('configuration') }), " [already automated by 'Lamp at dusk' (automation.lamp)]");
});

it('lists an automated suggestion with who does it', async () => {
  const storage = new SqliteStorage(tempDir());
  await seed(storage);
  storage.automations.replaceAll([{ entity_id: 'automation.evening', automation_id: '17', alias: 'Evening lamp', state: 'on', config: { triggers: [{ trigger: 'time', at: '18:35:00' }], actions: [{ action: 'light.turn_on', target: { entity_id: 'light.living_room' } }] } }], NOW);
  const listed = await printSuggestions(storage, calendar, { show: 'automated', limit: 10, json: false, now: NOW });
  assert.match(listed, /^Living room: on at 18:30 every day \[already automated by 'Evening lamp' \(automation.evening\)\]\n/);
  assert.match(listed, /\(0 new, 1 already automated,/);
  await storage.close();
});
