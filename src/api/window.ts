/**
 * Windowed functions over aggregate records, like InfluxDB's aggregateWindow(every, fn): each
 * series (measurement + tags, Flux's group key) is cut into windows and each numeric field is
 * reduced with fn. Windows of minutes and hours are aligned to the epoch (UTC), as in Flux;
 * windows of days, weeks (ISO, Monday) and months are the home's local calendar periods, so a
 * `1d` window is one local day also on a DST day. Windows without records are left out (Flux's
 * createEmpty: false). Pure: no I/O.
 */
import type { AggregateRecord } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';
import { dayIndexOf, dayKeyOf, dayStart } from './periods.js';

export const WINDOW_FNS = ['mean', 'sum', 'min', 'max', 'count'] as const;
export type WindowFn = (typeof WINDOW_FNS)[number];

export type EveryUnit = 'm' | 'h' | 'd' | 'w' | 'mo';
export interface Every {
  readonly n: number;
  readonly unit: EveryUnit;
}

export const EVERY_PATTERN = /^([1-9]\d{0,3})(m|h|d|w|mo)$/;
export const EVERY_FORMAT = 'a count and a unit: m (minutes), h, d (local days), w (ISO weeks), mo (months); e.g. 1d, 1w, 12h';

export function parseEvery(s: string): Every | null {
  const m = EVERY_PATTERN.exec(s);
  return m === null ? null : { n: Number(m[1]), unit: m[2] as EveryUnit };
}

/** One window of one series: every field some record had as a number, reduced with fn. */
export interface WindowRow {
  /** Identity of the series (measurement and tags), for grouping. */
  readonly series: string;
  readonly measurement: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly start: number;
  readonly stop: number;
  /** Records that fell into the window. */
  readonly records: number;
  readonly fields: Readonly<Record<string, number>>;
}

/** 1970-01-05, a Monday: day index 4 since the epoch; ISO weeks are counted from it. */
const FIRST_MONDAY = 4;

const monthKey = (m: number) => `${String(Math.floor(m / 12)).padStart(4, '0')}-${String((m % 12) + 1).padStart(2, '0')}-01`;

/** The window [start, stop) holding a moment. */
export function windowOf(time: number, every: Every, calendar: Calendar): { start: number; stop: number } {
  const { n, unit } = every;
  if (unit === 'm' || unit === 'h') {
    const size = n * (unit === 'm' ? 60_000 : 3_600_000);
    const start = Math.floor(time / size) * size;
    return { start, stop: start + size };
  }
  const key = calendar.dayKey(time);
  const day = dayIndexOf(key);
  if (unit === 'd') {
    const first = Math.floor(day / n) * n;
    return { start: dayStart(calendar, dayKeyOf(first)), stop: dayStart(calendar, dayKeyOf(first + n)) };
  }
  if (unit === 'w') {
    const first = Math.floor(Math.floor((day - FIRST_MONDAY) / 7) / n) * n;
    const startDay = FIRST_MONDAY + first * 7;
    return { start: dayStart(calendar, dayKeyOf(startDay)), stop: dayStart(calendar, dayKeyOf(startDay + 7 * n)) };
  }
  const month = Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7)) - 1;
  const first = Math.floor(month / n) * n;
  return { start: dayStart(calendar, monthKey(first)), stop: dayStart(calendar, monthKey(first + n)) };
}

interface Accumulator {
  sum: number;
  min: number;
  max: number;
  count: number;
}

interface Group {
  readonly measurement: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly series: string;
  readonly start: number;
  readonly stop: number;
  records: number;
  readonly fields: Map<string, Accumulator>;
}

function seriesOf(r: AggregateRecord): string {
  const keys = Object.keys(r.tags).sort();
  return `${r.measurement}\u0000${keys.map((k) => `${k}=${r.tags[k]}`).join('\u0000')}`;
}

function reduce(a: Accumulator, fn: WindowFn): number {
  switch (fn) {
    case 'mean':
      return a.sum / a.count;
    case 'sum':
      return a.sum;
    case 'min':
      return a.min;
    case 'max':
      return a.max;
    case 'count':
      return a.count;
  }
}

/** Rows ordered by series (measurement, then tags), then window: Flux's tables, one after another. */
export function aggregateWindow(records: readonly AggregateRecord[], every: Every, fn: WindowFn, calendar: Calendar): WindowRow[] {
  const windows = new Map<number, { start: number; stop: number }>();
  const groups = new Map<string, Group>();
  for (const r of records) {
    let w = windows.get(r.time);
    if (w === undefined) windows.set(r.time, (w = windowOf(r.time, every, calendar)));
    const series = seriesOf(r);
    const key = `${w.start}\u0001${series}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { measurement: r.measurement, tags: r.tags, series, start: w.start, stop: w.stop, records: 0, fields: new Map() }));
    g.records++;
    for (const [name, value] of Object.entries(r.fields)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      const a = g.fields.get(name);
      if (a === undefined) g.fields.set(name, { sum: value, min: value, max: value, count: 1 });
      else {
        a.sum += value;
        if (value < a.min) a.min = value;
        if (value > a.max) a.max = value;
        a.count++;
      }
    }
  }
  return [...groups.values()]
    .sort((a, b) => (a.series < b.series ? -1 : a.series > b.series ? 1 : a.start - b.start))
    .map((g) => ({
      series: g.series,
      measurement: g.measurement,
      tags: g.tags,
      start: g.start,
      stop: g.stop,
      records: g.records,
      fields: Object.fromEntries([...g.fields].map(([name, a]) => [name, reduce(a, fn)])),
    }));
}
