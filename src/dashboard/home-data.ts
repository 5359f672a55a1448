/**
 * What the dashboard reads from the store itself, shaped for its views: the home's entities
 * (name, area, how active) and an entity's day × hour activity, both from Layer 2's
 * `time_based_daily` (each activation's local minute, per entity and day), and the entities a
 * suggestion may name.
 */
import { BUCKETS, type AggregateRecord, type PatternQuery, type PatternRow, type Storage } from '../storage/types.js';
import { describeSafely } from '../detectors/describe.js';
import type { EntityLookup } from '../detectors/device-words.js';
import { entityWords } from '../jobs/entity-words.js';
import { metadataOf } from '../detectors/metadata.js';
import { isActiveState } from '../events/activity.js';
import type { Calendar } from '../time/calendar.js';

const MEASUREMENT = 'time_based_daily';
const DAY_MS = 86_400_000;

export interface EntitySummary {
  readonly entity_id: string;
  readonly name: string;
  readonly area_id: string | null;
  /** Activations in the window, and on how many days it was seen at all. */
  readonly activations: number;
  readonly days: number;
}

export interface HeatmapDay {
  readonly day: string;
  /** ISO weekday, 1 = Monday. */
  readonly weekday: number;
  /** Activations per local hour, or null: no record that day (not yet known, or no daily run). */
  readonly hours: number[] | null;
}

export interface Heatmap {
  readonly entity_id: string;
  readonly name: string;
  readonly area_id: string | null;
  readonly zone: string;
  readonly days: HeatmapDay[];
  readonly activations: number;
}

/** The local days of the last `days` complete days before `now`, oldest first. */
function lastDays(calendar: Calendar, now: number, days: number): string[] {
  const yesterday = calendar.shift(calendar.periodOf('day', now), -1);
  const first = calendar.shift(yesterday, -(days - 1));
  return calendar.daysBetween(first.key, yesterday.key);
}

function minutesOf(r: AggregateRecord): number[] {
  const v = r.fields['minutes'];
  if (typeof v !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(v);
    return Array.isArray(parsed) ? parsed.filter((m): m is number => typeof m === 'number') : [];
  } catch {
    return [];
  }
}

export async function entitySummaries(storage: Storage, calendar: Calendar, now: number, days = 30): Promise<EntitySummary[]> {
  const range = lastDays(calendar, now, days);
  const records = await storage.aggregates.query({ bucket: BUCKETS.daily, measurements: [MEASUREMENT], start: calendar.day(range[0]!).start, end: calendar.day(range[range.length - 1]!).end });
  const byEntity = new Map<string, { name: string; area: string | null; activations: number; days: number }>();
  for (const r of records) {
    const id = r.tags['entity_id'];
    if (id === undefined) continue;
    const e = byEntity.get(id) ?? { name: id, area: null, activations: 0, days: 0 };
    // records come oldest first: the newest name and area win
    if (typeof r.fields['name'] === 'string' && r.fields['name'] !== '') e.name = r.fields['name'];
    e.area = r.tags['area_id'] ?? e.area;
    e.activations += typeof r.fields['count'] === 'number' ? r.fields['count'] : 0;
    e.days++;
    byEntity.set(id, e);
  }
  return [...byEntity]
    .map(([entity_id, e]) => ({ entity_id, name: e.name, area_id: e.area, activations: e.activations, days: e.days }))
    .sort((a, b) => b.activations - a.activations || a.entity_id.localeCompare(b.entity_id));
}

export async function heatmap(storage: Storage, calendar: Calendar, now: number, entityId: string, days: number): Promise<Heatmap | null> {
  const range = lastDays(calendar, now, days);
  const records = await storage.aggregates.query({
    bucket: BUCKETS.daily,
    measurements: [MEASUREMENT],
    tags: { entity_id: entityId },
    start: calendar.day(range[0]!).start,
    end: calendar.day(range[range.length - 1]!).end,
  });
  if (records.length === 0) return null;
  const byDay = new Map(records.map((r) => [r.period, r]));
  let activations = 0;
  const out = range.map((day): HeatmapDay => {
    const r = byDay.get(day);
    if (r === undefined) return { day, weekday: calendar.weekday(day), hours: null };
    const hours = new Array<number>(24).fill(0);
    for (const m of minutesOf(r)) if (m >= 0 && m < 1440) hours[Math.floor(m / 60)]!++;
    activations += hours.reduce((a, b) => a + b, 0);
    return { day, weekday: calendar.weekday(day), hours };
  });
  const last = records[records.length - 1]!;
  const name = typeof last.fields['name'] === 'string' && last.fields['name'] !== '' ? last.fields['name'] : entityId;
  return { entity_id: entityId, name, area_id: last.tags['area_id'] ?? null, zone: calendar.zone, days: out, activations };
}

/**
 * The entity ids `known` (from Layer 2), plus any of `also` with an event still in Layer 1 (a
 * context entity such as sun.sun or a weather entity has no Layer 2 activity record).
 */
export async function knownEntities(storage: Storage, now: number, known: ReadonlySet<string>, also: Iterable<string>): Promise<Set<string>> {
  const missing = [...new Set(also)].filter((id) => !known.has(id));
  if (missing.length === 0) return new Set(known);
  const seen = await storage.events.lastBefore(now, storage.retention.rawDays * DAY_MS + DAY_MS, missing);
  return new Set([...known, ...seen.keys()]);
}

/** One area's average activations per local hour, on a weekday and on a weekend day. */
export interface AreaRhythm {
  readonly area_id: string | null;
  readonly weekday: number[];
  readonly weekend: number[];
  readonly activations: number;
}

/** A routine found (Layer 4) placed on the day: where, from when (and to when), which days. */
export interface RhythmRoutine {
  readonly pattern_id: number;
  readonly type: 'time_based' | 'session';
  readonly area_ids: (string | null)[];
  readonly entity_id: string | null;
  readonly minute: number;
  readonly end_minute: number | null;
  /** all, weekdays, weekends, days (particular weekdays), or some (a habit on fewer days). */
  readonly day_type: string;
  /** How many days in the window it held on, of how many it could have. */
  readonly days: number;
  readonly days_observed: number;
  /** Spread of its start in minutes: smaller is more regular. */
  readonly spread_minutes: number;
  /** Activations a week it stands for: how much a person does by hand. */
  readonly per_week: number;
  /** Usefulness for ranking: how often × how regular. */
  readonly score: number;
  readonly description: string;
}

export interface DayCurve {
  readonly day: string;
  readonly weekday: number;
  /** Activations per local hour; null for hours still to come. */
  readonly hours: (number | null)[];
  /** A usual day of the same kind (weekday or weekend) over the window, per hour. */
  readonly usual: number[];
  /** Whether this is today (so far), or the last complete day because today has nothing yet. */
  readonly today: boolean;
}

export interface Rhythm {
  readonly zone: string;
  readonly first: string | null;
  readonly last: string | null;
  readonly weekdays: number;
  readonly weekends: number;
  readonly areas: AreaRhythm[];
  readonly routines: RhythmRoutine[];
  readonly day: DayCurve | null;
}

const num = (v: unknown, fallback = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : fallback);
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const isWeekend = (weekday: number) => weekday >= 6;
/** Minutes after midnight of "HH:MM" (0 when it is not one). */
const clockMinute = (v: unknown) => {
  const match = typeof v === 'string' ? /^(\d{1,2}):(\d{2})$/.exec(v) : null;
  return match ? Number(match[1]) * 60 + Number(match[2]) : 0;
};

/** A routine's usefulness: activations a week it stands for, damped by how spread its time is (a ±5 min habit beats a ±60 min one). */
export function routineScore(perWeek: number, share: number, spreadMinutes: number): number {
  return round(perWeek * share / (1 + Math.max(0, spreadMinutes) / 30), 3);
}

function routinesOf(storage: Storage, known: EntityLookup): RhythmRoutine[] {
  const out: RhythmRoutine[] = [];
  for (const p of storage.patterns.list({ patternType: 'time_based', limit: 2000 })) {
    const m = metadataOf(p, 'time_based');
    const days = num(m.days_matched, p.occurrences);
    const observed = Math.max(1, num(m.days_observed, days));
    const spread = num(m.spread_minutes, 60);
    const perWeek = (days / observed) * 7;
    out.push({
      pattern_id: p.id,
      type: 'time_based',
      area_ids: [p.area_id],
      entity_id: p.device_id,
      minute: num(m.typical_minute, clockMinute(m.typical_time)),
      end_minute: null,
      day_type: m.day_type ?? 'some',
      days,
      days_observed: observed,
      spread_minutes: spread,
      per_week: round(perWeek, 1),
      score: routineScore(perWeek, p.confidence, spread),
      description: describeSafely(p, known),
    });
  }
  for (const p of storage.patterns.list({ patternType: 'session', limit: 500 })) {
    const m = metadataOf(p, 'session');
    const areas = m.areas;
    const days = m.days.length;
    const observed = Math.max(1, num(m.days_observed, days));
    const spread = num(m.start_spread_minutes, 60);
    const entities = m.entities.length;
    const perWeek = (days / observed) * 7;
    out.push({
      pattern_id: p.id,
      type: 'session',
      area_ids: areas.length > 0 ? areas : [p.area_id],
      entity_id: null,
      minute: num(m.start_minute),
      end_minute: num(m.end_minute, num(m.start_minute)),
      day_type: m.day_type,
      days,
      days_observed: observed,
      spread_minutes: spread,
      per_week: round(perWeek, 1),
      // a session stands for several things done by hand
      score: routineScore(perWeek * Math.max(1, entities), p.confidence, spread),
      description: describeSafely(p, known),
    });
  }
  return out.sort((a, b) => b.score - a.score || a.pattern_id - b.pattern_id);
}

/** Activations per local hour of `day` from Layer 1 (turned active from not active), up to `now`. */
async function dayFromEvents(storage: Storage, calendar: Calendar, day: string, now: number): Promise<number[]> {
  const hours = new Array<number>(24).fill(0);
  const { start, end } = calendar.day(day);
  for await (const chunk of storage.events.read({ start, end: Math.min(end, now), withAttributes: false })) {
    for (const e of chunk) {
      if (isActiveState(e.domain, e.state) !== true || isActiveState(e.domain, e.oldState) === true) continue;
      hours[calendar.hourOf(e.time)]!++;
    }
  }
  return hours;
}

/**
 * The home's rhythm over the last `days` complete days (Layer 2): each area's usual weekday and
 * weekend day by hour, the routines found (Layer 4) to mark on it, and today so far (Layer 1)
 * beside a usual day of its kind — or the last complete day when today has nothing yet.
 */
export async function rhythm(storage: Storage, calendar: Calendar, now: number, days = 28): Promise<Rhythm> {
  const range = lastDays(calendar, now, days);
  const records = await storage.aggregates.query({ bucket: BUCKETS.daily, measurements: [MEASUREMENT], start: calendar.day(range[0]!).start, end: calendar.day(range[range.length - 1]!).end });
  const byArea = new Map<string | null, { weekday: number[]; weekend: number[]; activations: number }>();
  const seenDays = new Map<string, number[]>();
  for (const r of records) {
    const area = r.tags['area_id'] ?? null;
    const a = byArea.get(area) ?? { weekday: new Array<number>(24).fill(0), weekend: new Array<number>(24).fill(0), activations: 0 };
    byArea.set(area, a);
    const weekend = isWeekend(calendar.weekday(r.period));
    const hoursOfDay = seenDays.get(r.period) ?? new Array<number>(24).fill(0);
    seenDays.set(r.period, hoursOfDay);
    for (const m of minutesOf(r)) {
      if (m < 0 || m >= 1440) continue;
      const h = Math.floor(m / 60);
      (weekend ? a.weekend : a.weekday)[h]!++;
      hoursOfDay[h]!++;
      a.activations++;
    }
  }
  const dayKeys = [...seenDays.keys()].sort();
  const weekends = dayKeys.filter((d) => isWeekend(calendar.weekday(d))).length;
  const weekdays = dayKeys.length - weekends;
  const avg = (sums: number[], n: number) => sums.map((s) => (n === 0 ? 0 : round(s / n, 2)));
  const areas = [...byArea]
    .map(([area_id, a]) => ({ area_id, weekday: avg(a.weekday, weekdays), weekend: avg(a.weekend, weekends), activations: a.activations }))
    .sort((x, y) => y.activations - x.activations || String(x.area_id).localeCompare(String(y.area_id)));

  const usualOf = (weekday: number) => {
    const same = dayKeys.filter((d) => isWeekend(calendar.weekday(d)) === isWeekend(weekday));
    const sums = new Array<number>(24).fill(0);
    for (const d of same) seenDays.get(d)!.forEach((n, h) => (sums[h]! += n));
    return avg(sums, same.length);
  };
  let curve: DayCurve | null = null;
  const todayKey = calendar.dayKey(now);
  const todayHours = await dayFromEvents(storage, calendar, todayKey, now);
  if (todayHours.some((n) => n > 0)) {
    const hourNow = calendar.hourOf(now);
    const weekday = calendar.weekday(todayKey);
    curve = { day: todayKey, weekday, hours: todayHours.map((n, h) => (h <= hourNow ? n : null)), usual: usualOf(weekday), today: true };
  } else if (dayKeys.length > 0) {
    const last = dayKeys[dayKeys.length - 1]!;
    const weekday = calendar.weekday(last);
    curve = { day: last, weekday, hours: seenDays.get(last)!, usual: usualOf(weekday), today: false };
  }
  return { zone: calendar.zone, first: dayKeys[0] ?? null, last: dayKeys[dayKeys.length - 1] ?? null, weekdays, weekends, areas, routines: routinesOf(storage, await entityWords(storage)), day: curve };
}

/** The numbers a pattern's usefulness comes from, read from its evidence (absent: neutral). */
export interface Usefulness {
  /** Times a week it happens. */
  readonly per_week: number;
  /** Spread of its timing in minutes (30 when it has none to tell: see `timed`). */
  readonly spread_minutes: number;
  /** Whether its evidence tells a spread of its timing. */
  readonly timed: boolean;
  /** Things a person switches each time (entities of a session, steps of a chain). */
  readonly actions: number;
  readonly score: number;
}

const DAYS_WINDOW = 28;

/**
 * How useful a routine is to know (and to automate): how often it happens, how regular it is and
 * how much it does by hand, rather than its confidence (which is 100 % for half of them). An
 * anomaly is news, not a routine: it scores 0 and is ranked by day elsewhere.
 */
export function usefulness(p: PatternRow): Usefulness {
  const m = p.pattern_metadata as Record<string, unknown>;
  const len = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  const observed = num(m['days_observed'], num(m['mask_days_observed'], DAYS_WINDOW));
  const happened = num(m['days_matched'], len(m['days']) || p.occurrences);
  const perWeek = observed > 0 ? Math.min(happened / observed, 50) * 7 : 0;
  const told = [m['spread_minutes'], m['start_spread_minutes']].find((v) => num(v, -1) >= 0);
  const spread = told === undefined ? 30 : num(told);
  const actions = Math.max(1, len(m['entities']), len(m['chain']), len(m['steps']));
  const score = p.pattern_type === 'anomaly' ? 0 : routineScore(perWeek * actions, p.confidence, spread);
  return { per_week: round(perWeek, 1), spread_minutes: round(spread, 1), timed: told !== undefined, actions, score };
}

export interface RankedPatterns {
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  readonly patterns: (PatternRow & { description: string; usefulness: Usefulness })[];
}

/** Patterns matching `query`, most useful first (anomalies newest first, after the routines). */
export function rankedPatterns(storage: Storage, query: PatternQuery, limit: number, offset: number, known?: EntityLookup): RankedPatterns {
  const all = storage.patterns.list({ ...query, limit: 100_000, offset: 0 }).map((p) => ({ ...p, description: describeSafely(p, known), usefulness: usefulness(p) }));
  const dayOf = (p: PatternRow) => metadataOf(p, 'anomaly').day;
  all.sort((a, b) => {
    const anomalyA = a.pattern_type === 'anomaly';
    const anomalyB = b.pattern_type === 'anomaly';
    if (anomalyA !== anomalyB) return anomalyA ? 1 : -1;
    if (anomalyA) return dayOf(b).localeCompare(dayOf(a)) || a.id - b.id;
    return b.usefulness.score - a.usefulness.score || b.confidence - a.confidence || a.id - b.id;
  });
  return { total: all.length, limit, offset, patterns: all.slice(offset, offset + limit) };
}

