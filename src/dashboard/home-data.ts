/**
 * What the dashboard reads from the store itself, shaped for its views: the home's entities
 * (name, area, how active) and an entity's day × hour activity, both from Layer 2's
 * `time_based_daily` (each activation's local minute, per entity and day), and the entities a
 * suggestion may name.
 */
import { BUCKETS, type AggregateRecord, type Storage } from '../storage/types.js';
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
 * Entity ids known to the home: those Layer 2 saw in the last `days`, plus any of `also` with an
 * event still in Layer 1 (context entities such as sun.sun or a weather entity have no Layer 2
 * activity record).
 */
export async function knownEntities(storage: Storage, calendar: Calendar, now: number, also: Iterable<string>, days = 90): Promise<Set<string>> {
  const known = new Set((await entitySummaries(storage, calendar, now, days)).map((e) => e.entity_id));
  const missing = [...new Set(also)].filter((id) => !known.has(id));
  if (missing.length > 0) {
    const seen = await storage.events.lastBefore(now, storage.retention.rawDays * DAY_MS + DAY_MS, missing);
    for (const id of seen.keys()) known.add(id);
  }
  return known;
}
