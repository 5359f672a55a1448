/**
 * 6. Anomaly: news about a day, measured against each entity's own normal. Layer 2 keeps the
 * day's neutral facts (anomaly/facts.ts); `derive` scores every day of the window against the
 * `baselineDays` before it, which the detector asks for as a look-back beyond the window, so the
 * daily job and the full recompute score a day alike. Kinds of one day (anomaly/daily-kinds.ts)
 * share a false-alarm budget; kinds that last (anomaly/episodes.ts) are one pattern per episode.
 */
import { isModeDomain } from '../events/activity.js';
import { domainOf } from '../events/model.js';
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';
import { type Candidate, countCandidates, durationCandidate, hourCandidate, passes } from './anomaly/daily-kinds.js';
import { type QuietRun, quietOverlap, quietRuns, type Stretch, stretches } from './anomaly/episodes.js';
import { ANOMALY_DAILY, type EntityDay, entityDay, HOME_SCOPE, type HomeDay, homeDay, MEASUREMENT, summarizeFacts } from './anomaly/facts.js';
import { ACTIVITY_DAILY } from './day-facts.js';
import type { AnomalyKind, Finding } from './anomaly/finding.js';
import { surpriseOf } from './anomaly/model.js';
import type { DetectorSettings } from './settings.js';
import { type DailyDetector, byTag, round } from './types.js';
import type { AnomalyMetadata } from './metadata.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A day with this much of the home's quiet in it does not count an entity's few uses as news. */
const QUIET_DAY_MS = 3 * HOUR_MS;
/**
 * A quiet run starts at the first quiet hour and ends at the first busy one: leaving falls in the
 * hour before its start, coming back in the hour of its end (or the next, a passage takes minutes).
 */
const PASSAGE_HOURS = 1;

function hourDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 24;
  return Math.min(d, 24 - d);
}

/**
 * The calendar's answers a derive asks thousands of times (a time zone's day is not cheap to
 * compute), remembered for one derive.
 */
export class Days {
  private readonly periods = new Map<string, { start: number; end: number }>();
  private readonly shifted = new Map<string, string>();
  private readonly keys = new Map<number, string>();
  constructor(readonly calendar: Calendar) {}

  day(key: string): { start: number; end: number } {
    let p = this.periods.get(key);
    if (p === undefined) this.periods.set(key, (p = this.calendar.day(key)));
    return p;
  }

  shift(key: string, n: number): string {
    const id = `${key}|${n}`;
    let k = this.shifted.get(id);
    if (k === undefined) this.shifted.set(id, (k = this.calendar.shift(this.calendar.day(key), n).key));
    return k;
  }

  keyOf(time: number): string {
    let k = this.keys.get(time);
    if (k === undefined) this.keys.set(time, (k = this.calendar.dayKey(time)));
    return k;
  }
}

/** The days before `day` a baseline reads (by key: YYYY-MM-DD sorts as it reads). */
function baselineRange(days: Days, day: string, s: DetectorSettings['anomaly']): [string, string] {
  return [days.shift(day, -s.baselineDays), day];
}

function within<T extends { day: string }>(list: readonly T[], [from, to]: [string, string]): T[] {
  return list.filter((x) => x.day >= from && x.day < to);
}

function daysOf(calendar: Calendar, from: string, to: string): string[] {
  return from <= to ? calendar.daysBetween(from, to) : [];
}

function episodeFinding(kind: AnomalyKind, deviceId: string, areaId: string | null, calendar: Calendar, st: Stretch, surprise: number, observed: Record<string, unknown>): Finding {
  const day = st.phase === 'end' ? st.endDay! : st.lastDay;
  return {
    kind,
    deviceId,
    areaId,
    day,
    time: calendar.day(day).start,
    surprise,
    usual: { longest_hours: round(st.usualHours, 1), threshold_hours: round(st.threshold, 1) },
    observed: { since: st.since, from: localTime(calendar, st.since), hours: round(st.hours, 1), ...observed },
    episode: { startDay: st.startDay, phase: st.phase },
  };
}

/** "2016-07-13 08:00": local, for sentences. */
function localTime(calendar: Calendar, time: number): string {
  const m = calendar.minuteOfDay(time);
  return `${calendar.dayKey(time)} ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function homeFinding(run: QuietRun, calendar: Calendar): Finding {
  const ended = run.end !== null && run.endDay !== null;
  const day = ended ? run.endDay! : run.lastDay;
  return {
    kind: 'home_quiet',
    deviceId: 'home',
    areaId: null,
    day,
    time: calendar.day(day).start,
    surprise: round(run.surprise, 2),
    usual: { busy_hours_quiet: run.busyQuietHours },
    observed: { since: run.start, until: run.end, from: localTime(calendar, run.start), to: run.end === null ? null : localTime(calendar, run.end), quiet_hours: run.quietHours },
    episode: { startDay: run.startDay, phase: ended ? 'end' : run.newsDay === run.lastDay ? 'start' : 'ongoing' },
  };
}

/**
 * A silence of `length` ms is as surprising as that many days in a row without a use, for an
 * entity heard from on the share of its baseline days it was (Laplace: never certain).
 */
function silenceSurprise(length: number, baseline: readonly EntityDay[]): number {
  const heard = baseline.filter((d) => d.count > 0 || d.seen >= d.dayStart).length;
  return (length / DAY_MS) * -Math.log10((baseline.length - heard + 1) / (baseline.length + 2));
}

/**
 * An on-stretch far beyond every one of the baseline (a rule, not a fit: there is one stretch):
 * how many shorter ones there were, and how many times the longest it is.
 */
function stuckSurprise(length: number, baseline: readonly EntityDay[]): number {
  const longest = Math.max(60_000, ...baseline.map((d) => d.longestOn * 1000));
  return Math.log10(baseline.reduce((n, d) => n + d.count, 0) + 1) + Math.log10(length / longest);
}

/**
 * An outage (unavailable or unknown) far beyond every one of the baseline: how many times the
 * longest it is (a dropout of minutes is floored at one), as stuckSurprise reads an on-stretch.
 */
function darkSurprise(length: number, baseline: readonly EntityDay[]): number {
  return Math.log10(length / Math.max(60_000, ...baseline.map((d) => d.longestDark * 1000)));
}

/** Every finding of the window's days: what `derive` turns into patterns. */
/** `input`: the window's `anomaly_daily` and `activity_daily` records. */
export function findAnomalies(input: readonly AggregateRecord[], targetDays: readonly string[], calendar: Calendar, s: DetectorSettings['anomaly']): Finding[] {
  if (targetDays.length === 0) return [];
  const records = input.filter((r) => r.measurement === MEASUREMENT);
  const activityOf = new Map<string, AggregateRecord>();
  for (const r of input) if (r.measurement === ACTIVITY_DAILY.name) activityOf.set(`${r.tags['entity_id']}|${r.period}`, r);
  const target = new Set(targetDays);
  const days = new Days(calendar);
  const homes: HomeDay[] = records.filter((r) => r.tags['scope'] === HOME_SCOPE).map((r) => homeDay(r, days.day(r.period).end)).sort((a, b) => (a.day < b.day ? -1 : 1));
  const classifyFrom = baselineRange(days, targetDays[0]!, s)[0];
  const runs = quietRuns(
    homes.filter((h) => h.day >= classifyFrom),
    (h) => within(homes, baselineRange(days, h.day, s)),
    s,
    (d) => days.shift(d, 1),
  );
  const findings: Finding[] = runs.map((r) => homeFinding(r, calendar)).filter((f) => target.has(f.day));
  // What explains a day is what was known by its end: an absence news only later does not (the
  // daily job of that day could not know it, and incremental must equal full).
  const knownBy = (day: string) => runs.filter((r) => r.newsDay <= day);
  const quietDays = new Set(targetDays.filter((d) => quietOverlap(knownBy(d), days.day(d).start, days.day(d).end) >= QUIET_DAY_MS));
  // The hours the household left or came back on a day, as its quiet runs known by then say:
  // the passage (door, lock, lights, phones) at an hour never seen is the absence's news, told once.
  const passageHours = (day: string): number[] =>
    knownBy(day).flatMap((r) => [r.start, r.end].filter((t): t is number => t !== null && days.keyOf(t) === day).map((t) => calendar.hourOf(t)));

  const entities = [...byTag(records, 'entity_id')].map(([id, rs]) => ({ id, area: rs.at(-1)!.tags['area_id'] ?? null, days: rs.map((r) => entityDay(r, activityOf.get(`${id}|${r.period}`), days.day(r.period).end)).sort((a, b) => (a.day < b.day ? -1 : 1)) }));
  const entityCount = Math.max(1, entities.length);
  // The budget's share of one entity (every entity tested that day): what a silence must beat, and
  // what makes a baseline day news itself, left out of the usual (daily-kinds.ts usualDays).
  const newsP = s.alpha / entityCount;
  const daily = new Map<string, { id: string; area: string | null; c: Candidate }[]>();
  const tested = new Map<string, number>();
  for (const e of entities) {
    const before = (day: string) => within(e.days, baselineRange(days, day, s));
    const dayOf = (t: number) => days.keyOf(t);
    // Stuck is a reading held far too long (a contact open for a week, a plug on for days); a
    // thermostat in "heat" all winter is a mode someone chose, not a stuck sensor.
    const stuck = isModeDomain(domainOf(e.id)) ? [] : stretches(e.days, (d) => d.onSince, (d, since) => d.dayEnd - since, (d) => d.longestOn * 1000, before, dayOf, s.stuckFactor, s.minStuckHours, s.minBaselineDays, stuckSurprise, 0);
    const silenceAt = (d: EntityDay, since: number) => d.dayEnd - since - quietOverlap(knownBy(d.day), since, d.dayEnd);
    // Unavailable or unknown (HA's word that the device is gone) far beyond its usual dropouts:
    // silent, judged against its longest outage, not its longest gap between uses. A motion sensor
    // heard from twice a day at random hours may go 27 h unheard, so 4x that hides a four-day
    // outage; its dropouts last minutes. The silence by the last event is then the same episode.
    const dark = stretches(e.days, (d) => d.darkSince, (d, since) => d.dayEnd - since, (d) => d.longestDark * 1000, before, dayOf, s.silentFactor, s.minSilentHours, s.minBaselineDays, darkSurprise, 0);
    const silent = stretches(e.days, (d) => (d.onSince === null && d.seen > 0 ? d.seen : null), silenceAt, (d) => (d.seen > 0 ? silenceAt(d, d.seen) : 0), before, dayOf, s.silentFactor, s.minSilentHours, s.minBaselineDays, silenceSurprise, surpriseOf(newsP)).filter(
      (st) => !dark.some((o) => o.startDay === st.startDay),
    );
    const explained = new Set<string>();
    for (const [kind, list, observed] of [['stuck', stuck, { state: 'on' }], ['silent', dark, { state: 'unavailable' }], ['silent', silent, {}]] as const) {
      for (const st of list) {
        daysOf(calendar, st.newsDay, st.endDay ?? st.lastDay).forEach((d) => explained.add(d));
        const f = episodeFinding(kind, e.id, e.area, calendar, st, round(st.surprise, 2), observed);
        if (target.has(f.day)) findings.push(f);
      }
    }
    for (const today of e.days) {
      if (!target.has(today.day)) continue;
      const baseline = before(today.day);
      if (baseline.length >= s.minBaselineDays) tested.set(today.day, (tested.get(today.day) ?? 0) + 1);
      const passages = passageHours(today.day);
      const cs = [...countCandidates(today, baseline, s, newsP), ...durationCandidate(today, baseline, s, newsP), ...hourCandidate(today, baseline, s)].filter(
        (c) =>
          !(explained.has(today.day) && (c.kind === 'count_low' || c.kind === 'duration')) &&
          !(c.kind === 'count_low' && quietDays.has(today.day)) &&
          // an on-stretch still open at the day's end is not over: the stuck kind judges it whole
          !(c.kind === 'duration' && today.onSince !== null) &&
          !(c.kind === 'hour' && passages.length > 0 && (c.observed['hours'] as number[]).every((h) => passages.some((p) => hourDistance(h, p) <= PASSAGE_HOURS))),
      );
      if (cs.length > 0) daily.set(today.day, [...(daily.get(today.day) ?? []), ...cs.map((c) => ({ id: e.id, area: e.area, c }))]);
    }
  }
  for (const [day, list] of daily) {
    for (const { id, area, c } of list) {
      if (!passes(c, tested.get(day) ?? 1, s.alpha)) continue;
      findings.push({ kind: c.kind, deviceId: id, areaId: area, day, time: days.day(day).start, surprise: round(surpriseOf(c.p), 2), usual: c.usual, observed: c.observed });
    }
  }
  return findings.sort((a, b) => (a.day !== b.day ? (a.day < b.day ? -1 : 1) : a.deviceId !== b.deviceId ? (a.deviceId < b.deviceId ? -1 : 1) : a.kind < b.kind ? -1 : 1));
}

function toPattern(f: Finding, calendar: Calendar): PatternUpsert {
  const start = f.episode?.startDay ?? f.day;
  return {
    patternType: 'anomaly',
    deviceId: f.deviceId,
    key: `${start}:${f.kind}`,
    areaId: f.areaId,
    confidence: round(Math.min(1, f.surprise / 10), 4),
    occurrences: f.episode === undefined ? 1 : daysOf(calendar, start, f.day).length,
    lastSeen: f.time,
    metadata: {
      ...(f.deviceId === 'home' ? {} : { entity_id: f.deviceId }),
      kind: f.kind,
      day: f.day,
      surprise: f.surprise,
      usual: f.usual,
      observed: f.observed,
      ...(f.episode === undefined ? {} : { phase: f.episode.phase, start_day: f.episode.startDay }),
    } satisfies AnomalyMetadata,
  };
}

export const anomaly: DailyDetector = {
  patternType: 'anomaly',
  measurement: MEASUREMENT,
  writes: [ANOMALY_DAILY],
  reads: [MEASUREMENT, ACTIVITY_DAILY.name],
  // Scoring a window's first day needs its baseline, and an episode under way then needs its own.
  lookbackDays: (settings) => 2 * settings.anomaly.baselineDays,

  summarize(activity) {
    return summarizeFacts(activity);
  },

  derive(window, settings) {
    return findAnomalies([...window.records(MEASUREMENT), ...window.records(ACTIVITY_DAILY.name)], window.days, window.calendar, settings.anomaly).map((f) => toPattern(f, window.calendar));
  },
};
