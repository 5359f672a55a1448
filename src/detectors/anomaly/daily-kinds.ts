/**
 * The kinds about one entity on one day, each against the entity's own baseline days: many or
 * few uses (negative binomial tails), on-time (log-normal tail), and use at an hour it has never
 * been used near. Counts and on-time share one false-alarm budget per kind and day for the whole
 * home: a test passes only below alpha / (entities tested that day).
 */
import type { DetectorSettings } from '../settings.js';
import type { EntityDay } from './facts.js';
import type { AnomalyEvidence } from '../metadata.js';
import type { AnomalyKind } from './finding.js';
import { fitCounts, hoursNear, lowerTail, normalUpperTail, quantile, surpriseOf, upperTail } from './model.js';

/** A busy day is news only with a few uses more than usual, whatever the statistics say. */
const MIN_EXTRA_USES = 5;
/** Only an entity with at least this many uses on nine days in ten can have "almost none". */
const MIN_LOW_USUAL = 5;
/** Extra on-time below half an hour is not news. */
const MIN_EXTRA_ON_SECONDS = 1800;
/**
 * "Never at this hour" needs a daily rhythm to break: an entity used on at least this share of its
 * baseline days. What is used now and then (the washing machine twice a week, the dehumidifier
 * when it rains) has no hour of its own; its dozen uses show where it has been, not where it
 * cannot be, and over a year one in a few dozen of its days lands beyond them.
 */
const MIN_HOUR_USED_SHARE = 0.5;
/** The spread of log on-time is floored: a light on 30 min ± 1 min every day is not news at 40. */
const MIN_LOG_ON_STD = 0.5;

export interface Candidate {
  readonly kind: AnomalyKind;
  /** p-value of the test (the rule-based hour kind: the rule-of-succession chance of a new hour). */
  readonly p: number;
  /** Counts and on-time are corrected for the number of entities tested; an hour is a rule. */
  readonly corrected: boolean;
  readonly usual: AnomalyEvidence;
  readonly observed: AnomalyEvidence;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The baseline days that teach what is usual: the most extreme days are left out when they were
 * news themselves (the same screen and tail as today's test, at p below `newsP`). One burst of 53
 * uses among days of 4 multiplies a moment fit's variance twentyfold and hides the next burst for
 * four weeks, and a year holds one such day a month. As in a generalized ESD test, the k-th
 * highest day is judged against the days below it only (the largest such k is taken), so two
 * bursts in one baseline do not shelter each other. But when more than one day in ten stands out
 * so (what is "usually" stops at the 90th percentile), it is a habit of the entity, not news: a
 * light left on for an hour every week or so keeps all its days. Only a full baseline
 * (baselineDays) can tell the two apart: a light left on one evening in three shows only once in
 * two weeks now and then, and that one evening is no rare day. Returns the days kept, in
 * ascending order of value.
 */
export function usualDays<T>(days: readonly T[], valueOf: (d: T) => number, isNews: (value: number, rest: readonly T[]) => boolean, minDays: number): T[] {
  const sorted = [...days].sort((a, b) => valueOf(a) - valueOf(b));
  const n = sorted.length;
  for (let k = Math.min(Math.floor(n / 2), n - minDays); k >= 1; k--) {
    const rest = sorted.slice(0, n - k);
    if (isNews(valueOf(sorted[n - k]!), rest)) return k <= Math.floor(n / 10) ? rest : sorted;
  }
  return sorted;
}

function countIsHigh(count: number, mean: number, s: DetectorSettings['anomaly']): boolean {
  return count >= s.minRatio * mean && count - mean >= MIN_EXTRA_USES;
}

/** `newsP`: below it a baseline day was news itself and is no part of the usual (usualDays). */
export function countCandidates(today: EntityDay, baseline: readonly EntityDay[], s: DetectorSettings['anomaly'], newsP = s.alpha): Candidate[] {
  if (baseline.length < s.minBaselineDays) return [];
  const usualOnes = baseline.length < s.baselineDays ? baseline : usualDays(baseline, (d) => d.count, (c, rest) => {
    const m = fitCounts(rest.map((d) => d.count));
    return countIsHigh(c, m.mean, s) && upperTail(c, m) < newsP;
  }, s.minBaselineDays);
  const counts = usualOnes.map((d) => d.count);
  const model = fitCounts(counts);
  const usual = { low: quantile(counts, 0.1), high: quantile(counts, 0.9), mean: Math.round(model.mean * 100) / 100, days: counts.length };
  const observed = { count: today.count };
  const out: Candidate[] = [];
  if (countIsHigh(today.count, model.mean, s)) out.push({ kind: 'count_high', p: upperTail(today.count, model), corrected: true, usual, observed });
  if (usual.low >= MIN_LOW_USUAL && today.count * s.minRatio <= model.mean) out.push({ kind: 'count_low', p: lowerTail(today.count, model), corrected: true, usual, observed });
  return out;
}

/**
 * On-time against the days the entity was on at all: an appliance used one day in six is not
 * judged by its empty days (on those, any use looks long).
 */
export function durationCandidate(today: EntityDay, baseline: readonly EntityDay[], s: DetectorSettings['anomaly'], newsP = s.alpha): Candidate[] {
  const used = baseline.map((d) => d.onSeconds).filter((x) => x > 0);
  if (used.length < s.minBaselineDays) return [];
  const ons = baseline.length < s.baselineDays ? used : usualDays(used, (x) => x, (x, rest) => (onTimeTail(x, rest, s) ?? 1) < newsP, s.minBaselineDays);
  const p = onTimeTail(today.onSeconds, ons, s);
  if (p === null) return [];
  return [{ kind: 'duration', p, corrected: true, usual: { low_seconds: Math.round(quantile(ons, 0.1)), high_seconds: Math.round(quantile(ons, 0.9)), days: baseline.length }, observed: { on_seconds: Math.round(today.onSeconds) } }];
}

/**
 * The log-normal upper tail of an on-time against on-times `ons`; null when it is not twice their
 * mean and half an hour more (then it is not tested at all).
 */
function onTimeTail(onSeconds: number, ons: readonly number[], s: DetectorSettings['anomaly']): number | null {
  const meanOn = mean(ons);
  if (onSeconds < s.minRatio * meanOn || onSeconds - meanOn < MIN_EXTRA_ON_SECONDS) return null;
  const logs = ons.map((x) => Math.log1p(x / 60));
  const mu = mean(logs);
  const sd = Math.max(MIN_LOG_ON_STD, Math.sqrt(logs.reduce((a, b) => a + (b - mu) ** 2, 0) / Math.max(1, logs.length - 1)));
  return normalUpperTail((Math.log1p(onSeconds / 60) - mu) / sd);
}

/**
 * "Never at this hour": used at an hour with no use within ±hourMargin hours (circularly) on any
 * baseline day. The margin absorbs a clock change and a routine drifting with sunset. An entity
 * whose baseline itself has such a day (left out, the others do not cover it) is irregular
 * enough that a new hour is not news, so it is not tested; nor is one used on fewer than half
 * its baseline days (MIN_HOUR_USED_SHARE).
 */
export function hourCandidate(today: EntityDay, baseline: readonly EntityDay[], s: DetectorSettings['anomaly']): Candidate[] {
  if (baseline.length < s.minBaselineDaysForHour) return [];
  if (baseline.filter((d) => d.count > 0).length < MIN_HOUR_USED_SHARE * baseline.length) return [];
  const daysAt = new Array<number>(24).fill(0);
  let activations = 0;
  for (const d of baseline) d.hours.forEach((n, h) => {
    activations += n;
    if (n > 0) daysAt[h]!++;
  });
  if (activations < s.minBaselineActivations) return [];
  const used = daysAt.flatMap((n, h) => (n > 0 ? [h] : []));
  const near = hoursNear(used, s.hourMargin);
  const fresh = today.hours.flatMap((n, h) => (n > 0 && !near.has(h) ? [h] : []));
  if (fresh.length === 0) return [];
  for (const d of baseline) {
    const others = hoursNear(daysAt.flatMap((n, h) => (n - (d.hours[h]! > 0 ? 1 : 0) > 0 ? [h] : [])), s.hourMargin);
    if (d.hours.some((n, h) => n > 0 && !others.has(h))) return [];
  }
  return [{ kind: 'hour', p: 1 / (activations + 1), corrected: false, usual: { hours: used, margin_hours: s.hourMargin, activations, days: baseline.length }, observed: { hours: fresh, count: today.count } }];
}

/** Whether a candidate is news: its surprise passes the home's budget for the day. */
export function passes(c: Candidate, tested: number, alpha: number): boolean {
  return c.corrected ? surpriseOf(c.p) >= surpriseOf(alpha / Math.max(1, tested)) : true;
}
