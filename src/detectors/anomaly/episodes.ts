/**
 * The kinds that last several days: the home far quieter than usual (home_quiet), a sensor on
 * far beyond its longest on-stretch (stuck), a sensor unheard far beyond its longest silence
 * (silent). Each is one episode keyed by the day it began, reported with a phase: `start` on the
 * day it became news, `ongoing` while it lasts, `end` on the day it ended. They are read from the
 * per-day facts carried forward (on since, last heard), never from other days' raw events.
 */
import type { DetectorSettings } from '../settings.js';
import type { EntityDay, HomeDay } from './facts.js';
import type { Phase } from './finding.js';
import { median } from './model.js';

const HOUR_MS = 3_600_000;
/** An hour is usually busy at this median of activations; quieter hours (nights) neither make nor break an absence. */
const BUSY_HOUR = 6;
/** A calm hour breaks an absence only when clearly active: beyond twice its median, and this. */
const CALM_HOUR_ACTIVE = 3;

/** A stretch of hours in which the home was far quieter than usual. */
export interface QuietRun {
  readonly start: number;
  /** First hour that was not quiet again (null: still quiet at the end of the data). */
  readonly end: number | null;
  readonly startDay: string;
  readonly endDay: string | null;
  /** The day the run had gathered enough surprise to be news. */
  readonly newsDay: string;
  readonly surprise: number;
  readonly quietHours: number;
  readonly busyQuietHours: number;
  readonly lastDay: string;
}

interface HourVerdict {
  readonly time: number;
  readonly day: string;
  /** null: not quiet (the run breaks); else the surprise this quiet hour adds. */
  readonly surprise: number | null;
  readonly busy: boolean;
}

/**
 * A day's hours against its baseline: an hour the home is usually busy in is quiet at a quarter
 * of its median or less, and adds the surprise of being that quiet (days as quiet at that hour,
 * +½, over days +1); an hour that is usually calm is neutral unless clearly active (a printer
 * that toggles at 3:00 neither breaks a night-long absence nor adds to it).
 */
function verdicts(day: HomeDay, baseline: readonly HomeDay[]): HourVerdict[] {
  const out: HourVerdict[] = [];
  for (let h = 0; h < 24; h++) {
    const time = day.dayStart + h * HOUR_MS;
    if (time >= day.dayEnd) break;
    const at = baseline.map((b) => b.hours[h] ?? 0);
    const usual = median(at);
    const count = day.hours[h] ?? 0;
    if (usual >= BUSY_HOUR) {
      const limit = Math.floor(usual / 4);
      const asQuiet = at.filter((n) => n <= limit).length;
      out.push({ time, day: day.day, surprise: count <= limit ? -Math.log10((asQuiet + 0.5) / (baseline.length + 1)) : null, busy: true });
    } else out.push({ time, day: day.day, surprise: count <= Math.max(CALM_HOUR_ACTIVE, 2 * usual) ? 0 : null, busy: false });
  }
  return out;
}

/**
 * Quiet runs over the home's days (oldest first, consecutive days only; a missing day breaks a
 * run). `baselineOf` gives a day's baseline days; days with too short a baseline break runs.
 */
export function quietRuns(days: readonly HomeDay[], baselineOf: (day: HomeDay) => readonly HomeDay[], s: DetectorSettings['anomaly'], nextDay: (day: string) => string): QuietRun[] {
  const runs: QuietRun[] = [];
  let open: { start: number; startDay: string; surprise: number; hours: number; busy: number; newsDay: string | null; lastDay: string } | null = null;
  const close = (end: number | null, endDay: string | null) => {
    if (open !== null && open.newsDay !== null) runs.push({ start: open.start, end, startDay: open.startDay, endDay, newsDay: open.newsDay, surprise: open.surprise, quietHours: open.hours, busyQuietHours: open.busy, lastDay: open.lastDay });
    open = null;
  };
  let previous: string | null = null;
  for (const day of days) {
    if (previous !== null && nextDay(previous) !== day.day) close(null, null);
    previous = day.day;
    const baseline = baselineOf(day);
    if (baseline.length < s.minHomeBaselineDays) {
      close(day.dayStart, day.day);
      continue;
    }
    for (const v of verdicts(day, baseline)) {
      if (v.surprise === null) {
        close(v.time, v.day);
        continue;
      }
      open ??= { start: v.time, startDay: v.day, surprise: 0, hours: 0, busy: 0, newsDay: null, lastDay: v.day };
      open.surprise += v.surprise;
      open.hours++;
      if (v.busy) open.busy++;
      open.lastDay = v.day;
      if (open.newsDay === null && open.surprise >= s.homeQuietSurprise && open.busy >= s.minQuietHours) open.newsDay = v.day;
    }
  }
  close(null, null);
  return runs;
}

/** Hours of [from, to) inside the runs: the home's absence does not make a sensor silent. */
export function quietOverlap(runs: readonly QuietRun[], from: number, to: number): number {
  let ms = 0;
  for (const r of runs) ms += Math.max(0, Math.min(to, r.end ?? Infinity) - Math.max(from, r.start));
  return ms;
}

export interface Stretch {
  readonly startDay: string;
  readonly since: number;
  readonly newsDay: string;
  readonly lastDay: string;
  /** The first day after the stretch the entity was seen again (null: not yet). */
  readonly endDay: string | null;
  readonly phase: Phase;
  /** Length at its last day (or, ended, as far as known), and the baseline's longest. */
  readonly hours: number;
  readonly usualHours: number;
  readonly threshold: number;
  readonly surprise: number;
}

/**
 * Stretches of an entity's days sharing one value of `since` (on since, last heard): news once the
 * stretch at the end of a day exceeds factor × the baseline's longest (at least minHours).
 * `lengthAt` is the stretch's length at a day's end; `longestIn` a baseline day's longest.
 */
export function stretches(
  days: readonly EntityDay[],
  sinceOf: (d: EntityDay) => number | null,
  lengthAt: (d: EntityDay, since: number) => number,
  longestIn: (d: EntityDay) => number,
  baselineBefore: (day: string) => readonly EntityDay[],
  dayKeyOf: (time: number) => string,
  factor: number,
  minHours: number,
  minBaselineDays: number,
  /** The surprise of a stretch this long against its baseline, and the least that is news. */
  surpriseOf: (length: number, baseline: readonly EntityDay[]) => number,
  minSurprise: number,
): Stretch[] {
  const out: Stretch[] = [];
  let i = 0;
  while (i < days.length) {
    const since = sinceOf(days[i]!);
    if (since === null) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < days.length && sinceOf(days[j + 1]!) === since) j++;
    const startDay = dayKeyOf(since);
    const baseline = baselineBefore(startDay);
    if (baseline.length >= minBaselineDays) {
      const usual = Math.max(0, ...baseline.map(longestIn));
      const threshold = Math.max(factor * usual, minHours * HOUR_MS);
      const news = days.slice(i, j + 1).find((d) => lengthAt(d, since) >= threshold && surpriseOf(lengthAt(d, since), baseline) >= minSurprise);
      if (news !== undefined) {
        const last = days[j]!;
        const after = days[j + 1];
        out.push({
          startDay,
          since,
          newsDay: news.day,
          lastDay: last.day,
          endDay: after?.day ?? null,
          phase: after !== undefined ? 'end' : news.day === last.day ? 'start' : 'ongoing',
          hours: lengthAt(last, since) / HOUR_MS,
          usualHours: usual / HOUR_MS,
          threshold: threshold / HOUR_MS,
          surprise: surpriseOf(lengthAt(last, since), baseline),
        });
      }
    }
    i = j + 1;
  }
  return out;
}
