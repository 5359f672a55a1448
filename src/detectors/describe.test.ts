import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeAnomaly, describePattern, describeSafely } from './describe.js';
import { agree, type EntityLookup, isPluralName, type KnownEntity, withAdverb } from './device-words.js';

/** A home as the daily job knows it: names and device classes. */
const HOME: Readonly<Record<string, KnownEntity>> = {
  'binary_sensor.front_door': { name: 'Front door', deviceClass: 'door' },
  'binary_sensor.hallway_motion': { name: 'Hallway motion', deviceClass: 'motion' },
  'binary_sensor.back_door_lock': { name: 'Back door lock', deviceClass: 'lock' },
  'binary_sensor.bathroom_leak': { name: 'Bathroom leak', deviceClass: 'moisture' },
  'binary_sensor.kettle_plug': { name: 'Kettle plug', deviceClass: 'plug' },
  'binary_sensor.hall_switch': { name: 'Hall switch', deviceClass: null },
  'light.hallway': { name: 'Hallway light' },
  'light.kitchen_lights': { name: 'Kitchen lights', deviceClass: null },
  'cover.garage_door': { name: 'Garage door', deviceClass: 'garage' },
  'cover.living_room_blinds': { name: 'Living room blinds', deviceClass: 'blind' },
  'lock.front_door': { name: 'Front door lock' },
  'person.thomas': { name: 'Thomas' },
  'switch.unnamed': { name: '' },
};
const known: EntityLookup = (id) => HOME[id];

type Row = Parameters<typeof describePattern>[0];
const row = (pattern_type: string, device_id: string, pattern_metadata: Record<string, unknown>, confidence = 1, occurrences = 28): Row => ({ pattern_type, device_id, pattern_metadata, confidence, occurrences });

const EVERY_DAY = { typical_time: '08:40', spread_minutes: 12, days_matched: 27, days_observed: 30, day_type: 'all', mask_days_matched: 27, mask_days_observed: 30 };
const atTime = (entity: string, lookup: EntityLookup | undefined = known) => describePattern(row('time_based', entity, EVERY_DAY), lookup);
const lasting = (entity: string, seconds: number) => describePattern(row('duration', entity, { typical_seconds: seconds, p90_seconds: seconds }), known);

describe('sentences in the words of each device', () => {
  it('a binary_sensor says what its device class means (HA: door → open, motion → detected, lock → unlocked, …)', () => {
    // [device_class, it turns "on", while it is "on", it turned "on" (looking back)], as HA's binary_sensor strings say it
    const table: [string | null, string, string, string][] = [
      ['door', 'opens', 'stays open', 'opened'],
      ['window', 'opens', 'stays open', 'opened'],
      ['garage_door', 'opens', 'stays open', 'opened'],
      ['opening', 'opens', 'stays open', 'opened'],
      ['motion', 'detects motion', 'keeps detecting motion', 'detected motion'],
      ['occupancy', 'becomes occupied', 'stays occupied', 'became occupied'],
      ['presence', 'detects presence', 'keeps detecting presence', 'detected presence'],
      ['moisture', 'detects water', 'stays wet', 'detected water'],
      ['smoke', 'detects smoke', 'keeps detecting smoke', 'detected smoke'],
      ['gas', 'detects gas', 'keeps detecting gas', 'detected gas'],
      ['carbon_monoxide', 'detects carbon monoxide', 'keeps detecting carbon monoxide', 'detected carbon monoxide'],
      ['sound', 'detects sound', 'keeps detecting sound', 'detected sound'],
      ['vibration', 'detects vibration', 'keeps detecting vibration', 'detected vibration'],
      ['tamper', 'detects tampering', 'keeps detecting tampering', 'detected tampering'],
      ['light', 'detects light', 'keeps detecting light', 'detected light'],
      ['plug', 'is plugged in', 'stays plugged in', 'was plugged in'],
      ['power', 'is powered', 'stays powered', 'was powered'],
      ['lock', 'is unlocked', 'stays unlocked', 'was unlocked'],
      ['battery', 'reports a low battery', 'stays low on battery', 'reported a low battery'],
      ['battery_charging', 'starts charging', 'keeps charging', 'started charging'],
      ['cold', 'becomes cold', 'stays cold', 'became cold'],
      ['heat', 'becomes hot', 'stays hot', 'became hot'],
      ['connectivity', 'connects', 'stays connected', 'connected'],
      ['moving', 'starts moving', 'keeps moving', 'started moving'],
      ['running', 'starts running', 'keeps running', 'started running'],
      ['problem', 'reports a problem', 'keeps reporting a problem', 'reported a problem'],
      ['safety', 'becomes unsafe', 'stays unsafe', 'became unsafe'],
      ['update', 'offers an update', 'keeps offering an update', 'offered an update'],
      ['a_class_of_tomorrow', 'turns on', 'stays on', 'came on'],
      ['constructor', 'turns on', 'stays on', 'came on'],
      [null, 'turns on', 'stays on', 'came on'],
    ];
    for (const [deviceClass, does, lasts, did] of table) {
      const lookup: EntityLookup = () => ({ name: 'Sensor', deviceClass });
      assert.equal(atTime('binary_sensor.x', lookup), `Sensor ${does} around 08:40 every day, give or take 12 min (on 27 of 30 days)`, String(deviceClass));
      assert.equal(describePattern(row('duration', 'binary_sensor.x', { typical_seconds: 600 }), lookup), `Sensor usually ${lasts} for about 10 min`, String(deviceClass));
      assert.equal(
        describeAnomaly('binary_sensor.x', { kind: 'hour', day: '2026-10-17', usual: { hours: [7], margin_hours: 2, days: 28 }, observed: { hours: [3] } }, lookup),
        `Sensor ${did} at 3:00 on Saturday 17 Oct; never within 2 h of that in 28 days (usually 7:00)`,
        String(deviceClass),
      );
    }
  });

  it('a cover opens whatever its class; other domains keep their own words', () => {
    assert.equal(atTime('cover.garage_door'), 'Garage door opens around 08:40 every day, give or take 12 min (on 27 of 30 days)');
    assert.equal(atTime('lock.front_door'), 'Front door lock is unlocked around 08:40 every day, give or take 12 min (on 27 of 30 days)');
    assert.equal(atTime('person.thomas'), 'Thomas comes home around 08:40 every day, give or take 12 min (on 27 of 30 days)');
    assert.equal(atTime('media_player.tv'), 'media_player.tv starts playing around 08:40 every day, give or take 12 min (on 27 of 30 days)');
    assert.equal(atTime('climate.living_room'), 'climate.living_room starts heating or cooling around 08:40 every day, give or take 12 min (on 27 of 30 days)');
    assert.equal(atTime('script.good_night'), 'script.good_night runs around 08:40 every day, give or take 12 min (on 27 of 30 days)');
  });

  it('each domain in its own words: when it starts, while it lasts, and looking back', () => {
    // [entity, it starts, it lasts, it started (a season's time)]
    const table: [string, string, string, string][] = [
      ['light.x', 'turns on', 'stays on', 'came on'],
      ['switch.x', 'turns on', 'stays on', 'came on'],
      ['valve.x', 'opens', 'stays open', 'opened'],
      ['lock.x', 'is unlocked', 'stays unlocked', 'was unlocked'],
      ['device_tracker.x', 'comes home', 'stays home', 'came home'],
      ['media_player.x', 'starts playing', 'keeps playing', 'started playing'],
      ['vacuum.x', 'starts cleaning', 'keeps cleaning', 'started cleaning'],
      ['lawn_mower.x', 'starts mowing', 'keeps mowing', 'started mowing'],
      ['timer.x', 'starts', 'keeps running', 'started'],
      ['camera.x', 'starts recording', 'keeps recording', 'started recording'],
      ['water_heater.x', 'starts heating', 'keeps heating', 'started heating'],
      ['siren.x', 'sounds', 'keeps sounding', 'sounded'],
      ['script.x', 'runs', 'keeps running', 'ran'],
    ];
    for (const [entity, starts, lasts, started] of table) {
      assert.equal(atTime(entity), `${entity} ${starts} around 08:40 every day, give or take 12 min (on 27 of 30 days)`, entity);
      assert.equal(lasting(entity, 600), `${entity} usually ${lasts} for about 10 min`, entity);
      const season = describePattern(
        row('seasonal', entity, { entity_id: entity, aspect: 'time', unit: 'min', trend: 'changing', linked_to_daylight: false, daylight: null, change: 0, relative_change: 0, months: 2, first_month: '2026-10', last_month: '2026-11', monthly: [{ month: '2026-10', value: 1, n: 9, time: '07:00' }, { month: '2026-11', value: 2, n: 9, time: '07:30' }] }),
      );
      assert.equal(season, `${entity} ${started} around 07:00 in October and around 07:30 in November, changing from month to month`, entity);
    }
    // the class of an entity outside binary_sensor changes nothing: a switch of class outlet turns on
    assert.equal(atTime('switch.x', () => ({ name: 'Outlet', deviceClass: 'outlet' })), 'Outlet turns on around 08:40 every day, give or take 12 min (on 27 of 30 days)');
    assert.equal(atTime('switch.x', () => ({ name: 'Door switch', deviceClass: 'door' })), 'Door switch turns on around 08:40 every day, give or take 12 min (on 27 of 30 days)');
    // a name of blanks is no name
    assert.equal(atTime('switch.x', () => ({ name: '   ' })), 'switch.x turns on around 08:40 every day, give or take 12 min (on 27 of 30 days)');
  });

  it('says how long it stays in its active state: open, detecting motion, wet, plugged in', () => {
    assert.equal(lasting('binary_sensor.front_door', 180), 'Front door usually stays open for about 3 min');
    assert.equal(lasting('binary_sensor.hallway_motion', 100), 'Hallway motion usually keeps detecting motion for about 2 min');
    assert.equal(lasting('binary_sensor.bathroom_leak', 3600), 'Bathroom leak usually stays wet for about 60 min');
    assert.equal(lasting('binary_sensor.kettle_plug', 7200), 'Kettle plug usually stays plugged in for about 2 h');
    assert.equal(lasting('binary_sensor.back_door_lock', 30), 'Back door lock usually stays unlocked for about 30 s');
    assert.equal(lasting('light.hallway', 600), 'Hallway light usually stays on for about 10 min');
    assert.equal(
      describePattern(row('duration', 'binary_sensor.front_door', { typical_seconds: 180, p90_seconds: 900, auto_off_candidate: false }), known),
      'Front door usually stays open for about 3 min, nearly always within 15 min',
    );
  });

  it('makes the verbs agree with a plural name, and says "they"', () => {
    assert.equal(atTime('light.kitchen_lights'), 'Kitchen lights turn on around 08:40 every day, give or take 12 min (on 27 of 30 days)');
    assert.equal(atTime('cover.living_room_blinds'), 'Living room blinds open around 08:40 every day, give or take 12 min (on 27 of 30 days)');
    assert.equal(
      describePattern(row('duration', 'light.kitchen_lights', { typical_seconds: 7200, p90_seconds: 7200, auto_off_candidate: true, suggested_auto_off_minutes: 150 }), known),
      'Kitchen lights usually stay on for about 2 h — an auto-off after 2.5 h would catch the times they are forgotten',
    );
    assert.equal(
      describePattern(row('duration', 'light.hallway', { typical_seconds: 7200, p90_seconds: 7200, auto_off_candidate: true, suggested_auto_off_minutes: 150 }), known),
      'Hallway light usually stays on for about 2 h — an auto-off after 2.5 h would catch the times it is forgotten',
    );
    // a person's name ending in "s" is one person
    assert.equal(isPluralName('Thomas'), false);
  });

  it('says a pair, a chain and a room with each device in its own words', () => {
    const pair = (trigger: string, follower: string, confidence: number) =>
      describePattern(row('co_occurrence', trigger, { trigger, follower, typical_lag_seconds: 17, trigger_activations: 30 }, confidence, 27), known);
    assert.equal(pair('binary_sensor.front_door', 'light.hallway', 0.93), 'When Front door opens, Hallway light almost always turns on about 17 s later (27 of 30 times)');
    assert.equal(pair('binary_sensor.hallway_motion', 'light.kitchen_lights', 0.75), 'When Hallway motion detects motion, Kitchen lights usually turn on about 17 s later (27 of 30 times)');
    assert.equal(pair('person.thomas', 'lock.front_door', 1), 'When Thomas comes home, Front door lock is always unlocked about 17 s later (27 of 30 times)');
    const chain = (steps: string[]) => describePattern(row('sequence', steps[0]!, { steps, step_minutes: 5, first_step_activations: 30 }, 1, 20), known);
    assert.equal(
      chain(['binary_sensor.front_door', 'binary_sensor.hallway_motion', 'light.hallway', 'light.kitchen_lights']),
      'Front door opens, then Hallway motion detects motion, then Hallway light turns on, then Kitchen lights turn on, each within 5 min of the last (20 of 30 times)',
    );
    // a step doing what the one before did leaves its verb out
    assert.equal(chain(['binary_sensor.hallway_motion', 'light.hallway', 'light.porch']), 'Hallway motion detects motion, then Hallway light turns on, then light.porch, each within 5 min of the last (20 of 30 times)');
    assert.equal(
      describePattern(row('room_based', 'hallway', { area_id: 'hallway', peak_hours: [7, 18], peak_hour_days: [20, 20], hour_profile: [], activations: 90, days_active: 28, days_observed: 30, entities: [], used_together: [{ entities: ['binary_sensor.front_door', 'light.hallway', 'light.porch'], count: 20, days: 20 }] }), known),
      'The hallway is busiest around 7:00 and 18:00; Front door, Hallway light and light.porch are used there together',
    );
  });

  it('says day types, contexts and seasons in the device’s words', () => {
    const weeks = { entity_id: 'x', weekday_days: 20, weekend_days: 8, weeks_agreeing: 3, weeks_compared: 4 };
    assert.equal(
      describePattern(row('day_type', 'lock.front_door', { ...weeks, aspect: 'time', weekday_first: '07:10', weekend_first: '09:30', weekday_minute: 430, weekend_minute: 570, shift_minutes: 140, weekday_spread: 5, weekend_spread: 9 }), known),
      'Front door lock is first unlocked around 07:10 on weekdays and 09:30 at weekends, in 3 of the last 4 weeks',
    );
    assert.equal(
      describePattern(row('day_type', 'binary_sensor.front_door', { ...weeks, aspect: 'time', weekday_first: '07:10', weekend_first: '09:30', weekday_minute: 430, weekend_minute: 570, shift_minutes: 140, weekday_spread: 5, weekend_spread: 9 }), known),
      'Front door first opens around 07:10 on weekdays and 09:30 at weekends, in 3 of the last 4 weeks',
    );
    assert.equal(
      describePattern(row('day_type', 'light.kitchen_lights', { ...weeks, aspect: 'amount', more_on: 'weekends', weekday_per_day: 1, weekend_per_day: 3 }), known),
      'Kitchen lights turn on more often at weekends (about 3 times a day) than on weekdays (about once a day), in 3 of the last 4 weeks',
    );
    const context = { context: { kind: 'sun', value: 'below_horizon' }, follows_change: true, after_change_minutes: { median: 12 }, activations_in_context: 14, activations: 20 };
    assert.equal(describePattern(row('contextual', 'light.kitchen_lights', context), known), 'Kitchen lights turn on while the sun is down, about 12 min after sunset — 14 of their 20 uses');
    assert.equal(describePattern(row('contextual', 'cover.garage_door', context), known), 'Garage door opens while the sun is down, about 12 min after sunset — 14 of its 20 uses');

    const season = (entity: string, aspect: 'count' | 'duration' | 'time', values: [number, number], trend = 'increasing', daylight: { reference: string; r: number } | null = null) =>
      describePattern(
        row('seasonal', entity, {
          entity_id: entity,
          aspect,
          unit: 'x',
          trend,
          linked_to_daylight: daylight !== null,
          daylight,
          change: 1,
          relative_change: 1,
          months: 2,
          first_month: '2026-10',
          last_month: '2026-11',
          monthly: [
            { month: '2026-10', value: values[0], n: 30, time: '07:10' },
            { month: '2026-11', value: values[1], n: 30, time: '07:40' },
          ],
        }),
        known,
      );
    assert.equal(season('binary_sensor.front_door', 'time', [430, 460]), 'Front door opened around 07:10 in October and around 07:40 in November, later month by month');
    assert.equal(season('binary_sensor.hallway_motion', 'duration', [60, 120]), 'Hallway motion kept detecting motion for about a minute in October and for about 2 min in November, longer month by month');
    assert.equal(season('lock.front_door', 'count', [1, 3], 'decreasing'), 'Front door lock was unlocked about once a day in October and about 3 times a day in November, less month by month');
    assert.equal(
      season('light.kitchen_lights', 'duration', [3600, 7200], 'follows_daylight', { reference: 'daylight', r: -0.9 }),
      'Kitchen lights stayed on for about 60 min in October and for about 2 h in November, longer as the days grew shorter: they follow daylight',
    );
  });

  it('says how often a context held, and a room without things used together', () => {
    const context = (inContext: number, all: number) =>
      describePattern(row('contextual', 'cover.garage_door', { context: { kind: 'presence', value: 'away' }, follows_change: false, activations_in_context: inContext, activations: all }), known);
    assert.equal(context(20, 20), 'Garage door opens when nobody is home — every time so far (20 times)');
    assert.equal(context(18, 20), 'Garage door opens when nobody is home — nearly every time (18 of 20)');
    assert.equal(context(17, 20), 'Garage door opens when nobody is home — 17 of its 20 uses');
    assert.equal(
      describePattern(row('room_based', 'hallway', { area_id: 'hallway', peak_hours: [7], peak_hour_days: [20], hour_profile: [], activations: 90, days_active: 28, days_observed: 30, entities: [], used_together: [{ entities: ['light.hallway'], count: 20, days: 20 }] }), known),
      'The hallway is busiest around 7:00',
    );
    assert.equal(describePattern(row('co_occurrence', 'light.hallway', { trigger: 'light.hallway', follower: 'cover.garage_door', typical_lag_seconds: 120 }, 0.8, 9), known), 'When Hallway light turns on, Garage door usually opens about 2 min later (9 times)');
    const time = { entity_id: 'x', weekday_days: 20, weekend_days: 8, aspect: 'time', weekday_first: '07:10', weekend_first: '09:30', weekday_minute: 430, weekend_minute: 570, shift_minutes: 140, weekday_spread: 5, weekend_spread: 9 };
    assert.equal(describePattern(row('day_type', 'person.thomas', time), known), 'Thomas first comes home around 07:10 on weekdays and 09:30 at weekends');
  });

  it('says anomalies in the device’s words', () => {
    const day = '2026-10-17';
    assert.equal(
      describeAnomaly('binary_sensor.front_door', { kind: 'stuck', day, phase: 'ongoing', usual: { longest_hours: 2 }, observed: { from: '2026-10-15 10:00', hours: 62 } }, known),
      'Front door has been open since Thursday 15 Oct 10:00 (62 h); its longest before was 2 h',
    );
    assert.equal(
      describeAnomaly('cover.living_room_blinds', { kind: 'stuck', day, phase: 'end', usual: { longest_hours: 2 }, observed: { from: '2026-10-15 10:00' } }, known),
      'Living room blinds were open from Thursday 15 Oct 10:00 until Saturday 17 Oct; their longest before was 2 h',
    );
    assert.equal(
      describeAnomaly('light.kitchen_lights', { kind: 'silent', day, phase: 'start', usual: { longest_hours: 6 }, observed: { from: '2026-10-15 10:00', hours: 60 } }, known),
      'Kitchen lights have been silent since Thursday 15 Oct 10:00 (60 h); their longest silence before was 6 h',
    );
    assert.equal(
      describeAnomaly('binary_sensor.hallway_motion', { kind: 'silent', day, phase: 'start', usual: { longest_hours: 0 }, observed: { from: '2026-10-15 10:00', hours: 60, state: 'unavailable' } }, known),
      'Hallway motion has been unavailable since Thursday 15 Oct 10:00 (60 h); its longest time unavailable before was 0 h',
    );
    assert.equal(
      describeAnomaly('binary_sensor.hallway_motion', { kind: 'silent', day, phase: 'end', usual: { longest_hours: 2 }, observed: { from: '2026-10-15 10:00', hours: 60, state: 'unavailable' } }, known),
      'Hallway motion was unavailable from Thursday 15 Oct 10:00 until Saturday 17 Oct; its longest time unavailable before was 2 h',
    );
    assert.equal(
      describeAnomaly('binary_sensor.back_door_lock', { kind: 'hour', day, usual: { hours: [7, 18], margin_hours: 2, days: 28 }, observed: { hours: [3] } }, known),
      'Back door lock was unlocked at 3:00 on Saturday 17 Oct; never within 2 h of that in 28 days (usually 7:00, 18:00)',
    );
    assert.equal(
      describeAnomaly('binary_sensor.hallway_motion', { kind: 'duration', day, usual: { low_seconds: 600, high_seconds: 1200 }, observed: { on_seconds: 4 * 3600 } }, known),
      'Hallway motion was detecting motion for 4.0 h on Saturday 17 Oct; usually 10 min–20 min',
    );
    assert.equal(describeAnomaly('binary_sensor.front_door', { kind: 'count_high', day, usual: { low: 4, high: 7 }, observed: { count: 49 } }, known), '49 uses of Front door on Saturday 17 Oct; usually 4–7');
    assert.equal(describeAnomaly('binary_sensor.front_door', { kind: 'strange', day }, known), '2026-10-17: Front door unusual (strange)');
  });
});

describe('a home whose import had no attributes', () => {
  it('still reads: the entity id and its domain’s words', () => {
    const none: EntityLookup = () => undefined;
    assert.equal(atTime('binary_sensor.front_door', none), 'binary_sensor.front_door turns on around 08:40 every day, give or take 12 min (on 27 of 30 days)');
    assert.equal(describePattern(row('time_based', 'binary_sensor.front_door', EVERY_DAY)), 'binary_sensor.front_door turns on around 08:40 every day, give or take 12 min (on 27 of 30 days)');
    assert.equal(atTime('cover.kitchen_blinds', none), 'cover.kitchen_blinds opens around 08:40 every day, give or take 12 min (on 27 of 30 days)');
    // an id is one thing, whatever its object id says
    assert.equal(atTime('light.kitchen_lights', none), 'light.kitchen_lights turns on around 08:40 every day, give or take 12 min (on 27 of 30 days)');
    assert.equal(
      describePattern(row('duration', 'binary_sensor.front_door', { typical_seconds: 180, p90_seconds: 180 })),
      'binary_sensor.front_door usually stays on for about 3 min',
    );
    assert.equal(
      describePattern(row('co_occurrence', 'lock.front_door', { trigger: 'lock.front_door', follower: 'binary_sensor.front_door', typical_lag_seconds: 17, trigger_activations: 30 }, 1, 30)),
      'When lock.front_door is unlocked, binary_sensor.front_door always turns on about 17 s later (30 of 30 times)',
    );
  });

  it('a name without a class, or an empty name, reads too', () => {
    assert.equal(atTime('binary_sensor.hall_switch'), 'Hall switch turns on around 08:40 every day, give or take 12 min (on 27 of 30 days)');
    assert.equal(atTime('switch.unnamed'), 'switch.unnamed turns on around 08:40 every day, give or take 12 min (on 27 of 30 days)');
  });

  it('odd metadata still gets the generic sentence', () => {
    assert.equal(describeSafely(row('duration', 'light.hallway', { typical_seconds: 'long' }, 0.5), known), 'duration light.hallway (50 %)');
  });
});

describe('English agreement', () => {
  it('makes a verb phrase plural', () => {
    const cases: [string, string][] = [
      ['turns on', 'turn on'],
      ['opens', 'open'],
      ['closes', 'close'],
      ['goes quiet', 'go quiet'],
      ['does', 'do'],
      ['watches', 'watch'],
      ['passes', 'pass'],
      ['finishes', 'finish'],
      ['fixes', 'fix'],
      ['buzzes', 'buzz'],
      ['is plugged in', 'are plugged in'],
      ['was unlocked', 'were unlocked'],
      ['has', 'have'],
      ['opened', 'opened'],
      ['ran', 'ran'],
    ];
    for (const [singular, plural] of cases) {
      assert.equal(agree(singular, true), plural, singular);
      assert.equal(agree(singular, false), singular, singular);
    }
  });

  it('counts only plural device nouns as plural', () => {
    for (const name of ['Kitchen lights', 'Living Room Blinds ', 'Garden path LIGHTS', 'Christmas decorations', 'Office LEDs']) assert.equal(isPluralName(name), true, name);
    for (const name of ['Kitchen light', 'Thomas', 'Glass', 'Status', 'Lights out', 'Agnes', '']) assert.equal(isPluralName(name), false, name);
  });

  it('puts an adverb after "is" and "has", before other verbs', () => {
    assert.equal(withAdverb('is unlocked', 'always'), 'is always unlocked');
    assert.equal(withAdverb('are plugged in', 'usually'), 'are usually plugged in');
    assert.equal(withAdverb('were open', 'first'), 'were first open');
    assert.equal(withAdverb('have been', 'always'), 'have always been');
    assert.equal(withAdverb('has been', 'always'), 'has always been');
    assert.equal(withAdverb('was unlocked', 'first'), 'was first unlocked');
    assert.equal(withAdverb('opens', 'first'), 'first opens');
    assert.equal(withAdverb('turns on', 'usually'), 'usually turns on');
    assert.equal(withAdverb('is', 'always'), 'always is');
  });
});

describe('the days a clock routine keeps', () => {
  it('a routine on particular weekdays names them; on some days it says how often', () => {
    const days = (day_type: string, weekday_mask?: number[]) =>
      describePattern(row('time_based', 'light.hallway', { ...EVERY_DAY, day_type, weekday_mask, mask_days_matched: 12, mask_days_observed: 13 }), known);
    assert.equal(days('days', [1, 3, 5]), 'Hallway light turns on around 08:40 on Mondays, Wednesdays and Fridays, give or take 12 min (on 12 of 13 days)');
    assert.equal(days('days', [2]), 'Hallway light turns on around 08:40 on Tuesdays, give or take 12 min (on 12 of 13 days)');
    assert.equal(days('weekdays', [1, 2, 3, 4, 5]), 'Hallway light turns on around 08:40 on weekdays, give or take 12 min (on 12 of 13 days)');
    // a 'days' row without a usable mask falls back to how often, over all days
    assert.equal(days('days', [9]), 'Hallway light turns on around 08:40 on 27 of 30 days, give or take 12 min');
    assert.equal(days('days'), 'Hallway light turns on around 08:40 on 27 of 30 days, give or take 12 min');
  });
});
