import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { windowOf } from '../jobs/group-a.js';
import type { PatternUpsert } from '../storage/types.js';
import { HomeBuilder, calendar, dayKeys } from '../testing/home.js';
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
