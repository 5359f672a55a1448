/**
 * The seasonal detector's rules, month by month: what the roll-up keeps of the days, which months
 * hold enough of an aspect to be compared, and what a change must be to be reported.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AggregateRecord } from '../storage/types.js';
import { calendar } from '../testing/home.js';
import { CONTEXT_DAILY } from './contextual.js';
import { add, binOf, binValue, type Histogram, quantile } from './histogram.js';
import { seasonal } from './seasonal.js';
import { DEFAULT_DETECTOR_SETTINGS as S, type DetectorSettings } from './settings.js';
import { byMeasurement, type MonthInput, round } from './types.js';

const ENTITY = 'light.hall';

/** One day of an entity: activations, first minute (-1: none), on-intervals in seconds. */
interface DaySpec {
  readonly count?: number;
  readonly first?: number;
  readonly seconds?: readonly number[];
}
/** A month's days by index (0: the 1st); null: no record that day. */
type Days = (i: number) => DaySpec | null;
interface Sun {
  readonly rise: number;
  readonly set: number;
}

function layer2(key: string, days: Days): AggregateRecord[] {
  return calendar.daysOf(calendar.month(key)).flatMap((d, i): AggregateRecord[] => {
    const spec = days(i);
    if (spec === null) return [];
    const time = calendar.day(d).start;
    const seconds = spec.seconds ?? [];
    const count = spec.count ?? seconds.length;
    const histogram: Histogram = {};
    for (const s of seconds) add(histogram, s);
    const tags = { entity_id: ENTITY };
    return [
      { measurement: 'day_type_daily', period: d, time, tags, fields: { count, first_minute: spec.first ?? (count > 0 ? 420 : -1) } },
      ...(seconds.length > 0 ? [{ measurement: 'duration_daily', period: d, time, tags, fields: { intervals: seconds.length, histogram: JSON.stringify(histogram) } }] : []),
    ];
  });
}

function sunOf(day: string, sun: Sun): AggregateRecord[] {
  const time = calendar.day(day).start;
  const record = (value: string, start: number, exposure: number): AggregateRecord => ({ measurement: CONTEXT_DAILY, period: day, time, tags: { context: 'sun', value }, fields: { starts: JSON.stringify([start]), exposure_s: exposure } });
  return [record('above_horizon', sun.rise, (sun.set - sun.rise) * 60), record('below_horizon', sun.set, (1440 - sun.set + sun.rise) * 60)];
}

const settingsOf = (seasonalSettings: Partial<DetectorSettings['seasonal']> = {}): DetectorSettings => ({ ...S, seasonal: { ...S.seasonal, ...seasonalSettings } });

function summarize(key: string, records: readonly AggregateRecord[], earlier: readonly AggregateRecord[] = [], settings = settingsOf(), days?: readonly string[]) {
  const month = calendar.month(key);
  const input: MonthInput = { month, days: days ?? calendar.daysOf(month), calendar, records: byMeasurement(records), earlier: byMeasurement(earlier) };
  return seasonal.summarize(input, settings);
}

/**
 * Runs months in turn as the monthly job does; `sun(month)`: that month's sunrise and sunset every
 * day (none: no sun kept). Returns the last month's evaluated series by aspect and its patterns.
 */
function run(months: Record<string, Days>, options: { sun?: (month: string) => Sun | null; settings?: Partial<DetectorSettings['seasonal']>; earlier?: AggregateRecord[] } = {}) {
  const settings = settingsOf(options.settings);
  let layer3: AggregateRecord[] = options.earlier ?? [];
  let last: AggregateRecord[] = [];
  for (const [key, days] of Object.entries(months)) {
    const sun = options.sun?.(key) ?? null;
    const records = [...layer2(key, days), ...(sun ? calendar.daysOf(calendar.month(key)).flatMap((d) => sunOf(d, sun)) : [])];
    last = summarize(key, records, layer3, settings);
    layer3 = [...layer3, ...last];
  }
  const lastKey = Object.keys(months).at(-1)!;
  const patterns = seasonal.derive({ days: [lastKey], calendar, records: byMeasurement(last) }, settings);
  const evaluated = (aspect: string) => last.find((r) => r.measurement === 'seasonal_monthly' && r.tags['aspect'] === aspect)?.fields;
  const monthsOf = (aspect: string) => {
    const fields = evaluated(aspect);
    return fields === undefined ? undefined : (JSON.parse(String(fields['months'])) as { month: string; value: number; n: number }[]);
  };
  return { patterns, evaluated, monthsOf, layer3 };
}

/** `n` days a month (the first `n`), each as `spec(i)`. */
const first = (n: number, spec: (i: number) => DaySpec) => (i: number) => (i < n ? spec(i) : null);
const every = (spec: DaySpec) => first(30, () => spec);
const alternating = (n: number, a: number, b: number) => first(n, (i) => ({ count: i % 2 === 0 ? a : b }));
const found = (patterns: ReturnType<typeof run>['patterns'], aspect: string) => patterns.filter((p) => p.key === `seasonal:${aspect}`);

describe('seasonal: the month’s roll-up', () => {
  it('keeps each entity’s days of the month, their counts, first minutes and intervals, sorted by entity', () => {
    const at = (day: string) => calendar.day(day).start;
    const dayType = (id: string, day: string, count: number, firstMinute: number, area?: string): AggregateRecord => ({ measurement: 'day_type_daily', period: day, time: at(day), tags: { entity_id: id, ...(area ? { area_id: area } : {}) }, fields: { count, first_minute: firstMinute } });
    const duration = (id: string, day: string, seconds: number[]): AggregateRecord => {
      const histogram: Histogram = {};
      for (const s of seconds) add(histogram, s);
      return { measurement: 'duration_daily', period: day, time: at(day), tags: { entity_id: id }, fields: { intervals: seconds.length, histogram: JSON.stringify(histogram) } };
    };
    const records = [
      // the window reaches back into September: its days are not October's
      dayType('light.b', '2026-09-30', 9, 300, 'hall'),
      duration('light.b', '2026-09-30', [50, 50, 50, 50, 50]),
      dayType('light.b', '2026-10-01', 2, 400, 'hall'),
      duration('light.b', '2026-10-01', [60, 120]),
      dayType('light.b', '2026-10-02', 0, -1, 'hall'),
      dayType('light.b', '2026-10-03', 1, 0, 'hall'),
      duration('light.b', '2026-10-03', [30]),
      dayType('light.b', '2026-10-04', 0, -1, 'hall'),
      duration('light.b', '2026-10-04', []),
      dayType('light.a', '2026-10-05', 3, 1439),
      duration('light.a', '2026-10-05', [10, 10, 10]),
      // intervals of an entity with no day of its own, and of a day outside the window
      duration('light.c', '2026-10-05', [70]),
      dayType('light.a', '2026-11-01', 5, 500),
    ];
    const days = ['2026-09-29', '2026-09-30', ...calendar.daysOf(calendar.month('2026-10'))];
    const histogramOf = (seconds: number[]) => {
      const h: Histogram = {};
      for (const s of seconds) add(h, s);
      return JSON.stringify(h);
    };
    const month = calendar.month('2026-10');
    assert.deepEqual(summarize('2026-10', records, [], settingsOf(), days), [
      {
        measurement: 'entity_monthly',
        period: '2026-10',
        time: month.start,
        tags: { entity_id: 'light.a' },
        fields: { days_observed: 1, active_days: 1, activations: 3, counts: '[3]', first_minutes: '[1439]', intervals: 3, histogram: histogramOf([10, 10, 10]), day_medians: JSON.stringify([round(binValue(binOf(10)), 2)]) },
      },
      {
        measurement: 'entity_monthly',
        period: '2026-10',
        time: month.start,
        tags: { entity_id: 'light.b', area_id: 'hall' },
        fields: { days_observed: 4, active_days: 2, activations: 3, counts: '[2,0,1,0]', first_minutes: '[400,0]', intervals: 3, histogram: histogramOf([60, 120, 30]), day_medians: JSON.stringify([round(binValue(binOf(60)), 2), round(binValue(binOf(30)), 2)]) },
      },
    ]);
  });

  it('keeps the month’s mean sunrise, sunset and day length from the sun context', () => {
    const sun = (day: string, value: string, starts: number[], exposure: number, context = 'sun'): AggregateRecord => ({ measurement: CONTEXT_DAILY, period: day, time: calendar.day(day).start, tags: { context, value }, fields: { starts: JSON.stringify(starts), exposure_s: exposure } });
    const october = [
      sun('2026-10-01', 'above_horizon', [400], 700 * 60),
      sun('2026-10-01', 'below_horizon', [1100], 740 * 60),
      sun('2026-10-02', 'above_horizon', [401, 403], 701 * 60),
      sun('2026-10-02', 'below_horizon', [1102], 739 * 60),
      // another context, and a September day in the window
      sun('2026-10-03', 'above_horizon', [10], 100 * 60, 'person'),
      sun('2026-09-30', 'above_horizon', [390], 720 * 60),
      sun('2026-09-30', 'below_horizon', [1110], 720 * 60),
    ];
    const month = calendar.month('2026-10');
    assert.deepEqual(summarize('2026-10', october), [
      { measurement: 'daylight_monthly', period: '2026-10', time: month.start, tags: {}, fields: { sunrise_minute: 401.3, sunset_minute: 1101, daylight_minutes: 700.5, days: 2 } },
    ]);
    // no sunrise or no sunset: no daylight for the month
    assert.deepEqual(summarize('2026-10', october.filter((r) => r.tags['value'] !== 'below_horizon')), []);
    assert.deepEqual(summarize('2026-10', october.filter((r) => r.tags['value'] !== 'above_horizon')), []);
  });
});

describe('seasonal: which months are compared', () => {
  it('does not take a few unusual days for a change of season: the highest and lowest tenth are left out', () => {
    // October has three quiet days (1 use) and three of a party (12): its usual day is September’s
    const { evaluated, monthsOf } = run({ '2026-09': every({ count: 5 }), '2026-10': first(30, (i) => ({ count: i < 3 ? 1 : i >= 10 && i < 13 ? 12 : 5 })) });
    assert.deepEqual(monthsOf('count'), [
      { month: '2026-09', value: 5, n: 24 },
      { month: '2026-10', value: 5, n: 24 },
    ]);
    assert.equal(evaluated('count')!['change'], 0);
    assert.equal(evaluated('count')!['t'], 0);
    assert.equal(evaluated('count')!['significant'], false);
  });

  it('compares the months by a t over one pooled variance, and the change relative to the lower month', () => {
    // September: 10 days of 2 or 4 uses (8 kept: mean 3, variance 1); October: 30 of 3 or 7 (24 kept: mean 5, variance 4)
    const up = run({ '2026-09': alternating(10, 2, 4), '2026-10': alternating(30, 3, 7) });
    assert.deepEqual(up.monthsOf('count'), [
      { month: '2026-09', value: 3, n: 8 },
      { month: '2026-10', value: 5, n: 24 },
    ]);
    // t = 2 / √(2.5/8 + 2.5/24)
    assert.deepEqual([up.evaluated('count')!['change'], up.evaluated('count')!['relative_change'], up.evaluated('count')!['t'], up.evaluated('count')!['trend']], [2, 0.6667, 3.098, 'increasing']);
    const down = run({ '2026-09': alternating(30, 3, 7), '2026-10': alternating(10, 2, 4) });
    assert.deepEqual([down.evaluated('count')!['change'], down.evaluated('count')!['relative_change'], down.evaluated('count')!['t'], down.evaluated('count')!['trend']], [2, 0.6667, 3.098, 'decreasing']);
  });

  it('reports a change whose t reaches minT exactly, and not one below', () => {
    const months = { '2026-09': alternating(30, 2, 4), '2026-10': alternating(30, 4, 6) };
    const t = 2 / Math.sqrt(1 / 24 + 1 / 24);
    assert.equal(found(run(months, { settings: { minT: t } }).patterns, 'count').length, 1);
    assert.deepEqual(found(run(months, { settings: { minT: t + 1e-9 } }).patterns, 'count'), []);
  });

  it('needs minDays days of the entity, used on minDays of them, to compare a month’s amount', () => {
    const october = every({ count: 3 });
    const compared = (september: Days) => run({ '2026-09': september, '2026-10': october }).monthsOf('count')?.length ?? 0;
    assert.equal(compared(first(6, () => ({ count: 3 }))), 0);
    assert.equal(compared(first(7, () => ({ count: 3 }))), 2);
    assert.equal(compared(first(30, (i) => ({ count: i < 6 ? 3 : 0 }))), 0);
    assert.equal(compared(first(30, (i) => ({ count: i < 7 ? 3 : 0 }))), 2);
  });

  it('needs minIntervals intervals and minDays days with intervals to compare a month’s duration', () => {
    const october = every({ seconds: [600] });
    const compared = (september: Days, settings: Partial<DetectorSettings['seasonal']> = {}) => run({ '2026-09': september, '2026-10': october }, { settings }).monthsOf('duration')?.length ?? 0;
    assert.equal(compared(first(7, () => ({ seconds: [300] })), { minIntervals: 8 }), 0);
    assert.equal(compared(first(8, () => ({ seconds: [300] })), { minIntervals: 8 }), 2);
    assert.equal(compared(first(6, () => ({ seconds: [300, 300] }))), 0);
    assert.equal(compared(first(7, () => ({ seconds: [300, 300] }))), 2);
  });

  it('reads a roll-up from before day medians were kept through its month’s histogram', () => {
    const histogram: Histogram = {};
    for (const [seconds, n] of [[200, 10], [300, 15], [400, 15]] as const) for (let k = 0; k < n; k++) add(histogram, seconds);
    const september = (h: Histogram): AggregateRecord => ({
      measurement: 'entity_monthly',
      period: '2026-09',
      time: calendar.month('2026-09').start,
      tags: { entity_id: ENTITY },
      fields: { days_observed: 30, active_days: 30, activations: 40, counts: '[]', first_minutes: '[]', intervals: 40, histogram: JSON.stringify(h) },
    });
    const october = { '2026-10': every({ seconds: [600] }) };
    const { evaluated, monthsOf } = run(october, { earlier: [september(histogram)] });
    const [median, p25, p75] = [binValue(binOf(300)), binValue(binOf(200)), binValue(binOf(400))];
    assert.deepEqual(monthsOf('duration'), [
      { month: '2026-09', value: round(median, 2), n: 40 },
      { month: '2026-10', value: round(binValue(binOf(600)), 2), n: 24 },
    ]);
    // its spread: that of a normal sample with its interquartile range
    const variance = ((p75 - p25) / 1.349) ** 2 / 2;
    assert.equal(quantile(histogram, 0.75), p75);
    assert.equal(evaluated('duration')!['t'], round((binValue(binOf(600)) - median) / Math.sqrt(variance / 24 + variance / 40), 3));
    // an empty histogram holds no duration
    assert.equal(run(october, { earlier: [september({})] }).evaluated('duration'), undefined);
  });

  it('needs minDays first activations, 70 % of them within maxTimeSpreadMinutes of the usual, to compare a month’s time', () => {
    const october = every({ count: 1, first: 1200 });
    const monthsOf = (september: Days) => run({ '2026-09': september, '2026-10': october }).monthsOf('time');
    assert.equal(monthsOf(first(30, (i) => ({ count: 1, first: i < 6 ? 420 : -1 }))), undefined);
    assert.equal(monthsOf(first(30, (i) => ({ count: 1, first: i < 7 ? 420 : -1 })))?.length, 2);
    // 21 of 30 mornings at 07:00, the rest at 15:00: the usual is kept, as of 21 days
    assert.deepEqual(monthsOf(first(30, (i) => ({ count: 1, first: i < 21 ? 420 : 900 })))?.[0], { month: '2026-09', value: 420, n: 21 });
    assert.equal(monthsOf(first(30, (i) => ({ count: 1, first: i < 20 ? 420 : 900 }))), undefined);
    // scattered over the day: no time
    assert.equal(monthsOf(first(30, (i) => ({ count: 1, first: i * 48 }))), undefined);
  });

  it('compares only the months up to the current one, the last `months` of them, in order', () => {
    const times = (minute: number) => every({ count: 1, first: minute });
    const { layer3 } = run({ '2026-09': times(420), '2026-10': times(440) });
    const november = layer2('2026-11', times(460));
    const evaluated = summarize('2026-11', november, [...layer3].reverse()).find((r) => r.tags['aspect'] === 'time')!;
    assert.deepEqual((JSON.parse(String(evaluated.fields['months'])) as { month: string }[]).map((m) => m.month), ['2026-09', '2026-10', '2026-11']);
    const lastTwo = summarize('2026-11', november, layer3, settingsOf({ months: 2 })).find((r) => r.tags['aspect'] === 'time')!;
    assert.deepEqual((JSON.parse(String(lastTwo.fields['months'])) as { month: string }[]).map((m) => m.month), ['2026-10', '2026-11']);
    // November’s times scattered: nothing to say of time this month, though September and October had one
    const scattered = layer2('2026-11', first(30, (i) => ({ count: 1, first: i * 48 })));
    assert.equal(summarize('2026-11', scattered, layer3).find((r) => r.tags['aspect'] === 'time'), undefined);
  });
});

describe('seasonal: what change is reported', () => {
  it('reports a time shift of minTimeShiftMinutes, not less, across midnight too', () => {
    const times = (a: number, b: number, settings: Partial<DetectorSettings['seasonal']> = {}) => run({ '2026-09': every({ count: 1, first: a }), '2026-10': every({ count: 1, first: b }) }, { settings });
    const shift = times(420, 440);
    assert.deepEqual([shift.evaluated('time')!['change'], shift.evaluated('time')!['relative_change'], shift.evaluated('time')!['t']], [20, 20, 1e9]);
    assert.equal(found(shift.patterns, 'time').length, 1);
    assert.deepEqual(found(times(420, 440, { minTimeShiftMinutes: 21 }).patterns, 'time'), []);
    assert.equal(found(times(440, 420).patterns, 'time')[0]?.metadata['trend'], 'decreasing');
    // 23:50 to 00:20 is half an hour later, not 23 hours earlier
    const [late] = found(times(1430, 20).patterns, 'time');
    assert.equal(late?.metadata['trend'], 'increasing');
    assert.equal(late.metadata['change'], 30);
    assert.deepEqual((late.metadata['monthly'] as { time: string }[]).map((m) => m.time), ['23:50', '00:20']);
  });

  it('reports a change of amount of minRelativeChange of the lower month, either way, not less', () => {
    const counts = (a: number, b: number, settings: Partial<DetectorSettings['seasonal']> = {}) => found(run({ '2026-09': every({ count: a }), '2026-10': every({ count: b }) }, { settings }).patterns, 'count');
    assert.equal(counts(4, 5)[0]?.metadata['relative_change'], 0.25);
    assert.equal(counts(5, 4)[0]?.metadata['relative_change'], 0.25);
    assert.deepEqual(counts(4, 5, { minRelativeChange: 0.2501 }), []);
  });

  it('asks three months or more to take a shape (r² ≥ minR2), across the turn of the year too', () => {
    const amounts = (a: number, b: number, c: number, settings: Partial<DetectorSettings['seasonal']> = {}) => run({ '2026-11': every({ count: a }), '2026-12': every({ count: b }), '2027-01': every({ count: c }) }, { settings });
    const line = amounts(2, 4, 6, { minR2: 1 });
    assert.equal(line.evaluated('count')!['r2'], 1);
    assert.equal(found(line.patterns, 'count')[0]?.confidence, 1);
    const peak = amounts(2, 6, 2);
    assert.deepEqual([peak.evaluated('count')!['r2'], peak.evaluated('count')!['significant'], peak.evaluated('count')!['trend']], [0, false, 'increasing']);
    assert.equal(amounts(2, 6, 2, { minR2: 0 }).evaluated('count')!['significant'], true);
  });
});

describe('seasonal: following daylight', () => {
  const sunset = (byMonth: Record<string, number>, rise: Record<string, number> = {}) => (month: string) => ({ rise: rise[month] ?? 400, set: byMonth[month]! });
  const times = (byMonth: Record<string, number>) => Object.fromEntries(Object.entries(byMonth).map(([m, minute]) => [m, every({ count: 1, first: minute })]));

  it('takes a time that moves with sunset for following it, however it moves from month to month', () => {
    // sunset 18:20, 19:20, 18:20: no trend in the months, and yet the lamp follows it
    const sun = sunset({ '2026-09': 1100, '2026-10': 1160, '2026-11': 1100 });
    const lamp = times({ '2026-09': 1120, '2026-10': 1180, '2026-11': 1120 });
    const { evaluated, patterns } = run(lamp, { sun });
    assert.deepEqual([evaluated('time')!['r2'], evaluated('time')!['daylight_ref'], evaluated('time')!['daylight_r'], evaluated('time')!['linked_to_daylight']], [0, 'sunset', 1, true]);
    assert.equal(found(patterns, 'time')[0]?.metadata['trend'], 'follows_daylight');
    // a link of r = minDaylightR is one
    assert.equal(run(lamp, { sun, settings: { minDaylightR: 1 } }).evaluated('time')!['linked_to_daylight'], true);
    assert.deepEqual(found(run(lamp, { sun, settings: { minDaylightR: 1.01 } }).patterns, 'time'), []);
  });

  it('names the reference the values follow most closely', () => {
    // on an hour after sunrise; sunset moves the same way, but not in step
    const sun = sunset({ '2026-09': 1190, '2026-10': 1200, '2026-11': 1240 }, { '2026-09': 400, '2026-10': 430, '2026-11': 460 });
    const { evaluated } = run(times({ '2026-09': 460, '2026-10': 490, '2026-11': 520 }), { sun });
    assert.deepEqual([evaluated('time')!['daylight_ref'], evaluated('time')!['daylight_r']], ['sunrise', 1]);
  });

  it('takes a slope of 0.5 to 1.5 minutes a minute of sunset, and a sunset that moved minTimeShiftMinutes / 2', () => {
    const linked = (set: number, time: number) => run(times({ '2026-09': 1000, '2026-10': time }), { sun: sunset({ '2026-09': 1100, '2026-10': set }) }).evaluated('time')!['linked_to_daylight'];
    assert.deepEqual([linked(1140, 1060), linked(1140, 1061), linked(1140, 1020), linked(1140, 1019)], [true, false, true, false]);
    assert.deepEqual([linked(1110, 1010), linked(1109, 1009)], [true, false]);
  });

  it('follows nothing when a month has no daylight kept', () => {
    const { evaluated } = run(times({ '2026-09': 1000, '2026-10': 1040 }), { sun: (month) => (month === '2026-10' ? { rise: 400, set: 1140 } : null) });
    assert.deepEqual([evaluated('time')!['daylight_ref'], evaluated('time')!['daylight_r'], evaluated('time')!['linked_to_daylight']], ['', 0, false]);
  });

  it('takes an amount for following day length only when day length turned within the months', () => {
    const months = ['2026-03', '2026-04', '2026-05'];
    const daylightR = (length: number[], uses: number[]) =>
      run(Object.fromEntries(months.map((m, i) => [m, every({ count: uses[i]! })])), { sun: (m) => ({ rise: 400, set: 400 + length[months.indexOf(m)]! }) }).evaluated('count')!['daylight_r'];
    assert.equal(daylightR([600, 800, 700], [2, 4, 3]), 1);
    for (const length of [[600, 700, 800], [800, 700, 600], [700, 700, 800]]) assert.equal(daylightR(length, [2, 3, 5]), 0, String(length));
  });
});

describe('seasonal: what it writes', () => {
  it('writes every record in the shape it declares, the entity’s area kept on its evaluations', () => {
    const layer2Of = (key: string, minute: number) => layer2(key, every({ first: minute, seconds: [minute * 10, minute * 10] })).map((r) => ({ ...r, tags: { ...r.tags, area_id: 'hall' } }));
    const sun = (key: string) => calendar.daysOf(calendar.month(key)).flatMap((d) => sunOf(d, { rise: 400, set: key === '2026-09' ? 1100 : 1150 }));
    const september = summarize('2026-09', [...layer2Of('2026-09', 1100), ...sun('2026-09')]);
    const october = summarize('2026-10', [...layer2Of('2026-10', 1150), ...sun('2026-10')], september);
    assert.deepEqual(october.map((r) => r.measurement), ['entity_monthly', 'daylight_monthly', 'seasonal_monthly', 'seasonal_monthly', 'seasonal_monthly']);
    for (const r of [...september, ...october]) seasonal.writes.find((w) => w.name === r.measurement)!.check(r);
    assert.deepEqual(october.filter((r) => r.measurement === 'seasonal_monthly').map((r) => r.tags), ['count', 'time', 'duration'].map((aspect) => ({ entity_id: ENTITY, area_id: 'hall', aspect })));
    const [time] = seasonal.derive({ days: ['2026-10-31'], calendar, records: byMeasurement(october) }, S).filter((p) => p.key === 'seasonal:time');
    assert.equal(time?.areaId, 'hall');
  });
});

describe('seasonal: the patterns derived from a month’s evaluations', () => {
  const evaluation = (entity: string, aspect: string, fields: Record<string, unknown>, area?: string): AggregateRecord => ({
    measurement: 'seasonal_monthly',
    period: '2026-10',
    time: calendar.month('2026-10').start,
    tags: { entity_id: entity, aspect, ...(area ? { area_id: area } : {}) },
    fields: { change: 1, relative_change: 0.5, t: 9, r2: 0.5, daylight_ref: '', daylight_r: 0, linked_to_daylight: false, significant: true, trend: 'increasing', ...fields } as AggregateRecord['fields'],
  });
  const months = (...values: number[]) => JSON.stringify(values.map((value, i) => ({ month: ['2026-08', '2026-09', '2026-10'].slice(-values.length)[i], value, n: 20 })));

  it('rates a link to daylight by |r|, two months at 0.7, more by r², and sorts them by entity and aspect', () => {
    const records = [
      evaluation('light.b', 'time', { months: months(1430, 20.4, 45), change: 55, relative_change: 55, r2: 0.81234, trend: 'increasing' }, 'hall'),
      evaluation('light.a', 'duration', { months: months(3600, 4000, 5000), change: 1400, relative_change: 0.3889, r2: 0.2, daylight_ref: 'sunset', daylight_r: -0.95, linked_to_daylight: true, trend: 'increasing' }),
      evaluation('light.c', 'count', { months: months(2, 4), significant: false }),
      evaluation('light.a', 'count', { months: months(4, 3), change: 1, relative_change: 0.3333, r2: 1, trend: 'decreasing' }),
    ];
    const patterns = seasonal.derive({ days: ['2026-10-31'], calendar, records: byMeasurement(records) }, S);
    const lastSeen = calendar.month('2026-10').end - 1;
    const monthly = (...values: number[]) => JSON.parse(months(...values)) as { month: string; value: number; n: number }[];
    assert.deepEqual(patterns, [
      {
        patternType: 'seasonal',
        deviceId: 'light.a',
        key: 'seasonal:count',
        areaId: null,
        confidence: 0.7,
        occurrences: 2,
        lastSeen,
        metadata: { entity_id: 'light.a', aspect: 'count', unit: 'activations per day', trend: 'decreasing', linked_to_daylight: false, daylight: null, change: 1, relative_change: 0.3333, monthly: monthly(4, 3), months: 2, first_month: '2026-09', last_month: '2026-10' },
      },
      {
        patternType: 'seasonal',
        deviceId: 'light.a',
        key: 'seasonal:duration',
        areaId: null,
        confidence: 0.95,
        occurrences: 3,
        lastSeen,
        metadata: { entity_id: 'light.a', aspect: 'duration', unit: 'seconds', trend: 'follows_daylight', linked_to_daylight: true, daylight: { reference: 'sunset', r: -0.95 }, change: 1400, relative_change: 0.3889, monthly: monthly(3600, 4000, 5000), months: 3, first_month: '2026-08', last_month: '2026-10' },
      },
      {
        patternType: 'seasonal',
        deviceId: 'light.b',
        key: 'seasonal:time',
        areaId: 'hall',
        confidence: 0.8123,
        occurrences: 3,
        lastSeen,
        metadata: {
          entity_id: 'light.b',
          aspect: 'time',
          unit: 'minute of day',
          trend: 'increasing',
          linked_to_daylight: false,
          daylight: null,
          change: 55,
          relative_change: 55,
          monthly: monthly(1430, 20.4, 45).map((m, i) => ({ ...m, time: ['23:50', '00:20', '00:45'][i] })),
          months: 3,
          first_month: '2026-08',
          last_month: '2026-10',
        },
      },
    ]);
  });
});
