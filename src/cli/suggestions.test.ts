import assert from 'node:assert/strict';
import { it } from 'node:test';
import { HaRestError, type HaRest } from '../ha/rest.js';
import { OVERRIDE_DAILY } from '../detectors/overrides.js';
import { BUCKETS, type AggregateRecord } from '../storage/types.js';
import { automationIdOf } from '../suggestions/apply.js';
import { UsageError } from './context.js';
import { SqliteStorage } from '../storage/sqlite/index.js';
import { NOW, seed } from '../testing/api.js';
import { tempDirs } from '../testing/temp.js';
import { Calendar } from '../time/calendar.js';
import { answerSuggestion, automatedLabel, createSuggestion, printFixes, printSuggestions, showOption } from './suggestions.js';

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

it('--show takes only what it lists', () => {
  for (const show of ['new', 'all', 'automated', 'accepted', 'dismissed', 'snoozed'] as const) assert.equal(showOption(show), show);
  assert.throws(() => showOption('old'), (e: unknown) => e instanceof UsageError && e.message === '--show old: one of new, all, automated, accepted, dismissed, snoozed');
});

it('lists each suggestion on its lines, with what it folds in and what the user said', async () => {
  const storage = new SqliteStorage(tempDir());
  await seed(storage);
  // a second routine, at 07:00 in the kitchen, that folds nothing
  const runId = storage.runs.start('daily', '2026-11-24', NOW - 20_000);
  await storage.commitJob({
    runId, status: 'success', counts: {}, finishedAt: NOW - 10_000, aggregates: [],
    patterns: [{ patternType: 'time_based', deviceId: 'light.kitchen_ceiling', key: 'all@420', areaId: 'kitchen', metadata: { typical_time: '07:00', day_type: 'all', spread_minutes: 5 }, confidence: 0.7, occurrences: 20, lastSeen: NOW - 86_400_000 }],
  });
  const listed = await printSuggestions(storage, calendar, { show: 'new', limit: 10, json: false, now: NOW });
  const lines = listed.split('\n');
  assert.equal(lines.length, 7, listed);
  assert.match(lines[3]!, /^Kitchen: on at 07:00 every day$/);
  assert.match(lines[4]!, /^ {4}light\.kitchen_ceiling turns on around 07:00/, 'no count of days: no "saves"');
  assert.equal(lines[5], '    key: time:light.kitchen_ceiling:all:0700');
  assert.match(lines[6]!, /^\(2 new, /);
  assert.equal(await answerSuggestion(storage, calendar, { key: KEY, answer: 'dismiss', days: 7, now: NOW }), 'Living room: on at 18:30 every day: dismissed');
  assert.match(await printSuggestions(storage, calendar, { show: 'dismissed', limit: 10, json: false, now: NOW }), /^Living room: on at 18:30 every day \[dismissed\]\n/);
  assert.equal(await answerSuggestion(storage, calendar, { key: KEY, answer: 'undo', days: 7, now: NOW }), 'Living room: on at 18:30 every day: new');
  assert.equal(await answerSuggestion(storage, calendar, { key: KEY, answer: 'accept', days: 7, now: NOW }), 'Living room: on at 18:30 every day: accepted');
  await answerSuggestion(storage, calendar, { key: 'time:light.kitchen_ceiling:all:0700', answer: 'accept', days: 7, now: NOW });
  assert.match(await printSuggestions(storage, calendar, { show: 'all', limit: 10, json: false, now: NOW }), /\[accepted\]/);
  assert.match(await printSuggestions(storage, calendar, { show: 'new', limit: 10, json: false, now: NOW }), /^no new suggestions \(0 new, 0 already automated, 2 accepted,/);
  assert.match(await printSuggestions(storage, calendar, { show: 'snoozed', limit: 10, json: false, now: NOW }), /^no snoozed suggestions/);
  await storage.close();
});

it('prints the automations to fix, one sentence each, named when HA’s automation is known', async () => {
  const storage = new SqliteStorage(tempDir());
  await seed(storage);
  assert.equal(await printFixes(storage, calendar, { json: false, now: NOW }), 'no automation is undone by hand on most of its recent runs');
  assert.deepEqual(JSON.parse(await printFixes(storage, calendar, { json: true, now: NOW })), { fixes: [] });
  const rec = (tags: Record<string, string>, runs: number, undone: number[]): AggregateRecord => ({ measurement: OVERRIDE_DAILY.name, period: '2026-11-24', time: calendar.day('2026-11-24').start, tags, fields: { runs, undone_seconds: JSON.stringify(undone) }, version: 1 });
  await storage.aggregates.replace({ bucket: BUCKETS.daily, period: '2026-11-24', measurements: [OVERRIDE_DAILY.name], records: [rec({ entity_id: 'light.hall', automation: 'automation.hall', set: 'on' }, 5, [60, 60, 60, 60]), rec({ entity_id: 'switch.fan', set: 'off' }, 4, [30, 30, 30, 30])] });
  const printed = (await printFixes(storage, calendar, { json: false, now: NOW })).split('\n');
  assert.deepEqual(printed, [
    'An automation switches switch.fan off, and it is switched on by hand within 1 min on 4 of its last 4 runs',
    "'automation.hall' switches light.hall on, and it is switched off by hand within 1 min on 4 of its last 5 runs (automation.hall)",
  ]);
  assert.equal(JSON.parse(await printFixes(storage, calendar, { json: true, now: NOW })).fixes.length, 2);
  await storage.close();
});

it('creating: asks the question, says turned off, and turns HA’s refusals into a usage error', async () => {
  const storage = new SqliteStorage(tempDir());
  await seed(storage);
  const printed: string[] = [];
  const asked: string[] = [];
  const ha = (save: HaRest['saveAutomation']): HaRest => ({ saveAutomation: save, states: async () => [{ entity_id: 'automation.made', state: 'on', attributes: { id: automationIdOf(KEY) } }], callService: async () => undefined });
  const ok = ha(async () => undefined);
  assert.equal(await createSuggestion(storage, calendar, { key: KEY, now: NOW, enabled: false, yes: false, ha: ok, ask: async (q) => (asked.push(q), true), print: (t) => printed.push(t) }), 'created automation.made, turned off');
  assert.deepEqual(asked, ['Create this automation in Home Assistant? [y/N] ']);
  assert.match(printed[0]!, /\n {6}entity_id: light\.living_room\n\nswitches: light\.living_room\nid in Home Assistant: homerhythm_[0-9a-f]{12}; turned off after creating$/);
  assert.doesNotMatch(printed[0]!, /^\s/, 'the YAML from its first line');
  const refused = ha(async () => {
    throw new HaRestError(401, 'Home Assistant refused: 401 Unauthorized');
  });
  await assert.rejects(createSuggestion(storage, calendar, { key: KEY, now: NOW, enabled: true, yes: true, ha: refused, ask: async () => true, print: () => {} }), (e: unknown) => e instanceof UsageError && e.message === 'Home Assistant refused: 401 Unauthorized');
  const broken = ha(async () => {
    throw new TypeError('a bug');
  });
  await assert.rejects(createSuggestion(storage, calendar, { key: KEY, now: NOW, enabled: true, yes: true, ha: broken, ask: async () => true, print: () => {} }), TypeError);
  await assert.rejects(createSuggestion(storage, calendar, { key: 'time:light.x:all:0100', now: NOW, enabled: true, yes: true, ha: ok, ask: async () => true, print: () => {} }), (e: unknown) => e instanceof UsageError && /^no suggestion time:light\.x:all:0100/.test(e.message));
  await storage.close();
});
