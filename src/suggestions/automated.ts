/**
 * Whether a routine is already automated by what its changes say: the share of its occurrences
 * an automation of Home Assistant caused (`causes` in its pattern's metadata, detectors/causes.ts).
 * At `minShare` (default 0.8) or more it is "already automated", named after the automation
 * whose runs caused most of them, as the mirror of HA's automations knows it.
 */
import { z } from 'zod';
import { causes } from '../detectors/metadata.js';
import type { HaAutomationRow, PatternRow } from '../storage/types.js';

// Read leniently, a part at a time: a pattern without all three shares (or without a named
// automation) is not "already automated" by its changes, rather than an error.
const withShares = z.object({ causes: causes.pick({ shares: true }) });
const withTopAutomation = z.object({ causes: z.object({ automations: z.tuple([causes.shape.automations.element.pick({ entity_id: true })], z.unknown()) }) });

export interface AutomatedByCauses {
  /** The share of the routine's occurrences an automation caused. */
  readonly share: number;
  /** The automation that caused most of them; null when its runs were not seen. */
  readonly automation: { readonly entity_id: string; readonly automation_id: string | null; readonly alias: string; readonly state: string } | null;
}

/** The routine's share by cause, or null when its pattern has none (older patterns, or no known cause). */
export function causeShares(pattern: Pick<PatternRow, 'pattern_metadata'>): { person: number; automation: number; system: number } | null {
  const read = withShares.safeParse(pattern.pattern_metadata);
  if (!read.success) return null;
  const s = read.data.causes.shares;
  return { person: s.person, automation: s.automation, system: s.system };
}

export function automatedByCauses(pattern: Pick<PatternRow, 'pattern_metadata'>, existing: readonly HaAutomationRow[], minShare: number): AutomatedByCauses | null {
  const shares = causeShares(pattern);
  if (shares === null || shares.automation < minShare) return null;
  const named = withTopAutomation.safeParse(pattern.pattern_metadata);
  if (!named.success) return { share: shares.automation, automation: null };
  const top = named.data.causes.automations[0].entity_id;
  const row = existing.find((a) => a.entity_id === top);
  return { share: shares.automation, automation: row === undefined ? { entity_id: top, automation_id: null, alias: top, state: 'unknown' } : { entity_id: row.entity_id, automation_id: row.automation_id, alias: row.alias, state: row.state } };
}
