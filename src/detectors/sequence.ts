/**
 * 3. Sequence: chains of 2–4 activations, each step within S of the last, however much else
 * happens in between (see `episodes.ts` for what one occurrence is and why it is counted once).
 *
 * Layer 2 keeps, per day and first step, the day's count of every chain that the day's scan
 * completed (pairs included, for the per-step test in `derive`). Which chains a day counts is
 * decided by that day alone, so the daily job and the full recompute store the same records, and
 * their sum over the window is the count over all those days at once:
 * - Apriori: a chain is counted only when the chain without its last step and the chain without
 *   its first step were both completed in the scan (no occurrence is lost: each is part of one).
 * - An entity with more activations in a day than `saturationLimit` (one per `minLift` × S on
 *   average) is no step that day: at that rate it follows anything within S by chance, hardly
 *   anything could beat `minLift` against it, and it would make a chain of every pair around it.
 *   A motion sensor firing all day stays out of every chain (and out of Layer 2).
 * - At most `MAX_CHAINS_PER_LEVEL` chains per length and day, the most frequent prefixes first;
 *   a safety limit for pathological homes (a simulated 100K-event day stays far below it).
 */
import type { PatternUpsert } from '../storage/types.js';
import { beyondChance, followChance } from './chance.js';
import { ACTIVITY_DAILY, activationTotals } from './day-facts.js';
import { measurement } from './measurement.js';
import { chainKey, countChain, countPairs } from './episodes.js';
import type { DetectorSettings } from './settings.js';
import { type DailyDetector, dayRecord, json, round } from './types.js';
import type { DayActivity } from './activity.js';
import type { SequenceMetadata } from './metadata.js';

const MEASUREMENT = 'sequence_daily';
const SEQUENCE_DAILY = measurement(MEASUREMENT, 'daily', 1, { occurrences: 'number', chains: 'json' });
const DAY_MS = 86_400_000;
export const MAX_CHAINS_PER_LEVEL = 20_000;

/** The most activations an entity may have in a day of `dayMs` and still be a step that day. */
export function saturationLimit(dayMs: number, settings: DetectorSettings): number {
  const { stepMinutes, minLift } = settings.sequence;
  return Math.floor(dayMs / (stepMinutes * 60_000 * Math.max(1, minLift)));
}

/** The day's chain counts (only chains counted at least once that day), by chain key. */
export function dayChains(activity: DayActivity, settings: DetectorSettings, maxPerLevel = MAX_CHAINS_PER_LEVEL): Map<string, number> {
  const { stepMinutes, maxLength } = settings.sequence;
  const step = stepMinutes * 60_000;
  const dayStart = activity.day.start;
  const inDay = new Map<string, number>();
  for (const a of activity.activations) if (a.inDay) inDay.set(a.entityId, (inDay.get(a.entityId) ?? 0) + 1);
  const limit = saturationLimit(activity.day.end - activity.day.start, settings);
  const steps = activity.activations.filter((a) => (inDay.get(a.entityId) ?? 0) <= limit);
  const timelines = new Map<string, number[]>();
  for (const a of steps) {
    let list = timelines.get(a.entityId);
    if (list === undefined) timelines.set(a.entityId, (list = []));
    list.push(a.time);
  }

  const counts = new Map<string, number>();
  const pairs = countPairs(steps, step, dayStart);
  const next = new Map<string, string[]>();
  for (const [key, p] of pairs) {
    const [a, b] = key.split('>') as [string, string];
    let list = next.get(a);
    if (list === undefined) next.set(a, (list = []));
    list.push(b);
    if (p.count > 0) counts.set(key, p.count);
  }
  let reached = [...pairs.keys()].map((k) => k.split('>'));
  let reachedKeys = new Set(pairs.keys());
  for (let length = 3; length <= maxLength; length++) {
    const candidates: { chain: string[]; prefix: number }[] = [];
    for (const prefix of reached) {
      const rest = prefix.slice(1);
      for (const last of next.get(prefix[prefix.length - 1]!) ?? []) {
        if (prefix.includes(last) || !reachedKeys.has(chainKey([...rest, last]))) continue;
        candidates.push({ chain: [...prefix, last], prefix: counts.get(chainKey(prefix)) ?? 0 });
      }
    }
    // Stable either way; the limit only binds in homes far busier than any seen.
    candidates.sort((x, y) => y.prefix - x.prefix || (chainKey(x.chain) < chainKey(y.chain) ? -1 : 1));
    const nextReached: string[][] = [];
    reachedKeys = new Set();
    for (const { chain } of candidates.slice(0, maxPerLevel)) {
      const c = countChain(chain, timelines, step, dayStart);
      if (!c.reached) continue;
      const key = chainKey(chain);
      nextReached.push(chain);
      reachedKeys.add(key);
      if (c.count > 0) counts.set(key, c.count);
    }
    reached = nextReached;
  }
  return counts;
}

interface Total {
  count: number;
  days: number;
  last: number;
  area: string | null;
}

export const sequence: DailyDetector = {
  patternType: 'sequence',
  measurement: MEASUREMENT,
  writes: [SEQUENCE_DAILY],
  reads: [MEASUREMENT, ACTIVITY_DAILY.name],

  summarize(activity, settings) {
    const byFirst = new Map<string, [string, number][]>();
    for (const [key, count] of dayChains(activity, settings)) {
      const cut = key.indexOf('>');
      const first = key.slice(0, cut);
      let list = byFirst.get(first);
      if (list === undefined) byFirst.set(first, (list = []));
      list.push([key.slice(cut + 1), count]);
    }
    return [...byFirst.entries()]
      .sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([first, rest]) => {
        rest.sort(([x], [y]) => (x < y ? -1 : 1));
        return dayRecord(activity, MEASUREMENT, { entity_id: first, area_id: activity.entities.get(first)?.areaId ?? null }, {
          occurrences: rest.reduce((n, [, v]) => n + v, 0),
          chains: JSON.stringify(Object.fromEntries(rest)),
        });
      });
  },

  derive(window, settings) {
    const s = settings.sequence;
    const step = s.stepMinutes * 60_000;
    const observedMs = window.days.length * DAY_MS;
    const activations = activationTotals(window.records(ACTIVITY_DAILY.name), window.days);
    const totals = new Map<string, Total>();
    for (const r of window.records(MEASUREMENT)) {
      for (const [rest, count] of Object.entries(json<Record<string, number>>(r, 'chains', {}))) {
        const key = `${r.tags['entity_id']}>${rest}`;
        const t = totals.get(key) ?? { count: 0, days: 0, last: r.time, area: null };
        totals.set(key, { count: t.count + count, days: t.days + 1, last: Math.max(t.last, r.time), area: r.tags['area_id'] ?? t.area });
      }
    }
    // The chains by what follows their first step: which steps come before a chain, how often.
    const tails = new Map<string, { first: string; count: number }[]>();
    for (const [key, t] of totals) {
      const cut = key.indexOf('>');
      let list = tails.get(key.slice(cut + 1));
      if (list === undefined) tails.set(key.slice(cut + 1), (list = []));
      list.push({ first: key.slice(0, cut), count: t.count });
    }
    // Every step must beat chance given the chain so far: a follower that fires all day cannot.
    const tested: { steps: string[]; t: Total; first: number; lifts: number[]; lift: number; pValue: number }[] = [];
    for (const [key, t] of totals) {
      const steps = key.split('>');
      if (steps.length < s.minLength || steps.length > s.maxLength || t.count < s.minSupport) continue;
      const first = activations.get(steps[0]!) ?? 0;
      const lifts: number[] = [];
      let lift = Number.POSITIVE_INFINITY;
      let pValue = 0;
      let leads = first;
      for (let j = 1; j < steps.length; j++) {
        const follows = totals.get(chainKey(steps.slice(0, j + 1)))?.count ?? 0;
        const b = beyondChance(follows, leads, followChance(activations.get(steps[j]!) ?? 0, step, observedMs));
        lifts.push(round(b.lift, 2));
        lift = Math.min(lift, b.lift);
        pValue = Math.max(pValue, b.pValue);
        leads = Math.min(leads, follows);
      }
      tested.push({ steps, t, first, lifts, lift, pValue });
    }
    const found: { steps: string[]; t: Total; first: number; lifts: number[]; pValue: number; shares: number[] }[] = [];
    for (const { steps, t, first, lifts, lift, pValue } of tested) {
      if (first === 0 || t.count / first < s.minConfidence) continue;
      // Beyond chance among all the chains counted often enough to be tested, not one by one: of a
      // hundred chains that each beat 1 in 1000, one in ten homes would show a chance one (a sensor
      // firing every quarter of an hour after a routine on a lucky fortnight).
      if (lift < s.minLift || pValue * tested.length > s.maxPValue) continue;
      // Every inner step must be part of the routine, not a detour it sometimes takes: of the
      // times the chain ran without that step, the step was there on nearly all of them. Something
      // that drops in between now and then (the kettle, a motion sensor) beats its own base rate
      // there, but the chain without it is found far more often.
      const shares: number[] = [];
      for (let j = 1; j < steps.length - 1; j++) {
        shares.push(stepShare(t.count, totals.get(chainKey(steps.filter((_, i) => i !== j)))?.count ?? 0));
      }
      if (shares.some((x) => x < s.minStepShare)) continue;
      if (detourTail(steps, t.count, tails, totals, s)) continue;
      found.push({ steps, t, first, lifts, pValue, shares });
    }
    // Maximal chains only: a chain inside a longer one found (nearly) as often is not repeated.
    const shown = found.filter((x) => !found.some((y) => y.t.count >= s.maximality * x.t.count && isSubsequence(x.steps, y.steps)));
    return shown.map(({ steps, t, first, lifts, pValue, shares }): PatternUpsert => ({
      patternType: 'sequence',
      deviceId: steps[0]!,
      key: chainKey(steps),
      areaId: t.area,
      confidence: round(Math.min(1, t.count / first), 4),
      occurrences: t.count,
      lastSeen: t.last,
      metadata: {
        steps,
        length: steps.length,
        occurrences: t.count,
        first_step_activations: first,
        step_lifts: lifts,
        inner_step_shares: shares,
        p_value: pValue,
        chains_tested: tested.length,
        step_minutes: s.stepMinutes,
        days_with_occurrence: t.days,
        days_observed: window.days.length,
      } satisfies SequenceMetadata,
    }));
  },
};

/** Of the `without` times the chain ran without a step, the share that had it (1 when it never did). */
function stepShare(count: number, without: number): number {
  return without > 0 ? round(Math.min(1, count / without), 3) : 1;
}

/**
 * Whether a chain is the rest of a detour: it nearly always runs on from one step before it
 * (`maximality`), and its own first step, as a step after that one, is a detour the routine takes
 * on too few of its runs (`minStepShare`). Someone passing by between two steps of a routine now
 * and then starts no routine of their own by cutting off the step before them. A chain that often
 * runs on from nothing, or from different steps (each person coming home), is left alone.
 */
function detourTail(steps: readonly string[], count: number, tails: ReadonlyMap<string, readonly { first: string; count: number }[]>, totals: ReadonlyMap<string, Total>, s: DetectorSettings['sequence']): boolean {
  return (tails.get(chainKey(steps)) ?? []).some(
    (before) => before.count >= s.maximality * count && stepShare(before.count, totals.get(chainKey([before.first, ...steps.slice(1)]))?.count ?? 0) < s.minStepShare,
  );
}

/** Whether `short` appears within `long`, in order, and is shorter (a chain with a step left out, or cut). */
function isSubsequence(short: readonly string[], long: readonly string[]): boolean {
  if (long.length <= short.length) return false;
  let i = 0;
  for (const step of long) if (step === short[i]) i++;
  return i === short.length;
}
