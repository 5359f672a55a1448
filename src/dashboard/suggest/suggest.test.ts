import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { HOME } from '../../simulate/home.js';
import type { PatternRow } from '../../storage/types.js';
import { activationTrigger } from './automation.js';
import { checkAutomation, suggest, type Suggestion } from './index.js';

const ENTITIES = new Set(HOME.map((e) => e.id));
const home = { names: (id: string) => HOME.find((e) => e.id === id)?.name ?? id, exists: (id: string) => ENTITIES.has(id) };

function row(pattern_type: string, device_id: string, pattern_metadata: Record<string, unknown>, extra: Partial<PatternRow> = {}): PatternRow {
  const t = '2026-11-24T00:00:00.000Z';
  return { id: 7, pattern_type, device_id, pattern_metadata, confidence: 0.9, occurrences: 21, created_at: t, pattern_key: 'k', area_id: null, updated_at: t, last_seen: t, ...extra };
}

/** The YAML as Home Assistant reads it (YAML 1.1: unquoted on/off would be booleans) and as a YAML 1.2 editor does: the same automation, valid. */
function readBack(s: Suggestion, exists = home.exists): Record<string, unknown> {
  assert.ok(s.available, s.available ? '' : s.reason);
  const as11 = parse(s.yaml, { version: '1.1' }) as Record<string, unknown>;
  const as12 = parse(s.yaml) as Record<string, unknown>;
  assert.deepEqual(as11, as12);
  assert.deepEqual(as11, JSON.parse(JSON.stringify(s.automation)));
  assert.deepEqual(checkAutomation(as11, exists), []);
  for (const key of ['alias', 'description', 'mode', 'triggers', 'conditions', 'actions']) assert.ok(key in as11, key);
  assert.equal(as11['mode'], 'single');
  return as11;
}

const timeBased = row('time_based', 'light.kitchen_ceiling', { entity_id: 'light.kitchen_ceiling', name: 'Kitchen ceiling', typical_time: '06:46', typical_minute: 406.4, spread_minutes: 3.2, day_type: 'weekdays', weekday_mask: [1, 2, 3, 4, 5], mask_days_matched: 21, mask_days_observed: 21, days_matched: 21, days_observed: 30 });

describe('automation suggestions', () => {
  it('time_based: a time trigger at the typical minute, on the days of the pattern', () => {
    const a = readBack(suggest(timeBased, home));
    assert.deepEqual(a['triggers'], [{ trigger: 'time', at: '06:46:00' }]);
    assert.deepEqual(a['conditions'], [{ condition: 'time', weekday: ['mon', 'tue', 'wed', 'thu', 'fri'] }]);
    assert.deepEqual(a['actions'], [{ action: 'light.turn_on', target: { entity_id: 'light.kitchen_ceiling' } }]);
    assert.match(String(a['alias']), /Kitchen ceiling/);
    assert.match(String(a['description']), /21 of 21 days/);
  });

  it('time_based on no particular days: fires every day, and its title says it was done on about half of them', () => {
    const some = suggest(row('time_based', 'light.kitchen_ceiling', { ...timeBased.pattern_metadata, day_type: 'some', weekday_mask: [1, 2, 3, 4, 5, 6, 7], days_matched: 16, days_observed: 30, mask_days_matched: 16, mask_days_observed: 30 }), home);
    const a = readBack(some);
    assert.equal(a['alias'], 'Kitchen ceiling: on at 06:46 every day (you do this on about 4 of 7 days)');
    assert.deepEqual(a['conditions'], []);
    assert.match(String(a['description']), /^Kitchen ceiling turned on around 06:46 on 16 of 30 days \(±3 min\), on no particular weekdays\. This runs every day, though you did this on about 4 of 7 days: on the other days it switches Kitchen ceiling on when you would not have\./);
    assert.match(String(readBack(suggest(timeBased, home))['alias']), /on at 06:46 on weekdays$/);
  });

  it('time_based on particular weekdays: a weekday condition with those days, named in the title', () => {
    const mwf = readBack(suggest(row('time_based', 'light.kitchen_ceiling', { ...timeBased.pattern_metadata, day_type: 'days', weekday_mask: [5, 1, 3], mask_days_matched: 12, mask_days_observed: 13 }), home));
    assert.deepEqual(mwf['conditions'], [{ condition: 'time', weekday: ['mon', 'wed', 'fri'] }]);
    assert.equal(mwf['alias'], 'Kitchen ceiling: on at 06:46 on Mon, Wed and Fri');
    assert.match(String(mwf['description']), /around 06:46 on Mon, Wed and Fri on 12 of 13 days \(±3 min\)\. Suggested/);
    const weekends = readBack(suggest(row('time_based', 'light.kitchen_ceiling', { ...timeBased.pattern_metadata, day_type: 'weekends', weekday_mask: [6, 7] }), home));
    assert.deepEqual(weekends['conditions'], [{ condition: 'time', weekday: ['sat', 'sun'] }]);
    assert.match(String(weekends['alias']), /at weekends$/);
    const sunday = readBack(suggest(row('time_based', 'light.kitchen_ceiling', { ...timeBased.pattern_metadata, day_type: 'days', weekday_mask: [7] }), home));
    assert.match(String(sunday['alias']), / on Sun$/);
    const every = readBack(suggest(row('time_based', 'light.kitchen_ceiling', { ...timeBased.pattern_metadata, day_type: 'all', weekday_mask: [1, 2, 3, 4, 5, 6, 7] }), home));
    assert.deepEqual(every['conditions'], []);
    assert.match(String(every['alias']), /on at 06:46 every day$/);
  });

  it('time_based on weekdays in a home with a Workday sensor: kept to workdays by it, so not on public holidays', () => {
    const withSensor = { ...home, workday: 'binary_sensor.workday_sensor', exists: (id: string) => id === 'binary_sensor.workday_sensor' || home.exists(id) };
    const a = readBack(suggest(timeBased, withSensor), withSensor.exists);
    assert.deepEqual(a['conditions'], [{ condition: 'state', entity_id: 'binary_sensor.workday_sensor', state: 'on' }]);
    assert.match(String(a['alias']), /on at 06:46 on workdays$/);
    assert.match(String(a['description']), /binary_sensor\.workday_sensor is on: Monday to Friday, except the holidays HA's Workday integration knows\./);
    // some weekdays: their list, and the sensor
    const mwf = readBack(suggest(row('time_based', 'light.kitchen_ceiling', { ...timeBased.pattern_metadata, day_type: 'days', weekday_mask: [1, 3, 5], holidays_skipped: ['2026-10-14'] }), withSensor), withSensor.exists);
    assert.deepEqual(mwf['conditions'], [{ condition: 'time', weekday: ['mon', 'wed', 'fri'] }, { condition: 'state', entity_id: 'binary_sensor.workday_sensor', state: 'on' }]);
    assert.match(String(mwf['description']), /\(±3 min\)\. Only while binary_sensor\.workday_sensor is on: not on the holidays HA's Workday integration knows\. Suggested/);
    assert.match(String(mwf['alias']), /on Mon, Wed and Fri$/);
    // a day set with a weekend day: the list alone; a skipped holiday is said, without the Workday hint (the home has it)
    const weekend = readBack(suggest(row('time_based', 'light.kitchen_ceiling', { ...timeBased.pattern_metadata, day_type: 'days', weekday_mask: [5, 6], holidays_skipped: ['2026-10-16'] }), withSensor), withSensor.exists);
    assert.deepEqual(weekend['conditions'], [{ condition: 'time', weekday: ['fri', 'sat'] }]);
    assert.match(String(weekend['description']), /\. It would also run on holidays: you did not do this on the holiday 2026-10-16\. Suggested/);
  });

  it('time_based skipped on a holiday, in a home without a Workday sensor: a weekday list, and says it would run on holidays', () => {
    const skipped = (holidays: string[]) => String(readBack(suggest(row('time_based', 'light.kitchen_ceiling', { ...timeBased.pattern_metadata, holidays_skipped: holidays }), home))['description']);
    assert.match(skipped(['2026-10-14']), /\(±3 min\)\. It would also run on holidays: you did not do this on the holiday 2026-10-14\. With HA's Workday integration \(binary_sensor\.workday_sensor\) homerhythm keeps a weekday routine to workdays\. Suggested/);
    assert.match(skipped(['2026-10-14', '2026-11-02']), /you did not do this on holidays \(2026-10-14, 2026-11-02\)\./);
    assert.doesNotMatch(skipped([]), /holiday/);
    assert.deepEqual(readBack(suggest(row('time_based', 'light.kitchen_ceiling', { ...timeBased.pattern_metadata, holidays_skipped: ['2026-10-14'] }), home))['conditions'], [{ condition: 'time', weekday: ['mon', 'tue', 'wed', 'thu', 'fri'] }]);
  });

  it('time_based rows from before masks and day types still suggest, from the day type or the share of days', () => {
    const old = (m: Record<string, unknown>) => readBack(suggest(row('time_based', 'light.kitchen_ceiling', { entity_id: 'light.kitchen_ceiling', typical_time: '06:46', spread_minutes: 3, ...m }), home));
    assert.deepEqual(old({ day_type: 'weekdays', days_matched: 20, days_observed: 30 })['conditions'], [{ condition: 'time', weekday: ['mon', 'tue', 'wed', 'thu', 'fri'] }]);
    assert.deepEqual(old({ days_matched: 28, days_observed: 30 })['conditions'], []);
    assert.match(String(old({ days_matched: 28, days_observed: 30 })['alias']), /every day$/);
    assert.match(String(old({ days_matched: 16, days_observed: 30 })['alias']), /every day \(you do this on about 4 of 7 days\)$/);
    assert.match(String(old({})['alias']), /every day \(you do this on some days only\)$/);
    assert.match(String(old({ day_type: 'some', mask_days_matched: 16, mask_days_observed: 30 })['description']), /on 16 of 30 days \(±3 min\), on no particular weekdays/);
  });

  it('writes "on", "off" and times quoted, as HA (YAML 1.1) needs them', () => {
    const s = suggest(row('co_occurrence', 'light.kitchen_ceiling', { trigger: 'light.kitchen_ceiling', follower: 'switch.coffee_machine', window_minutes: 5, typical_lag_seconds: 40, confidence: 0.96, lift: 3 }), home);
    assert.ok(s.available);
    assert.match(s.yaml, /to: "on"/);
    const t = suggest(timeBased, home);
    assert.ok(t.available);
    assert.match(t.yaml, /at: "06:46:00"/);
  });

  it('co_occurrence: the trigger entity becoming active turns the follower on', () => {
    const a = readBack(suggest(row('co_occurrence', 'media_player.living_room_tv', { trigger: 'media_player.living_room_tv', follower: 'light.tv_backlight', window_minutes: 5, typical_lag_seconds: 12, confidence: 0.9, lift: 8 }), home));
    assert.deepEqual(a['triggers'], [{ trigger: 'state', entity_id: 'media_player.living_room_tv', to: 'playing' }]);
    assert.deepEqual(a['actions'], [{ action: 'light.turn_on', target: { entity_id: 'light.tv_backlight' } }]);
  });

  it("co_occurrence: the title says the trigger in its device's words when the home knows its class", () => {
    const pair = row('co_occurrence', 'binary_sensor.front_door', { trigger: 'binary_sensor.front_door', follower: 'light.entrance', window_minutes: 5, typical_lag_seconds: 30, confidence: 0.9, lift: 5 });
    const words = (id: string) => (id === 'binary_sensor.front_door' ? { name: 'Front door', deviceClass: 'door' } : undefined);
    const titled = (h: Parameters<typeof suggest>[1]) => String(readBack(suggest(pair, h))['alias']);
    assert.equal(titled({ ...home, words }), 'Entrance light: on when Front door opens');
    // without the daily job's record (an import without attributes), the domain's words
    assert.equal(titled(home), 'Entrance light: on when Front door turns on');
  });

  it('offers nothing where HA cannot switch the entity, or should not (locks), and says why', () => {
    const sensor = suggest(row('co_occurrence', 'lock.front_door', { trigger: 'lock.front_door', follower: 'binary_sensor.front_door', window_minutes: 5 }), home);
    assert.equal(sensor.available, false);
    assert.match(sensor.available ? '' : sensor.reason, /binary_sensor.*can read it but not switch/);
    const lock = suggest(row('time_based', 'lock.front_door', { ...timeBased.pattern_metadata, entity_id: 'lock.front_door' }), home);
    assert.match(lock.available ? '' : lock.reason, /does not suggest unlocking/);
    const duration = suggest(row('duration', 'light.kitchen_ceiling', {}), home);
    assert.match(duration.available ? '' : duration.reason, /suggest no automation/);
  });

  it('sequence: the first step triggers, the later switchable steps are turned on in order', () => {
    const a = readBack(suggest(row('sequence', 'light.bedroom_bedside', { steps: ['light.bedroom_bedside', 'binary_sensor.bedroom_window', 'media_player.bedroom_speaker', 'humidifier.bedroom'], step_minutes: 5 }), home));
    assert.deepEqual(a['triggers'], [{ trigger: 'state', entity_id: 'light.bedroom_bedside', to: 'on' }]);
    assert.deepEqual((a['actions'] as { action: string }[]).map((x) => x.action), ['media_player.turn_on', 'humidifier.turn_on']);
  });

  describe('contextual (Group C shape)', () => {
    const contextual = (context: Record<string, unknown>, entity = 'light.living_room_lamp', delay = 18, follows = true) =>
      row('contextual', entity, { entity_id: entity, context, lift: 3.4, share_in_context: 0.97, rate_in_context: 0.42, rate_outside: 0.12, activations_in_context: 120, exposure_hours_in_context: 290, after_change_minutes: { median: delay, spread: 4, n: 30 }, follows_change: follows });

    it('sun below the horizon: a sunset trigger, offset by the delay it learned', () => {
      const a = readBack(suggest(contextual({ kind: 'sun', value: 'below_horizon', source_entity_id: 'sun.sun' }), home));
      assert.deepEqual(a['triggers'], [{ trigger: 'sun', event: 'sunset', offset: '00:18:00' }]);
      assert.match(String(a['alias']), /on 18 min after sunset/);
      assert.match(String(a['description']), /3\.4× what that share of the time would give/);
    });

    it('nothing for an entity merely used at times of day that fall in the context (a clock routine)', () => {
      const s = suggest(contextual({ kind: 'sun', value: 'above_horizon', source_entity_id: 'sun.sun' }, 'light.living_room_lamp', 99, false), home);
      assert.equal(s.available, false);
      assert.match(s.available ? '' : s.reason, /time-of-day pattern is the better automation/);
    });

    it('an outdoor temperature band: a numeric_state trigger on the sensor, held for the learned delay', () => {
      const a = readBack(suggest(contextual({ kind: 'temperature', value: '0..5', source_entity_id: 'sensor.outdoor_temperature', band: { min: null, max: 5, unit: '°C' } }, 'switch.towel_warmer', 30), home));
      assert.deepEqual(a['triggers'], [{ trigger: 'numeric_state', entity_id: 'sensor.outdoor_temperature', below: 5, for: { minutes: 30 } }]);
      const mild = readBack(suggest(contextual({ kind: 'temperature', value: '10..15', source_entity_id: 'sensor.outdoor_temperature', band: { min: 10, max: 15, unit: '°C' } }), home));
      assert.deepEqual(mild['triggers'], [{ trigger: 'numeric_state', entity_id: 'sensor.outdoor_temperature', above: 10, below: 15, for: { minutes: 18 } }]);
      assert.match(String(mild['alias']), /on 18 min after it turns 10–15 °C outside$/);
      assert.match(String(a['alias']), /after it turns below 5 °C outside$/);
      assert.match(String(mild['description']), /when it is between 10 and 15 °C outside/);
    });

    it('presence away: a person leaving home (to any zone) triggers', () => {
      const a = readBack(suggest(contextual({ kind: 'presence', value: 'away', source_entity_id: 'person.anna' }, 'vacuum.robot', 15), home));
      assert.deepEqual(a['triggers'], [{ trigger: 'state', entity_id: 'person.anna', from: 'home', for: { minutes: 15 } }]);
      assert.deepEqual(a['actions'], [{ action: 'vacuum.start', target: { entity_id: 'vacuum.robot' } }]);
      assert.match(String(a['alias']), /on 15 min after the last person leaves/);
    });

    it('presence away in a household: any person leaving triggers, nobody home is the condition', () => {
      const a = readBack(suggest(contextual({ kind: 'presence', value: 'away', source_entity_id: 'person.anna', source_entity_ids: ['person.anna', 'person.ben'] }, 'vacuum.robot', 15), home));
      assert.deepEqual(a['triggers'], ['person.anna', 'person.ben'].map((id) => ({ trigger: 'state', entity_id: id, from: 'home', for: { minutes: 15 } })));
      assert.deepEqual(a['conditions'], [{ condition: 'not', conditions: ['person.anna', 'person.ben'].map((id) => ({ condition: 'state', entity_id: id, state: 'home' })) }]);
      const s = suggest(contextual({ kind: 'presence', value: 'away', source_entity_id: 'person.anna', source_entity_ids: ['person.anna', 'person.ben'] }, 'vacuum.robot', 15), home);
      assert.doesNotMatch(s.available ? s.yaml : '', /[&*]a\d/, 'no YAML anchors');
    });

    it('weather: a state trigger on every HA condition of the group', () => {
      const a = readBack(suggest(contextual({ kind: 'weather', value: 'rainy', source_entity_id: 'weather.home' }, 'switch.dehumidifier', 9), home));
      assert.deepEqual(a['triggers'], [{ trigger: 'state', entity_id: 'weather.home', to: ['rainy', 'pouring', 'lightning-rainy', 'hail'], for: { minutes: 9 } }]);
    });

    it('refuses a context it cannot trigger on, or an entity the home does not have', () => {
      const noSource = suggest(contextual({ kind: 'presence', value: 'away', source_entity_id: null }), home);
      assert.match(noSource.available ? '' : noSource.reason, /no person of the home/);
      const unknown = suggest(contextual({ kind: 'weather', value: 'rainy', source_entity_id: 'weather.elsewhere' }), home);
      assert.match(unknown.available ? '' : unknown.reason, /weather\.elsewhere does not exist/);
      const odd = suggest(contextual({ kind: 'moon', value: 'full' }), home);
      assert.equal(odd.available, false);
    });
  });

  it('keeps text from Home Assistant as text in the YAML (quotes, colons, markup)', () => {
    const names = (id: string) => (id === 'light.kitchen_ceiling' ? `Kitchen: "main" <script>alert(1)</script> # not a comment` : id);
    const s = suggest(timeBased, { names, exists: home.exists });
    assert.ok(s.available);
    const back = parse(s.yaml, { version: '1.1' }) as { alias: string };
    assert.equal(back.alias, `Kitchen: "main" <script>alert(1)</script> # not a comment: on at 06:46 on weekdays`);
  });
});

describe('the checks HA does not make (HA\'s own schema: test/real-ha/suggestions.test.ts)', () => {
  const good = { alias: 'x', description: '', mode: 'single', triggers: [{ trigger: 'time', at: '07:00:00' }], conditions: [], actions: [{ action: 'light.turn_on', target: { entity_id: 'light.kitchen_ceiling' } }] };
  it('accepts a valid automation', () => assert.deepEqual(checkAutomation(good, home.exists), []));
  it('finds the legacy keys, missing parts, unknown entities and a state trigger that fires on every change', () => {
    assert.match(checkAutomation({ ...good, trigger: [] }, home.exists).join(), /legacy key trigger/);
    assert.match(checkAutomation({ ...good, triggers: [{ platform: 'time', at: '07:00:00' }] }, home.exists).join(), /legacy key platform/);
    assert.match(checkAutomation({ ...good, actions: [{ service: 'light.turn_on', target: { entity_id: 'light.kitchen_ceiling' } }] }, home.exists).join(), /legacy key service/);
    assert.match(checkAutomation({ ...good, actions: [] }, home.exists).join(), /actions: needs at least one/);
    assert.match(checkAutomation({ ...good, triggers: undefined }, home.exists).join(), /triggers: needs at least one/);
    assert.match(checkAutomation({ ...good, alias: ' ' }, home.exists).join(), /alias: missing/);
    assert.match(checkAutomation({ ...good, actions: [{ action: 'light.turn_on', target: { entity_id: 'light.nowhere' } }] }, home.exists).join(), /actions\[0\]\.target: light.nowhere does not exist/);
    assert.match(checkAutomation({ ...good, conditions: [{ condition: 'not', conditions: [{ condition: 'state', entity_id: ['person.nobody'], state: 'home' }] }] }, home.exists).join(), /person.nobody does not exist/);
    assert.match(checkAutomation({ ...good, triggers: [{ trigger: 'state', entity_id: 'Kitchen Light' }] }, home.exists).join(), /"Kitchen Light" is not an entity id/);
    assert.match(checkAutomation({ ...good, triggers: [{ trigger: 'state', entity_id: 'light.kitchen_ceiling' }] }, home.exists).join(), /fires on every attribute change/);
    assert.deepEqual(checkAutomation([good], home.exists), ['not a mapping']);
    assert.deepEqual(checkAutomation(null, home.exists), ['not a mapping']);
    for (const key of ['condition', 'action', 'platform', 'service']) assert.match(checkAutomation({ ...good, [key]: [] }, home.exists).join(), new RegExp(`legacy key ${key}`));
    assert.match(checkAutomation({ ...good, alias: 7 }, home.exists).join(), /alias: missing/);
    assert.deepEqual(checkAutomation({ ...good, triggers: [null, 'time'] }, home.exists), ['triggers[0]: not a mapping', 'triggers[1]: not a mapping']);
    assert.deepEqual(checkAutomation({ ...good, actions: 'light.turn_on' }, home.exists), ['actions: needs at least one']);
    assert.deepEqual(checkAutomation({ ...good, triggers: 'time' }, home.exists), ['triggers: needs at least one']);
    // where a problem is, as a path from the top
    assert.deepEqual(checkAutomation({ ...good, triggers: [{ trigger: 'state', entity_id: 'light.nowhere', to: 'on' }] }, home.exists), ['triggers[0]: light.nowhere does not exist in this home']);
    // an entity id is all of the value, and text
    for (const id of ['x light.kitchen_ceiling', 'light.kitchen_ceiling x', 7]) assert.match(checkAutomation({ ...good, actions: [{ action: 'light.turn_on', target: { entity_id: id } }] }, home.exists).join(), /is not an entity id/);
  });
});

describe('a trigger on an entity becoming active', () => {
  it("waits for the state HA writes: a timer 'active' (not the sentence's 'running'), climate leaving 'off'", () => {
    assert.deepEqual(activationTrigger('timer.laundry'), { trigger: 'state', entity_id: 'timer.laundry', to: 'active' });
    assert.deepEqual(activationTrigger('lock.front_door'), { trigger: 'state', entity_id: 'lock.front_door', to: 'unlocked' });
    assert.deepEqual(activationTrigger('climate.living_room'), { trigger: 'state', entity_id: 'climate.living_room', from: 'off' });
  });
});
