/**
 * Home Assistant's WebSocket API as it travels on the wire (developers.home-assistant.io,
 * "WebSocket API"). Types only, and no imports on purpose: this file describes HA, not us.
 */

export interface HaContext {
  readonly id: string;
  readonly parent_id: string | null;
  readonly user_id: string | null;
}

/** A state object: what `get_states` lists and `state_changed` carries. */
export interface HaState {
  readonly entity_id: string;
  readonly state: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** ISO-8601 with microseconds and `+00:00`. */
  readonly last_changed: string;
  readonly last_updated: string;
  readonly last_reported?: string;
  readonly context?: HaContext;
}

export interface HaEvent<Data = Readonly<Record<string, unknown>>> {
  readonly event_type: string;
  readonly data: Data;
  readonly origin: 'LOCAL' | 'REMOTE';
  readonly time_fired: string;
  readonly context: HaContext;
}

export interface StateChangedData {
  readonly entity_id: string;
  /** null the first time an entity appears. */
  readonly old_state: HaState | null;
  /** null when the entity was removed. */
  readonly new_state: HaState | null;
}

/** `entity_registry_updated` and friends: what changed, so a listener can refetch. */
export interface RegistryUpdatedData {
  readonly action: 'create' | 'update' | 'remove';
  readonly entity_id?: string;
  readonly device_id?: string;
  readonly area_id?: string;
}

/** The part of `get_config` we keep. */
export interface HaConfig {
  readonly time_zone: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly elevation?: number;
  readonly location_name: string;
  readonly version: string;
  readonly unit_system?: Readonly<Record<string, string>>;
}

/**
 * One state in the compressed format of `history/history_during_period`: state, attributes
 * (absent with `no_attributes`), last_updated and — only when it differs — last_changed, both as
 * float epoch seconds.
 */
export interface CompressedState {
  readonly s: string;
  readonly a?: Readonly<Record<string, unknown>>;
  readonly lu: number;
  readonly lc?: number;
}

/** `history/history_during_period` result: the states of each entity, oldest first. */
export type HistoryDuringPeriodResult = Readonly<Record<string, readonly CompressedState[]>>;

export interface HaErrorBody {
  /** e.g. `id_reuse`, `invalid_format`, `unknown_command`, `not_found`, `unauthorized`. */
  readonly code: string;
  readonly message: string;
}

/** Messages of the authentication phase. */
export type AuthPhaseMessage =
  | { readonly type: 'auth_required'; readonly ha_version: string }
  | { readonly type: 'auth_ok'; readonly ha_version: string }
  | { readonly type: 'auth_invalid'; readonly message: string };

/** Messages after authentication; the server may send several as one JSON array (coalesce_messages). */
export type ServerMessage =
  | { readonly id: number; readonly type: 'result'; readonly success: true; readonly result: unknown }
  | { readonly id: number; readonly type: 'result'; readonly success: false; readonly error: HaErrorBody }
  | { readonly id: number; readonly type: 'event'; readonly event: unknown }
  | { readonly id: number; readonly type: 'pong' };

/** A command before the connection numbers it. */
export interface Command {
  readonly type: string;
  readonly [key: string]: unknown;
}
