/**
 * Automations people undo by hand: the day scan writes, per automation, entity and direction
 * (switched on / off), how often the automation switched it that day and how soon a person
 * switched it back each time (`override_daily`, Layer 2). The list of "automations to fix" sums
 * those days, newest first, over its recent runs: it never reads raw events again.
 */
import type { AggregateRecord } from '../storage/types.js';
import type { DayActivity } from './activity.js';
import { measurement } from './measurement.js';
import type { Override } from './override-tracker.js';
import type { DetectorSettings } from './settings.js';
import { dayRecord, groupBy } from './types.js';

/**
 * `runs`: the automation's changes of the entity that day; `undone_seconds`: for each a person
 * switched back before the entity's next change, how long after (whole seconds, ascending).
 */
export const OVERRIDE_DAILY = measurement('override_daily', 'daily', 1, { runs: 'number', undone_seconds: 'json' });

/** Tags of a record: the entity, the automation (absent when its run was not seen), what it set. */
export function summarizeOverrides(activity: Pick<DayActivity, 'overrides' | 'day'>): AggregateRecord[] {
  const groups = groupBy(activity.overrides, (o) => JSON.stringify([o.automation, o.entityId, o.on]));
  return [...groups.keys()].sort().map((key) => {
    const list = groups.get(key)!;
    const { entityId, automation, on } = list[0]!;
    const undone = list.flatMap((o) => (o.undoneAfterMs === null ? [] : [Math.round(o.undoneAfterMs / 1000)])).sort((a, b) => a - b);
    return dayRecord(activity as DayActivity, OVERRIDE_DAILY.name, { entity_id: entityId, automation, set: on ? 'on' : 'off' }, { runs: list.length, undone_seconds: JSON.stringify(undone) });
  });
}

export type OverrideSettings = DetectorSettings['overrides'];

export interface FoundOverride {
  readonly entityId: string;
  /** The automation's entity id; null when its runs were not seen (the change's cause said automation). */
  readonly automation: string | null;
  /** What the automation does to the entity: switches it on (a person then switches it off) or off. */
  readonly sets: 'on' | 'off';
  /** The recent runs counted, and on how many a person switched the entity back within the limit. */
  readonly runs: number;
  readonly undone: number;
  /** The longest of those undos, whole minutes rounded up. */
  readonly withinMinutes: number;
  /** The first and the last day counted. */
  readonly from: string;
  readonly to: string;
}

/**
 * The overrides of a window of `override_daily` records: per automation, entity and direction,
 * the newest days back to at least `recentRuns` runs; reported when there were ≥ `minRuns` and a
 * person switched back within `undoMinutes` on ≥ `minShare` of them. Most undone share first.
 */
export function findOverrides(records: readonly AggregateRecord[], settings: OverrideSettings): FoundOverride[] {
  const limit = settings.undoMinutes * 60;
  const groups = groupBy(records, (r) => JSON.stringify([r.tags['automation'], r.tags['entity_id'], r.tags['set']]));
  const out: FoundOverride[] = [];
  for (const list of groups.values()) {
    const newestFirst = [...list].sort((a, b) => b.period.localeCompare(a.period));
    let runs = 0;
    const within: number[] = [];
    let from = newestFirst[0]!.period;
    for (const r of newestFirst) {
      if (runs >= settings.recentRuns) break;
      const f = OVERRIDE_DAILY.decode(r);
      runs += f.runs;
      within.push(...(JSON.parse(f.undone_seconds) as number[]).filter((s) => s <= limit));
      from = r.period;
    }
    if (runs < settings.minRuns || within.length < settings.minShare * runs) continue;
    const first = list[0]!;
    out.push({
      entityId: first.tags['entity_id']!,
      automation: first.tags['automation'] ?? null,
      sets: first.tags['set'] === 'off' ? 'off' : 'on',
      runs,
      undone: within.length,
      withinMinutes: Math.max(1, Math.ceil(Math.max(...within) / 60)),
      from,
      to: newestFirst[0]!.period,
    });
  }
  return out.sort((a, b) => b.undone / b.runs - a.undone / a.runs || b.runs - a.runs || a.entityId.localeCompare(b.entityId));
}

export type { Override };
