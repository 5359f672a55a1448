/**
 * The home's context, read from its own entities while a day is scanned: the sun (sun.sun, or
 * sunrise/sunset from the home's latitude/longitude), the weather condition (weather.*), the
 * outdoor temperature band (an outdoor temperature sensor) and presence (person.*). Each kind
 * becomes a timeline of values over the day; the contextual detector counts activations and
 * exposure per value from it (PRODUCT §5, detector 9).
 */
import { getTimes } from 'suncalc';
import type { Period } from '../time/calendar.js';

export type ContextKind = 'sun' | 'weather' | 'temperature' | 'presence';
export const CONTEXT_KINDS: readonly ContextKind[] = ['sun', 'weather', 'temperature', 'presence'];

/** Width of an outdoor temperature band in °C: 5 gives 0..5, 5..10, … */
export const BAND_WIDTH_C = 5;

const OUTDOOR = /(^|_)(outdoor|outside|exterior|external|aussen|outdoors)(_|$)/;
const TEMPERATURE = /(^|_)(temp|temperature)(_|$)/;

/** Which context an entity is a source of, if any. */
export function contextKindOf(entityId: string, attributes?: Readonly<Record<string, unknown>>): ContextKind | null {
  const dot = entityId.indexOf('.');
  const domain = entityId.slice(0, dot);
  const object = entityId.slice(dot + 1);
  if (domain === 'sun') return 'sun';
  if (domain === 'weather') return 'weather';
  if (domain === 'person') return 'presence';
  if (domain === 'sensor' && OUTDOOR.test(object)) {
    if (TEMPERATURE.test(object)) return 'temperature';
    const unit = attributes?.['unit_of_measurement'];
    if (attributes?.['device_class'] === 'temperature' || unit === '°C' || unit === '°F') return 'temperature';
  }
  return null;
}

/** Whether an entity that is no source by its id may still turn out one by its attributes (an outdoor sensor). */
export function mayBeContextByAttributes(entityId: string): boolean {
  return entityId.startsWith('sensor.') && OUTDOOR.test(entityId.slice(7));
}

/** HA's weather conditions grouped into what a household reacts to. */
const WEATHER_GROUPS: Readonly<Record<string, string>> = {
  sunny: 'clear',
  'clear-night': 'clear',
  partlycloudy: 'cloudy',
  cloudy: 'cloudy',
  fog: 'fog',
  rainy: 'rainy',
  pouring: 'rainy',
  'lightning-rainy': 'rainy',
  hail: 'rainy',
  lightning: 'stormy',
  snowy: 'snowy',
  'snowy-rainy': 'snowy',
  windy: 'windy',
  'windy-variant': 'windy',
  exceptional: 'exceptional',
};

export function weatherGroup(condition: string): string | null {
  return WEATHER_GROUPS[condition] ?? null;
}

/** HA's conditions in a group (what an automation on "rainy" triggers on). */
export function weatherConditions(group: string): string[] {
  return Object.entries(WEATHER_GROUPS).filter(([, g]) => g === group).map(([c]) => c);
}

/** The band a temperature falls in, as "lo..hi" (°C); null for a state that is not a number. */
export function temperatureBand(state: string, unit?: unknown): string | null {
  if (state.trim() === '') return null;
  let celsius = Number(state);
  if (!Number.isFinite(celsius)) return null;
  if (unit === '°F') celsius = ((celsius - 32) * 5) / 9;
  const lo = Math.floor(celsius / BAND_WIDTH_C) * BAND_WIDTH_C;
  return `${lo}..${lo + BAND_WIDTH_C}`;
}

/** The band's bounds, from its value. */
export function bandBounds(value: string): { min: number; max: number } | null {
  const m = /^(-?\d+)\.\.(-?\d+)$/.exec(value);
  return m ? { min: Number(m[1]), max: Number(m[2]) } : null;
}

export interface ContextPoint {
  readonly time: number;
  /** null: unknown from here on (source unavailable). */
  readonly value: string | null;
}

export interface ContextTimeline {
  /** The entities the values come from ('location' for the sun computed from latitude/longitude). */
  readonly sources: readonly string[];
  /** Change points in [day.start, day.end); the first is at day.start. */
  readonly points: readonly ContextPoint[];
}

export type DayContexts = ReadonlyMap<ContextKind, ContextTimeline>;

interface Source {
  readonly kind: ContextKind;
  state: string | null;
  unit: unknown;
  /** Time of its last event. */
  seen: number;
}

export interface CarriedSource {
  readonly kind: ContextKind;
  readonly state: string | null;
  readonly seen: number;
}

export interface Location {
  readonly latitude: number;
  readonly longitude: number;
}

/** The home's location, when known (HA's get_config or the demo). */
export function locationOf(home: { readonly latitude?: number; readonly longitude?: number }): Location | undefined {
  return home.latitude !== undefined && home.longitude !== undefined ? { latitude: home.latitude, longitude: home.longitude } : undefined;
}

/** Follows the context sources through a day's ordered events and records each kind's timeline. */
export class ContextTracker {
  private readonly sources = new Map<string, Source>();
  private readonly points = new Map<ContextKind, ContextPoint[]>();
  private readonly used = new Map<ContextKind, Set<string>>();
  private started = false;

  constructor(private readonly day: Period) {}

  /** Whether an entity is followed as a context source. */
  follows(entityId: string): boolean {
    return this.sources.has(entityId);
  }

  kindOf(entityId: string): ContextKind | null {
    return this.sources.get(entityId)?.kind ?? null;
  }

  /** A source's state carried from before the day (or the look-back). */
  carry(entityId: string, source: CarriedSource): void {
    this.sources.set(entityId, { kind: source.kind, state: source.state, unit: undefined, seen: source.seen });
  }

  /** Applies a source's new state at `time`; events arrive in time order. */
  update(entityId: string, kind: ContextKind, time: number, state: string | null, attributes: Readonly<Record<string, unknown>>): void {
    if (!this.started && time >= this.day.start) this.start();
    const before = this.started ? this.value(kind) : null;
    let source = this.sources.get(entityId);
    if (source === undefined) this.sources.set(entityId, (source = { kind, state: null, unit: undefined, seen: time }));
    source.state = state;
    source.seen = time;
    if (attributes['unit_of_measurement'] !== undefined) source.unit = attributes['unit_of_measurement'];
    if (!this.started) return;
    const after = this.value(kind);
    if (after !== before) this.points.get(kind)!.push({ time, value: after });
  }

  /** The sources a day carries on to the next. */
  carryOut(): Map<string, CarriedSource> {
    return new Map([...this.sources].map(([id, s]) => [id, { kind: s.kind, state: s.state, seen: s.seen }]));
  }

  private start(): void {
    this.started = true;
    for (const kind of CONTEXT_KINDS) this.points.set(kind, [{ time: this.day.start, value: this.value(kind) }]);
  }

  /** The value of a kind now; also notes which entities it came from. */
  private value(kind: ContextKind): string | null {
    const ids = [...this.sources].filter(([, s]) => s.kind === kind).map(([id]) => id).sort();
    if (ids.length === 0) return null;
    let used = this.used.get(kind);
    if (used === undefined) this.used.set(kind, (used = new Set()));
    if (kind === 'presence') {
      const known = ids.filter((id) => usable(this.sources.get(id)!.state));
      for (const id of known) used.add(id);
      if (known.length === 0) return null;
      return known.some((id) => this.sources.get(id)!.state === 'home') ? 'home' : 'away';
    }
    // one source per kind: the first by id that says something (sun.sun, weather.home, …)
    for (const id of ids) {
      const s = this.sources.get(id)!;
      if (!usable(s.state)) continue;
      const value = kind === 'sun' ? sunValue(s.state!) : kind === 'weather' ? weatherGroup(s.state!) : temperatureBand(s.state!, s.unit);
      if (value === null) continue;
      used.add(id);
      return value;
    }
    return null;
  }

  /** The day's timelines; the sun comes from the location when the home has no sun entity. */
  finish(location?: Location): DayContexts {
    if (!this.started) this.start();
    const out = new Map<ContextKind, ContextTimeline>();
    for (const kind of CONTEXT_KINDS) {
      const points = this.points.get(kind)!;
      const sources = [...(this.used.get(kind) ?? [])].sort();
      if (points.some((p) => p.value !== null)) out.set(kind, { sources, points: [...points] });
    }
    if (!out.has('sun') && location !== undefined) {
      const computed = sunFromLocation(this.day, location);
      if (computed !== null) out.set('sun', computed);
    }
    return out;
  }
}

function usable(state: string | null): boolean {
  return state !== null && state !== 'unknown' && state !== 'unavailable' && state !== '';
}

function sunValue(state: string): string | null {
  return state === 'above_horizon' || state === 'below_horizon' ? state : null;
}

/** The sun's timeline of a day from latitude/longitude (suncalc), as HA's sun integration would show it. */
export function sunFromLocation(day: Period, { latitude, longitude }: Location): ContextTimeline | null {
  const changes: { time: number; value: string }[] = [];
  // the times of the UTC dates the local day touches: a day may hold a sunrise and a sunset of either
  for (const t of [day.start, day.start + 12 * 3_600_000, day.end - 1]) {
    const times = getTimes(new Date(t), latitude, longitude);
    for (const [d, value] of [[times.sunrise, 'above_horizon'], [times.sunset, 'below_horizon']] as const) {
      const ms = d === null ? Number.NaN : d.getTime();
      if (Number.isFinite(ms) && !changes.some((c) => Math.abs(c.time - ms) < 3_600_000 && c.value === value)) changes.push({ time: ms, value });
    }
  }
  if (changes.length === 0) return null;
  changes.sort((a, b) => a.time - b.time);
  const before = changes.filter((c) => c.time <= day.start).at(-1);
  const first = before?.value ?? (changes.find((c) => c.time > day.start)?.value === 'above_horizon' ? 'below_horizon' : 'above_horizon');
  const points: ContextPoint[] = [{ time: day.start, value: first }];
  for (const c of changes) if (c.time > day.start && c.time < day.end && c.value !== points.at(-1)!.value) points.push({ time: c.time, value: c.value });
  return { sources: ['location'], points };
}

/** The value in effect at `time` (a change at exactly `time` counts). */
export function valueAt(timeline: ContextTimeline, time: number): { value: string | null; since: number } {
  const { points } = timeline;
  let lo = 0;
  let hi = points.length - 1;
  if (time < points[0]!.time) return { value: null, since: time };
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid]!.time <= time) lo = mid;
    else hi = mid - 1;
  }
  return { value: points[lo]!.value, since: points[lo]!.time };
}
