/**
 * "Automations to fix": Home Assistant automations whose action people undo by hand on most of
 * their recent runs, each with its evidence in a sentence. Read from the day scan's per-day
 * override counts in Layer 2 (detectors/overrides.ts) over the configured window, never from raw
 * events; named after the mirror of HA's automations and the home's entity names.
 */
import { entitySummaries } from '../dashboard/home-data.js';
import { findOverrides, type FoundOverride, OVERRIDE_DAILY, type OverrideSettings } from '../detectors/overrides.js';
import { ReadReport } from '../detectors/registry.js';
import { DEFAULT_DETECTOR_SETTINGS } from '../detectors/settings.js';
import type { HaAutomationRow, Storage } from '../storage/types.js';
import { BUCKETS } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';


export interface AutomationToFix {
  /** The automation (from HA's, as mirrored); null when its runs were not seen, only its changes' cause. */
  readonly automation: { readonly entity_id: string; readonly automation_id: string | null; readonly alias: string; readonly state: string } | null;
  readonly entity_id: string;
  readonly entity_name: string;
  /** What the automation does to the entity, which people then undo. */
  readonly sets: 'on' | 'off';
  readonly runs: number;
  readonly undone: number;
  readonly within_minutes: number;
  /** The days the runs counted were on (local dates). */
  readonly from: string;
  readonly to: string;
  /** The evidence, as a person reads it. */
  readonly sentence: string;
}

/** The sentence of one override. */
export function sentenceOf(o: Pick<FoundOverride, 'sets' | 'runs' | 'undone' | 'withinMinutes'>, automation: string | null, entity: string): string {
  const who = automation === null ? 'An automation' : `'${automation}'`;
  const back = o.sets === 'on' ? 'off' : 'on';
  return `${who} switches ${entity} ${o.sets}, and it is switched ${back} by hand within ${o.withinMinutes} min on ${o.undone} of its last ${o.runs} runs`;
}

function automationOf(entityId: string | null, existing: readonly HaAutomationRow[]): AutomationToFix['automation'] {
  if (entityId === null) return null;
  const row = existing.find((a) => a.entity_id === entityId);
  return row === undefined ? { entity_id: entityId, automation_id: null, alias: entityId, state: 'unknown' } : { entity_id: row.entity_id, automation_id: row.automation_id, alias: row.alias, state: row.state };
}

/** The automations to fix at `now`: the window's days up to and including today's so far. */
export async function listFixes(storage: Storage, calendar: Calendar, now: number, settings: OverrideSettings = DEFAULT_DETECTOR_SETTINGS.overrides): Promise<AutomationToFix[]> {
  const today = calendar.periodOf('day', now);
  const first = calendar.shift(today, -(settings.windowDays - 1));
  const stored = await storage.aggregates.query({ bucket: BUCKETS.daily, measurements: [OVERRIDE_DAILY.name], start: first.start, end: today.end });
  const found = findOverrides(new ReadReport().read(stored, [OVERRIDE_DAILY.name]), settings);
  const names = new Map((await entitySummaries(storage, calendar, now, settings.windowDays)).map((e) => [e.entity_id, e.name]));
  const existing = storage.automations.list();
  return found.map((o) => {
    const automation = automationOf(o.automation, existing);
    const entityName = names.get(o.entityId) ?? o.entityId;
    return {
      automation,
      entity_id: o.entityId,
      entity_name: entityName,
      sets: o.sets,
      runs: o.runs,
      undone: o.undone,
      within_minutes: o.withinMinutes,
      from: o.from,
      to: o.to,
      sentence: sentenceOf(o, automation?.alias ?? null, entityName),
    };
  });
}
