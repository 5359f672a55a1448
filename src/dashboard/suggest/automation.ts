/**
 * Home Assistant automations as data, in HA's current syntax (2024.10+: `triggers:` with
 * `trigger: state`, `conditions:`, `actions:` with `action: light.turn_on`), and how an entity is
 * triggered on and switched on. Written as YAML 1.1, the YAML HA reads: `"on"`, `"off"` and
 * `"07:30:00"` are quoted, or HA would read a boolean and a number.
 */
import { stringify } from 'yaml';
import { activeState } from '../../events/activity.js';

/** `id`: named when an automation has several triggers and acts by which one fired (a `trigger` condition). */
export type Trigger = (
  | { readonly trigger: 'state'; readonly entity_id: string; readonly to?: string | readonly string[]; readonly from?: string; readonly for?: { readonly minutes: number } }
  | { readonly trigger: 'time'; readonly at: string }
  | { readonly trigger: 'sun'; readonly event: 'sunset' | 'sunrise'; readonly offset?: string }
  | { readonly trigger: 'numeric_state'; readonly entity_id: string; readonly above?: number; readonly below?: number; readonly for?: { readonly minutes: number } }
) & { readonly id?: string };

export type Condition =
  | { readonly condition: 'time'; readonly weekday?: readonly Weekday[]; readonly after?: string; readonly before?: string }
  | { readonly condition: 'state'; readonly entity_id: string; readonly state: string }
  | { readonly condition: 'numeric_state'; readonly entity_id: string; readonly above?: number; readonly below?: number }
  | { readonly condition: 'not'; readonly conditions: readonly Condition[] }
  | { readonly condition: 'trigger'; readonly id: string };

export type Action =
  | { readonly action: string; readonly target: { readonly entity_id: string } }
  | { readonly delay: { readonly seconds: number } }
  | { readonly choose: ReadonlyArray<{ readonly conditions: readonly Condition[]; readonly sequence: readonly Action[] }> };

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
/** ISO weekday (1 = Monday) → HA's name. */
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface Automation {
  readonly alias: string;
  readonly description: string;
  readonly mode: 'single';
  /** 'silent': a run that starts while one is going is dropped without a warning in HA's log. */
  readonly max_exceeded?: 'silent';
  readonly triggers: readonly Trigger[];
  readonly conditions: readonly Condition[];
  readonly actions: readonly Action[];
}

export function toYaml(automation: Automation): string {
  // no anchors and aliases (&a1 … *a1): valid YAML, but not what people paste into HA
  return stringify(automation, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });
}

const domainOf = (entityId: string) => entityId.slice(0, entityId.indexOf('.'));

/** A state trigger firing when the entity becomes active, to the state HA writes (climate: leaves "off"). */
export function activationTrigger(entityId: string): Trigger {
  const domain = domainOf(entityId);
  if (domain === 'climate' || domain === 'water_heater') return { trigger: 'state', entity_id: entityId, from: 'off' };
  return { trigger: 'state', entity_id: entityId, to: activeState(domain) };
}

/** The action that makes an entity active; none for what HA cannot switch (sensors) or should not be automated blindly (locks). */
const TURN_ON: Readonly<Record<string, string>> = {
  light: 'light.turn_on',
  switch: 'switch.turn_on',
  fan: 'fan.turn_on',
  humidifier: 'humidifier.turn_on',
  input_boolean: 'input_boolean.turn_on',
  media_player: 'media_player.turn_on',
  climate: 'climate.turn_on',
  water_heater: 'water_heater.turn_on',
  cover: 'cover.open_cover',
  valve: 'valve.open_valve',
  vacuum: 'vacuum.start',
  lawn_mower: 'lawn_mower.start_mowing',
  script: 'script.turn_on',
  siren: 'siren.turn_on',
  remote: 'remote.turn_on',
};

export function turnOnAction(entityId: string): Action | null {
  const service = TURN_ON[domainOf(entityId)];
  return service === undefined ? null : { action: service, target: { entity_id: entityId } };
}

/** Why an entity gets no action, in words a HA user knows. */
export function whyNotSwitchable(entityId: string): string {
  const domain = domainOf(entityId);
  if (domain === 'lock') return `${entityId} is a lock: homerhythm does not suggest unlocking doors automatically`;
  return `${entityId} is a ${domain} entity: Home Assistant can read it but not switch it on`;
}

/** "07:30:00" from minutes after midnight; null for no number. */
export function clock(minute: number): string | null {
  if (!Number.isFinite(minute)) return null;
  const m = ((Math.round(minute) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`;
}
