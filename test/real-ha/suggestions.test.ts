/**
 * The automations homerhythm suggests, in a real Home Assistant: for a pattern of every kind it
 * suggests for (clock time, follows-another, sequence, sun, presence, temperature, weather), on
 * this HA's own entities, the suggested YAML goes into automations.yaml, passes HA's own
 * `hass --script check_config`, and after `automation.reload` is an automation entity that is
 * on. The follows-another and sequence ones fire: the first entity switched through HA, the
 * suggested action happens in HA within seconds.
 *
 * A sequence with its first step's clock time folded in (one automation: a time trigger and the
 * state trigger, a choose by trigger id) passes check_config and reloads too.
 *
 * Clock times keep their days: weekdays, particular weekdays, every day but one, a Workday sensor
 * (HA's Workday integration is set up through the UI only, so the harness has none: its entity id
 * is taken as the home's, and HA reads the condition without it), and a routine on no particular
 * days; all pass check_config, and run with their conditions (`automation.trigger` with
 * `skip_condition: false`) the one kept to today acts and the one kept to the other days does not.
 *
 * The patterns are written as the detectors write them (the shapes of src/detectors), not
 * detected here: what is under test is the step from a pattern to an automation HA runs.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { suggest, suggestJoined, type Suggestion } from '../../src/dashboard/suggest/index.js';
import type { PatternRow } from '../../src/storage/types.js';
import { HALL_AUTOMATION, HOME_LOCATION, PERSON, WEATHER } from '../../src/testing/real-ha/config.js';
import { HomeAssistant } from '../../src/testing/real-ha/home-assistant.js';
import { HASS, optedOut } from '../../src/testing/real-ha/install.js';
import type { HaSocket } from '../../src/testing/real-ha/socket.js';
import { waitFor } from '../../src/testing/wait.js';

const T = '2026-11-24T00:00:00.000Z';
let nextId = 1;
function pattern(pattern_type: string, device_id: string, pattern_metadata: Record<string, unknown>): PatternRow {
  return { id: nextId++, pattern_type, device_id, pattern_metadata, confidence: 0.9, occurrences: 21, created_at: T, pattern_key: `k${nextId}`, area_id: null, updated_at: T, last_seen: T };
}
const clockOn = (entity: string, dayType: string, mask: readonly number[], extra: Record<string, unknown> = {}) =>
  pattern('time_based', entity, { entity_id: entity, typical_time: '05:01', typical_minute: 301, spread_minutes: 3, day_type: dayType, weekday_mask: mask, mask_days_matched: 12, mask_days_observed: 13, days_matched: 12, days_observed: 30, ...extra });
/** Today's ISO weekday (1 = Monday) in the harness's time zone. */
const TODAY = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: HOME_LOCATION.time_zone }).format(new Date())) + 1;
const OTHER_DAYS = [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== TODAY);
const WORKDAY = 'binary_sensor.workday_sensor';

const contextual = (entity: string, context: Record<string, unknown>, delay: number) =>
  pattern('contextual', entity, { entity_id: entity, context, lift: 3.4, share_in_context: 0.97, rate_in_context: 0.42, rate_outside: 0.12, activations_in_context: 120, exposure_hours_in_context: 290, after_change_minutes: { median: delay, spread: 4, n: 30 }, follows_change: true });

/** One pattern of each kind homerhythm suggests for, on the test home's entities. */
const PATTERNS = {
  clock: pattern('time_based', 'input_boolean.kitchen_light', { entity_id: 'input_boolean.kitchen_light', typical_time: '06:46', typical_minute: 406.4, spread_minutes: 3.2, day_type: 'weekdays', weekday_mask: [1, 2, 3, 4, 5], mask_days_matched: 21, mask_days_observed: 21, days_matched: 21, days_observed: 30 }),
  follows: pattern('co_occurrence', 'input_boolean.tv', { trigger: 'input_boolean.tv', follower: 'input_boolean.living_room_lamp', window_minutes: 5, typical_lag_seconds: 40, confidence: 0.96, lift: 3 }),
  sequence: pattern('sequence', 'input_boolean.bedroom_light', { steps: ['input_boolean.bedroom_light', 'binary_sensor.someone_cooking', 'input_boolean.desk_lamp', 'input_boolean.bathroom_fan'], step_minutes: 5 }),
  sun: contextual('input_boolean.living_room_lamp', { kind: 'sun', value: 'below_horizon', source_entity_id: 'sun.sun' }, 18),
  presence: contextual('input_boolean.coffee_machine', { kind: 'presence', value: 'away', source_entity_id: PERSON, source_entity_ids: [PERSON, 'person.owner'] }, 15),
  temperature: contextual('input_boolean.bathroom_fan', { kind: 'temperature', value: '10..15', source_entity_id: 'sensor.outdoor_temperature', band: { min: 10, max: 15, unit: '°C' } }, 30),
  weather: contextual('input_boolean.desk_lamp', { kind: 'weather', value: 'rainy', source_entity_id: WEATHER }, 9),
  'clock on Mon, Wed and Fri': clockOn('input_boolean.desk_lamp', 'days', [1, 3, 5]),
  'clock today': clockOn('input_boolean.kitchen_light', 'days', [TODAY]),
  'clock on the other days': clockOn('input_boolean.coffee_machine', 'days', OTHER_DAYS),
  'clock at weekends': clockOn('input_boolean.bathroom_fan', 'weekends', [6, 7]),
  'clock on no particular days': clockOn('input_boolean.bathroom_fan', 'some', [1, 2, 3, 4, 5, 6, 7], { days_matched: 16, mask_days_matched: 16, mask_days_observed: 30 }),
} as const;

async function checkConfig(dir: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(HASS, ['--script', 'check_config', '--config', dir], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' } });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

describe('suggested automations in a real Home Assistant', { skip: optedOut() ? 'HOMERHYTHM_SKIP_REAL_HA=1' : false }, () => {
  let ha: HomeAssistant;
  let socket: HaSocket;
  const suggestions = new Map<string, Suggestion & { available: true }>();

  before(async () => {
    ha = await HomeAssistant.create();
    socket = await ha.socket();
    const states = await socket.command<{ entity_id: string; attributes: { friendly_name?: string } }[]>({ type: 'get_states' });
    const names = new Map(states.map((s) => [s.entity_id, s.attributes.friendly_name ?? s.entity_id]));
    const home = { names: (id: string) => names.get(id) ?? id, exists: (id: string) => names.has(id) };
    for (const [kind, p] of Object.entries(PATTERNS)) {
      const s = suggest(p, home);
      assert.ok(s.available, `${kind}: ${s.available ? '' : s.reason}`);
      suggestions.set(kind, s);
    }
    // the sequence with its first step's clock time folded in (suggestions/fold.ts): one automation,
    // a time trigger and the state trigger named, a choose by trigger id
    const clock = suggest(pattern('time_based', 'input_boolean.bedroom_light', { entity_id: 'input_boolean.bedroom_light', typical_time: '06:30', typical_minute: 389.6, spread_minutes: 2.3, day_type: 'weekdays', weekday_mask: [1, 2, 3, 4, 5], mask_days_matched: 17, mask_days_observed: 21, days_matched: 17, days_observed: 30 }), home);
    assert.ok(clock.available, clock.available ? '' : clock.reason);
    const joined = suggestJoined(suggestions.get('sequence')!, [clock], home);
    assert.ok(joined.available, joined.available ? '' : joined.reason);
    assert.deepEqual(joined.automation.triggers.map((t) => t.trigger), ['time', 'state']);
    suggestions.set('sequence at its clock time', joined);
    // with a Workday sensor: Monday to Friday is its state
    const workdays = suggest(clockOn('input_boolean.bedroom_light', 'weekdays', [1, 2, 3, 4, 5]), { ...home, workday: WORKDAY, exists: (id) => id === WORKDAY || home.exists(id) });
    assert.ok(workdays.available, workdays.available ? '' : workdays.reason);
    assert.deepEqual(workdays.automation.conditions, [{ condition: 'state', entity_id: WORKDAY, state: 'on' }]);
    suggestions.set('clock on workdays', workdays);
    const someWorkdays = suggest(clockOn('input_boolean.living_room_lamp', 'days', [1, 3, 5]), { ...home, workday: WORKDAY, exists: (id) => id === WORKDAY || home.exists(id) });
    assert.ok(someWorkdays.available);
    assert.equal(someWorkdays.automation.conditions.length, 2, 'the weekday list and the Workday sensor');
    suggestions.set('clock on Mon, Wed and Fri while a workday', someWorkdays);
    // a pair joined with clock times on different days: each kept to its own in the choose
    const weekend = suggest(clockOn('input_boolean.tv', 'weekends', [6, 7], { typical_minute: 545 }), home);
    assert.ok(weekend.available);
    const both = suggestJoined(suggestions.get('follows')!, [suggestions.get('clock on Mon, Wed and Fri')!, weekend], home);
    assert.ok(both.available, both.available ? '' : both.reason);
    suggestions.set('pair at clock times on two day sets', both);
  });

  after(async () => {
    socket?.close();
    await ha?.stop();
  });

  it('HA\'s check_config accepts every suggestion, and finds a broken one', { timeout: 120_000 }, async () => {
    // the suggestions as a person pastes them: YAML list items after the existing automation
    const file = join(ha.dir, 'automations.yaml');
    const existing = readFileSync(file, 'utf8');
    const pasted = [...suggestions.values()].map((s) => `- ${s.yaml.trimEnd().replace(/\n/g, '\n  ')}\n`).join('');
    writeFileSync(file, `${toYamlList(existing)}${pasted}`);
    assert.equal((parse(readFileSync(file, 'utf8'), { version: '1.1' }) as unknown[]).length, 1 + suggestions.size);

    // check_config exits 0 even when an automation is refused: HA logs the automation's error
    // and disables it, so the log is read too
    const refused = /Invalid config|Failed config|^ERROR:|^WARNING:homeassistant\.components\.automation/im;
    const good = await checkConfig(ha.dir);
    assert.equal(good.code, 0, good.output);
    assert.doesNotMatch(good.output, refused, good.output);

    // the check has teeth: a wrong trigger is found (and the file put back)
    const broken = readFileSync(file, 'utf8');
    writeFileSync(file, broken.replace('trigger: time', 'trigger: clock'));
    const bad = await checkConfig(ha.dir);
    writeFileSync(file, broken);
    assert.match(bad.output, refused, 'a broken automation is refused');
    assert.match(bad.output, /Invalid trigger 'clock'/);
  });

  it('after automation.reload each suggestion is an automation that is on', { timeout: 60_000 }, async () => {
    await socket.callService('automation', 'reload', {});
    const want = [...suggestions.values()].map((s) => s.automation.alias);
    await waitFor(async () => {
      const states = await socket.command<{ entity_id: string; state: string; attributes: { friendly_name?: string } }[]>({ type: 'get_states' });
      const automations = states.filter((s) => s.entity_id.startsWith('automation.'));
      return want.every((alias) => automations.some((a) => a.attributes.friendly_name === alias && a.state === 'on'));
    }, `every suggestion as an automation that is on: ${want.join(' | ')}`, 30_000, 200);
    const states = await socket.command<{ entity_id: string; state: string }[]>({ type: 'get_states' });
    assert.equal(states.filter((s) => s.entity_id.startsWith('automation.')).length, 1 + suggestions.size);
  });

  const stateOf = async (id: string) => (await ha.rest<{ state: string }>('GET', `/api/states/${id}`)).state;

  it('follows-another fires: the TV on turns the living room lamp on', { timeout: 30_000 }, async () => {
    await socket.callService('input_boolean', 'turn_off', { entity_id: ['input_boolean.tv', 'input_boolean.living_room_lamp'] });
    assert.equal(await stateOf('input_boolean.living_room_lamp'), 'off');
    await socket.callService('input_boolean', 'turn_on', { entity_id: 'input_boolean.tv' });
    await waitFor(async () => (await stateOf('input_boolean.living_room_lamp')) === 'on', 'the living room lamp to follow the TV', 10_000, 100);
  });

  it('the sequence fires: the bedroom light on turns the later switchable steps on', { timeout: 30_000 }, async () => {
    const later = ['input_boolean.desk_lamp', 'input_boolean.bathroom_fan'];
    await socket.callService('input_boolean', 'turn_off', { entity_id: ['input_boolean.bedroom_light', ...later] });
    for (const id of later) assert.equal(await stateOf(id), 'off');
    await socket.callService('input_boolean', 'turn_on', { entity_id: 'input_boolean.bedroom_light' });
    await waitFor(async () => (await Promise.all(later.map(stateOf))).every((s) => s === 'on'), 'the sequence\'s later steps', 10_000, 100);
  });

  it('a clock suggestion acts on its days only: run with its conditions, the one kept to today switches, the one kept to the other days does not', { timeout: 30_000 }, async () => {
    const today = suggestions.get('clock today')!.automation;
    const others = suggestions.get('clock on the other days')!.automation;
    assert.deepEqual(today.conditions, [{ condition: 'time', weekday: [['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'][TODAY - 1]] }]);
    const states = await socket.command<{ entity_id: string; attributes: { friendly_name?: string } }[]>({ type: 'get_states' });
    const entityOf = (alias: string) => states.find((s) => s.entity_id.startsWith('automation.') && s.attributes.friendly_name === alias)!.entity_id;
    await socket.callService('input_boolean', 'turn_off', { entity_id: ['input_boolean.kitchen_light', 'input_boolean.coffee_machine'] });
    await socket.callService('automation', 'trigger', { entity_id: entityOf(others.alias) }, { skip_condition: false });
    await socket.callService('automation', 'trigger', { entity_id: entityOf(today.alias) }, { skip_condition: false });
    await waitFor(async () => (await stateOf('input_boolean.kitchen_light')) === 'on', "today's clock automation", 10_000, 100);
    assert.equal(await stateOf('input_boolean.coffee_machine'), 'off', 'the automation of the other days did not act today');
  });

  it('the hall automation of the harness still fires beside them', { timeout: 30_000 }, async () => {
    assert.equal(HALL_AUTOMATION.triggers[0]!.entity_id, 'input_boolean.hall_motion');
    await socket.callService('input_boolean', 'turn_on', { entity_id: 'input_boolean.hall_motion' });
    await waitFor(async () => (await stateOf('input_boolean.hall_light')) === 'on', 'the hall light', 10_000, 100);
  });
});

/** automations.yaml as the harness wrote it (a JSON list), as YAML list items a paste can follow. */
function toYamlList(jsonList: string): string {
  const items = JSON.parse(jsonList) as unknown[];
  return items.map((item) => `- ${JSON.stringify(item)}\n`).join('');
}
