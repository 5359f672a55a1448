/**
 * One suggestion per routine. Detectors report a routine from several sides: a chain of four
 * lights is also three pairs and shorter chains; a sunset light is also a clock time that drifts
 * with the season; a chain that starts by the clock is also that clock time; a light that follows
 * the door is also each arrival that opens it. A user wants one automation for it, so what a
 * longer, nearer or truer suggestion already does is folded into it (and listed as what it
 * covers), a clock time that starts it joins it as a trigger of its own (kept to its own days;
 * one on no particular days does not: it would fire every day), and the rest are ranked by the
 * manual actions a week they would save, a clock routine on no particular days after the others.
 */
import { turnOnAction } from '../dashboard/suggest/automation.js';
import { doneDaysPerWeek, routineDays, type RoutineDays } from '../dashboard/suggest/days.js';
import { clockTime } from '../detectors/circular.js';
import { metadataOf } from '../detectors/metadata.js';
import type { PatternRow } from '../storage/types.js';
import { minutesApart, type Identity } from './identity.js';

export interface Candidate {
  readonly pattern: PatternRow;
  readonly identity: Identity;
}

export interface Folded<C extends Candidate> {
  readonly kept: C;
  /** What this suggestion also does, folded into it: the pattern ids and why. */
  readonly covers: ReadonlyArray<{ readonly pattern_id: number; readonly key: string; readonly why: string }>;
  /**
   * Clock times (among `covers`) that start this routine: the automation also runs at each of them
   * (dashboard/suggest/joined.ts), switching its entity on, and the rest when it is the first step.
   */
  readonly joins: readonly C[];
  /** Manual actions a week the automation would take over, from its own evidence and its joined clock times'. */
  readonly savesPerWeek: number;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);

/** Weeks of evidence a pattern's counts come from (never less than one day's worth). */
function weeksOf(m: { readonly days_observed?: number | undefined }): number {
  const days = num(m.days_observed);
  return Number.isFinite(days) && days > 0 ? Math.max(days, 1) / 7 : NaN;
}

/**
 * Actions a week the suggestion would do instead of a person: a clock routine once on each day it
 * fires and was done (days.ts); one entity following another once per time it followed; a chain once per later step per
 * occurrence; a context trigger once per day it was followed. NaN when the evidence lacks a count.
 */
export function savesPerWeek(c: Candidate): number {
  const p = c.pattern;
  switch (c.identity.kind) {
    case 'time': {
      const m = metadataOf(p, 'time_based');
      return doneDaysPerWeek(m, routineDays(m));
    }
    case 'follows':
      return p.occurrences / weeksOf(metadataOf(p, 'co_occurrence'));
    case 'chain':
      return (p.occurrences * (c.identity.entities.length - 1)) / weeksOf(metadataOf(p, 'sequence'));
    case 'context': {
      const m = metadataOf(p, 'contextual');
      const days = num(m.days);
      return days > 0 ? (num(m.after_change_minutes?.n) * 7) / days : NaN;
    }
  }
}

/** Whether `inner` appears in `outer` in the same order (not necessarily next to each other). */
function inOrder(inner: readonly string[], outer: readonly string[]): boolean {
  let i = 0;
  for (const step of outer) if (step === inner[i]) i++;
  return i === inner.length;
}

/** A chain's trigger turns on by the clock this close to a later step's own clock time: one routine. */
export const SAME_MORNING_MINUTES = 15;

const isChain = (i: Identity): boolean => i.kind === 'chain' || i.kind === 'follows';
const daysOf = (c: Candidate): RoutineDays => routineDays(metadataOf(c.pattern, 'time_based'));
const daysMatched = (c: Candidate): number => {
  const m = metadataOf(c.pattern, 'time_based');
  return num(m.mask_days_matched ?? m.days_matched);
};
/** Whether a clock routine holds on no day set: its automation would fire every day (days.ts). */
export const isIrregular = (c: Candidate): boolean => c.identity.kind === 'time' && daysOf(c).kind === 'irregular';
const weekdaysOf = (d: RoutineDays): readonly number[] => (d.kind === 'weekdays' ? d.weekdays : [1, 2, 3, 4, 5, 6, 7]);

/**
 * Whether two clock times can hold on the same days: one's weekdays all among the other's (every
 * day holds them all: weekdays and every day, Mon/Wed/Fri and weekdays), never weekdays and
 * weekends; an irregular routine (on some days, none in particular) with one that holds on at
 * least as many days.
 */
export function sameDays(a: Candidate, b: Candidate): boolean {
  const x = daysOf(a);
  const y = daysOf(b);
  if (x.kind === 'irregular') return y.kind === 'irregular' || daysMatched(a) <= daysMatched(b);
  if (y.kind === 'irregular') return daysMatched(b) <= daysMatched(a);
  const p = weekdaysOf(x);
  const q = weekdaysOf(y);
  return p.every((w) => q.includes(w)) || q.every((w) => p.includes(w));
}

/** A clock time of `entity` (among `evidence`) within SAME_MORNING_MINUTES of `a`'s, on the same days. */
function clockNear(entity: string, a: Candidate, evidence: readonly Candidate[]): Candidate | undefined {
  const minute = a.identity.minute!;
  return evidence.find((t) => t !== a && t.identity.kind === 'time' && t.identity.entities[0] === entity && t.identity.minute !== undefined && minutesApart(t.identity.minute, minute) <= SAME_MORNING_MINUTES && sameDays(t, a));
}

/**
 * Whether `near`, a part of `far` at its end, switches what `far` switches: every step of `far`
 * after its trigger, up to and including `near`'s trigger, is one nothing switches (a person
 * coming home, a lock, a door contact). Then `near`'s trigger comes in every occurrence of `far`
 * before what it switches, and its automation does what `far`'s does, and more often.
 */
function nearerTrigger(far: Identity, near: Identity): boolean {
  const skip = far.entities.length - near.entities.length;
  if (!isChain(far) || !isChain(near) || skip <= 0) return false;
  if (far.entities.slice(skip).some((e, i) => e !== near.entities[i])) return false;
  return far.entities.slice(1, skip + 1).every((e) => turnOnAction(e) === null);
}

interface Cover {
  readonly why: string;
  /** A clock time that starts the routine: a trigger of its own in the automation. */
  readonly joins: boolean;
}

/**
 * Why `outer` already does what `inner` suggests, or null. `evidence`: every pattern's identity,
 * suggested or not, for the clock times of a chain's steps (a door contact's clock time is
 * evidence, though nothing switches it).
 */
function coveredBy(inner: Candidate, outer: Candidate, evidence: readonly Candidate[]): Cover | null {
  const a = inner.identity;
  const b = outer.identity;
  if (a === b) return null;
  const folded = (why: string): Cover => ({ why, joins: false });
  // a part of a chain at its end that starts nearer what it switches is the truer one: not folded here
  if (b.kind === 'chain' && isChain(a) && a.entities.length < b.entities.length && inOrder(a.entities, b.entities) && !nearerTrigger(b, a)) {
    return folded(a.kind === 'chain' ? 'a shorter part of this chain' : 'a step of this chain');
  }
  const followsSun = b.kind === 'context' && b.routine.split(':')[2] === 'sun' && metadataOf(outer.pattern, 'contextual').follows_change === true;
  if (a.kind === 'time' && followsSun && a.entities[0] === b.entities[0]) return folded('its clock time follows the sun: the sun trigger keeps it right all year');
  if (a.kind !== 'time' || a.minute === undefined || !isChain(b)) return null;
  const entity = a.entities[0]!;
  const trigger = b.entities[0]!;
  const what = b.kind === 'chain' ? 'chain' : 'pair';
  if (b.entities.indexOf(entity) > 0) {
    const clock = clockNear(trigger, inner, evidence);
    if (clock !== undefined) return folded(`a later step of this ${what}: ${trigger} itself turns on about then (${clock.identity.key})`);
  }
  // an irregular clock time is no trigger of its own (it would fire every day): the routine starts when its trigger turns on
  const join = (seen: string, joined: string): Cover => (isIrregular(inner) ? folded(`${seen}: on no particular days, so not by the clock (it would run every day); the ${what} does it when ${trigger} turns on`) : { why: `${seen}: ${joined}`, joins: true });
  if (entity === trigger) {
    // the rest follows at that time too: a later step has its own clock time then
    const later = b.entities.slice(1).map((e) => clockNear(e, inner, evidence)).find((c) => c !== undefined);
    if (later !== undefined) return join(`${trigger} turns on by the clock at ${clockTime(a.minute)} and the rest of this ${what} follows (${later.identity.key})`, `one automation, at that time or when ${trigger} turns on`);
  }
  const area = inner.pattern.area_id;
  if (!b.entities.includes(entity) && area !== null && area === outer.pattern.area_id) {
    const clock = clockNear(trigger, inner, evidence);
    if (clock !== undefined) return join(`the same room (${area}) the same mornings`, `${trigger} turns on by the clock about then (${clock.identity.key}); this clock time is a trigger of the same automation`);
  }
  return null;
}

type Home<C extends Candidate> = { kept: C; covers: Array<Folded<C>['covers'][number]>; joins: C[] };

/**
 * Folds each candidate into the first one (strongest first: longest chains, then sun triggers)
 * that already covers it; then a chain whose first steps switch nothing into the kept part of it
 * that starts nearest what it switches (an arrival chain into the door's pair); and ranks what is
 * left by the actions a week it saves, then confidence. `evidence`: every pattern's identity, for
 * the clock times of steps nothing switches (default: the candidates).
 */
export function fold<C extends Candidate>(candidates: readonly C[], evidence: readonly Candidate[] = candidates): Folded<C>[] {
  const byStrength = [...candidates].sort((x, y) => y.identity.entities.length - x.identity.entities.length || rankKind(y) - rankKind(x) || y.pattern.confidence - x.pattern.confidence || x.pattern.id - y.pattern.id);
  const kept: Home<C>[] = [];
  for (const c of byStrength) {
    let home: Home<C> | undefined;
    let cover: Cover | null = null;
    for (const k of kept) {
      cover = coveredBy(c, k.kept, evidence);
      if (cover !== null) {
        home = k;
        break;
      }
    }
    if (home === undefined) kept.push({ kept: c, covers: [], joins: [] });
    else {
      home.covers.push({ pattern_id: c.pattern.id, key: c.identity.key, why: cover!.why });
      if (cover!.joins) home.joins.push(c);
    }
  }
  // the nearest is never moved itself: any part of it at its end would be a nearer part of the far one
  const moved = new Set<Home<C>>();
  for (const far of kept) {
    const near = kept.filter((k) => nearerTrigger(far.kept.identity, k.kept.identity)).sort((x, y) => x.kept.identity.entities.length - y.kept.identity.entities.length)[0];
    if (near === undefined) continue;
    const trigger = near.kept.identity.entities[0]!;
    near.covers.push({ pattern_id: far.kept.pattern.id, key: far.kept.identity.key, why: `what it switches follows ${trigger} in every occurrence, and its earlier steps switch nothing: this does the same from ${trigger}, the nearer trigger` }, ...far.covers);
    near.joins.push(...far.joins);
    moved.add(far);
  }
  return kept
    .filter((k) => !moved.has(k))
    .map((k) => ({ ...k, joins: k.joins.sort((x, y) => x.identity.minute! - y.identity.minute!), savesPerWeek: savesPerWeek(k.kept) + k.joins.reduce((sum, j) => sum + (Number.isNaN(savesPerWeek(j)) ? 0 : savesPerWeek(j)), 0) }))
    // an irregular clock routine (it would fire every day, done on some) after every one kept to its days
    .sort((x, y) => Number(isIrregular(x.kept)) - Number(isIrregular(y.kept)) || nanLast(y.savesPerWeek) - nanLast(x.savesPerWeek) || y.kept.pattern.confidence - x.kept.pattern.confidence || x.kept.pattern.id - y.kept.pattern.id);
}

/** Among equally long ones, a sun trigger is the truer form of a clock routine: it goes first. */
const rankKind = (c: Candidate): number => (c.identity.kind === 'context' ? 1 : 0);
const nanLast = (n: number): number => (Number.isNaN(n) ? -1 : n);
