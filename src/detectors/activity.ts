/**
 * A day's activity: the activations, deactivations and on-intervals of one local day, from that
 * day's raw events plus a short look-back and the state carried over from before. Pure: the
 * daily job and the full recompute both call it, with inputs they obtain differently.
 */
import { isActivatable, isActiveState, isWorkdaySensor, transitionOf } from '../events/activity.js';
import type { EventCause, StateEvent } from '../events/model.js';
import { friendlyName } from '../events/model.js';
import { AutomationRuns, RUN_ATTRIBUTE } from './automation-runs.js';
import type { Calendar, Period } from '../time/calendar.js';
import { type ContextKind, contextKindOf, ContextTracker, type DayContexts, type Location, mayBeContextByAttributes } from './context.js';
import { type Override, OverrideTracker } from './override-tracker.js';

/** What a day's scan needs. */
export interface DayInput {
  readonly day: Period;
  readonly calendar: Calendar;
  /** Events in [lookbackStart, day.end), ordered by compareEvents. */
  readonly events: readonly StateEvent[];
  /** Start of the look-back before the day that windows (co-occurrence, sequences) need. */
  readonly lookbackStart: number;
  /** Each entity's state at `lookbackStart`: the previous day's `carryOut`, or `carriedFromEvents`. */
  readonly carried: ReadonlyMap<string, CarriedState>;
}

/** An entity's state carried from one day's scan into the next. */
export interface CarriedState {
  readonly info: EntityInfo;
  /** Last informative state (unknown/unavailable do not count). */
  readonly state: string | null;
  /** When the current active stretch began; null when inactive or unknown. */
  readonly since: number | null;
  /** Time of the entity's last event: an entity silent for longer than CARRY_MS is dropped. */
  readonly seen: number;
  /** Since when it has been unavailable or unknown (null or absent: it is not). */
  readonly dark?: number | null;
}

/** The only attributes a day's scan reads (names, what tells an outdoor temperature sensor, when an automation ran). */
export const SCAN_ATTRIBUTES: readonly string[] = ['friendly_name', 'unit_of_measurement', 'device_class', RUN_ATTRIBUTE];

/** How long an entity without events stays known (raw retention is 7 days; jobs run a day late). */
export const CARRY_MS = 6 * 86_400_000;

/**
 * Carried state from Layer 1 alone (the first day, or after a gap in the jobs): each entity's
 * last state change before the look-back. Less than a previous day's carryOut knows (an
 * unavailable blip hides how long it was on before), so it is only the fallback.
 */
export function carriedFromEvents(lastChanges: ReadonlyMap<string, StateEvent>): Map<string, CarriedState> {
  const out = new Map<string, CarriedState>();
  for (const e of [...lastChanges.values()].sort((a, b) => (a.entityId < b.entityId ? -1 : 1))) {
    if (!isActivatable(e.domain)) {
      // a context source (sun.sun, weather.*, an outdoor sensor) carries its state as it is
      if (contextKindOf(e.entityId, e.attributes) !== null) out.set(e.entityId, { info: infoOf(e), state: e.state, since: null, seen: e.time });
      continue;
    }
    const state = isActiveState(e.domain, e.state) !== null ? e.state : isActiveState(e.domain, e.oldState) !== null ? e.oldState : null;
    const began = transitionOf(e.domain, e.oldState, e.state) === 'activation';
    out.set(e.entityId, { info: infoOf(e), state, since: isActiveState(e.domain, state) === true && began ? e.time : null, seen: e.time, dark: isActiveState(e.domain, e.state) === null ? e.time : null });
  }
  return out;
}

function infoOf(e: StateEvent): EntityInfo {
  const info = { entityId: e.entityId, domain: e.domain, areaId: e.areaId, deviceId: e.deviceId, name: friendlyName(e) };
  const deviceClass = deviceClassOf(e);
  return deviceClass === undefined ? info : { ...info, deviceClass };
}

function deviceClassOf(e: StateEvent): string | undefined {
  const c = e.attributes['device_class'];
  return typeof c === 'string' && c !== '' ? c : undefined;
}

export interface Activation {
  readonly entityId: string;
  readonly time: number;
  /** False for look-back activations: they open windows but are counted by the previous day. */
  readonly inDay: boolean;
  /** Who caused it (automation-runs.ts); absent when not known. */
  readonly cause?: EventCause;
  /** The `automation.*` entity whose run caused it, when known. */
  readonly automation?: string;
}

/** An on-interval, counted on the day it ends (so one crossing midnight counts once). */
export interface Interval {
  readonly entityId: string;
  readonly start: number;
  readonly end: number;
}

export interface EntityInfo {
  readonly entityId: string;
  readonly domain: string;
  readonly areaId: string | null;
  readonly deviceId: string | null;
  readonly name: string;
  /** Its `device_class` attribute (what its "on" means to a person: open, motion, …), when it has one. */
  readonly deviceClass?: string;
}

export interface DayActivity {
  readonly day: Period;
  readonly calendar: Calendar;
  /** Activations in [lookbackStart, day.end), in time order. */
  readonly activations: readonly Activation[];
  readonly intervals: readonly Interval[];
  /** Entities active at the end of the day, with the time they became active (null: unknown). */
  readonly activeAtEnd: ReadonlyMap<string, number | null>;
  /** Stretches an entity was unavailable or unknown, counted on the day they end (as intervals). */
  readonly outages: readonly Interval[];
  /** Entities unavailable or unknown at the end of the day, with the time they went so. */
  readonly darkAtEnd: ReadonlyMap<string, number>;
  /** Activatable entities known this day (carried over or seen): the days they count as observed. */
  readonly entities: ReadonlyMap<string, EntityInfo>;
  /** Every entity's state at the next day's look-back start (day.end - look-back): its `carried`. */
  readonly carryOut: ReadonlyMap<string, CarriedState>;
  /** The home's context over the day (sun, weather, outdoor temperature band, presence). */
  readonly contexts: DayContexts;
  /** The day's changes made by an automation, each with whether and when a person undid it. */
  readonly overrides: readonly Override[];
}

/**
 * The context kind of a carried entity: non-activatable entities are only carried as context
 * sources, so a carried sensor is the outdoor temperature even when its id does not say so.
 */
function carriedKind(entityId: string, domain: string): ContextKind | null {
  return contextKindOf(entityId) ?? (domain === 'sensor' ? 'temperature' : null);
}

interface Track {
  info: EntityInfo;
  state: string | null;
  since: number | null;
  seen: number;
  dark: number | null;
}

/**
 * Scans one day's events as they stream in (chunk by chunk, in order), so a day is never held in
 * memory: events of entities with no active state (numeric sensors, most of a busy home) are
 * dropped as they pass.
 */
export class DayScanner {
  readonly day: Period;
  /** Events pushed that fall within the day (not the look-back). */
  eventsInDay = 0;
  private readonly calendar: Calendar;
  private readonly nextLookbackStart: number;
  private readonly tracks = new Map<string, Track>();
  private readonly activations: Activation[] = [];
  private readonly intervals: Interval[] = [];
  private readonly outages: Interval[] = [];
  private carryOut: Map<string, CarriedState> | null = null;
  private readonly context: ContextTracker;
  private readonly kinds = new Map<string, ContextKind | null>();
  private readonly location: Location | undefined;
  private readonly runs = new AutomationRuns();
  private readonly overrides = new OverrideTracker();

  /** `location`: the home's, for the sun when it has no sun entity. */
  constructor(day: Period, calendar: Calendar, lookbackStart: number, carried: ReadonlyMap<string, CarriedState>, location?: Location) {
    this.day = day;
    this.calendar = calendar;
    this.location = location;
    this.context = new ContextTracker(day);
    this.nextLookbackStart = day.end - (day.start - lookbackStart);
    for (const [entityId, c] of carried) {
      if (isActivatable(c.info.domain)) this.tracks.set(entityId, { info: c.info, state: c.state, since: c.since, seen: c.seen, dark: c.dark ?? null });
      const kind = carriedKind(entityId, c.info.domain);
      if (kind !== null) this.context.carry(entityId, { kind, state: c.state, seen: c.seen });
    }
  }

  /** An event's context kind, decided once per entity (this runs for every event of the day). */
  private contextKindOf(e: StateEvent): ContextKind | null {
    const known = this.kinds.get(e.entityId);
    if (known !== undefined) return known;
    const kind = this.context.kindOf(e.entityId) ?? contextKindOf(e.entityId, e.attributes);
    if (kind !== null || !mayBeContextByAttributes(e.entityId)) this.kinds.set(e.entityId, kind);
    return kind;
  }

  /** The state to carry into the next day: set once the stream passes the next day's look-back start. */
  get carryReady(): ReadonlyMap<string, CarriedState> | null {
    return this.carryOut;
  }

  private snapshot(): Map<string, CarriedState> {
    const out = new Map<string, CarriedState>();
    const fresh = (seen: number) => seen >= this.nextLookbackStart - CARRY_MS;
    for (const [id, t] of this.tracks) if (fresh(t.seen)) out.set(id, { info: t.info, state: t.state, since: t.since, seen: t.seen, dark: t.dark });
    for (const [id, s] of this.context.carryOut()) {
      if (out.has(id) || !fresh(s.seen)) continue;
      const domain = id.slice(0, id.indexOf('.'));
      out.set(id, { info: { entityId: id, domain, areaId: null, deviceId: null, name: id }, state: s.state, since: null, seen: s.seen });
    }
    return out;
  }

  /** Events in [lookbackStart, day.end), in order, continuing the previous push. */
  push(events: Iterable<StateEvent>): this {
    for (const e of events) this.pushOne(e);
    return this;
  }

  pushOne(e: StateEvent): void {
    const { day, tracks } = this;
    {
      if (this.carryOut === null && e.time >= this.nextLookbackStart) this.carryOut = this.snapshot();
      const inDay = e.time >= day.start;
      if (inDay) this.eventsInDay++;
      const kind = this.contextKindOf(e);
      if (kind !== null) this.context.update(e.entityId, kind, e.time, e.state, e.attributes);
      this.runs.note(e);
      if (!isActivatable(e.domain)) return;
      let track = tracks.get(e.entityId);
      if (e.state === null) {
        tracks.delete(e.entityId); // removed from HA
        return;
      }
      if (track === undefined) tracks.set(e.entityId, (track = { info: infoOf(e), state: null, since: null, seen: e.time, dark: null }));
      else if ((track.info.areaId === null && e.areaId !== null) || (track.info.name === e.entityId && e.attributes['friendly_name'] !== undefined)) {
        // a device class known from before stays when this event does not repeat it
        track.info = { ...track.info, ...infoOf(e), areaId: e.areaId ?? track.info.areaId };
      } else if (track.info.deviceClass === undefined && deviceClassOf(e) !== undefined) {
        // carried from a day before device classes were kept
        track.info = { ...track.info, deviceClass: deviceClassOf(e)! };
      }
      track.seen = e.time;
      // unavailable or unknown: dark from the first such state until an informative one
      if (isActiveState(e.domain, e.state) === null) track.dark ??= e.time;
      else if (track.dark !== null) {
        if (inDay) this.outages.push({ entityId: e.entityId, start: track.dark, end: e.time });
        track.dark = null;
      }
      const transition = transitionOf(e.domain, track.state, e.state);
      if (isActiveState(e.domain, e.state) !== null) track.state = e.state;
      if (transition === null || isWorkdaySensor(e.entityId)) return;
      const { cause, automation } = this.runs.attribute(e);
      this.overrides.change(e.entityId, e.time, transition === 'activation', cause, automation, inDay);
      if (transition === 'activation') {
        this.activations.push({ entityId: e.entityId, time: e.time, inDay, cause, ...(automation === null ? {} : { automation }) });
        track.since = e.time;
      } else if (transition === 'deactivation') {
        if (inDay && track.since !== null) this.intervals.push({ entityId: e.entityId, start: track.since, end: e.time });
        track.since = null;
      }
    }
  }

  finish(): DayActivity {
    this.carryOut ??= this.snapshot();
    const activeAtEnd = new Map<string, number | null>();
    const darkAtEnd = new Map<string, number>();
    const entities = new Map<string, EntityInfo>();
    for (const [entityId, track] of [...this.tracks].sort(([a], [b]) => (a < b ? -1 : 1))) {
      entities.set(entityId, track.info);
      if (isActiveState(track.info.domain, track.state) === true && !isWorkdaySensor(entityId)) activeAtEnd.set(entityId, track.since);
      if (track.dark !== null) darkAtEnd.set(entityId, track.dark);
    }
    const { day, calendar, activations, intervals, outages, carryOut } = this;
    return { day, calendar, activations, intervals, activeAtEnd, outages, darkAtEnd, entities, carryOut, contexts: this.context.finish(this.location), overrides: this.overrides.finish() };
  }
}

/** Scans a day held in memory (tests, small inputs). */
export function scanDay(input: DayInput): DayActivity {
  return new DayScanner(input.day, input.calendar, input.lookbackStart, input.carried).push(input.events).finish();
}
