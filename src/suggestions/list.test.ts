import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanDay } from '../detectors/activity.js';
import { CARRY_MEASUREMENT, carryRecord } from '../detectors/carry.js';
import { SqliteStorage } from '../storage/sqlite/index.js';
import { type AggregateBatch, BUCKETS, type FeedbackRow, type PatternUpsert } from '../storage/types.js';
import { NOW, seed } from '../testing/api.js';
import { at, HomeBuilder } from '../testing/home.js';
import { tempDirs } from '../testing/temp.js';
import { Calendar } from '../time/calendar.js';
import { identify, type Identity } from './identity.js';
import { allSuggestions, giveFeedback, listSuggestions, stateOf, UnknownSuggestionError } from './list.js';

const tempDir = tempDirs('suggestions');
const calendar = new Calendar('Europe/Berlin');
const DAY = 86_400_000;
const KEY = 'time:light.living_room:all:1830';
const DAY_BEFORE = '2026-11-24';

const routine = (minute: number) => identify({ id: 1, pattern_type: 'time_based', device_id: 'light.x', pattern_metadata: { typical_minute: minute, day_type: 'all' }, confidence: 1, occurrences: 1, created_at: '', pattern_key: '', area_id: null, updated_at: '', last_seen: '' })!;
const said = (minute: number, verdict: FeedbackRow['verdict'], at: number, until: number | null = null): FeedbackRow => {
  const id = routine(minute);
  return { key: id.key, routine: id.routine, minute, verdict, until, pattern_id: 1, at };
};

describe('feedback state', () => {
  it('the latest word on the same routine counts; a snooze ends; a time moved far is a new routine', () => {
    assert.deepEqual(stateOf(routine(420), [], NOW), { state: 'new', until: null });
    assert.deepEqual(stateOf(routine(425), [said(420, 'dismissed', 1)], NOW), { state: 'dismissed', until: null });
    assert.deepEqual(stateOf(routine(500), [said(420, 'dismissed', 1)], NOW), { state: 'new', until: null }, 'moved 80 min');
    assert.deepEqual(stateOf(routine(420), [said(420, 'dismissed', 1), said(421, 'accepted', 2)], NOW).state, 'accepted');
    assert.deepEqual(stateOf(routine(420), [said(421, 'accepted', 2), said(420, 'dismissed', 1)], NOW).state, 'accepted', 'by time said, not by order');
    assert.deepEqual(stateOf(routine(420), [said(420, 'snoozed', 1, NOW + 1)], NOW), { state: 'snoozed', until: NOW + 1 });
    assert.deepEqual(stateOf(routine(420), [said(420, 'snoozed', 1, NOW)], NOW), { state: 'new', until: null }, 'a snooze ends at its time');
    assert.deepEqual(stateOf(routine(420), [said(420, 'snoozed', 1, null)], NOW).state, 'new');
    const untimed = { ...said(420, 'dismissed', 1), minute: null };
    assert.equal(stateOf(routine(900), [untimed], NOW).state, 'dismissed', 'said of the routine without a time: holds at any time');
  });

  it('a dismissed clock routine stays dismissed when its days are read anew, not on days it never shared', () => {
    const on = (dayType: string, minute = 420, extra: Record<string, unknown> = {}) => identify({ id: 1, pattern_type: 'time_based', device_id: 'light.x', pattern_metadata: { typical_minute: minute, day_type: dayType, ...extra }, confidence: 1, occurrences: 1, created_at: '', pattern_key: '', area_id: null, updated_at: '', last_seen: '' })!;
    const dismissed = (id: Identity): FeedbackRow => ({ key: id.key, routine: id.routine, minute: id.minute ?? null, verdict: 'dismissed', until: null, pattern_id: 1, at: 1, ha_automation_id: null });
    assert.equal(stateOf(on('weekdays', 425), [dismissed(on('all'))], NOW).state, 'dismissed', 'every day, then on weekdays');
    assert.equal(stateOf(on('days', 420, { weekday_mask: [1, 3, 5] }), [dismissed(on('weekdays'))], NOW).state, 'dismissed', 'on weekdays, then on Mon, Wed and Fri');
    assert.equal(stateOf(on('all'), [dismissed(on('some'))], NOW).state, 'dismissed', 'on some days, then every day');
    assert.equal(stateOf(on('weekends'), [dismissed(on('weekdays'))], NOW).state, 'new', 'weekends were never dismissed');
    assert.equal(stateOf(on('weekends', 520), [dismissed(on('all'))], NOW).state, 'new', 'and a time moved far is another routine still');
  });
});

describe('suggestions with feedback in the store', () => {
  it('lists, folds and answers; the answer survives the patterns being written again and the store reopened', async () => {
    const dir = tempDir();
    let storage = new SqliteStorage(dir);
    await seed(storage);
    const all = await allSuggestions(storage, calendar, NOW);
    assert.deepEqual(all.suggestions.map((s) => [s.key, s.state]), [[KEY, 'new']], 'the co-occurrence names an entity the home does not have; the duration suggests nothing');
    assert.equal(all.suggestions[0]!.saves_per_week, 6.3, '27 of 30 days × 7');
    assert.match(all.suggestions[0]!.pattern.description, /light.living_room/);
    assert.match(all.suggestions[0]!.suggestion.yaml, /light.turn_on/);
    assert.match(all.suggestions[0]!.suggestion.automation.alias, /^Living room: on at 18:30/, "the home's own name for the entity");

    const answered = await giveFeedback(storage, calendar, NOW, KEY, 'snoozed', 3);
    assert.deepEqual([answered.state, answered.until], ['snoozed', new Date(NOW + 3 * DAY).toISOString()]);
    assert.deepEqual((await listSuggestions(storage, calendar, NOW)).suggestions, [], 'the new list leaves it out');
    assert.deepEqual((await listSuggestions(storage, calendar, NOW, 'snoozed')).counts, { new: 0, automated: 0, accepted: 0, dismissed: 0, snoozed: 1 });
    assert.equal((await listSuggestions(storage, calendar, NOW + 3 * DAY)).suggestions.length, 1, 'back when the snooze ends');

    const dismissed = await giveFeedback(storage, calendar, NOW, KEY, 'dismissed');
    assert.deepEqual([dismissed.state, dismissed.until], ['dismissed', null]);
    assert.equal((await listSuggestions(storage, calendar, NOW, 'dismissed')).suggestions[0]!.until, null);
    // The daily job writes the pattern again, a few minutes later; then the store is closed and reopened.
    const again: PatternUpsert = { patternType: 'time_based', deviceId: 'light.living_room', key: 'all@1110', areaId: 'living_room', metadata: { typical_time: '18:41', day_type: 'all', spread_minutes: 12, mask_days_matched: 27, mask_days_observed: 30 }, confidence: 0.9, occurrences: 27, lastSeen: NOW };
    await storage.commitJob({ runId: storage.runs.start('daily', '2026-11-25', NOW), status: 'success', counts: {}, finishedAt: NOW, aggregates: [], patterns: [again] });
    await storage.close();
    storage = new SqliteStorage(dir);
    const later = await listSuggestions(storage, calendar, NOW, 'all');
    assert.deepEqual(later.suggestions.map((s) => [s.key, s.state]), [['time:light.living_room:all:1841', 'dismissed']], 'drifted 11 min: still the dismissed routine');

    const other: FeedbackRow = { key: 'follows:light.a,light.b', routine: 'follows:light.a,light.b', minute: null, verdict: 'dismissed', until: null, pattern_id: null, at: NOW, ha_automation_id: null };
    storage.feedback.set(other);
    // said earlier: of the routine on weekdays at 18:35 (it applies: weekdays are days of "every day"), and of a 07:00 one (another routine)
    const weekdays: FeedbackRow = { key: 'time:light.living_room:weekdays:1835', routine: 'time:light.living_room:weekdays', minute: 1115, verdict: 'snoozed', until: NOW + DAY, pattern_id: null, at: NOW - DAY, ha_automation_id: null };
    const morning: FeedbackRow = { ...weekdays, key: 'time:light.living_room:all:0700', routine: 'time:light.living_room:all', minute: 420, verdict: 'dismissed', until: null };
    storage.feedback.set(weekdays);
    storage.feedback.set(morning);
    const moved = await giveFeedback(storage, calendar, NOW, 'time:light.living_room:all:1841', 'undo');
    assert.deepEqual([moved.state, moved.until], ['new', null]);
    assert.deepEqual(storage.feedback.list().map((f) => f.key).sort(), [other.key, morning.key].sort(), 'undo takes back everything said about the routine, on any of its days, and nothing else');
    storage.feedback.remove(other.key);
    storage.feedback.remove(morning.key);
    await giveFeedback(storage, calendar, NOW, 'time:light.living_room:all:1841', 'accepted');
    assert.deepEqual(storage.feedback.list().map((f) => [f.key, f.verdict, f.minute, f.until]), [['time:light.living_room:all:1841', 'accepted', 1121, null]]);
    await assert.rejects(giveFeedback(storage, calendar, NOW, 'time:light.nothing:all:0700', 'dismissed'), UnknownSuggestionError);
    await storage.close();
  });

  it("a routine on weekdays is kept to workdays by the home's Workday sensor, which the daily job keeps though it is no one's activity", async () => {
    const storage = new SqliteStorage(tempDir());
    await seed(storage);
    const onWeekdays: PatternUpsert = { patternType: 'time_based', deviceId: 'light.living_room', key: 'all@1110', areaId: 'living_room', metadata: { typical_time: '18:30', day_type: 'weekdays', weekday_mask: [1, 2, 3, 4, 5], spread_minutes: 12, mask_days_matched: 20, mask_days_observed: 21 }, confidence: 0.9, occurrences: 20, lastSeen: NOW };
    const commit = (aggregates: AggregateBatch[]) => storage.commitJob({ runId: storage.runs.start('daily', DAY_BEFORE, NOW), status: 'success', counts: {}, finishedAt: NOW, aggregates, patterns: [onWeekdays] });
    const conditions = async () => (await allSuggestions(storage, calendar, NOW)).suggestions.find((s) => s.key.startsWith('time:light.living_room:weekdays'))!.suggestion.automation.conditions;
    await commit([]);
    assert.deepEqual(await conditions(), [{ condition: 'time', weekday: ['mon', 'tue', 'wed', 'thu', 'fri'] }], 'no Workday sensor: the weekday list');

    // the day's scan: HA's Workday sensor turns on at midnight, a lamp at 18:30
    const day = calendar.day(DAY_BEFORE);
    const events = new HomeBuilder().set('binary_sensor.workday_sensor', at(DAY_BEFORE, '00:00'), 'on', { friendly_name: 'Workday Sensor' }).pulse('light.living_room', at(DAY_BEFORE, '18:30'), 600).build();
    const activity = scanDay({ day, calendar, events, lookbackStart: day.start - 3_600_000, carried: new Map() });
    assert.deepEqual(activity.activations.map((a) => a.entityId), ['light.living_room'], "the calendar's change is no one's activity");
    assert.equal(activity.activeAtEnd.has('binary_sensor.workday_sensor'), false, 'nor is it ever on for too long');
    assert.equal(activity.carryOut.get('binary_sensor.workday_sensor')?.state, 'on', 'but its state is kept');
    await commit([{ bucket: BUCKETS.daily, period: DAY_BEFORE, measurements: [CARRY_MEASUREMENT], records: [carryRecord(activity)] }]);
    assert.deepEqual(await conditions(), [{ condition: 'state', entity_id: 'binary_sensor.workday_sensor', state: 'on' }], 'the Workday sensor, which knows the public holidays');
    await storage.close();
  });

  it("one that Home Assistant already does is 'automated', naming the automation, whatever was said of it", async () => {
    const storage = new SqliteStorage(tempDir());
    await seed(storage);
    await giveFeedback(storage, calendar, NOW, KEY, 'dismissed');
    const existing = { entity_id: 'automation.evening', automation_id: '17', alias: 'Evening lamp', state: 'on', config: { triggers: [{ trigger: 'time', at: '18:45:00' }], actions: [{ action: 'light.turn_on', target: { entity_id: 'light.living_room' } }] } };
    storage.automations.replaceAll([existing], NOW);
    const listed = await listSuggestions(storage, calendar, NOW, 'automated');
    assert.deepEqual(listed.suggestions.map((s) => [s.key, s.state, s.covered_by]), [[KEY, 'automated', { entity_id: 'automation.evening', automation_id: '17', alias: 'Evening lamp', state: 'on', by: 'configuration' }]]);
    assert.deepEqual(listed.counts, { new: 0, automated: 1, accepted: 0, dismissed: 0, snoozed: 0 });
    assert.equal((await giveFeedback(storage, calendar, NOW, KEY, 'accepted')).state, 'automated');
    storage.automations.replaceAll([{ ...existing, config: { ...existing.config, triggers: [{ trigger: 'time', at: '20:00:00' }] } }], NOW);
    assert.deepEqual((await allSuggestions(storage, calendar, NOW)).suggestions.map((s) => [s.state, s.covered_by]), [['accepted', null]], 'another time: not covered');
    assert.equal(storage.automations.readAt(), NOW);
    await storage.close();
  });

  it("a routine an automation's runs made (≥ 80 % of its changes) is 'automated', named when the run was seen; by hand or unknown cause it is suggested", async () => {
    const storage = new SqliteStorage(tempDir());
    await seed(storage);
    const [row] = storage.patterns.list({ patternType: 'time_based' });
    const withCauses = async (shares: Record<string, number>, automations: { entity_id: string; activations: number }[] = []) => {
      const { id: _id, pattern_type, device_id, pattern_key, area_id, pattern_metadata, confidence, occurrences } = row!;
      const causes = { person: 0, automation: 0, system: 0, shares, automations };
      await storage.commitJob({ runId: storage.runs.start('daily', '2026-11-25', NOW), status: 'success', counts: {}, finishedAt: NOW, aggregates: [], patterns: [{ patternType: pattern_type, deviceId: device_id, key: pattern_key, areaId: area_id, metadata: { ...pattern_metadata, causes }, confidence, occurrences, lastSeen: NOW }] });
      return (await allSuggestions(storage, calendar, NOW)).suggestions.map((s) => [s.state, s.covered_by, s.causes]);
    };
    storage.automations.replaceAll([{ entity_id: 'automation.lamp', automation_id: '9', alias: 'Lamp at dusk', state: 'on', config: null }], NOW);
    const auto = { person: 0.2, automation: 0.8, system: 0 };
    assert.deepEqual(await withCauses(auto, [{ entity_id: 'automation.lamp', activations: 20 }, { entity_id: 'automation.other', activations: 1 }]), [['automated', { entity_id: 'automation.lamp', automation_id: '9', alias: 'Lamp at dusk', state: 'on', by: 'changes' }, auto]]);
    assert.deepEqual(await withCauses(auto, [{ entity_id: 'automation.gone', activations: 20 }]), [['automated', { entity_id: 'automation.gone', automation_id: null, alias: 'automation.gone', state: 'unknown', by: 'changes' }, auto]], 'not in the mirror: its entity id');
    assert.deepEqual(await withCauses(auto), [['automated', null, auto]], 'no run seen: automated, by an automation not named');
    const byHand = { person: 0.21, automation: 0.79, system: 0 };
    assert.deepEqual(await withCauses(byHand, [{ entity_id: 'automation.lamp', activations: 20 }]), [['new', null, byHand]]);
    const unknown = { person: 0, automation: 0.1, system: 0.9 };
    assert.deepEqual(await withCauses(unknown), [['new', null, unknown]], 'no known cause (an import): suggested');
    assert.equal((await listSuggestions(storage, calendar, NOW, 'new', 50, 0.05)).suggestions.length, 0, 'the share is a setting');
    assert.deepEqual(await withCauses({ person: 1 }), [['new', null, null]], 'a malformed share is no cause');
    await storage.close();
  });

  it('keeps at most `limit` and shows a state on request', async () => {
    const storage = new SqliteStorage(tempDir());
    await seed(storage);
    assert.equal((await listSuggestions(storage, calendar, NOW, 'new', 0)).suggestions.length, 0);
    assert.equal((await listSuggestions(storage, calendar, NOW, 'all', 5)).suggestions.length, 1);
    assert.equal((await listSuggestions(storage, calendar, NOW, 'dismissed')).suggestions.length, 0);
    await storage.close();
  });
});
