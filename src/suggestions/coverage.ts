/**
 * Whether one of Home Assistant's own automations already does what a suggestion would: it acts
 * on every entity the suggestion switches, and it starts the same way (a state trigger on the
 * same entity, a time within COVER_MINUTES, or the same sun event). HA's configurations come in
 * two spellings (2024.10+ `triggers:`/`trigger: state`/`actions:`/`action:`, and the older
 * `trigger:`/`platform: state`/`action:`/`service:`), and entity ids may sit in `entity_id`,
 * `target.entity_id` or `data.entity_id`, as a string, a comma list or a list, and in nested
 * actions (`choose`, `if`/`then`, `sequence`, `parallel`, `repeat`): all are read. It must also
 * run on every weekday the suggestion does: one kept to weekdays does not do a weekend routine.
 */
import { type Automation, type Trigger, WEEKDAYS } from '../dashboard/suggest/automation.js';
import type { HaAutomationRow } from '../storage/types.js';
import { isWorkdaySensor } from '../events/activity.js';
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
  /** The weekdays a run it starts may act on (daysAllowed). */
  readonly days: ReadonlySet<string>;
}

function triggersOf(config: Record<string, unknown>): TheirTrigger[] {
  return list(config['triggers'] ?? config['trigger']).flatMap((t) => {
    if (typeof t !== 'object' || t === null) return [];
    const r = t as Record<string, unknown>;
    return [{ kind: String(r['trigger'] ?? r['platform']), entities: ids(r['entity_id']), at: list(r['at']), event: r['event'], days: daysOfTrigger(config, r['id']) }];
  });
}

const EVERY_DAY: readonly string[] = WEEKDAYS;
/** What HA's Workday sensor being on or off stands for, as weekdays (its holidays aside). */
const WORKDAY_STATES: Readonly<Record<string, readonly string[]>> = { on: EVERY_DAY.slice(0, 5), off: EVERY_DAY.slice(5) };
const record = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/**
 * The weekdays a list of conditions lets a run go on: `condition: time` with `weekday` (a key or a
 * list), a Workday sensor being on (Monday to Friday) or off (the weekend), and `and` of those;
 * every day when none of them says. Other conditions (or, not, templates) are read as every day.
 */
export function daysAllowed(conditions: unknown): Set<string> {
  let days = new Set(EVERY_DAY);
  for (const c of list(conditions)) {
    const r = record(c);
    if (r === null) continue;
    let allowed: Iterable<string> | undefined;
    if (r['condition'] === 'time' && r['weekday'] !== undefined) allowed = list(r['weekday']).filter((d): d is string => typeof d === 'string');
    else if (r['condition'] === 'and') allowed = daysAllowed(r['conditions']);
    else if (r['condition'] === 'state' && ids(r['entity_id']).some(isWorkdaySensor)) {
      const states = list(r['state']);
      allowed = states.length === 1 ? WORKDAY_STATES[String(states[0])] : undefined;
    }
    if (allowed !== undefined) {
      const keep = new Set(allowed);
      days = new Set([...days].filter((d) => keep.has(d)));
    }
  }
  return days;
}

/**
 * The weekdays a run started by the trigger `id` acts on: the automation's conditions, and when it
 * acts by which trigger fired (a `choose` option with `condition: trigger` on this id, as the
 * suggestions joined with clock times do), that option's too.
 */
function daysOfTrigger(config: Record<string, unknown>, id: unknown): Set<string> {
  const days = daysAllowed(config['conditions'] ?? config['condition']);
  if (id === undefined) return days;
  for (const action of list(config['actions'] ?? config['action'])) {
    for (const option of list(record(action)?.['choose'])) {
      const conditions = list(record(option)?.['conditions']);
      if (!conditions.some((c) => record(c)?.['condition'] === 'trigger' && list(record(c)?.['id']).includes(id))) continue;
      const own = daysAllowed(conditions);
      return new Set([...days].filter((d) => own.has(d)));
    }
  }
  return days;
}

/** "07:30", "07:30:00" → minutes after midnight; anything else (an input_datetime) → NaN. */
function minuteOf(at: unknown): number {
  const m = typeof at === 'string' ? /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(at) : null;
  return m === null ? NaN : Number(m[1]) * 60 + Number(m[2]);
}

function sameStart(ours: Trigger, t: TheirTrigger): boolean {
  switch (ours.trigger) {
    case 'state':
    case 'numeric_state':
      return (t.kind === 'state' || t.kind === 'numeric_state') && t.entities.includes(ours.entity_id);
    case 'time': {
      const mine = minuteOf(ours.at);
      return t.kind === 'time' && t.at.some((at) => minutesApart(minuteOf(at), mine) <= COVER_MINUTES);
    }
    case 'sun':
      return t.kind === 'sun' && t.event === ours.event;
  }
}

/** Whether their trigger starts ours the same way, on every weekday ours acts on (a weekday one does not do a weekend one). */
function sameStartOnOurDays(ours: Automation, trigger: Trigger, theirs: readonly TheirTrigger[]): boolean {
  const days = daysOfTrigger(ours as unknown as Record<string, unknown>, trigger.id);
  return theirs.some((t) => sameStart(trigger, t) && [...days].every((d) => t.days.has(d)));
}

/** The first of HA's automations that already does `ours`, or null. */
export function coveringAutomation(ours: Automation, theirs: readonly HaAutomationRow[]): HaAutomationRow | null {
  const targets = actionEntities(ours.actions);
  for (const row of theirs) {
    if (row.config === null) continue;
    const acts = actionEntities(row.config['actions'] ?? row.config['action']);
    if (targets.size === 0 || [...targets].some((id) => !acts.has(id))) continue;
    const triggers = triggersOf(row.config);
    if (ours.triggers.some((t) => sameStartOnOurDays(ours, t, triggers))) return row;
  }
  return null;
}
