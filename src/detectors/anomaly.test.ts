import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { windowFrom, windowOf } from '../jobs/group-a.js';
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import { calendar } from '../testing/home.js';
import { type MessyHome, messyHome, PLANTS } from '../testing/messy-home.js';
import { scanDay } from './activity.js';
import { anomaly, findAnomalies } from './anomaly.js';
import { summarizeDayFacts } from './day-facts.js';
import type { Finding } from './anomaly/finding.js';
import { describeAnomaly, recentAnomalies } from './describe.js';
import { DEFAULT_DETECTOR_SETTINGS as S } from './settings.js';
import { carriedFromEvents } from './activity.js';

/** The anomaly detector's Layer 2 records of a home, day by day as the daily job writes them. */
const memo = new Map<string, { home: MessyHome; records: AggregateRecord[] }>();
function summarized(seed: number, plant: boolean) {
  const id = `${seed}:${plant}`;
  let hit = memo.get(id);
  if (hit === undefined) {
    const home = messyHome(seed, 42, plant);
    const records: AggregateRecord[] = [];
    let carried = carriedFromEvents(new Map());
    for (const key of home.days) {
      const day = calendar.day(key);
      const activity = scanDay({ day, calendar, events: home.events.filter((e) => e.time >= day.start && e.time < day.end), lookbackStart: day.start, carried });
      carried = new Map(activity.carryOut);
      records.push(...summarizeDayFacts(activity), ...anomaly.summarize(activity, S, []));
    }
    memo.set(id, (hit = { home, records }));
  }
  return hit;
}

const findingsOf = (seed: number, plant: boolean) => {
  const { home, records } = summarized(seed, plant);
  return { home, findings: findAnomalies(records, home.days, calendar, S.anomaly) };
};

/** A finding that is not about a planted anomaly's entity within its days is a false alarm. */
const isPlanted = (home: MessyHome, f: Finding) => home.planted.some((p) => p.deviceId === f.deviceId && p.days.includes(f.day));

describe('anomaly in a messy home', () => {
  it('finds every planted anomaly, with the kind the eval matches on', () => {
    for (const seed of [1, 9]) {
      const { home, findings } = findingsOf(seed, true);
      for (const p of home.planted) {
        const hit = findings.find((f) => f.kind === p.kind && f.deviceId === p.deviceId && p.days.includes(f.day));
        assert.ok(hit !== undefined, `seed ${seed}: ${p.kind} ${p.deviceId} on ${p.days.join(',')} not among ${findings.map((f) => `${f.day} ${f.kind} ${f.deviceId}`).join('; ')}`);
      }
      const away = findings.find((f) => f.kind === 'home_quiet')!;
      assert.deepEqual(away.episode, { startDay: home.days[PLANTS.awayFrom], phase: 'end' });
      assert.equal(away.day, home.days[PLANTS.awayTo]);
      assert.equal(away.observed['quiet_hours'], 45);
      assert.equal(away.observed['from'], `${home.days[PLANTS.awayFrom]} 14:00`);
      const door = findings.find((f) => f.kind === 'stuck')!;
      assert.deepEqual([door.episode, door.day], [{ startDay: home.days[PLANTS.doorOpenFrom], phase: 'end' }, home.days[PLANTS.doorOpenTo]]);
      const garage = findings.find((f) => f.kind === 'silent')!;
      assert.deepEqual([garage.episode?.startDay, garage.episode?.phase, garage.day], [home.days[PLANTS.garageFrom], 'end', home.days[PLANTS.garageTo]]);
      const kettle = findings.find((f) => f.kind === 'count_high')!;
      assert.equal(kettle.observed['count'], 50);
      assert.ok(kettle.surprise > 6 && (kettle.usual['high'] as number) <= 7, JSON.stringify(kettle));
    }
  });

  it('stays within the false-alarm budget: at most 0.5 per home-week', () => {
    let falseAlarms = 0;
    let weeks = 0;
    const seen: string[] = [];
    for (const [seed, plant] of [[1, true], [2, false], [3, false], [4, false], [9, true]] as const) {
      const { home, findings } = findingsOf(seed, plant);
      // weeks a baseline exists for: after the first 7 days
      weeks += (home.days.length - S.anomaly.minBaselineDays) / 7;
      for (const f of findings.filter((x) => !isPlanted(home, x))) {
        falseAlarms++;
        seen.push(`${seed} ${f.day} ${f.kind} ${f.deviceId}`);
      }
    }
    assert.ok(falseAlarms / weeks <= 0.5, `${falseAlarms} false in ${weeks} home-weeks: ${seen.join('; ')}`);
  });

  it('does not report the printer plug toggling at 3:00, nor the sunset light across the clock change', () => {
    const { home, records, } = summarized(2, false);
    const light = records.filter((r) => r.measurement === 'activity_daily' && r.tags['entity_id'] === 'light.sunset').map((r) => JSON.parse(String(r.fields['hours'])) as number[]);
    const onHour = (i: number) => light[i]!.findIndex((n) => n > 0);
    // the light comes on an hour earlier by the clock after 25 Oct (day 24): the test could fail
    assert.equal(home.days[24], '2026-10-25');
    assert.ok(onHour(23) - onHour(25) >= 1, `${onHour(23)} → ${onHour(25)}`);
    for (const seed of [2, 3, 4]) {
      const { findings } = findingsOf(seed, false);
      assert.deepEqual(findings.filter((f) => f.deviceId === 'switch.printer_plug' || f.deviceId === 'light.sunset'), []);
    }
    const printer = records.filter((r) => r.measurement === 'activity_daily' && r.tags['entity_id'] === 'switch.printer_plug').reduce((n, r) => n + (JSON.parse(String(r.fields['hours'])) as number[])[3]!, 0);
    assert.ok(printer > 42, `the printer is noisy at 3:00 (${printer})`);
  });

  it('reports an episode once, keyed by its start, as it unfolds: start, ongoing, end', () => {
    const { home, records } = summarized(1, true);
    const phases = new Map<string, string[]>();
    for (let k = 0; k < home.days.length; k++) {
      const upTo = records.filter((r) => r.period <= home.days[k]!);
      for (const p of anomaly.derive(windowFrom(upTo, calendar, home.days[k]!, S), S)) {
        if (p.metadata['phase'] === undefined) continue;
        const id = `${p.deviceId} ${p.key}`;
        phases.set(id, [...(phases.get(id) ?? []), `${p.metadata['day']} ${p.metadata['phase']}`]);
      }
    }
    const d = (i: number) => home.days[i]!;
    assert.deepEqual(phases.get(`home ${d(PLANTS.awayFrom)}:home_quiet`), [`${d(PLANTS.awayFrom)} start`, `${d(PLANTS.awayFrom + 1)} ongoing`, `${d(PLANTS.awayTo)} end`]);
    const door = phases.get(`binary_sensor.back_door ${d(PLANTS.doorOpenFrom)}:stuck`)!;
    assert.equal(door[0], `${d(PLANTS.doorOpenFrom + 1)} start`);
    assert.deepEqual(door.slice(1, -1), [2, 3, 4, 5, 6].slice(0, PLANTS.doorOpenTo - PLANTS.doorOpenFrom - 2).map((i) => `${d(PLANTS.doorOpenFrom + i)} ongoing`));
    assert.equal(door.at(-1), `${d(PLANTS.doorOpenTo)} end`);
    const garage = phases.get(`binary_sensor.garage_motion ${d(PLANTS.garageFrom)}:silent`)!;
    assert.equal(garage[0]!.endsWith('start'), true);
    assert.equal(garage.at(-1), `${d(PLANTS.garageTo)} end`);
    assert.equal(phases.size, 3, [...phases.keys()].join('; '));
  });

  it('incremental equals full: daily windows with their look-back give the patterns of one pass, and find the plants', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 9), fc.integer({ min: 3, max: 30 }), (seed, windowDays) => {
        const { home, records } = summarized(seed, true);
        const settings = { ...S, windowDays };
        const daily = new Map<string, PatternUpsert>();
        for (let k = 0; k < home.days.length; k++) {
          const first = home.days[Math.max(0, k - windowDays + 1)]!;
          const upTo = records.filter((r) => r.period <= home.days[k]!);
          for (const p of anomaly.derive(windowFrom(upTo, calendar, first, settings), settings)) daily.set(`${p.deviceId} ${p.key}`, p);
        }
        const full = anomaly.derive(windowOf(records, calendar), settings);
        const byKey = (ps: Iterable<PatternUpsert>) => [...ps].map((p) => JSON.stringify(p)).sort();
        assert.deepEqual(byKey(daily.values()), byKey(full));
        const kinds = new Set(full.map((p) => p.metadata['kind']));
        for (const kind of ['count_high', 'count_low', 'hour', 'home_quiet', 'stuck', 'silent']) assert.ok(kinds.has(kind), kind);
      }),
      { numRuns: 3 },
    );
  });
});

describe('anomaly sentences and the recent list', () => {
  it('says why, with what is usual', () => {
    assert.equal(describeAnomaly('switch.kettle', { kind: 'count_high', day: '2026-10-14', usual: { low: 4, high: 7 }, observed: { count: 49 } }), '49 uses of switch.kettle on Wednesday 14 Oct; usually 4–7');
    assert.equal(describeAnomaly('binary_sensor.hall', { kind: 'count_low', day: '2026-10-15', usual: { low: 55, high: 76 }, observed: { count: 1 } }), '1 use of binary_sensor.hall on Thursday 15 Oct; usually 55–76');
    assert.equal(
      describeAnomaly('switch.kettle', { kind: 'hour', day: '2026-10-31', usual: { hours: [7, 8, 17], margin_hours: 2, days: 28 }, observed: { hours: [2] } }),
      'switch.kettle came on at 2:00 on Saturday 31 Oct; never within 2 h of that in 28 days (usually 7:00, 8:00, 17:00)',
    );
    assert.equal(describeAnomaly('fan.bath', { kind: 'duration', day: '2026-10-01', usual: { low_seconds: 600, high_seconds: 1200 }, observed: { on_seconds: 4 * 3600 } }), 'fan.bath was on for 4.0 h on Thursday 1 Oct; usually 10 min–20 min');
    assert.equal(
      describeAnomaly('home', { kind: 'home_quiet', day: '2016-07-16', phase: 'end', start_day: '2016-07-13', usual: {}, observed: { from: '2016-07-13 08:00', to: '2016-07-16 18:00', quiet_hours: 82 } }),
      'The home was far quieter than usual from Wednesday 13 Jul 08:00 to Saturday 16 Jul 18:00 (82 h); it is active again',
    );
    assert.equal(describeAnomaly('home', { kind: 'home_quiet', day: '2016-07-14', phase: 'ongoing', observed: { from: '2016-07-13 08:00', quiet_hours: 40 } }), 'The home has been far quieter than usual since Wednesday 13 Jul 08:00 (40 h so far)');
    assert.equal(
      describeAnomaly('binary_sensor.door', { kind: 'stuck', day: '2026-10-17', phase: 'ongoing', usual: { longest_hours: 0.1 }, observed: { from: '2026-10-15 10:00', hours: 62 } }),
      'binary_sensor.door has been on since Thursday 15 Oct 10:00 (62 h); its longest before was 0 h',
    );
    assert.equal(
      describeAnomaly('binary_sensor.door', { kind: 'stuck', day: '2026-10-22', phase: 'end', usual: { longest_hours: 2 }, observed: { from: '2026-10-15 10:00', hours: 160 } }),
      'binary_sensor.door was on from Thursday 15 Oct 10:00 until Thursday 22 Oct; its longest before was 2 h',
    );
    assert.equal(
      describeAnomaly('binary_sensor.garage', { kind: 'silent', day: '2026-11-08', phase: 'start', usual: { longest_hours: 6 }, observed: { from: '2026-11-06 12:00', hours: 60 } }),
      'binary_sensor.garage has been silent since Friday 6 Nov 12:00 (60 h); its longest silence before was 6 h',
    );
    assert.equal(
      describeAnomaly('binary_sensor.garage', { kind: 'silent', day: '2026-11-10', phase: 'end', usual: { longest_hours: 6 }, observed: { from: '2026-11-06 12:00', hours: 96 } }),
      'binary_sensor.garage was silent from Friday 6 Nov 12:00 until Tuesday 10 Nov; its longest silence before was 6 h',
    );
  });

  it('lists recent anomalies newest day first, most surprising first within a day', () => {
    const row = (day: string, surprise: unknown, type = 'anomaly') => ({ pattern_type: type, pattern_metadata: { day, surprise } });
    const rows = [row('2026-10-01', 9), row('2026-10-03', 4), row('2026-10-03', 12), row('2026-09-20', 50), row('2026-10-02', 5, 'time_based'), row('2026-10-02', undefined)];
    assert.deepEqual(recentAnomalies(rows, '2026-10-01').map((r) => [r.pattern_metadata.day, r.pattern_metadata.surprise]), [['2026-10-03', 12], ['2026-10-03', 4], ['2026-10-01', 9]]);
  });
});
