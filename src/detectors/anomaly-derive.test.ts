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
import { anomaly } from './anomaly.js';
import { DEFAULT_DETECTOR_SETTINGS as S } from './settings.js';

function summarize(events: ReturnType<HomeBuilder['build']>, days: readonly string[]): AggregateRecord[] {
  const records: AggregateRecord[] = [];
  let carried = carriedFromEvents(new Map());
  for (const key of days) {
    const day = calendar.day(key);
    const activity = scanDay({ day, calendar, events: events.filter((e) => e.time >= day.start && e.time < day.end), lookbackStart: day.start, carried });
    carried = new Map(activity.carryOut);
    records.push(...anomaly.summarize(activity, S, []));
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
    const [first, home1, second, fan, home2] = summarize(b.build(), days);
    assert.deepEqual(first!.tags, { entity_id: 'light.hall', area_id: 'hall' });
    assert.equal(first!.fields['count'], 3);
    assert.equal(first!.fields['on_seconds'], 600 + 1200 + 2 * 3600);
    assert.equal(first!.fields['longest_on_seconds'], 1200);
    assert.equal(first!.fields['on_since'], at(days[0]!, '22:00'));
    assert.equal(first!.fields['seen'], at(days[0]!, '22:00'));
    assert.equal(JSON.parse(String(first!.fields['hours']))[7], 2);
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
    // and what a planted one causes before its episode is news: the door's first day open is a long
    // on-time, the garage's first silent days have no uses
    assert.deepEqual(patterns.map((p) => `${p.metadata['day']} ${p.metadata['kind']} ${p.deviceId}`), [
      `${d(PLANTS.doorOpenFrom)} duration binary_sensor.back_door`,
      `${d(PLANTS.kettleBusy)} count_high switch.kettle`,
      `${d(PLANTS.kettleBusy)} duration switch.kettle`,
      `${d(PLANTS.doorOpenTo)} stuck binary_sensor.back_door`,
      `${d(PLANTS.hallQuiet)} count_low binary_sensor.hall_motion`,
      `${d(PLANTS.kettleAtNight)} hour switch.kettle`,
      `${d(PLANTS.awayTo)} home_quiet home`,
      `${d(PLANTS.garageFrom + 1)} count_low binary_sensor.garage_motion`,
      `${d(PLANTS.garageFrom + 2)} count_low binary_sensor.garage_motion`,
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
