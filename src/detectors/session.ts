/**
 * 7. Session: bursts of activity separated by ≥ 30 idle minutes. The daily job keeps each day's
 * sessions (`session_daily`); the weekly job groups the week's sessions that start at about the
 * same time in the same areas (`session_weekly`) and patterns are the groups that recur.
 *
 * A group's centre is the mean start of what it holds so far, not its earliest member: a morning
 * that begins at 06:00 on two days and 06:30 on three is one session, not two that each recur too
 * rarely. A recurring session involves several entities (`minEntities`): one device at a steady
 * time is the time-based detector's routine, not repeated here. It is a weekday session when it
 * recurs on clearly fewer of the observed weekend days than its weekday rate would give (a test,
 * so a Saturday or two that happen to look alike do not make a weekday morning "every day").
 *
 * A burst's entities and areas are the ones that characterize it, not every one active at some
 * point of it: in a lived-in home motion sensors fire all day in several rooms, and a two-hour
 * evening burst would hold every room. An entity characterizes a burst when it is active in the
 * burst's opening stretch (`openingMinutes`: where a routine begins is what identifies it) and
 * that beats its own base rate by `minLift`: the share of the day's other active stretches of the
 * same length (clock slots of `openingMinutes` with any activation, those the opening overlaps
 * left out) that hold it. A sensor active in most stretches of the day says nothing about this
 * one. The burst's areas are those of its characteristic entities, so a room joins a session
 * through a device used when the session begins, not through a busy motion sensor.
 */
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import { binomialTail } from './binomial.js';
import { measurement } from './measurement.js';
import { circularDistance, circularStats, clockTime } from './circular.js';
import { type DailyInput, type WeeklyDetector, dayRecord, json, round, weekRecord } from './types.js';
import type { SessionMetadata } from './metadata.js';

interface Session {
  readonly start: number;
  readonly end: number;
  readonly activations: number;
  readonly areas: string[];
  readonly entities: string[];
}

interface Occurrence extends Session {
  readonly day: string;
  readonly weekday: number;
}

// v2: a session's areas and entities are its characteristic ones (above); v1 listed every area and
// entity active in the burst. Same fields, so v1 records are read as they are (their sessions list
// more; a week mixing both groups them as well as it can until the window has moved past them).
const SESSION_DAILY = measurement('session_daily', 'daily', 2, { count: 'number', sessions: 'json' });
// v2: built from characteristic areas and entities (v1: from every area active in the bursts).
const SESSION_WEEKLY = measurement('session_weekly', 'weekly', 2, { start_minute: 'number', start_spread: 'number', end_minute: 'number', days: 'json', weekdays: 'json', areas: 'json', entities: 'json', activations: 'number' });
export const SESSION_OBSERVED = measurement('session_observed', 'weekly', 1, { weekdays_observed: 'number', weekends_observed: 'number' });

export const sessionDaily: DailyInput = {
  measurement: 'session_daily',
  writes: [SESSION_DAILY],
  summarize(activity, settings) {
    const s = settings.session;
    const idle = s.idleMinutes * 60_000;
    const opening = s.openingMinutes * 60_000;
    const inDay = activity.activations.filter((a) => a.inDay);
    // the day's clock slots of `openingMinutes`, and those each entity is active in
    const slotOf = (time: number) => Math.floor(activity.calendar.minuteOfDay(time) / s.openingMinutes);
    const active = new Set<number>();
    const slotsOf = new Map<string, Set<number>>();
    for (const a of inDay) {
      const slot = slotOf(a.time);
      active.add(slot);
      let set = slotsOf.get(a.entityId);
      if (set === undefined) slotsOf.set(a.entityId, (set = new Set()));
      set.add(slot);
    }
    const sessions: Session[] = [];
    let group: typeof inDay = [];
    const close = () => {
      if (group.length === 0) return;
      const first = group[0]!.time;
      const opened = new Set(group.filter((a) => a.time - first < opening).map((a) => a.entityId));
      // the slots the opening overlaps are its own, not its base
      const own = new Set([slotOf(first), slotOf(first + opening - 1)]);
      const others = [...active].filter((slot) => !own.has(slot)).length;
      const base = (entity: string) => (others === 0 ? 0 : [...slotsOf.get(entity)!].filter((slot) => !own.has(slot)).length / others);
      const entities = [...opened].filter((e) => base(e) * s.minLift <= 1).sort();
      const areas = new Set<string>();
      for (const e of entities) {
        const area = activity.entities.get(e)?.areaId;
        if (area) areas.add(area);
      }
      sessions.push({
        start: activity.calendar.minuteOfDay(first),
        end: activity.calendar.minuteOfDay(group[group.length - 1]!.time),
        activations: group.length,
        areas: [...areas].sort(),
        entities,
      });
      group = [];
    };
    for (const a of inDay) {
      if (group.length > 0 && a.time - group[group.length - 1]!.time >= idle) close();
      group.push(a);
    }
    close();
    return [dayRecord(activity, 'session_daily', {}, { count: sessions.length, sessions: JSON.stringify(sessions) })];
  },
};

function overlap(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const set = new Set(a);
  const shared = b.filter((x) => set.has(x)).length;
  return shared / (a.length + b.length - shared);
}

/** Greedy grouping by start time (circular) and area overlap, in a fixed order so it is deterministic. */
function group<T extends { start: number; areas: readonly string[] }>(items: readonly T[], tolerance: number, minOverlap: number): T[][] {
  const groups: { centre: number; areas: readonly string[]; items: T[] }[] = [];
  for (const item of [...items].sort((x, y) => x.start - y.start)) {
    const g = groups.find((c) => circularDistance(c.centre, item.start) <= tolerance && overlap(c.areas, item.areas) >= minOverlap);
    if (g === undefined) groups.push({ centre: item.start, areas: item.areas, items: [item] });
    else {
      g.items.push(item);
      g.centre = circularStats(g.items.map((i) => i.start), g.items[0]!.start).mean;
    }
  }
  return groups.map((g) => g.items);
}

/** Values present in at least half of the lists. */
function common(lists: readonly (readonly string[])[]): string[] {
  const counts = new Map<string, number>();
  for (const l of lists) for (const x of l) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].filter(([, n]) => n * 2 >= lists.length).map(([x]) => x).sort();
}

export const session: WeeklyDetector = {
  patternType: 'session',
  measurement: 'session_weekly',
  writes: [SESSION_WEEKLY, SESSION_OBSERVED],
  reads: ['session_daily', 'session_weekly', 'session_observed'],

  summarize(input, settings) {
    const s = settings.session;
    const occurrences: Occurrence[] = [];
    for (const r of input.records('session_daily')) {
      const weekday = input.calendar.weekday(r.period);
      for (const x of json<Session[]>(r, 'sessions', [])) occurrences.push({ ...x, day: r.period, weekday });
    }
    return group(occurrences, s.startToleranceMinutes, s.minAreaOverlap)
      .map((items) => {
        // one session per day counts: a day with two starts near each other is one occurrence
        const byDay = new Map<string, Occurrence>();
        for (const o of items) if (!byDay.has(o.day)) byDay.set(o.day, o);
        return [...byDay.values()];
      })
      .filter((items) => items.length >= Math.min(s.minDays, 2))
      .map((items) => {
        const start = circularStats(items.map((o) => o.start), items[0]!.start);
        const end = circularStats(items.map((o) => o.end), items[0]!.end);
        const areas = common(items.map((o) => o.areas));
        return weekRecord(input, 'session_weekly', { session: `${areas.join('+') || 'home'}@${clockTime(Math.round(start.mean / 15) * 15)}` }, {
          start_minute: round(start.mean, 2),
          start_spread: round(start.spread, 2),
          end_minute: round(end.mean, 2),
          days: JSON.stringify(items.map((o) => o.day).sort()),
          weekdays: JSON.stringify(items.map((o) => o.weekday).sort()),
          areas: JSON.stringify(areas),
          entities: JSON.stringify(common(items.map((o) => o.entities))),
          activations: items.reduce((n, o) => n + o.activations, 0),
        });
      });
  },

  derive(window, settings) {
    const s = settings.session;
    const weekly = window.records('session_weekly').map((r) => ({ record: r, start: Number(r.fields['start_minute']), areas: json<string[]>(r, 'areas', []) }));
    // observed days come from every week in the window, also weeks where a session did not recur
    const observed = { weekday: 0, weekend: 0 };
    for (const r of window.records('session_observed')) {
      observed.weekday += Number(r.fields['weekdays_observed'] ?? 0);
      observed.weekend += Number(r.fields['weekends_observed'] ?? 0);
    }
    const patterns: PatternUpsert[] = [];
    for (const items of group(weekly, s.startToleranceMinutes, s.minAreaOverlap)) {
      const allDays = new Map<string, number>();
      for (const i of items) for (const d of json<string[]>(i.record, 'days', [])) allDays.set(d, window.calendar.weekday(d));
      const dayType = dayTypeOf([...allDays.values()], observed, s.dayTypeMaxPValue);
      const days = [...allDays].filter(([, w]) => dayType === 'all' || (dayType === 'weekends') === w >= 6).map(([d]) => d).sort();
      if (days.length < s.minDays) continue;
      const possible = dayType === 'weekdays' ? observed.weekday : dayType === 'weekends' ? observed.weekend : observed.weekday + observed.weekend;
      const confidence = possible > 0 ? Math.min(1, days.length / possible) : 0;
      if (confidence < s.minConfidence) continue;
      const start = circularStats(items.map((i) => i.start), items[0]!.start);
      const end = circularStats(items.map((i) => Number(i.record.fields['end_minute'])), Number(items[0]!.record.fields['end_minute']));
      const areas = common(items.map((i) => i.areas));
      const entities = common(items.map((i) => json<string[]>(i.record, 'entities', [])));
      if (entities.length < s.minEntities) continue;
      const last = items.reduce((a, b) => (a.record.time >= b.record.time ? a : b)).record;
      patterns.push({
        patternType: 'session',
        deviceId: areas.join('+') || 'home',
        key: `session@${clockTime(Math.round(start.mean / 15) * 15)}`,
        areaId: areas.length === 1 ? areas[0]! : null,
        confidence: round(confidence, 4),
        occurrences: days.length,
        lastSeen: last.time,
        metadata: { start_time: clockTime(start.mean), start_minute: round(start.mean, 2), start_spread_minutes: round(start.spread, 2), end_time: clockTime(end.mean), end_minute: round(end.mean, 2), day_type: dayType, areas, entities, days, days_observed: possible, weeks: items.length } satisfies SessionMetadata,
      });
    }
    return patterns;
  },
};

/**
 * Weekdays (or weekends) when the session recurs on so few of the observed weekend (weekday) days
 * that the other type's rate could hardly give that few by chance (P ≤ `maxPValue`); every day
 * otherwise. `weekdays` holds the ISO weekday (1 = Monday) of each day the session happened on.
 */
export function dayTypeOf(weekdays: readonly number[], observed: { weekday: number; weekend: number }, maxPValue: number): 'weekdays' | 'weekends' | 'all' {
  const weekend = weekdays.filter((w) => w >= 6).length;
  const weekday = weekdays.length - weekend;
  const onWeekdays = observed.weekday > 0 ? Math.min(1, weekday / observed.weekday) : 0;
  const onWeekends = observed.weekend > 0 ? Math.min(1, weekend / observed.weekend) : 0;
  // P(at most `k` of `n` days) at rate `p`: the upper tail of the days it did not happen on.
  const atMost = (k: number, n: number, p: number) => binomialTail(n - k, n, 1 - p);
  if (onWeekends < onWeekdays && atMost(weekend, observed.weekend, onWeekdays) <= maxPValue) return 'weekdays';
  if (onWeekdays < onWeekends && atMost(weekday, observed.weekday, onWeekends) <= maxPValue) return 'weekends';
  return 'all';
}

/** Every week's observed days, recorded even when nothing recurred (the confidence denominator). */
export function sessionObserved(input: Parameters<WeeklyDetector['summarize']>[0]): AggregateRecord {
  let weekday = 0;
  let weekend = 0;
  for (const r of input.records('session_daily')) {
    if (input.calendar.weekday(r.period) >= 6) weekend++;
    else weekday++;
  }
  return weekRecord(input, 'session_observed', {}, { weekdays_observed: weekday, weekends_observed: weekend });
}

