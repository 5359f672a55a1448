/**
 * A day's plan: what the household and its automations intend to do, as timed state changes. The
 * routines write into it; the timeline (timeline.ts) then makes HA-valid events of it (order,
 * old states, duplicates, dropouts). A change may lie after the day's end (a dishwasher that runs
 * past midnight): the timeline keeps it for the next day.
 */
import type { EventCause } from '../events/model.js';
import { staticAttributes, type Attributes } from './attributes.js';
import { MINUTE, SECOND, type LocalClock, type SimDay } from './clock.js';
import type { HomeContext } from './context.js';
import { entityInfo, type EntityInfo } from './home.js';
import type { MessPlan } from './mess.js';
import { Random } from './random.js';
import type { AnomalyKind } from './truth.js';

export interface Change {
  readonly time: number;
  readonly entity: EntityInfo;
  readonly state: string;
  readonly attributes: Attributes;
  readonly cause: EventCause;
}

/** Where the day's people are: written by the presence routine, read by the others. */
export interface DayAnchors {
  /** Start of the weekday morning session (06:30 ± jitter), or null when there is none. */
  morningStart: number | null;
  /** Anna away at work: [leaves, returns]. */
  annaAway: readonly [number, number] | null;
  /** Ben out on an errand over lunch: [leaves, returns]. */
  benAway: readonly [number, number] | null;
  /** Both out shopping on Saturday: [leave, return]. */
  shopping: readonly [number, number] | null;
  /** Ben's lunch break in the office when there is no errand: [starts, ends]. */
  lunch: readonly [number, number] | null;
  /** Whether Ben works in the office today. */
  officeDay: boolean;
  /** When the living room is left for bed (evening.ts), for lights that stay on until then. */
  bedtime: number | null;
}

/** Counters and day lists the truth is built from (skipped routine days, rain episodes, …). */
export class Journal {
  readonly counts = new Map<string, number>();
  readonly dates = new Map<string, string[]>();

  add(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  mark(key: string, date: string): void {
    const list = this.dates.get(key);
    if (list === undefined) this.dates.set(key, [date]);
    else if (list[list.length - 1] !== date) list.push(date);
  }

  datesOf(key: string): readonly string[] {
    return this.dates.get(key) ?? [];
  }
}

export class DayPlan {
  readonly changes: Change[] = [];
  readonly dropouts: Dropout[] = [];
  readonly anchors: DayAnchors = { morningStart: null, annaAway: null, benAway: null, shopping: null, lunch: null, officeDay: false, bedtime: null };

  constructor(
    readonly seed: number,
    readonly day: SimDay,
    readonly clock: LocalClock,
    readonly context: HomeContext,
    readonly journal: Journal,
    /** Planted single-day anomalies of this day, by entity id → kind. */
    readonly anomalies: ReadonlyMap<string, AnomalyKind>,
    /** The messy home's episodes (whole simulation), or null for a tidy home. */
    readonly mess: MessPlan | null = null,
  ) {}

  /** The random stream of one routine on this day. */
  random(routine: string): Random {
    return Random.stream(this.seed, this.day.key, routine);
  }

  /** UTC ms of a wall-clock minute of this day (fractions allowed; may cross midnight). */
  at(minute: number): number {
    return this.clock.at(this.day, minute);
  }

  set(entityId: string, time: number, state: string, cause: EventCause, attributes?: Attributes): void {
    const entity = entityInfo(entityId);
    this.changes.push({ time: Math.round(time), entity, state, cause, attributes: attributes ?? staticAttributes(entity, state) });
  }

  /**
   * An entity active from `start` for `seconds`: its active and inactive states per domain
   * (on/off, playing/off, cleaning/docked, …).
   */
  interval(entityId: string, start: number, seconds: number, cause: EventCause, offCause: EventCause = cause): void {
    const [on, off] = activeStates(entityId);
    this.set(entityId, start, on, cause);
    this.set(entityId, start + seconds * SECOND, off, offCause);
  }

  /**
   * An entity unavailable (or unknown) for a while, as when a Zigbee device drops off the mesh:
   * whatever it would have done meanwhile is lost, and it comes back in the state it would have had.
   */
  dropout(entityId: string, start: number, seconds: number, state: 'unavailable' | 'unknown' = 'unavailable'): void {
    const end = Math.min(Math.round(start + seconds * SECOND), this.day.end - MINUTE);
    if (end > start) this.dropouts.push({ entity: entityInfo(entityId), start: Math.round(start), end, state });
  }

  /** Records that a routine happened today (routine.days_occurred in the truth). */
  occurred(routine: string): void {
    this.journal.add(`occurred:${routine}`);
  }

  /** Records that a daily routine did not happen today: its entities' low count is not an anomaly. */
  skipped(entityIds: readonly string[]): void {
    for (const id of entityIds) this.journal.mark(`skipped:${id}`, this.day.key);
  }
}

export interface Dropout {
  readonly entity: EntityInfo;
  readonly start: number;
  readonly end: number;
  readonly state: 'unavailable' | 'unknown';
}

/** The active and the inactive state of an entity, by its domain. */
export function activeStates(entityId: string): readonly [string, string] {
  const domain = entityId.slice(0, entityId.indexOf('.'));
  switch (domain) {
    case 'media_player':
      return ['playing', 'off'];
    case 'binary_sensor':
      return ['on', 'off'];
    case 'lock':
      return ['unlocked', 'locked'];
    case 'cover':
      return ['open', 'closed'];
    case 'vacuum':
      return ['cleaning', 'docked'];
    case 'person':
      return ['home', 'not_home'];
    default:
      return ['on', 'off'];
  }
}
