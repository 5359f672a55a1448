/**
 * One suggestion per routine. Detectors report a routine from several sides: a chain of four
 * lights is also three pairs and shorter chains; a sunset light is also a clock time that drifts
 * with the season. A user wants one automation for it, so what a longer or truer suggestion
 * already does is folded into it (and listed as what it covers), and the rest are ranked by the
 * manual actions a week they would save.
 */
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
  /** Manual actions a week the automation would take over, from its own evidence. */
  readonly savesPerWeek: number;
}

const DAY_TYPE_DAYS: Readonly<Record<string, number>> = { all: 7, weekdays: 5, weekends: 2 };

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);

/** Weeks of evidence a pattern's counts come from (never less than one day's worth). */
function weeksOf(m: { readonly days_observed?: number | undefined }): number {
  const days = num(m.days_observed);
  return Number.isFinite(days) && days > 0 ? Math.max(days, 1) / 7 : NaN;
}

/**
 * Actions a week the suggestion would do instead of a person: a clock routine once on each day it
 * holds; one entity following another once per time it followed; a chain once per later step per
 * occurrence; a context trigger once per day it was followed. NaN when the evidence lacks a count.
 */
export function savesPerWeek(c: Candidate): number {
  const p = c.pattern;
  switch (c.identity.kind) {
    case 'time': {
      const m = metadataOf(p, 'time_based');
      const mask = m.weekday_mask?.length ?? NaN;
      const days = mask > 0 && mask < 7 ? mask : (DAY_TYPE_DAYS[m.day_type ?? ''] ?? 7);
      const matched = num(m.mask_days_matched ?? m.days_matched);
      const observed = num(m.mask_days_observed ?? m.days_observed);
      return observed > 0 ? (days * matched) / observed : NaN;
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

/** Why `outer` already does what `inner` suggests, or null. `all`: every candidate, for the clock times of a chain's trigger. */
function coveredBy(inner: Candidate, outer: Candidate, all: readonly Candidate[]): string | null {
  const a = inner.identity;
  const b = outer.identity;
  if (a === b) return null;
  if (b.kind === 'chain' && (a.kind === 'chain' || a.kind === 'follows') && a.entities.length < b.entities.length && inOrder(a.entities, b.entities)) {
    return a.kind === 'chain' ? 'a shorter part of this chain' : 'a step of this chain';
  }
  const followsSun = b.kind === 'context' && b.routine.split(':')[2] === 'sun' && metadataOf(outer.pattern, 'contextual').follows_change === true;
  if (a.kind === 'time' && followsSun && a.entities[0] === b.entities[0]) return 'its clock time follows the sun: the sun trigger keeps it right all year';
  if (a.kind === 'time' && a.minute !== undefined && (b.kind === 'chain' || b.kind === 'follows') && b.entities.indexOf(a.entities[0]!) > 0) {
    const trigger = b.entities[0];
    const dayType = a.routine.split(':')[2];
    const clock = all.find((t) => t.identity.kind === 'time' && t.identity.entities[0] === trigger && t.identity.routine.split(':')[2] === dayType && t.identity.minute !== undefined && minutesApart(t.identity.minute, a.minute!) <= SAME_MORNING_MINUTES);
    if (clock !== undefined) return `a later step of this ${b.kind === 'chain' ? 'chain' : 'pair'}: ${trigger} itself turns on about then (${clock.identity.key})`;
  }
  return null;
}

/**
 * Folds each candidate into the first one (strongest first: longest chains, then sun triggers)
 * that already covers it, and ranks what is left by the actions a week it saves, then confidence.
 */
export function fold<C extends Candidate>(candidates: readonly C[]): Folded<C>[] {
  const byStrength = [...candidates].sort((x, y) => y.identity.entities.length - x.identity.entities.length || rankKind(y) - rankKind(x) || y.pattern.confidence - x.pattern.confidence || x.pattern.id - y.pattern.id);
  const kept: Array<{ kept: C; covers: Array<Folded<C>['covers'][number]> }> = [];
  for (const c of byStrength) {
    let home: (typeof kept)[number] | undefined;
    let why: string | null = null;
    for (const k of kept) {
      why = coveredBy(c, k.kept, candidates);
      if (why !== null) {
        home = k;
        break;
      }
    }
    if (home === undefined) kept.push({ kept: c, covers: [] });
    else home.covers.push({ pattern_id: c.pattern.id, key: c.identity.key, why: why! });
  }
  return kept
    .map((k) => ({ ...k, savesPerWeek: savesPerWeek(k.kept) }))
    .sort((x, y) => (nanLast(y.savesPerWeek) - nanLast(x.savesPerWeek)) || y.kept.pattern.confidence - x.kept.pattern.confidence || x.kept.pattern.id - y.kept.pattern.id);
}

/** Among equally long ones, a sun trigger is the truer form of a clock routine: it goes first. */
const rankKind = (c: Candidate): number => (c.identity.kind === 'context' ? 1 : 0);
const nanLast = (n: number): number => (Number.isNaN(n) ? -1 : n);
