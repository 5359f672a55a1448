import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AggregateRecord } from '../storage/types.js';
import { calendar } from '../testing/home.js';
import { CONTEXT_DAILY } from './contextual.js';
import { describePattern } from './describe.js';
import { add, type Histogram } from './histogram.js';
import { seasonal } from './seasonal.js';
import { DEFAULT_DETECTOR_SETTINGS as S, type DetectorSettings } from './settings.js';
import { byMeasurement, type MonthInput } from './types.js';

const ENTITY = 'light.entrance';

/** One day of Layer 2 for the entity: its count and first activation, and its on-intervals. */
function day(key: string, seconds: readonly number[], first = 7 * 60): AggregateRecord[] {
  const time = calendar.day(key).start;
  const histogram: Histogram = {};
  for (const s of seconds) add(histogram, s);
  const tags = { entity_id: ENTITY };
  return [
    { measurement: 'day_type_daily', period: key, time, tags, fields: { count: seconds.length, first_minute: first } },
    { measurement: 'duration_daily', period: key, time, tags, fields: { intervals: seconds.length, seconds: seconds.reduce((a, b) => a + b, 0), histogram: JSON.stringify(histogram) } },
  ];
}

/** Sunrise and sunset of a day, in minutes of the local day. */
interface Sun {
  readonly rise: number;
  readonly set: number;
}

/** The day's sun as the contextual detector keeps it: when each side of the horizon began, and how long the sun was up. */
function sunOf(key: string, sun: Sun): AggregateRecord[] {
  const time = calendar.day(key).start;
  const record = (value: string, start: number, exposure: number): AggregateRecord => ({ measurement: CONTEXT_DAILY, period: key, time, tags: { context: 'sun', value }, fields: { starts: JSON.stringify([start]), exposure_s: exposure } });
  return [record('above_horizon', sun.rise, (sun.set - sun.rise) * 60), record('below_horizon', sun.set, (1440 - sun.set + sun.rise) * 60)];
}

/**
 * Runs the seasonal detector over months in turn, as the monthly job does (each month's Layer 3
 * roll-ups are the next one's history); `seconds(day, i)` gives a day's on-intervals, `sun(day)`
 * its sunrise and sunset (none: no sun context was kept).
 */
function seasons(months: readonly string[], seconds: (dayKey: string) => readonly number[], sun?: (dayKey: string) => Sun, settings: Partial<DetectorSettings['seasonal']> = {}) {
  return run(months, seconds, sun, settings).patterns;
}

/** As `seasons`, with the month's evaluated series of each aspect; `first(day)`: the minute of its first activation. */
function run(months: readonly string[], seconds: (dayKey: string) => readonly number[], sun?: (dayKey: string) => Sun, settings: Partial<DetectorSettings['seasonal']> = {}, first?: (dayKey: string) => number) {
  const s: DetectorSettings = { ...S, seasonal: { ...S.seasonal, ...settings } };
  let layer3: AggregateRecord[] = [];
  let last: AggregateRecord[] = [];
  for (const key of months) {
    const month = calendar.month(key);
    const days = calendar.daysOf(month);
    const records = days.flatMap((d) => [...day(d, seconds(d), first?.(d)), ...(sun ? sunOf(d, sun(d)) : [])]);
    const input: MonthInput = { month, days, calendar, records: byMeasurement(records), earlier: byMeasurement(layer3) };
    last = seasonal.summarize(input, s);
    layer3 = [...layer3, ...last];
  }
  const monthKey = months.at(-1)!;
  const patterns = seasonal.derive({ days: [monthKey], calendar, records: byMeasurement(last) }, s);
  const evaluated = (aspect: string) => last.find((r) => r.measurement === 'seasonal_monthly' && r.tags['aspect'] === aspect)!;
  return { patterns, evaluated };
}

const durations = (patterns: ReturnType<typeof seasons>) => patterns.filter((p) => p.key === 'seasonal:duration');

describe('seasonal', () => {
  it('finds durations that grow month by month', () => {
    const minutes: Record<string, number> = { '2026-08': 5, '2026-09': 7, '2026-10': 9 };
    const found = durations(seasons(Object.keys(minutes), (d) => [1, 2, 3, 4].map((k) => minutes[d.slice(0, 7)]! * 60 + k * 5)));
    assert.equal(found.length, 1);
    assert.equal(found[0]!.metadata['trend'], 'increasing');
  });

  it('is not moved by days of many short toggles (an anomaly is one day, not a season)', () => {
    // two 5-minute uses a day, every day; on two October afternoons 45 toggles of 10–40 s each
    const usual = [305, 310];
    const found = seasons(['2026-08', '2026-09', '2026-10'], (d) => (d === '2026-10-07' || d === '2026-10-21' ? [...usual, ...Array.from({ length: 45 }, (_, k) => 10 + (k % 30))] : usual));
    assert.deepEqual(durations(found), []);
  });

  describe('durations that follow daylight', () => {
    /** Days since 1 September 2026. */
    const dayNumber = (key: string) => (Date.parse(`${key}T00:00:00Z`) - Date.parse('2026-09-01T00:00:00Z')) / 86_400_000;
    /** An autumn: sunset 2 min earlier and sunrise 1.5 min later each day, from 19:50 and 06:40 on 1 September. */
    const autumn = (key: string): Sun => ({ rise: 400 + 1.5 * dayNumber(key), set: 1190 - 2 * dayNumber(key) });
    /** Day-to-day wobble of a lamp switched by hand: ±`spread` minutes, the same days every month. */
    const wobble = (key: string, spread: number) => (((Number(key.slice(8)) * 7) % 11) - 5) / 5 * spread;
    /** The floor lamp: on 15 min after sunset (±`spread`), off at bedtime, 22:05 (±`spread`). */
    const lamp = (spread: number) => (key: string) => [Math.round((22 * 60 + 5 - (autumn(key).set + 15) + wobble(key, spread)) * 60)];
    const MONTHS = ['2026-09', '2026-10'];
    /** Enough wobble that the change is believed only with its cause in hand: t between minDaylightT and minT. */
    const SPREAD = 100;

    it('finds an on-time from sunset to bedtime, longer as sunset comes earlier, over two months', () => {
      const { patterns, evaluated } = run(MONTHS, lamp(SPREAD), autumn);
      const t = Number(evaluated('duration').fields['t']);
      // a change a single test would believe, not one that stands out among all the home's entities
      assert.ok(t >= S.seasonal.minDaylightT && t < S.seasonal.minT, `t ${t}`);
      const [found] = durations(patterns);
      assert.ok(found);
      assert.equal(found.metadata['trend'], 'follows_daylight');
      assert.equal(found.metadata['linked_to_daylight'], true);
      assert.deepEqual(found.metadata['daylight'], { reference: 'sunset', r: -1 });
      assert.equal(found.confidence, 1);
      const sentence = describePattern({ pattern_type: 'seasonal', device_id: ENTITY, pattern_metadata: found.metadata, confidence: found.confidence, occurrences: found.occurrences });
      assert.match(sentence, /^light\.entrance stayed on for about 2\.\d h in September and for about 3\.\d h in October, longer as sunset came earlier: it follows daylight$/);
    });

    it('asks the full t of a change daylight does not explain', () => {
      // the same lamp, but no sun was kept: nothing says why it changed
      const { patterns, evaluated } = run(MONTHS, lamp(SPREAD));
      assert.equal(evaluated('duration').fields['linked_to_daylight'], false);
      assert.deepEqual(durations(patterns), []);
      // and a sun that does not move explains nothing either
      assert.deepEqual(durations(seasons(MONTHS, lamp(SPREAD), () => ({ rise: 400, set: 1190 }))), []);
    });

    it('takes minDaylightT as the t the change must reach', () => {
      // t as stored: to 3 decimals
      const t = Number(run(MONTHS, lamp(SPREAD), autumn).evaluated('duration').fields['t']);
      assert.equal(durations(seasons(MONTHS, lamp(SPREAD), autumn, { minDaylightT: t - 0.001 })).length, 1);
      assert.deepEqual(durations(seasons(MONTHS, lamp(SPREAD), autumn, { minDaylightT: t + 0.001 })), []);
    });

    it('does not take a change daylight would explain at another rate for daylight', () => {
      // on from sunset for three times as long as it moved: no lamp switched at sunset and off at a clock time does that
      const steep = (key: string) => [Math.round((120 + 3 * (1190 - autumn(key).set) + wobble(key, 40)) * 60)];
      const { patterns, evaluated } = run(MONTHS, steep, autumn);
      assert.equal(evaluated('duration').fields['linked_to_daylight'], false);
      const [found] = durations(patterns);
      assert.equal(found?.metadata['trend'], 'increasing', 'a large change is still found, as a trend');
      // a quarter as far as sunset moved (a third of sunrise, a seventh of day length): a lamp that merely drifts
      const shallow = (key: string) => [Math.round((120 + 0.25 * (1190 - autumn(key).set) + wobble(key, 5)) * 60)];
      assert.equal(run(MONTHS, shallow, autumn).evaluated('duration').fields['linked_to_daylight'], false);
    });

    it('finds an on-time from a clock time to sunrise, longer as sunrise comes later', () => {
      const morning = (key: string) => [Math.round((autumn(key).rise - 6 * 60 + 60 + wobble(key, 20)) * 60)];
      const [found] = durations(seasons(MONTHS, morning, autumn));
      assert.equal(found?.metadata['trend'], 'follows_daylight');
      assert.deepEqual(found.metadata['daylight'], { reference: 'sunrise', r: 1 });
      assert.match(describePattern({ pattern_type: 'seasonal', device_id: ENTITY, pattern_metadata: found.metadata, confidence: 1, occurrences: 2 }), /, longer as sunrise came later: it follows daylight$/);
    });

    it('finds a night-long on-time following the day length, over three months', () => {
      const night = (key: string) => {
        const sun = autumn(key);
        return [Math.round((1440 - (sun.set - sun.rise) + wobble(key, 60)) * 60)];
      };
      const [found] = durations(seasons(['2026-09', '2026-10', '2026-11'], night, autumn));
      assert.equal(found?.metadata['trend'], 'follows_daylight');
      const daylight = found.metadata['daylight'] as { reference: string; r: number };
      assert.equal(daylight.reference, 'daylight');
      assert.ok(daylight.r < -0.99, String(daylight.r));
      assert.equal(found.occurrences, 3);
      assert.match(describePattern({ pattern_type: 'seasonal', device_id: ENTITY, pattern_metadata: found.metadata, confidence: 1, occurrences: 3 }), /, longer as the days grew shorter: it follows daylight \(over 3 months\)$/);
    });

    it('asks daylight to have moved: a few minutes of sun explain nothing', () => {
      // a 10-minute light that lengthens exactly as a sun moving 0.1 min a day (6 min a month) shortens the evening
      const slow = (key: string): Sun => ({ rise: 400, set: 1190 - 0.1 * dayNumber(key) });
      const short = (key: string) => [Math.round((10 + (1190 - slow(key).set)) * 60)];
      assert.equal(run(MONTHS, short, slow).evaluated('duration').fields['linked_to_daylight'], false);
      // half a minute a day (15 min between the months' means) is enough: half the shift a time needs
      const quarter = (key: string): Sun => ({ rise: 400, set: 1190 - 0.5 * dayNumber(key) });
      const lengthening = (key: string) => [Math.round((30 + (1190 - quarter(key).set)) * 60)];
      assert.equal(run(MONTHS, lengthening, quarter).evaluated('duration').fields['linked_to_daylight'], true);
    });

    it('takes a time only for following the sun the same way it moves', () => {
      const withSun = (key: string) => Math.round(autumn(key).set + 15 + wobble(key, 10));
      const against = (key: string) => Math.round(2 * 1190 - autumn(key).set - 900 + wobble(key, 10));
      // sunrise held still, so only sunset can explain it
      const dusk = (key: string): Sun => ({ rise: 400, set: autumn(key).set });
      const time = (first: (key: string) => number) => run(MONTHS, lamp(SPREAD), dusk, {}, first).evaluated('time').fields;
      assert.equal(time(withSun)['linked_to_daylight'], true);
      assert.equal(time(withSun)['daylight_ref'], 'sunset');
      // later by as much as sunset is earlier: a duration may do that, a time that follows sunset may not
      assert.equal(time(against)['linked_to_daylight'], false);
    });
  });

  it('asks an amount that follows daylight the full t: its link is a correlation, not a cause', () => {
    /** Days from midsummer: day length turns within May–July, so an amount may be told to follow it. */
    const fromMidsummer = (key: string) => (Date.parse(`${key}T00:00:00Z`) - Date.parse('2026-06-21T00:00:00Z')) / 86_400_000;
    const summer = (key: string): Sun => ({ rise: 300 + 0.02 * fromMidsummer(key) ** 2, set: 1290 - 0.02 * fromMidsummer(key) ** 2 });
    // a light used once more a day for each hour of daylight beyond 13 h 20 min, ±1
    const uses = (key: string) => Array.from({ length: Math.max(1, Math.round((summer(key).set - summer(key).rise - 800) / 60 + (((Number(key.slice(8)) * 7) % 11) - 5) / 5)) }, () => 120);
    const months = ['2026-05', '2026-06', '2026-07'];
    const { patterns, evaluated } = run(months, uses, summer);
    const count = evaluated('count').fields;
    assert.equal(count['linked_to_daylight'], true);
    const t = Number(count['t']);
    assert.ok(t >= S.seasonal.minDaylightT && t < S.seasonal.minT, `t ${t}`);
    assert.deepEqual(patterns.filter((p) => p.key === 'seasonal:count'), []);
    const [found] = seasons(months, uses, summer, { minT: t - 0.001 }).filter((p) => p.key === 'seasonal:count');
    assert.equal(found?.metadata['trend'], 'follows_daylight');
    assert.match(describePattern({ pattern_type: 'seasonal', device_id: ENTITY, pattern_metadata: found.metadata, confidence: 1, occurrences: 3 }), /^light\.entrance came on about \d+ times a day in May and about \d+ times a day in July, more as the days grew longer: it follows daylight \(over 3 months\)$/);
  });
});
