/**
 * Who makes a routine happen: the share of its occurrences a person, an automation of Home
 * Assistant, or nothing known (`system`: imports, HA's own doings) caused. Read from the day
 * scan's facts (`activity_daily` `causes`, `automations`) of the window's days, for the entity
 * that acts in the pattern: the time routine's entity around its time of day, the follower of a
 * pair, the last step of a chain, the entity a duration or a context is about. The suggestions
 * read it (an "already automated" routine is not suggested, suggestions/list.ts).
 *
 * Shares are of the activations whose cause is known: days written before causes were kept
 * (activity_daily version 1) add nothing, and a pattern with no such activation has no `causes`.
 */
import type { EventCause } from '../events/model.js';
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import { circularDistance } from './circular.js';
import { ACTIVITY_DAILY } from './day-facts.js';
import { groupBy, round } from './types.js';

export const CAUSES: readonly EventCause[] = ['person', 'automation', 'system'];
/** How far from a time routine's typical minute its occurrences are counted. */
export const TIME_REACH_MINUTES = 30;

export interface PatternCauses {
  /** Activations counted, by cause. */
  readonly person: number;
  readonly automation: number;
  readonly system: number;
  /** Each cause's share of them. */
  readonly shares: Readonly<Record<EventCause, number>>;
  /** The automations whose runs caused them (automation entity ids), most first. */
  readonly automations: ReadonlyArray<{ readonly entity_id: string; readonly activations: number }>;
}

/** The entity that acts in a pattern, and the local hours its occurrences fall in (null: all day). */
export function actorOf(p: Pick<PatternUpsert, 'patternType' | 'metadata'>): { entityId: string; hours: ReadonlySet<number> | null } | null {
  const m = p.metadata;
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  let entityId: string | null = null;
  let hours: Set<number> | null = null;
  if (p.patternType === 'time_based') {
    entityId = text(m['entity_id']);
    const minute = m['typical_minute'];
    if (typeof minute === 'number') hours = hoursNear(minute);
  } else if (p.patternType === 'co_occurrence') entityId = text(m['follower']);
  else if (p.patternType === 'sequence') entityId = Array.isArray(m['steps']) ? text(m['steps'].at(-1)) : null;
  else if (p.patternType === 'duration' || p.patternType === 'contextual') entityId = text(m['entity_id']);
  return entityId === null ? null : { entityId, hours };
}

/** The local hours within TIME_REACH_MINUTES of a minute of the day (circular). */
export function hoursNear(minute: number): Set<number> {
  const out = new Set<number>();
  // within the reach of an hour's interval = within half an hour plus the reach of its middle
  for (let h = 0; h < 24; h++) if (circularDistance(minute, h * 60 + 30) < 30 + TIME_REACH_MINUTES) out.add(h);
  return out;
}

/** An entity's activations by cause over the records, in the hours given (null: all). */
export function causesOf(records: readonly AggregateRecord[], entityId: string, hours: ReadonlySet<number> | null): PatternCauses | null {
  const counts: Record<EventCause, number> = { person: 0, automation: 0, system: 0 };
  const automations = new Map<string, number>();
  for (const r of records) {
    if (r.tags['entity_id'] !== entityId) continue;
    const f = ACTIVITY_DAILY.decode(r);
    if (f.causes === undefined) continue;
    const byCause = JSON.parse(f.causes) as Partial<Record<EventCause, number[]>>;
    for (const cause of CAUSES) {
      const perHour = byCause[cause];
      if (perHour !== undefined) perHour.forEach((n, h) => (counts[cause] += hours === null || hours.has(h) ? n : 0));
    }
    // which automation: by the whole day (the facts keep it per entity, not per hour)
    for (const [id, n] of Object.entries(JSON.parse(f.automations ?? '{}') as Record<string, number>)) automations.set(id, (automations.get(id) ?? 0) + n);
  }
  const total = counts.person + counts.automation + counts.system;
  if (total === 0) return null;
  return {
    ...counts,
    shares: { person: round(counts.person / total), automation: round(counts.automation / total), system: round(counts.system / total) },
    automations: [...automations].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([entity_id, activations]) => ({ entity_id, activations })),
  };
}

/**
 * The patterns with `causes` in their metadata, from the `activity_daily` records of `days`
 * (records of other days, a detector's look-back, are left out).
 */
export function withCauses(patterns: readonly PatternUpsert[], records: readonly AggregateRecord[], days: readonly string[]): PatternUpsert[] {
  const inWindow = new Set(days);
  const byEntity = groupBy(
    records.filter((r) => inWindow.has(r.period)),
    (r) => r.tags['entity_id'],
  );
  return patterns.map((p) => {
    const actor = actorOf(p);
    const causes = actor === null ? null : causesOf(byEntity.get(actor.entityId) ?? [], actor.entityId, actor.hours);
    return causes === null ? p : { ...p, metadata: { ...p.metadata, causes } };
  });
}
