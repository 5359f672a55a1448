/**
 * Reading Layers 2/3 for the aggregates resource: one part (a kind, its measurements, a range,
 * tag filters) read from its bucket, and the shapes records and windows take on the wire.
 *
 * A record's time is its period's start, so a range keeps the periods it overlaps, and a part's
 * range is widened to whole periods: `-30d` from mid-day covers the 30 days before today plus
 * today (which has no record until its job has run), `-4w` the four weeks before this one plus
 * this one. Widened, a relative range stays the same all day, which makes answers reusable.
 */
import { z } from '@hono/zod-openapi';
import type { AggregateRecord } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';
import type { Resolved } from './context.js';
import { badRequest } from './errors.js';
import { KIND, kindOfMeasurement, measurementsOf, type AggregateKind } from './measurements.js';
import { periodEndBefore, periodStart } from './periods.js';
import { iso, type TimeRange } from './time.js';
import { EVERY_FORMAT, EVERY_PATTERN, parseEvery, WINDOW_FNS, type Every, type WindowFn, type WindowRow } from './window.js';

export const AGGREGATES_DEFAULT_LIMIT = 1000;
export const AGGREGATES_MAX_LIMIT = 10_000;
/** Most records one windowed query may reduce; beyond it the query must be narrowed. */
export const MAX_WINDOW_INPUT = 200_000;

export interface Part {
  readonly kind: AggregateKind;
  /** undefined: every known measurement of the kind. */
  readonly measurements: readonly string[] | undefined;
  /** Start of the first period covered; undefined: from the oldest record kept. */
  readonly start: number | undefined;
  /** End (exclusive) of the last period covered. */
  readonly end: number;
  readonly tags: Readonly<Record<string, string>>;
}

export const everyParam = z
  .string()
  .regex(EVERY_PATTERN, { message: `not a window length: ${EVERY_FORMAT}` })
  .optional()
  .openapi({ description: `window length, like aggregateWindow(every:): ${EVERY_FORMAT}`, example: '1d' });

export const fnParam = z.enum(WINDOW_FNS).optional().openapi({ description: 'what each window keeps of each numeric field (default mean when every is given)', example: 'mean' });

export interface Windowing {
  readonly every: Every;
  readonly everyText: string;
  readonly fn: WindowFn;
}

export function windowing(every: string | undefined, fn: WindowFn | undefined): Windowing | null {
  if (every === undefined) {
    if (fn !== undefined) throw badRequest(`fn needs every (e.g. every=1d&fn=${fn})`);
    return null;
  }
  return { every: parseEvery(every)!, everyText: every, fn: fn ?? 'mean' };
}

/** The tag filters of a query; entity_id and area_id are indexed. */
export function tagsOf(q: { entity_id?: string | undefined; area_id?: string | undefined }): Record<string, string> {
  const tags: Record<string, string> = {};
  if (q.entity_id !== undefined) tags['entity_id'] = q.entity_id;
  if (q.area_id !== undefined) tags['area_id'] = q.area_id;
  return tags;
}

/** A part covering the periods of its kind that overlap a range. */
export function partOf(kind: AggregateKind, measurements: readonly string[] | undefined, range: TimeRange, tags: Readonly<Record<string, string>>, calendar: Calendar): Part {
  const period = KIND[kind].period;
  if (range.start !== undefined && range.start >= range.end) return { kind, measurements, start: range.start, end: range.start, tags };
  const start = range.start === undefined ? undefined : periodStart(period, range.start, calendar);
  return { kind, measurements, start, end: periodEndBefore(period, range.end, calendar), tags };
}

/** The part's records, ordered by time, measurement, series; at most `limit` of them. */
export async function readPart(deps: Resolved, part: Part, limit: number): Promise<AggregateRecord[]> {
  if (part.start !== undefined && part.start >= part.end) return [];
  return deps.storage.aggregates.query({
    bucket: KIND[part.kind].bucket,
    measurements: part.measurements ?? measurementsOf(part.kind),
    start: part.start,
    end: part.end,
    tags: part.tags,
    limit,
  });
}

export const recordSchema = z
  .object({
    kind: z.enum(['daily', 'weekly', 'monthly']),
    measurement: z.string().openapi({ example: 'time_based_daily' }),
    period: z.string().openapi({ example: '2026-11-24' }),
    time: z.string().openapi({ description: 'period start', example: '2026-11-23T23:00:00.000Z' }),
    tags: z.record(z.string(), z.string()),
    fields: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).openapi({ description: 'numbers, and JSON strings for mergeable structures' }),
  })
  .openapi('AggregateRecord');

const windowSchema = z.object({
  start: z.string().openapi({ description: 'window start (inclusive)' }),
  stop: z.string().openapi({ description: 'window stop (exclusive)' }),
  records: z.number().int().openapi({ description: 'records in the window' }),
  fields: z.record(z.string(), z.number()).openapi({ description: 'each numeric field reduced with fn' }),
});

export const seriesSchema = z
  .object({
    kind: z.enum(['daily', 'weekly', 'monthly']),
    measurement: z.string().openapi({ example: 'time_based_daily' }),
    tags: z.record(z.string(), z.string()),
    windows: z.array(windowSchema),
  })
  .openapi('AggregateSeries', { description: 'one series (measurement and tags) cut into windows, like one table of a Flux result' });

const kindOf = (measurement: string): AggregateKind => kindOfMeasurement(measurement) ?? 'daily';

export const wireRecord = (r: AggregateRecord) => ({ kind: kindOf(r.measurement), measurement: r.measurement, period: r.period, time: iso(r.time), tags: r.tags, fields: r.fields });

/** Windows on the wire, grouped by series (rows come ordered by series); boundaries formatted once. */
export function wireSeries(rows: readonly WindowRow[]) {
  const texts = new Map<number, string>();
  const text = (ms: number) => {
    let t = texts.get(ms);
    if (t === undefined) texts.set(ms, (t = iso(ms)));
    return t;
  };
  const out: { kind: AggregateKind; measurement: string; tags: Readonly<Record<string, string>>; windows: { start: string; stop: string; records: number; fields: Readonly<Record<string, number>> }[] }[] = [];
  let current: string | null = null;
  for (const w of rows) {
    if (w.series !== current) {
      out.push({ kind: kindOf(w.measurement), measurement: w.measurement, tags: w.tags, windows: [] });
      current = w.series;
    }
    out.at(-1)!.windows.push({ start: text(w.start), stop: text(w.stop), records: w.records, fields: w.fields });
  }
  return out;
}

/** The store's order, for merging parts: time, measurement, series. */
export function compareRecords(a: AggregateRecord, b: AggregateRecord): number {
  if (a.time !== b.time) return a.time - b.time;
  if (a.measurement !== b.measurement) return a.measurement < b.measurement ? -1 : 1;
  const sa = JSON.stringify(a.tags);
  const sb = JSON.stringify(b.tags);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function tooManyToWindow(): Error {
  return badRequest(`more than ${MAX_WINDOW_INPUT.toLocaleString('en-US')} records to window: narrow the query (measurement, entity_id, area_id, start)`);
}
