/**
 * The anomaly detector's two methods on one small planted home, down to the stored fields: fast
 * enough to run for every mutant (anomaly.test.ts holds the budget, the phases and the property).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { windowFrom, windowOf } from '../jobs/group-a.js';
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import { calendar, HomeBuilder, at, dayKeys } from '../testing/home.js';
import { messyHome, PLANTS } from '../testing/messy-home.js';
import { carriedFromEvents, scanDay } from './activity.js';
import { anomaly, findAnomalies } from './anomaly.js';
import { summarizeDayFacts } from './day-facts.js';
import { ReadReport } from './registry.js';
import type { Finding } from './anomaly/finding.js';
import { DEFAULT_DETECTOR_SETTINGS as S } from './settings.js';

function summarize(events: ReturnType<HomeBuilder['build']>, days: readonly string[]): AggregateRecord[] {
  const records: AggregateRecord[] = [];
  let carried = carriedFromEvents(new Map());
  for (const key of days) {
    const day = calendar.day(key);
    const activity = scanDay({ day, calendar, events: events.filter((e) => e.time >= day.start && e.time < day.end), lookbackStart: day.start, carried });
    carried = new Map(activity.carryOut);
    records.push(...summarizeDayFacts(activity), ...anomaly.summarize(activity, S, []));
  }
  return records;
}

const home = messyHome(1, 42, true);
const records = summarize(home.events, home.days);
const patterns = anomaly.derive(windowOf(records, calendar), S);
const d = (i: number) => home.days[i]!;
const find = (kind: string, deviceId: string) => patterns.find((p) => p.metadata['kind'] === kind && p.deviceId === deviceId);

describe('anomaly detector: facts in Layer 2', () => {
  it('keeps the day’s neutral facts per entity and the home’s uses by hour', () => {
    const b = new HomeBuilder().area('light.hall', 'hall');
    const days = dayKeys('2026-09-01', 2);
    b.pulse('light.hall', at(days[0]!, '07:10'), 600).pulse('light.hall', at(days[0]!, '07:30'), 1200).set('light.hall', at(days[0]!, '22:00'), 'on').set('light.hall', at(days[1]!, '02:00'), 'off');
    b.pulse('switch.fan', at(days[1]!, '09:00'), 60);
    const all = summarize(b.build(), days);
    const [first, home1, second, fan, home2] = all.filter((r) => r.measurement === 'anomaly_daily');
    const [firstFacts] = all.filter((r) => r.measurement === 'activity_daily');
    assert.deepEqual(first!.tags, { entity_id: 'light.hall', area_id: 'hall' });
    assert.equal(firstFacts!.fields['count'], 3);
    assert.equal(first!.fields['on_seconds'], 600 + 1200 + 2 * 3600);
    assert.equal(first!.fields['longest_on_seconds'], 1200);
    assert.equal(first!.fields['on_since'], at(days[0]!, '22:00'));
    assert.equal(first!.fields['seen'], at(days[0]!, '22:00'));
    assert.equal(JSON.parse(String(firstFacts!.fields['hours']))[7], 2);
    assert.deepEqual(home1!.tags, { scope: 'home' });
    assert.deepEqual(JSON.parse(String(home1!.fields['home_hours'])).filter((n: number) => n > 0), [2, 1]);
    assert.equal(second!.fields['longest_on_seconds'], 4 * 3600, 'the stretch across midnight ends on the second day');
    assert.equal(second!.fields['on_since'], undefined);
    assert.equal(second!.fields['seen'], at(days[1]!, '02:00'));
    assert.equal(fan!.fields['seen'], at(days[1]!, '09:01'));
    assert.equal(JSON.parse(String(home2!.fields['home_hours']))[9], 1);
    assert.equal(anomaly.lookbackDays!(S), 56);
  });
});

describe('anomaly detector: patterns from the window', () => {
  it('reports one pattern per planted anomaly, keyed by its day or its episode’s start', () => {
    const byKey = (p: PatternUpsert | undefined) => (p === undefined ? undefined : `${p.deviceId} ${p.key}`);
    assert.equal(byKey(find('count_high', 'switch.kettle')), `switch.kettle ${d(PLANTS.kettleBusy)}:count_high`);
    assert.equal(byKey(find('count_low', 'binary_sensor.hall_motion')), `binary_sensor.hall_motion ${d(PLANTS.hallQuiet)}:count_low`);
    assert.equal(byKey(find('hour', 'switch.kettle')), `switch.kettle ${d(PLANTS.kettleAtNight)}:hour`);
    assert.equal(byKey(find('home_quiet', 'home')), `home ${d(PLANTS.awayFrom)}:home_quiet`);
    assert.equal(byKey(find('stuck', 'binary_sensor.back_door')), `binary_sensor.back_door ${d(PLANTS.doorOpenFrom)}:stuck`);
    assert.equal(byKey(find('silent', 'binary_sensor.garage_motion')), `binary_sensor.garage_motion ${d(PLANTS.garageFrom)}:silent`);
    // and nothing a planted one causes: the door's first day open is not a long on-time (it is
    // still open at its end, and the stuck kind judges the stretch whole); the garage's sensor says
    // it is unavailable, news after a day (its dropouts: none), so its days without uses are the
    // outage's, not few uses
    assert.deepEqual(patterns.map((p) => `${p.metadata['day']} ${p.metadata['kind']} ${p.deviceId}`), [
      `${d(PLANTS.kettleBusy)} count_high switch.kettle`,
      `${d(PLANTS.kettleBusy)} duration switch.kettle`,
      `${d(PLANTS.doorOpenTo)} stuck binary_sensor.back_door`,
      `${d(PLANTS.hallQuiet)} count_low binary_sensor.hall_motion`,
      `${d(PLANTS.kettleAtNight)} hour switch.kettle`,
      `${d(PLANTS.awayTo)} home_quiet home`,
      `${d(PLANTS.garageTo)} silent binary_sensor.garage_motion`,
    ]);
    assert.ok(patterns.every((p) => p.patternType === 'anomaly'));
  });

  it('stores what a person reads: day, surprise, usual and observed; an episode its phase, start and days', () => {
    const kettle = find('count_high', 'switch.kettle')!;
    assert.equal(kettle.lastSeen, calendar.day(d(PLANTS.kettleBusy)).start);
    assert.equal(kettle.occurrences, 1);
    assert.equal(kettle.areaId, null);
    assert.equal(kettle.metadata['entity_id'], 'switch.kettle');
    assert.equal(kettle.metadata['phase'], undefined);
    assert.equal(kettle.metadata['start_day'], undefined);
    const surprise = kettle.metadata['surprise'] as number;
    assert.equal(kettle.confidence, Math.min(1, Math.round((surprise / 10) * 1e4) / 1e4));
    assert.ok(surprise > 6 && surprise === Math.round(surprise * 100) / 100, String(surprise));
    assert.deepEqual(kettle.metadata['observed'], { count: 50 });
    const usual = kettle.metadata['usual'] as { low: number; high: number; days: number };
    assert.ok(usual.low >= 4 && usual.high <= 7 && usual.days === 20, JSON.stringify(usual));

    const away = find('home_quiet', 'home')!;
    assert.equal(away.metadata['entity_id'], undefined);
    assert.deepEqual([away.metadata['phase'], away.metadata['start_day'], away.metadata['day']], ['end', d(PLANTS.awayFrom), d(PLANTS.awayTo)]);
    assert.equal(away.occurrences, PLANTS.awayTo - PLANTS.awayFrom + 1);
    assert.equal(away.lastSeen, calendar.day(d(PLANTS.awayTo)).start);
    const seen = away.metadata['observed'] as Record<string, unknown>;
    assert.deepEqual([seen['from'], seen['to'], seen['quiet_hours']], [`${d(PLANTS.awayFrom)} 14:00`, `${d(PLANTS.awayTo)} 11:00`, 45]);
    assert.equal(seen['since'], calendar.day(d(PLANTS.awayFrom)).start + 14 * 3_600_000);
    assert.ok(((away.metadata['usual'] as { busy_hours_quiet: number }).busy_hours_quiet) >= 20);
    assert.ok((away.metadata['surprise'] as number) > 20);

    const door = find('stuck', 'binary_sensor.back_door')!;
    assert.deepEqual([door.metadata['phase'], door.metadata['day'], door.occurrences], ['end', d(PLANTS.doorOpenTo), PLANTS.doorOpenTo - PLANTS.doorOpenFrom + 1]);
    const open = door.metadata['observed'] as Record<string, unknown>;
    assert.deepEqual([open['from'], open['state']], [`${d(PLANTS.doorOpenFrom)} 10:00`, 'on']);
    assert.ok((open['hours'] as number) > 150, String(open['hours']));
    assert.deepEqual(door.metadata['usual'], { longest_hours: 0.1, threshold_hours: 24 });
    assert.ok((door.metadata['surprise'] as number) > 3);

    const garage = find('silent', 'binary_sensor.garage_motion')!;
    assert.deepEqual([garage.metadata['phase'], garage.metadata['day']], ['end', d(PLANTS.garageTo)]);
    assert.equal((garage.metadata['observed'] as Record<string, unknown>)['from'], `${d(PLANTS.garageFrom)} 12:00`);
    assert.ok((garage.metadata['surprise'] as number) > 3);
  });

  it('derives only for the window’s days, reading the look-back before them', () => {
    const upTo = records.filter((r) => r.period <= d(PLANTS.awayTo));
    const last = anomaly.derive(windowFrom(upTo, calendar, d(PLANTS.awayTo), S), S);
    assert.deepEqual(last.map((p) => `${p.metadata['kind']} ${p.metadata['day']}`), [`home_quiet ${d(PLANTS.awayTo)}`]);
    const start = anomaly.derive(windowFrom(records.filter((r) => r.period <= d(PLANTS.awayFrom)), calendar, d(PLANTS.awayFrom), S), S);
    assert.deepEqual(start.map((p) => [p.metadata['kind'], p.metadata['phase']]), [['home_quiet', 'start']]);
    const ongoing = anomaly.derive(windowFrom(records.filter((r) => r.period <= d(PLANTS.doorOpenFrom + 3)), calendar, d(PLANTS.doorOpenFrom + 3), S), S);
    assert.deepEqual(ongoing.map((p) => [p.metadata['kind'], p.metadata['phase'], p.occurrences]), [['stuck', 'ongoing', 4]]);
    assert.deepEqual(anomaly.derive(windowOf([], calendar), S), []);
    // without the look-back the window's first day has no baseline
    const bare = anomaly.derive(windowOf(records.filter((r) => r.period === d(PLANTS.kettleBusy)), calendar), S);
    assert.deepEqual(bare, []);
  });

  it('does not report a busy entity’s few uses on a day the home was away, nor a stuck door’s on-time', () => {
    const away = [PLANTS.awayFrom, PLANTS.awayFrom + 1, PLANTS.awayTo].map(d);
    assert.deepEqual(patterns.filter((p) => away.includes(String(p.metadata['day'])) && p.metadata['kind'] === 'count_low'), []);
    const open = home.days.slice(PLANTS.doorOpenFrom + 1, PLANTS.doorOpenTo + 1);
    assert.deepEqual(patterns.filter((p) => p.deviceId === 'binary_sensor.back_door' && open.includes(String(p.metadata['day'])) && p.metadata['kind'] !== 'stuck'), []);
  });
});

describe('anomaly detector: hand-built facts at the edges', () => {
  const H = 3_600_000;
  const K = dayKeys('2026-09-01', 20);
  const T = (i: number, h: number) => calendar.day(K[i]!).start + h * H;
  const rec = (i: number, tags: Record<string, string>, fields: AggregateRecord['fields']): AggregateRecord => ({ measurement: 'anomaly_daily', period: K[i]!, time: calendar.day(K[i]!).start, tags, fields });
  interface Facts { count?: number; at?: number; on?: number; longest?: number; seen?: number; since?: number; dark?: number; darkSince?: number }
  const ent = (id: string, i: number, f: Facts, area?: string) => {
    const hours = new Array<number>(24).fill(0);
    hours[f.at ?? 18] = f.count ?? 0;
    const fields: AggregateRecord['fields'] = { count: f.count ?? 0, hours: JSON.stringify(hours), on_seconds: f.on ?? 0, longest_on_seconds: f.longest ?? 0, seen: f.seen ?? 0 };
    const outage = { ...(f.dark === undefined ? {} : { longest_dark_seconds: f.dark }), ...(f.darkSince === undefined ? {} : { dark_since: f.darkSince }) };
    return rec(i, area === undefined ? { entity_id: id } : { entity_id: id, area_id: area }, { ...(f.since === undefined ? fields : { ...fields, on_since: f.since }), ...outage });
  };
  const range = (n: number, from = 0) => Array.from({ length: n }, (_, k) => from + k);
  const line = (f: Finding) => `${f.day} ${f.deviceId} ${f.kind}`;
  // The records here are written in version 1's shape (count and hours inside): read as a job reads them.
  const v1 = (records: readonly AggregateRecord[]) => new ReadReport().read(records.map((r) => ({ ...r, version: 1 })));

  it('sorts the facts it is given and its findings by day, entity and kind, with each entity’s area', () => {
    const usual = (id: string, i: number) => ent(id, i, { count: 5, on: 600, longest: 600, seen: T(i, 18) }, id === 'switch.a' ? 'kitchen' : 'hall');
    const records = [
      ...range(10).map((i) => usual('switch.a', i)),
      ent('switch.a', 10, { count: 50, on: 600, longest: 600, seen: T(10, 18) }, 'kitchen'),
      ...range(10).map((i) => usual('switch.b', i)),
      ent('switch.b', 10, { count: 50, on: 6 * 3600, longest: 600, seen: T(10, 18) }, 'hall'),
    ].reverse();
    const found = findAnomalies(v1(records), [K[10]!], calendar, S.anomaly);
    assert.deepEqual(found.map(line), [`${K[10]} switch.a count_high`, `${K[10]} switch.b count_high`, `${K[10]} switch.b duration`]);
    assert.deepEqual(found.map((f) => f.areaId), ['kitchen', 'hall', 'hall']);
    assert.deepEqual(findAnomalies(v1(records), [K[9]!, K[10]!], calendar, S.anomaly).map(line), found.map(line));
    assert.equal(anomaly.patternType, 'anomaly');
  });

  it('counts the entities tested on a day (those with a baseline) for the budget, and reads 28 days of baseline', () => {
    // 14 uses against 5 a day on 7 days: p ≈ 0.006, news under 0.01 / 1, not under 0.01 / 2
    const x = [...range(7).map((i) => ent('switch.x', i, { count: 5 })), ent('switch.x', 7, { count: 14 })];
    const young = range(4, 4).map((i) => ent('switch.young', i, { count: 5 }));
    assert.deepEqual(findAnomalies(v1([...x, ...young]), [K[7]!], calendar, S.anomaly).map(line), [`${K[7]} switch.x count_high`], 'three days are no baseline: one entity tested');
    const z = range(8).map((i) => ent('switch.z', i, { count: 5 }));
    assert.deepEqual(findAnomalies(v1([...x, ...z]), [K[7]!], calendar, S.anomaly), [], 'seven days are: two entities tested');
    const long = dayKeys('2026-09-01', 30);
    const month = long.map((k, i) => ({ ...ent('switch.x', 0, { count: i === 29 ? 50 : 5 }), period: k, time: calendar.day(k).start }));
    const [busy] = findAnomalies(v1(month), [long[29]!], calendar, S.anomaly);
    assert.deepEqual([busy!.kind, (busy!.usual as { days: number }).days], ['count_high', 28]);
  });

  // a door open from 10:00 on day 10 to 02:00 on day 12, used 20 times a day before
  const door = (last: number, closed = true, usesOnClosing = 0) => [
    ...range(10).map((i) => ent('binary_sensor.door', i, { count: 20, at: 8, on: 600, longest: 600, seen: T(i, 8) }, 'hall')),
    ent('binary_sensor.door', 10, { count: 20, at: 8, on: 14 * 3600, seen: T(10, 10), since: T(10, 10) }, 'hall'),
    ent('binary_sensor.door', 11, { count: 0, on: 24 * 3600, seen: T(10, 10), since: T(10, 10) }, 'hall'),
    ...(closed ? [ent('binary_sensor.door', 12, { count: usesOnClosing, at: 8, on: 2 * 3600, longest: 40 * 3600, seen: T(12, 2) }, 'hall')] : []),
  ].filter((r) => r.period <= K[last]!);

  it('scores a stuck door by the uses before it and its longest stretch, and explains the days it lasted', () => {
    const patterns = anomaly.derive(windowOf(v1(door(12)), calendar), S);
    assert.deepEqual(patterns.map((p) => `${p.metadata['day']} ${p.metadata['kind']}`), [`${K[12]} stuck`], 'no count_low on the day it closed, no duration the day after it opened, nor the day it opened: it was still open at its end');
    const stuck = patterns[0]!;
    const surprise = Math.round((Math.log10(201) + Math.log10((38 * H) / 600_000)) * 100) / 100;
    assert.equal(stuck.metadata['surprise'], surprise);
    assert.equal(stuck.confidence, Math.round((surprise / 10) * 1e4) / 1e4);
    assert.ok(stuck.confidence < 1);
    assert.deepEqual([stuck.key, stuck.areaId, stuck.occurrences, stuck.lastSeen, stuck.metadata['phase'], stuck.metadata['start_day']], [`${K[10]}:stuck`, 'hall', 3, T(12, 0), 'end', K[10]]);
    assert.deepEqual(stuck.metadata['observed'], { since: T(10, 10), from: `${K[10]} 10:00`, hours: 38, state: 'on' });
    assert.deepEqual(stuck.metadata['usual'], { longest_hours: 0.2, threshold_hours: 24 });
    // the episode explains few uses and a long on-time, not many uses (sorted before it by kind)
    assert.deepEqual(findAnomalies(v1(door(12, true, 90)), K.slice(10, 13), calendar, S.anomaly).map(line), [`${K[12]} binary_sensor.door count_high`, `${K[12]} binary_sensor.door stuck`]);
    // the same long on-time closed before midnight is a duration
    const shut = door(10).map((r) => (r.period === K[10] ? ent('binary_sensor.door', 10, { count: 20, at: 8, on: 14 * 3600, longest: 14 * 3600, seen: T(10, 23) }, 'hall') : r));
    assert.deepEqual(findAnomalies(v1(shut), [K[10]!], calendar, S.anomaly).map(line), [`${K[10]} binary_sensor.door duration`]);
    assert.deepEqual(findAnomalies(v1(door(12).reverse()), K.slice(0, 13), calendar, S.anomaly), findAnomalies(v1(door(12)), K.slice(0, 13), calendar, S.anomaly), 'an entity’s days are sorted');
    // the day it became news is explained too, when it is the last one known
    const start = findAnomalies(v1(door(11, false)), [K[11]!], calendar, S.anomaly);
    assert.deepEqual(start.map((f) => [line(f), f.episode?.phase]), [[`${K[11]} binary_sensor.door stuck`, 'start']]);
  });

  it('does not call a mode held for days stuck (a thermostat heating all winter), but a plug on as long', () => {
    const as = (id: string) => v1(door(12).map((r) => ({ ...r, tags: { ...r.tags, entity_id: id } })));
    const stuck = (id: string) => findAnomalies(as(id), K.slice(10, 13), calendar, S.anomaly).filter((f) => f.kind === 'stuck').map(line);
    assert.deepEqual(stuck('climate.living_room'), []);
    assert.deepEqual(stuck('water_heater.tank'), []);
    assert.deepEqual(stuck('switch.heater'), [`${K[12]} switch.heater stuck`]);
  });

  // a motion sensor last heard at 20:00 on day 9; on days 5–8 it was heard without being used, on day 2 at midnight sharp
  const silentRecords = (heardAtMidnight: number) => [
    ent('binary_sensor.motion', 0, { count: 0, seen: 0 }),
    ent('binary_sensor.motion', 1, { count: 5, seen: T(1, 20) }),
    ent('binary_sensor.motion', 2, { count: 0, seen: heardAtMidnight }),
    ...range(2, 3).map((i) => ent('binary_sensor.motion', i, { count: 5, seen: T(i, 20) })),
    ...range(4, 5).map((i) => ent('binary_sensor.motion', i, { count: 0, seen: T(i, 20) })),
    ent('binary_sensor.motion', 9, { count: 5, seen: T(9, 20) }),
    ...range(5, 10).map((i) => ent('binary_sensor.motion', i, { count: 0, seen: T(9, 20) })),
  ];

  it('scores a silence by the share of baseline days the sensor was heard on, used or not', () => {
    const found = findAnomalies(v1(silentRecords(T(2, 0))), K.slice(0, 15), calendar, S.anomaly);
    assert.deepEqual(found.map((f) => [line(f), f.episode?.phase]), [[`${K[14]} binary_sensor.motion silent`, 'ongoing']]);
    const [silent] = found;
    // the baseline of day 9: 9 days, 8 heard (not day 0); the longest silence 24 h (day 2), × 4
    assert.deepEqual(silent!.usual, { longest_hours: 24, threshold_hours: 96 });
    assert.deepEqual(silent!.observed, { since: T(9, 20), from: `${K[9]} 20:00`, hours: 124 });
    assert.equal(silent!.surprise, Math.round((124 / 24) * -Math.log10(2 / 11) * 100) / 100);
    assert.equal(silent!.episode?.startDay, K[9]);
  });

  // a motion sensor heard from once a day at 02:00 or 20:00 (silent 22 h at a day's end), dropping out
  // for 10 min now and then; unavailable from 20:00 on day 10 until 22:00 on day 14
  const outage = () => [
    ...range(10).map((i) => ent('binary_sensor.guest', i, { count: 1, at: i % 2 === 0 ? 2 : 20, seen: T(i, i % 2 === 0 ? 2 : 20), dark: i % 3 === 0 ? 600 : 0 })),
    ent('binary_sensor.guest', 10, { count: 1, at: 8, seen: T(10, 20), darkSince: T(10, 20) }),
    ...range(3, 11).map((i) => ent('binary_sensor.guest', i, { count: 0, seen: T(10, 20), darkSince: T(10, 20) })),
    ent('binary_sensor.guest', 14, { count: 1, at: 22, seen: T(14, 22), dark: 98 * 3600 }),
  ];

  it('finds a sensor unavailable far beyond its dropouts, though not beyond four times its longest silence', () => {
    const found = findAnomalies(v1(outage()), K.slice(10, 15), calendar, S.anomaly);
    assert.deepEqual(found.map((f) => [line(f), f.episode?.phase, f.episode?.startDay]), [[`${K[14]} binary_sensor.guest silent`, 'end', K[10]]]);
    const [f] = found;
    // its longest outage 10 min: news at 4 × that, at least 24 h, by the end of day 11 (28 h)
    assert.deepEqual(f!.usual, { longest_hours: 0.2, threshold_hours: 24 });
    assert.deepEqual(f!.observed, { since: T(10, 20), from: `${K[10]} 20:00`, hours: 76, state: 'unavailable' });
    assert.equal(f!.surprise, Math.round(Math.log10((76 * H) / 600_000) * 100) / 100);
    // as known on day 11 (28 h) it has started; on day 10 (4 h) it is nothing yet
    const upTo = (i: number) => v1(outage().filter((r) => r.period <= K[i]!));
    assert.deepEqual(findAnomalies(upTo(11), [K[11]!], calendar, S.anomaly).map((x) => [line(x), x.episode?.phase]), [[`${K[11]} binary_sensor.guest silent`, 'start']]);
    assert.deepEqual(findAnomalies(upTo(10), [K[10]!], calendar, S.anomaly), []);
    // the same days without HA's word: four times 22 h is more than the 76 h it lasted by day 13's end
    const unsaid = v1(outage()).map((r) => ({ ...r, fields: Object.fromEntries(Object.entries(r.fields).filter(([k]) => k !== 'dark_since' && k !== 'longest_dark_seconds')) }));
    assert.deepEqual(findAnomalies(unsaid, K.slice(10, 15), calendar, S.anomaly).map(line), []);
  });

  it('tells a silence by the last event and an outage apart, and reports one that is both once', () => {
    // heard from every day until 23:00; unheard (no word of an outage) from day 10 23:00 until day 14;
    // then it says unavailable at 20:00 on day 17 and comes back on day 19
    const K2 = dayKeys('2026-09-01', 25);
    const T2 = (i: number, h: number) => calendar.day(K2[i]!).start + h * H;
    const e = (i: number, f: { count: number; seen: number; dark?: number; darkSince?: number }) => ({
      measurement: 'anomaly_daily', period: K2[i]!, time: calendar.day(K2[i]!).start, tags: { entity_id: 'binary_sensor.hall' },
      fields: { count: f.count, hours: JSON.stringify(range(24).map((h) => (h === 12 && f.count > 0 ? f.count : 0))), on_seconds: 0, longest_on_seconds: 0, seen: f.seen, ...(f.dark === undefined ? {} : { longest_dark_seconds: f.dark }), ...(f.darkSince === undefined ? {} : { dark_since: f.darkSince }) },
    });
    const rows = [
      ...range(11).map((i) => e(i, { count: 5, seen: T2(i, 23) })),
      ...range(3, 11).map((i) => e(i, { count: 0, seen: T2(10, 23) })),
      ...range(3, 14).map((i) => e(i, { count: 5, seen: T2(i, 23) })),
      e(17, { count: 5, seen: T2(17, 20), darkSince: T2(17, 20) }),
      e(18, { count: 0, seen: T2(17, 20), darkSince: T2(17, 20) }),
      ...range(6, 19).map((i) => e(i, { count: 5, seen: T2(i, 23), ...(i === 19 ? { dark: 40 * 3600 } : {}) })),
    ];
    const found = findAnomalies(v1(rows), K2, calendar, S.anomaly).filter((f) => f.kind === 'silent');
    assert.deepEqual(found.map((f) => [f.day, f.episode?.startDay, f.observed['state'] ?? null]), [[K2[14], K2[10], null], [K2[19], K2[17], 'unavailable']]);
    // heard from until 23:00 every day before, unavailable from day 9 20:00 to day 12: silent by both
    // counts, one episode, HA's word kept
    const porch = rows.filter((r) => r.period <= K2[12]!).map((r) => {
      const i = K2.indexOf(r.period);
      const f = i < 9 ? { count: 5, seen: T2(i, 23) } : i < 12 ? { count: i === 9 ? 5 : 0, seen: T2(9, 20), darkSince: T2(9, 20) } : { count: 5, seen: T2(12, 23), dark: 60 * 3600 };
      return { ...e(i, f), tags: { entity_id: 'binary_sensor.porch' } };
    });
    const both = findAnomalies(v1(porch), K2.slice(0, 13), calendar, S.anomaly).filter((f) => f.kind === 'silent');
    assert.deepEqual(both.map((f) => [f.day, f.episode?.startDay, f.observed['state'] ?? null]), [[K2[12], K2[9], 'unavailable']]);
  });

  const busyHome = (i: number) => rec(i, { scope: 'home' }, { home_hours: JSON.stringify(range(24).map((h) => (h >= 7 && h < 23 ? 10 : 1))) });
  const hoursOf = (i: number, f: (h: number) => number) => rec(i, { scope: 'home' }, { home_hours: JSON.stringify(range(24).map(f)) });
  // away from 08:00 on day 10 until `back` on day 11; the hall's motion sensor, used 10 times a day, not used on days 10 and 11
  const away = (back: number) => [
    ...range(10).map(busyHome),
    hoursOf(10, (h) => (h < 7 ? 1 : h < 8 ? 10 : 0)),
    hoursOf(11, (h) => (h < back ? 0 : 10)),
    busyHome(12),
    ...range(13).map((i) => ent('binary_sensor.hall', i, { count: i === 10 || i === 11 ? 0 : 10, seen: T(i, 18) })),
    ...range(13).map((i) => ent('switch.kettle', i, { count: i === 11 ? 50 : 5, seen: T(i, 18) })),
  ];

  it('does not count few uses on a day with three hours of the home’s quiet known by its end', () => {
    const at3 = findAnomalies(v1(away(3)), K.slice(10, 13), calendar, S.anomaly);
    assert.deepEqual(at3.map(line), [`${K[11]} home home_quiet`, `${K[11]} switch.kettle count_high`], 'many uses are news on a quiet day');
    assert.deepEqual(findAnomalies(v1(away(3).reverse()), K.slice(10, 13), calendar, S.anomaly), at3, 'the home’s days are sorted');
    const home = at3[0]!;
    assert.deepEqual(home.observed, { since: T(10, 8), until: T(11, 3), from: `${K[10]} 08:00`, to: `${K[11]} 03:00`, quiet_hours: 19 });
    assert.deepEqual(home.episode, { startDay: K[10], phase: 'end' });
    // back at 02:00: two hours of quiet on day 11 are not an absence
    assert.deepEqual(findAnomalies(v1(away(2)), K.slice(10, 13), calendar, S.anomaly).map(line), [`${K[11]} binary_sensor.hall count_low`, `${K[11]} home home_quiet`, `${K[11]} switch.kettle count_high`]);
    // a finding is reported only on its own day
    assert.deepEqual(findAnomalies(v1(away(3)), [K[12]!], calendar, S.anomaly), []);
  });

  it('folds a use at a new hour into the absence when it is the household leaving or coming back', () => {
    // away from 08:00 on day 16 until 03:00 on day 17; person.x is used at 18:00 every day before
    const records = (at: number, day = 17) => [
      ...range(16).map(busyHome),
      hoursOf(16, (h) => (h < 7 ? 1 : h < 8 ? 10 : 0)),
      hoursOf(17, (h) => (h < 3 ? 0 : 10)),
      ...range(16).map((i) => ent('person.x', i, { count: 1, at: 18, seen: T(i, 18) })),
      ent('person.x', 16, { count: day === 16 ? 1 : 0, at, seen: T(16, day === 16 ? at : 7) }),
      ent('person.x', 17, { count: day === 17 ? 1 : 0, at, seen: T(17, day === 17 ? at : 7) }),
    ];
    const lines = (r: AggregateRecord[], d: number) => findAnomalies(v1(r), [K[d]!], calendar, S.anomaly).map(line);
    assert.deepEqual(lines(records(3), 17), [`${K[17]} home home_quiet`], 'coming back at 03:00 is the absence’s end, told once');
    assert.deepEqual(lines(records(4), 17), [`${K[17]} home home_quiet`], 'a passage takes minutes: the hour after its end too');
    assert.deepEqual(lines(records(5), 17), [`${K[17]} home home_quiet`, `${K[17]} person.x hour`], 'two hours later it is news of its own');
    assert.deepEqual(lines(records(1), 17), [`${K[17]} home home_quiet`, `${K[17]} person.x hour`], 'before they came back');
    // the absence is reported on the day it ended; the day it began knows it by its end
    assert.deepEqual(lines(records(7, 16), 16), [], 'leaving, in the hour before the quiet starts');
    assert.deepEqual(lines(records(10, 16), 16), [`${K[16]} person.x hour`]);
  });

  it('counts a quiet evening against a day only once the absence is news by its end', () => {
    const records = [
      ...range(10).map(busyHome),
      hoursOf(10, (h) => (h < 7 ? 1 : h < 20 ? 10 : 0)),
      hoursOf(11, (h) => (h < 12 ? 0 : 10)),
      ...range(12).map((i) => ent('binary_sensor.hall', i, { count: i >= 10 ? 0 : 10, seen: T(i, 18) })),
    ];
    assert.deepEqual(findAnomalies(v1(records), K.slice(10, 12), calendar, S.anomaly).map(line), [`${K[10]} binary_sensor.hall count_low`, `${K[11]} home home_quiet`]);
  });

  it('reports an absence still under way as ongoing, with no end', () => {
    const records = [...range(10).map(busyHome), hoursOf(10, (h) => (h < 8 ? (h < 7 ? 1 : 10) : 0)), hoursOf(11, () => 0)];
    const [home] = findAnomalies(v1(records), [K[11]!], calendar, S.anomaly);
    assert.deepEqual([home!.day, home!.episode, home!.observed['until'], home!.observed['to'], home!.observed['quiet_hours']], [K[11], { startDay: K[10], phase: 'ongoing' }, null, null, 40]);
  });
});
