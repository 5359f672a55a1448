/**
 * What "active" means, per domain, in one place. Detectors look at activations (an entity
 * entering its active state) and deactivations; unknown/unavailable are neither.
 */

/** States that say nothing about the entity: skipped by detectors, kept in Layer 1. */
export const NO_INFORMATION_STATES: ReadonlySet<string> = new Set(['unknown', 'unavailable', '']);

const ON = new Set(['on']);

/**
 * Domains whose active states are listed. Not `automation` (its "on" means enabled: it runs when
 * `last_triggered` moves, which automation-runs.ts reads) nor `update` ("on" means an update is
 * offered): both sit "on" for weeks, and as activity they would be stuck, routines of nobody.
 */
const ACTIVE_STATES: Readonly<Record<string, ReadonlySet<string>>> = {
  light: ON,
  switch: ON,
  fan: ON,
  input_boolean: ON,
  remote: ON,
  siren: ON,
  humidifier: ON,
  // HA's binary_sensor is "on" for detected/open/wet/…; "detected" appears in logs translated by UIs.
  binary_sensor: new Set(['on', 'detected', 'open']),
  cover: new Set(['open', 'opening', 'closing']),
  valve: new Set(['open', 'opening', 'closing']),
  lock: new Set(['unlocked', 'unlocking', 'open', 'opening']),
  media_player: new Set(['playing', 'on', 'buffering']),
  person: new Set(['home']),
  device_tracker: new Set(['home']),
  vacuum: new Set(['cleaning', 'returning']),
  lawn_mower: new Set(['mowing']),
  timer: new Set(['active']),
  camera: new Set(['recording', 'streaming']),
  alarm_control_panel: new Set(['triggered', 'arming', 'pending']),
  script: ON,
};

/** Domains where every state but these is active (climate "heat", "cool", "auto", …). */
const ACTIVE_UNLESS: Readonly<Record<string, ReadonlySet<string>>> = {
  climate: new Set(['off']),
  water_heater: new Set(['off', 'eco']),
};

/**
 * true: active; false: inactive; null: no information (unknown/unavailable, removed, or a domain
 * with no notion of active such as sensor or sun).
 */
export function isActiveState(domain: string, state: string | null): boolean | null {
  if (state === null || NO_INFORMATION_STATES.has(state)) return null;
  const active = ACTIVE_STATES[domain];
  if (active !== undefined) return active.has(state);
  const inactive = ACTIVE_UNLESS[domain];
  if (inactive !== undefined) return !inactive.has(state);
  return null;
}

/**
 * The state a domain enters when it becomes active, as Home Assistant writes it (a trigger's
 * `to:`): the first of its active states ("active" for a timer, "unlocked" for a lock); "on" for a
 * domain without a list. Not the word a sentence uses (activeWord: a timer is "running").
 */
export function activeState(domain: string): string {
  const active = ACTIVE_STATES[domain];
  return active === undefined ? 'on' : [...active][0]!;
}

/**
 * Whether a domain's active states are modes a person or an automation sets (climate "heat",
 * water_heater "electric") rather than something switched on for a while: a mode is held by
 * design, for a season if need be.
 */
export function isModeDomain(domain: string): boolean {
  return domain in ACTIVE_UNLESS;
}

/** Whether a domain has on/off-like states that detectors track. */
export function isActivatable(domain: string): boolean {
  return domain in ACTIVE_STATES || domain in ACTIVE_UNLESS;
}

/**
 * HA's Workday sensor (`binary_sensor.workday_sensor` by default, `binary_sensor.workday…` when
 * named so): on on working days, off at weekends and on public holidays, switched at midnight by
 * the calendar. Its changes are no one's doing: the scan keeps its state (a suggestion's condition
 * names it) but counts no activation, so it is no routine, session or anomaly of its own.
 */
export function isWorkdaySensor(entityId: string): boolean {
  return /^binary_sensor\.workday(_|$)/.test(entityId);
}

export type Transition = 'activation' | 'deactivation' | null;

/**
 * The transition a new state makes, given the last *informative* state before it (unknown and
 * unavailable in between do not count: on → unavailable → on is not a new activation).
 */
export function transitionOf(domain: string, previous: string | null, next: string | null): Transition {
  const now = isActiveState(domain, next);
  if (now === null) return null;
  const before = isActiveState(domain, previous);
  if (now && before !== true) return 'activation';
  if (!now && before === true) return 'deactivation';
  return null;
}

/** How a person says "active" for a domain: stays *unlocked*, *open*, *playing*, … */
export function activeWord(domain: string): string {
  const words: Record<string, string> = { lock: 'unlocked', cover: 'open', valve: 'open', media_player: 'playing', person: 'home', device_tracker: 'home', vacuum: 'cleaning', climate: 'heating or cooling', water_heater: 'heating', lawn_mower: 'mowing', timer: 'running', camera: 'recording' };
  return words[domain] ?? 'on';
}
