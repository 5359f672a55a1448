/**
 * Builders for the commands we send to HA: plain objects, no I/O. The connection numbers them
 * (`id`) when it sends them.
 */
import type { Command } from './types.js';

export const STATE_CHANGED = 'state_changed';
/** Fired by HA after its automations were reloaded (every save in the automation editor does it). */
export const AUTOMATION_RELOADED = 'automation_reloaded';
export const REGISTRY_UPDATED_EVENTS = ['entity_registry_updated', 'device_registry_updated', 'area_registry_updated'] as const;
export type RegistryUpdatedEvent = (typeof REGISTRY_UPDATED_EVENTS)[number];

export function auth(accessToken: string): { type: 'auth'; access_token: string } {
  return { type: 'auth', access_token: accessToken };
}

/** Always the first message after auth_ok, with id 1 (as the official client sends it). */
export function supportedFeatures(): { id: 1; type: 'supported_features'; features: { coalesce_messages: 1 } } {
  return { id: 1, type: 'supported_features', features: { coalesce_messages: 1 } };
}

export function ping(): Command {
  return { type: 'ping' };
}

export function getConfig(): Command {
  return { type: 'get_config' };
}

export function getStates(): Command {
  return { type: 'get_states' };
}

export function subscribeEvents(eventType?: string): Command {
  return eventType === undefined ? { type: 'subscribe_events' } : { type: 'subscribe_events', event_type: eventType };
}

export function unsubscribeEvents(subscription: number): Command {
  return { type: 'unsubscribe_events', subscription };
}

/** One automation's configuration, as its editor stores it: `{config: {id, alias, triggers, …}}`. */
export function automationConfig(entityId: string): Command {
  return { type: 'automation/config', entity_id: entityId };
}

export function entityRegistryList(): Command {
  return { type: 'config/entity_registry/list' };
}

export function deviceRegistryList(): Command {
  return { type: 'config/device_registry/list' };
}

export function areaRegistryList(): Command {
  return { type: 'config/area_registry/list' };
}

export interface HistoryQuery {
  /** UTC ms; HA returns states with last_updated after it. */
  readonly start: number;
  /** UTC ms; absent: up to HA's now. */
  readonly end?: number;
  /** Required by HA (since 2023.2). */
  readonly entityIds: readonly string[];
  /**
   * Also each entity's state at `start`, stamped with `start` (default false). HA gives it only
   * when its recorder holds states from before `start`: it tells how far back history reaches.
   */
  readonly includeStartTimeState?: boolean;
}

/**
 * Every recorded state of the entities in the period, attribute-only updates included
 * (`significant_changes_only: false`); the synthetic state HA puts at `start_time` only when
 * asked (HA stamps it with the start time, not when it happened: it is no state change).
 */
export function historyDuringPeriod(query: HistoryQuery): Command {
  const message: Record<string, unknown> = {
    type: 'history/history_during_period',
    start_time: new Date(query.start).toISOString(),
    entity_ids: [...query.entityIds],
    include_start_time_state: query.includeStartTimeState ?? false,
    significant_changes_only: false,
    minimal_response: false,
    no_attributes: false,
  };
  if (query.end !== undefined) message['end_time'] = new Date(query.end).toISOString();
  return message as Command;
}

/**
 * `http://ha.local:8123` (or a URL with a path, behind a proxy) → `ws://ha.local:8123/api/websocket`.
 * A URL that already names a websocket endpoint is kept: HA's own, or the Supervisor's proxy
 * `ws://supervisor/core/websocket` an App connects through.
 */
export function websocketUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new TypeError(`HA URL must start with http(s):// or ws(s)://, not ${url.protocol}`);
  if (!url.pathname.endsWith('/websocket')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/websocket`;
  url.search = '';
  url.hash = '';
  return url.toString();
}
