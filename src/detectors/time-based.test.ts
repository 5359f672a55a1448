import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { windowOf } from '../jobs/group-a.js';
import type { PatternUpsert } from '../storage/types.js';
import { HomeBuilder, at, calendar, dayKeys } from '../testing/home.js';
import { motionSensor, pulses, randomAppliance, seeded, summarizeOnly, normal } from '../testing/routines.js';
import { circularDistance } from './circular.js';
import { describePattern } from './describe.js';
import { DEFAULT_DETECTOR_SETTINGS, type DetectorSettings } from './settings.js';
import { timeBased } from './time-based.js';

const DAYS = dayKeys('2026-09-01', 30);
const MEALS = [8 * 60 + 40, 12 * 60 + 12, 18 * 60 + 3];

function routines(home: HomeBuilder, tweak: Partial<DetectorSettings['timeBased']> = {}): PatternUpsert[] {
  const settings = { ...DEFAULT_DETECTOR_SETTINGS, timeBased: { ...DEFAULT_DETECTOR_SETTINGS.timeBased, ...tweak } };
  const records = summarizeOnly(timeBased, home.build(), DAYS, settings);
  return timeBased.derive(windowOf(records, calendar), settings);
}

const sentence = (p: PatternUpsert) => describePattern({ pattern_type: p.patternType, device_id: p.deviceId, pattern_metadata: p.metadata, confidence: p.confidence, occurrences: p.occurrences });
const minuteOf = (p: PatternUpsert) => p.metadata['typical_minute'] as number;

function kitchen(seed: number, peaks: readonly number[], backgroundPerDay = 20): HomeBuilder {
  return motionSensor(new HomeBuilder(), DAYS, { entityId: 'binary_sensor.kitchen_motion', backgroundPerDay, peaks, peakShare: 0.85, perPeak: [3, 5], jitter: 6 }, seeded(seed));
}

/** A light switched on once around `minute` on the days `on` says. */
function oneRoutine(minute: number, on: (day: string, i: number) => boolean, seed = 7): HomeBuilder {
  const random = seeded(seed);
  const home = new HomeBuilder();
  DAYS.forEach((d, i) => {
    if (on(d, i)) pulses(home, 'light.hall', d, [minute + 4 * normal(random)]);
  });
  return home;
}

describe('time-based: daily peaks of entities that fire all day', () => {
  // more seeds and backgrounds in src/jobs/routines-incremental.test.ts; these stay fast for mutation runs
  for (const seed of [1, 2]) {
    it(`finds the three meal peaks of a kitchen motion sensor firing all day (seed ${seed})`, () => {
      const found = routines(kitchen(seed, MEALS));
      assert.equal(found.length, 3, found.map(sentence).join('\n'));
      for (const meal of MEALS) assert.ok(found.some((p) => circularDistance(minuteOf(p), meal) <= 15), `no peak near ${meal}: ${found.map(sentence).join('; ')}`);
      for (const p of found) {
        assert.equal(p.deviceId, 'binary_sensor.kitchen_motion');
        assert.ok((p.metadata['days_matched'] as number) >= 24, sentence(p));
        assert.ok((p.metadata['lift'] as number) >= 3);
      }
    });
  }

  it('finds a peak 36 minutes from another one (leaving at 08:04, breakfast at 08:40)', () => {
    const found = routines(kitchen(4, [8 * 60 + 4, 8 * 60 + 40]));
    assert.deepEqual(found.map((p) => Math.round(minuteOf(p) / 10) * 10).sort(), [480, 520]);
  });

  for (const seed of [5, 6]) {
    it(`finds nothing on the same sensor without peaks (seed ${seed})`, () => {
      assert.deepEqual(routines(kitchen(seed, [], 20)).map(sentence), []);
      assert.deepEqual(routines(kitchen(seed, [], 60)).map(sentence), []);
    });

    it(`finds nothing for a kettle used 1–3 times a day at random times (seed ${seed})`, () => {
      assert.deepEqual(routines(randomAppliance(new HomeBuilder(), DAYS, 'switch.kettle', seeded(seed))).map(sentence), []);
    });
  }

  it('keeps each peak under a key that is its time rounded to ten minutes', () => {
    const found = routines(kitchen(1, MEALS));
    for (const p of found) {
      const rounded = Math.round(minuteOf(p) / 10) * 10;
      assert.equal(p.key, `activation@${String(Math.floor(rounded / 60)).padStart(2, '0')}:${String(rounded % 60).padStart(2, '0')}`);
    }
  });

  it('reports at most the configured number of peaks, the strongest first', () => {
    const found = routines(kitchen(1, MEALS), { maxRoutinesPerEntity: 2 });
    assert.equal(found.length, 2);
  });
});

describe('time-based: honest frequency words', () => {
  it('says "every day" for a routine on 28 of 30 days, with its share as confidence', () => {
    const [p, ...rest] = routines(oneRoutine(7 * 60 + 30, (_, i) => i % 15 !== 3));
    assert.equal(rest.length, 0);
    assert.equal(p!.metadata['day_type'], 'all');
    assert.equal(p!.confidence, round4(28 / 30));
    assert.match(sentence(p!), /^light\.hall turns on around 07:(2\d|3[0-5]) every day \(±\d+ min; 28 of 30 days\)$/);
  });

  it('says "on 16 of 30 days" for a routine on 16 of 30 days, never "every day", and ranks it lower', () => {
    // spread over the month (an entity silent for six days is no longer observed)
    const [p, ...rest] = routines(oneRoutine(7 * 60 + 30, (_, i) => (i * 7) % 30 < 16));
    assert.equal(rest.length, 0);
    assert.equal(p!.metadata['day_type'], 'some');
    assert.equal(p!.metadata['days_matched'], 16);
    assert.equal(p!.confidence, round4(16 / 30));
    assert.ok(p!.confidence < DEFAULT_DETECTOR_SETTINGS.timeBased.wordShare);
    assert.match(sentence(p!), /on 16 of 30 days/);
    assert.doesNotMatch(sentence(p!), /every day|weekdays|weekends/);
  });

  it('says "on weekdays" for a routine on every weekday and no weekend day', () => {
    const [p] = routines(oneRoutine(6 * 60 + 45, (d) => calendar.weekday(d) <= 5));
    assert.equal(p!.metadata['day_type'], 'weekdays');
    assert.deepEqual(p!.metadata['weekday_mask'], [1, 2, 3, 4, 5]);
    assert.equal(p!.confidence, 1);
    assert.match(sentence(p!), / on weekdays \(±\d+ min; 22 of 22 days\)$/);
  });

  it('says "at weekends" for a weekend routine', () => {
    const [p] = routines(oneRoutine(9 * 60, (d) => calendar.weekday(d) >= 6));
    assert.equal(p!.metadata['day_type'], 'weekends');
    assert.match(sentence(p!), / at weekends \(±\d+ min; 8 of 8 days\)$/);
  });

  it('does not say "on weekdays" when the routine misses a third of them', () => {
    let weekday = 0;
    const [p] = routines(oneRoutine(6 * 60 + 45, (d) => calendar.weekday(d) <= 5 && weekday++ % 3 !== 1));
    assert.equal(p!.metadata['day_type'], 'some');
    assert.match(sentence(p!), /on 15 of 30 days/);
  });

  it('follows the configured share for the words', () => {
    const [p] = routines(oneRoutine(7 * 60 + 30, (_, i) => i % 15 !== 3), { wordShare: 0.95 });
    assert.equal(p!.metadata['day_type'], 'some');
    assert.match(sentence(p!), /on 28 of 30 days/);
  });
});

describe('time-based: every gate is a setting that holds', () => {
  // every other day: 15 of 30 days, 11 of 22 weekdays, 4 of 8 weekend days (all exactly half)
  const light = () => oneRoutine(7 * 60 + 30, (_, i) => i % 2 === 0);
  it('reports a routine below the configured share of days no more', () => {
    assert.equal(routines(light()).length, 1);
    assert.equal(routines(light(), { minConfidence: 0.51 }).length, 0);
  });
  it('needs the configured number of days', () => {
    assert.equal(routines(light(), { minDays: 15 }).length, 1);
    assert.equal(routines(light(), { minDays: 16 }).length, 0);
  });
  it('needs the configured lift and significance', () => {
    const [p] = routines(light());
    const lift = Math.min(p!.metadata['lift'] as number, p!.metadata['day_lift'] as number);
    assert.equal(routines(light(), { minLift: lift * 0.99 }).length, 1);
    assert.equal(routines(light(), { minLift: lift * 1.01 }).length, 0);
    const pValue = p!.metadata['p_value'] as number;
    assert.ok(pValue > 0 && pValue < 1e-6, String(pValue));
    assert.equal(routines(light(), { maxPValue: pValue * 1.01 }).length, 1);
    assert.equal(routines(light(), { maxPValue: pValue * 0.99 }).length, 0);
  });
  it('needs a spread within the configured one', () => {
    const [p] = routines(light());
    const spread = p!.metadata['spread_minutes'] as number;
    assert.ok(spread > 1 && spread < 10, String(spread));
    assert.equal(routines(light(), { maxSpreadMinutes: spread + 0.5 }).length, 1);
    assert.equal(routines(light(), { maxSpreadMinutes: spread - 0.5 }).length, 0);
  });
  it('finds a lone routine from five days, not from four', () => {
    assert.equal(routines(oneRoutine(20 * 60, (_, i) => i < 5), { minConfidence: 0 }).length, 1);
    assert.equal(routines(oneRoutine(20 * 60, (_, i) => i < 4), { minConfidence: 0 }).length, 0);
  });
});

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

describe('time-based: records and pattern fields', () => {
  it('keeps the day\'s activations only (not the look-back), their count, first minute and name', () => {
    const home = new HomeBuilder().area('light.hall', 'hall');
    home.set('light.hall', at(DAYS[0]!, '23:58'), 'on', { friendly_name: 'Hall' }).set('light.hall', at(DAYS[0]!, '23:59'), 'off');
    pulses(home, 'light.hall', DAYS[1]!, [7 * 60, 8 * 60]);
    const records = summarizeOnly(timeBased, home.build(), DAYS.slice(0, 3), DEFAULT_DETECTOR_SETTINGS);
    assert.deepEqual(records.map((r) => [r.measurement, r.period, r.tags['entity_id'], r.tags['area_id'], r.fields['count'], r.fields['first_minute'], r.fields['minutes'], r.fields['name']]), [
      ['time_based_daily', DAYS[0], 'light.hall', 'hall', 1, 1438, '[1438]', 'Hall'],
      ['time_based_daily', DAYS[1], 'light.hall', 'hall', 2, 420, '[420,480]', 'Hall'],
      ['time_based_daily', DAYS[2], 'light.hall', 'hall', 0, -1, '[]', 'Hall'],
    ]);
  });

  it('fills the pattern with its evidence', () => {
    const home = new HomeBuilder().area('light.hall', 'hall');
    DAYS.forEach((d, i) => {
      if ((i * 7) % 30 < 16) pulses(home, 'light.hall', d, [7 * 60 + 30 + (i % 3)]);
    });
    const [p] = routines(home);
    const matched = DAYS.filter((_, i) => (i * 7) % 30 < 16);
    assert.equal(p!.patternType, 'time_based');
    assert.equal(p!.areaId, 'hall');
    assert.equal(p!.key, 'activation@07:30');
    assert.equal(p!.occurrences, 16);
    assert.equal(p!.lastSeen, calendar.day(matched.at(-1)!).start);
    const m = p!.metadata;
    assert.equal(m['entity_id'], 'light.hall');
    assert.equal(m['name'], 'light.hall');
    assert.equal(m['days_observed'], 30);
    assert.equal(m['first_day'], DAYS[0]);
    assert.equal(m['last_day'], DAYS[29]);
    assert.equal(m['activations_total'], 16);
    assert.deepEqual(m['weekday_mask'], [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual([m['mask_days_matched'], m['mask_days_observed']], [16, 30]);
    assert.deepEqual((m['daily_times'] as { day: string }[]).map((t) => t.day), matched);
    const weekdays = m['weekdays'] as Record<string, [number, number]>;
    assert.deepEqual(Object.values(weekdays).reduce((a, [x, y]) => [a[0] + x, a[1] + y], [0, 0]), [16, 30]);
    assert.equal(weekdays['2']![1], 5, 'five Tuesdays in September 2026');
  });

  it('keys a routine around midnight 00:00, not 24:00', () => {
    const home = new HomeBuilder();
    DAYS.forEach((d, i) => pulses(home, 'light.porch', d, [i % 2 === 0 ? 1438 : 1]));
    const [p] = routines(home);
    assert.equal(p!.key, 'activation@00:00');
  });

  it('needs a weekday reading to beat the every-day one by a margin before it is told "on weekdays"', () => {
    // every weekday and 5 of 8 weekend days: 27 of 30 days is "every day" already
    let weekendDays = 0;
    const [p] = routines(oneRoutine(7 * 60, (d) => calendar.weekday(d) <= 5 || weekendDays++ < 5));
    assert.equal(p!.metadata['day_type'], 'all');
    // 20 of 22 weekdays, no weekend day: weekdays (0.91) beat every day (0.67) by more than the margin
    let n = 0;
    const [q] = routines(oneRoutine(7 * 60, (d) => calendar.weekday(d) <= 5 && n++ % 11 !== 5));
    assert.equal(q!.metadata['day_type'], 'weekdays');
    assert.deepEqual([q!.metadata['mask_days_matched'], q!.metadata['mask_days_observed']], [20, 22]);
    // 19 of 22 weekdays (0.86) and 4 of 8 weekend days: every day is 0.77, within the margin, and below 0.8
    let w = 0;
    let e = 0;
    const [r] = routines(oneRoutine(7 * 60, (d) => (calendar.weekday(d) <= 5 ? w++ % 7 !== 3 : e++ % 2 === 0)));
    assert.deepEqual([r!.metadata['day_type'], r!.metadata['days_matched']], ['some', 23]);
  });
});

