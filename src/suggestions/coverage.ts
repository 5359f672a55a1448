/**
 * Whether one of Home Assistant's own automations already does what a suggestion would: it acts
 * on every entity the suggestion switches, and it starts the same way (a state trigger on the
 * same entity, a time within COVER_MINUTES, or the same sun event). HA's configurations come in
 * two spellings (2024.10+ `triggers:`/`trigger: state`/`actions:`/`action:`, and the older
 * `trigger:`/`platform: state`/`action:`/`service:`), and entity ids may sit in `entity_id`,
 * `target.entity_id` or `data.entity_id`, as a string, a comma list or a list, and in nested
 * actions (`choose`, `if`/`then`, `sequence`, `parallel`, `repeat`): all are read.
 */
import type { Automation, Trigger } from '../dashboard/suggest/automation.js';
import type { HaAutomationRow } from '../storage/types.js';
import { minutesApart } from './identity.js';

/** A time trigger this close to the suggested one starts the same routine. */
export const COVER_MINUTES = 30;

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** Entity ids in an `entity_id` value: a string (maybe "a, b"), or a list of them. */
function ids(v: unknown): string[] {
  return list(v).flatMap((x) => (typeof x === 'string' ? x.split(',').map((s) => s.trim()).filter((s) => s !== '') : []));
}

/** Every entity id an automation's actions name, at any depth. */
export function actionEntities(actions: unknown): Set<string> {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'entity_id') ids(value).forEach((id) => found.add(id));
      else walk(value);
    }
  };
  walk(actions);
  return found;
}

interface TheirTrigger {
  readonly kind: string;
  readonly entities: readonly string[];
  readonly at: readonly unknown[];
  readonly event: unknown;
}

function triggersOf(config: Record<string, unknown>): TheirTrigger[] {
  return list(config['triggers'] ?? config['trigger']).flatMap((t) => {
    if (typeof t !== 'object' || t === null) return [];
    const r = t as Record<string, unknown>;
    return [{ kind: String(r['trigger'] ?? r['platform']), entities: ids(r['entity_id']), at: list(r['at']), event: r['event'] }];
  });
}

/** "07:30", "07:30:00" → minutes after midnight; anything else (an input_datetime) → NaN. */
function minuteOf(at: unknown): number {
  const m = typeof at === 'string' ? /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(at) : null;
  return m === null ? NaN : Number(m[1]) * 60 + Number(m[2]);
}

function sameStart(ours: Trigger, theirs: readonly TheirTrigger[]): boolean {
  switch (ours.trigger) {
    case 'state':
    case 'numeric_state':
      return theirs.some((t) => (t.kind === 'state' || t.kind === 'numeric_state') && t.entities.includes(ours.entity_id));
    case 'time': {
      const mine = minuteOf(ours.at);
      return theirs.some((t) => t.kind === 'time' && t.at.some((at) => minutesApart(minuteOf(at), mine) <= COVER_MINUTES));
    }
    case 'sun':
      return theirs.some((t) => t.kind === 'sun' && t.event === ours.event);
  }
}

/** The first of HA's automations that already does `ours`, or null. */
export function coveringAutomation(ours: Automation, theirs: readonly HaAutomationRow[]): HaAutomationRow | null {
  const targets = actionEntities(ours.actions);
  for (const row of theirs) {
    if (row.config === null) continue;
    const acts = actionEntities(row.config['actions'] ?? row.config['action']);
    if (targets.size === 0 || [...targets].some((id) => !acts.has(id))) continue;
    const triggers = triggersOf(row.config);
    if (ours.triggers.some((t) => sameStart(t, triggers))) return row;
  }
  return null;
}
