/**
 * Whether a routine is already automated by what its changes say: the share of its occurrences
 * an automation of Home Assistant caused (`causes` in its pattern's metadata, detectors/causes.ts).
 * At `minShare` (default 0.8) or more it is "already automated", named after the automation
 * whose runs caused most of them, as the mirror of HA's automations knows it.
 */
import type { HaAutomationRow, PatternRow } from '../storage/types.js';

export interface AutomatedByCauses {
  /** The share of the routine's occurrences an automation caused. */
  readonly share: number;
  /** The automation that caused most of them; null when its runs were not seen. */
  readonly automation: { readonly entity_id: string; readonly automation_id: string | null; readonly alias: string; readonly state: string } | null;
}

/** The routine's share by cause, or null when its pattern has none (older patterns, or no known cause). */
export function causeShares(pattern: Pick<PatternRow, 'pattern_metadata'>): { person: number; automation: number; system: number } | null {
  const causes = pattern.pattern_metadata['causes'] as { shares?: { person?: unknown; automation?: unknown; system?: unknown } } | undefined;
  const s = causes?.shares;
  if (s === undefined || typeof s.person !== 'number' || typeof s.automation !== 'number' || typeof s.system !== 'number') return null;
  return { person: s.person, automation: s.automation, system: s.system };
}

export function automatedByCauses(pattern: Pick<PatternRow, 'pattern_metadata'>, existing: readonly HaAutomationRow[], minShare: number): AutomatedByCauses | null {
  const shares = causeShares(pattern);
  if (shares === null || shares.automation < minShare) return null;
  const top = (pattern.pattern_metadata['causes'] as { automations?: { entity_id?: unknown }[] }).automations?.[0]?.entity_id;
  if (typeof top !== 'string') return { share: shares.automation, automation: null };
  const row = existing.find((a) => a.entity_id === top);
  return { share: shares.automation, automation: row === undefined ? { entity_id: top, automation_id: null, alias: top, state: 'unknown' } : { entity_id: row.entity_id, automation_id: row.automation_id, alias: row.alias, state: row.state } };
}
