/**
 * Home Assistant automations suggested from patterns: one per time-based, co-occurrence, sequence
 * or contextual pattern whose entity HA can switch. Every suggestion passes the schema check
 * before it is offered, so what the user copies is what HA's automation editor accepts.
 */
import type { PatternRow } from '../../storage/types.js';
import { type Automation, toYaml } from './automation.js';
import { contextual } from './contextual.js';
import { joinClocks } from './joined.js';
import { coOccurrence, sequence, timeBased } from './routines.js';
import { checkAutomation } from './schema.js';
import { type Draft, type Home, isAutomation, type Names } from './types.js';

export { checkAutomation } from './schema.js';
export type { Automation } from './automation.js';
export { contextWords, contextOf } from './contextual.js';

const KINDS: Readonly<Record<string, (p: PatternRow, names: Names, home: Home) => Draft>> = {
  time_based: timeBased,
  co_occurrence: coOccurrence,
  sequence,
  contextual,
};

export const SUGGESTED_TYPES: readonly string[] = Object.keys(KINDS);

export type Suggestion =
  | { readonly pattern_id: number; readonly available: true; readonly automation: Automation; readonly yaml: string }
  | { readonly pattern_id: number; readonly available: false; readonly reason: string };

export type { Home } from './types.js';

export function suggest(p: PatternRow, home: Home): Suggestion {
  const kind = KINDS[p.pattern_type];
  if (kind === undefined) return { pattern_id: p.id, available: false, reason: `${p.pattern_type.replace(/_/g, ' ')} patterns describe the home; they suggest no automation` };
  let draft: Draft;
  try {
    draft = kind(p, home.names, home);
  } catch (e) {
    return { pattern_id: p.id, available: false, reason: `the pattern's evidence could not be read: ${(e as Error).message}` };
  }
  if (!isAutomation(draft)) return { pattern_id: p.id, available: false, reason: draft.reason };
  const problems = checkAutomation(draft, home.exists);
  if (problems.length > 0) return { pattern_id: p.id, available: false, reason: `the automation would not be valid: ${problems.join('; ')}` };
  return { pattern_id: p.id, available: true, automation: draft, yaml: toYaml(draft) };
}

export type AvailableSuggestion = Extract<Suggestion, { available: true }>;

/**
 * The suggestion of a chain or pair with clock times folded into it (suggestions/fold.ts): one
 * automation that runs at those times or when the first step turns on (joined.ts), checked again.
 */
export function suggestJoined(kept: AvailableSuggestion, clocks: readonly AvailableSuggestion[], home: Home): Suggestion {
  if (clocks.length === 0) return kept;
  const automation = joinClocks(kept.automation, clocks.map((c) => c.automation));
  const problems = checkAutomation(automation, home.exists);
  if (problems.length > 0) return { pattern_id: kept.pattern_id, available: false, reason: `the automation would not be valid: ${problems.join('; ')}` };
  return { pattern_id: kept.pattern_id, available: true, automation, yaml: toYaml(automation) };
}
