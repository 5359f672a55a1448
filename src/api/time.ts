/**
 * Times in queries, as InfluxDB's range() takes them: ISO-8601 (`2026-11-24`,
 * `2026-11-24T07:30:00Z`, `2026-11-24T07:30+01:00`, also a week `2026-W48` or a month `2026-11`)
 * or relative to now (`-30d`, `-4w`, `-12h`, `-90m`, `-45s`, `now`). A date or time without an
 * offset is the home's local time. Relative units are fixed lengths (a day is 24 h), as in Flux.
 */
import { z } from '@hono/zod-openapi';
import { DateTime } from 'luxon';
import { badRequest } from './errors.js';

export const TIME_FORMATS = 'ISO-8601 (2026-11-24, 2026-11-24T07:30:00Z, 2026-W48, 2026-11) or relative to now (-30d, -4w, -12h, -90m, now)';

const RELATIVE = /^-(\d{1,7})(s|m|h|d|w)$/;
const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** ISO-8601 as luxon reads it, but always starting with a year: no time-of-day alone. */
const ISO_START = /^\d{4}(-|$)/;
/** The range a time must fall in: 1970 to the end of year 9999 (what ISO strings can show). */
const MIN_TIME = 0;
const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** UTC ms of a time expression, or null when it is not one (or out of range). */
export function parseTime(expr: string, now: number, zone: string): number | null {
  let time: number;
  if (expr === 'now') time = now;
  else {
    const relative = RELATIVE.exec(expr);
    if (relative !== null) time = now - Number(relative[1]) * UNIT_MS[relative[2]!]!;
    else {
      if (!ISO_START.test(expr)) return null;
      const parsed = DateTime.fromISO(expr, { zone });
      if (!parsed.isValid) return null;
      time = parsed.toMillis();
    }
  }
  return time >= MIN_TIME && time <= MAX_TIME ? time : null;
}

/** A query parameter holding a time; checked here, resolved against the clock by the handler. */
export function timeParam(description: string) {
  return z
    .string()
    .refine((s) => parseTime(s, Date.now(), 'UTC') !== null, { message: `not a time: use ${TIME_FORMATS}` })
    .optional()
    .openapi({ description: `${description}: ${TIME_FORMATS}`, example: '-30d' });
}

export interface TimeRange {
  /** Inclusive; undefined: from the oldest record kept. */
  readonly start: number | undefined;
  /** Exclusive. */
  readonly end: number;
}

export interface RangeOptions {
  readonly now: number;
  readonly zone: string;
  /** Without a start: this long before the end; undefined: unbounded. */
  readonly defaultSpanMs?: number;
  /** Parameter names, for messages (`daily_start` in a union). */
  readonly names?: { readonly start: string; readonly end: string };
}

function resolve(expr: string, name: string, options: RangeOptions): number {
  const time = parseTime(expr, options.now, options.zone);
  if (time === null) throw badRequest(`${name}: not a time: use ${TIME_FORMATS}`);
  return time;
}

/** Resolves a start/end pair against the clock; start after end is a 400. */
export function resolveRange(query: { start?: string | undefined; end?: string | undefined }, options: RangeOptions): TimeRange {
  const names = options.names ?? { start: 'start', end: 'end' };
  const end = query.end === undefined ? options.now : resolve(query.end, names.end, options);
  const start =
    query.start !== undefined ? resolve(query.start, names.start, options) : options.defaultSpanMs === undefined ? undefined : Math.max(0, end - options.defaultSpanMs);
  if (start !== undefined && start > end) {
    throw badRequest(`${names.start} (${new Date(start).toISOString()}) is after ${names.end} (${new Date(end).toISOString()})`);
  }
  return { start, end };
}

export const iso = (ms: number) => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : iso(ms));
