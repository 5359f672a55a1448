import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AggregateRecord } from '../storage/types.js';
import { calendar } from '../testing/home.js';
import { add, type Histogram } from './histogram.js';
import { seasonal } from './seasonal.js';
import { DEFAULT_DETECTOR_SETTINGS as S } from './settings.js';
import { byMeasurement, type MonthInput } from './types.js';

const ENTITY = 'light.entrance';

/** One day of Layer 2 for the entity: its count and first activation, and its on-intervals. */
function day(key: string, seconds: readonly number[]): AggregateRecord[] {
  const time = calendar.day(key).start;
  const histogram: Histogram = {};
  for (const s of seconds) add(histogram, s);
  const tags = { entity_id: ENTITY };
  return [
    { measurement: 'day_type_daily', period: key, time, tags, fields: { count: seconds.length, first_minute: 7 * 60 } },
    { measurement: 'duration_daily', period: key, time, tags, fields: { intervals: seconds.length, seconds: seconds.reduce((a, b) => a + b, 0), histogram: JSON.stringify(histogram) } },
  ];
}

/**
 * Runs the seasonal detector over months in turn, as the monthly job does (each month's Layer 3
 * roll-ups are the next one's history); `seconds(day, i)` gives a day's on-intervals.
 */
function seasons(months: readonly string[], seconds: (dayKey: string) => readonly number[]) {
  let layer3: AggregateRecord[] = [];
  let last: AggregateRecord[] = [];
  for (const key of months) {
    const month = calendar.month(key);
    const days = calendar.daysOf(month);
    const input: MonthInput = { month, days, calendar, records: byMeasurement(days.flatMap((d) => day(d, seconds(d)))), earlier: byMeasurement(layer3) };
    last = seasonal.summarize(input, S);
    layer3 = [...layer3, ...last];
  }
  const monthKey = months.at(-1)!;
  return seasonal.derive({ days: [monthKey], calendar, records: byMeasurement(last) }, S);
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
});
