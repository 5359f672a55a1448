/**
 * The home behind the HA double: HA's state machine (with microsecond timestamps), its recorder
 * (every state written, served back as history the way HA's recorder serves it), its three
 * registries and its config. No sockets here; server.ts speaks the protocol.
 */
import type { CompressedState, HaConfig, HaContext, HaEvent, HaState } from '../../src/ha/types.js';

export interface RecordedState {
  readonly entity_id: string;
  readonly state: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Microseconds since the epoch, as HA keeps datetimes. */
  readonly last_changed_us: number;
  readonly last_updated_us: number;
  readonly context: HaContext;
  /** Our wall clock when it was written: the recorder commits with a delay. */
  readonly recorded_at: number;
}

export interface EntityEntry {
  entity_id: string;
  device_id: string | null;
  area_id: string | null;
  platform: string;
  name: string | null;
  original_name: string | null;
  disabled_by: string | null;
  hidden_by: string | null;
  entity_category: string | null;
  labels: string[];
  unique_id: string;
}

export interface DeviceEntry {
  id: string;
  area_id: string | null;
  name: string;
  name_by_user: string | null;
  manufacturer: string | null;
  model: string | null;
}

export interface AreaEntry {
  area_id: string;
  name: string;
  floor_id: string | null;
  aliases: string[];
}

/** HA's datetime.isoformat() for a UTC time with microseconds: `2026-01-02T03:04:05.123456+00:00`. */
export function isoFromMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const micros = String(us - Math.floor(us / 1e6) * 1e6).padStart(6, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${micros}+00:00`;
}

const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

export interface HistoryQuery {
  readonly entityIds: readonly string[];
  readonly startMs: number;
  readonly endMs?: number;
  readonly includeStartTimeState: boolean;
  readonly significantChangesOnly: boolean;
  readonly noAttributes: boolean;
}

export class DoubleHome {
  readonly states = new Map<string, RecordedState>();
  /** Everything the recorder wrote, in order. */
  readonly recorded: RecordedState[] = [];
  entities: EntityEntry[] = [];
  devices: DeviceEntry[] = [];
  areas: AreaEntry[] = [];
  /** `automation/config` answers, by automation entity (its state is set with setState like any other). */
  readonly automationConfigs = new Map<string, Record<string, unknown>>();
  config: HaConfig & Record<string, unknown> = {
    latitude: 52.52,
    longitude: 13.405,
    location_name: 'Double Home',
    time_zone: 'Europe/Berlin',
    version: '2025.1.0',
    unit_system: { length: 'km', temperature: '°C' },
  };
  /** States newer than this (wall ms) are not in history yet, like the recorder's commit interval. */
  commitDelayMs = 0;
  /**
   * The recorder purged states older than this (UTC ms; HA keeps `purge_keep_days`, 10 by
   * default): history neither returns them nor a start-time state from before it.
   */
  purgedBeforeMs = Number.NEGATIVE_INFINITY;
  private readonly listeners = new Set<(event: HaEvent) => void>();
  private contexts = 0;

  onEvent(listener: (event: HaEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fire(eventType: string, data: Record<string, unknown>, context: HaContext = this.context()): HaEvent {
    const event: HaEvent = { event_type: eventType, data, origin: 'LOCAL', time_fired: isoFromMicros(nowMicros()), context };
    for (const listener of this.listeners) listener(event);
    return event;
  }

  private context(userId: string | null = null, parentId: string | null = null): HaContext {
    return { id: `01CTX${String(++this.contexts).padStart(21, '0')}`, parent_id: parentId, user_id: userId };
  }

  private wire(s: RecordedState): HaState {
    return {
      entity_id: s.entity_id,
      state: s.state,
      attributes: s.attributes,
      last_changed: isoFromMicros(s.last_changed_us),
      last_reported: isoFromMicros(s.last_updated_us),
      last_updated: isoFromMicros(s.last_updated_us),
      context: s.context,
    };
  }

  getStates(): HaState[] {
    return [...this.states.values()].map((s) => this.wire(s));
  }

  /**
   * Sets a state as HA's state machine does and fires state_changed. Each entity's updates are at
   * least 1 µs apart, as HA stamps them: two of one entity may fall in one millisecond (a power
   * sensor does). `atMs` backdates (setup only); `atUs` sets the exact microsecond.
   */
  setState(entityId: string, state: string, attributes?: Record<string, unknown>, options: { atMs?: number; atUs?: number; userId?: string; parentId?: string } = {}): HaEvent {
    const old = this.states.get(entityId);
    const at = options.atUs ?? (options.atMs !== undefined ? options.atMs * 1000 : nowMicros());
    const us = Math.max(at, old === undefined ? 0 : old.last_updated_us + 1);
    const next: RecordedState = {
      entity_id: entityId,
      state,
      attributes: attributes ?? old?.attributes ?? {},
      last_changed_us: old !== undefined && old.state === state ? old.last_changed_us : us,
      last_updated_us: us,
      context: this.context(options.userId ?? null, options.parentId ?? null),
      recorded_at: Date.now(),
    };
    this.states.set(entityId, next);
    this.recorded.push(next);
    const event: HaEvent = {
      event_type: 'state_changed',
      data: { entity_id: entityId, old_state: old === undefined ? null : this.wire(old), new_state: this.wire(next) },
      origin: 'LOCAL',
      time_fired: isoFromMicros(us),
      context: next.context,
    };
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Changes an entity's registry entry and fires entity_registry_updated, as HA does. */
  updateEntity(entityId: string, changes: Partial<EntityEntry>): void {
    const entry = this.entities.find((e) => e.entity_id === entityId);
    if (entry === undefined) throw new Error(`no registry entry for ${entityId}`);
    Object.assign(entry, changes);
    this.fire('entity_registry_updated', { action: 'update', entity_id: entityId, changes: Object.fromEntries(Object.keys(changes).map((k) => [k, null])) });
  }

  /** Changes a device's registry entry and fires device_registry_updated, as HA does. */
  updateDevice(deviceId: string, changes: Partial<DeviceEntry>): void {
    const entry = this.devices.find((d) => d.id === deviceId);
    if (entry === undefined) throw new Error(`no device ${deviceId}`);
    Object.assign(entry, changes);
    this.fire('device_registry_updated', { action: 'update', device_id: deviceId, changes: Object.fromEntries(Object.keys(changes).map((k) => [k, null])) });
  }

  /**
   * `history/history_during_period` over the recorder: last_updated > start and < end, ordered
   * by time; attribute-only updates only without significant_changes_only; with
   * include_start_time_state, the state at `start` stamped with the start time (as HA does); nothing
   * the recorder purged (`purgedBeforeMs`).
   */
  history(query: HistoryQuery): Record<string, CompressedState[]> {
    const startUs = query.startMs * 1000;
    const endUs = query.endMs === undefined ? Number.POSITIVE_INFINITY : query.endMs * 1000;
    const visibleUntil = Date.now() - this.commitDelayMs;
    const recorded = this.recorded.filter((s) => s.last_updated_us >= this.purgedBeforeMs * 1000);
    const wanted = new Set(query.entityIds);
    const out: Record<string, CompressedState[]> = {};
    const compress = (s: RecordedState, lu?: number): CompressedState => {
      const c: { s: string; a?: Readonly<Record<string, unknown>>; lu: number; lc?: number } = { s: s.state, lu: lu ?? s.last_updated_us / 1e6 };
      if (!query.noAttributes) c.a = s.attributes;
      if (lu === undefined && s.last_changed_us !== s.last_updated_us) c.lc = s.last_changed_us / 1e6;
      return c;
    };
    if (query.includeStartTimeState) {
      const before = new Map<string, RecordedState>();
      for (const s of recorded) if (wanted.has(s.entity_id) && s.last_updated_us <= startUs && s.recorded_at <= visibleUntil) before.set(s.entity_id, s);
      for (const [id, s] of before) out[id] = [compress(s, query.startMs / 1000)];
    }
    for (const s of recorded) {
      if (!wanted.has(s.entity_id) || s.recorded_at > visibleUntil) continue;
      if (s.last_updated_us <= startUs || s.last_updated_us >= endUs) continue;
      if (query.significantChangesOnly && s.last_changed_us !== s.last_updated_us) continue;
      (out[s.entity_id] ??= []).push(compress(s));
    }
    for (const list of Object.values(out)) list.sort((a, b) => a.lu - b.lu);
    return out;
  }
}

/** A small home: `lights` lights and `sensors` motion sensors in a few areas, some areas only via their device. */
export function sampleHome(options: { lights?: number; sensors?: number; sinceMs?: number } = {}): DoubleHome {
  const home = new DoubleHome();
  const areas = ['kitchen', 'living_room', 'bedroom', 'hallway'];
  home.areas = areas.map((a) => ({ area_id: a, name: a.replace('_', ' '), floor_id: null, aliases: [] }));
  const since = options.sinceMs ?? Date.now() - 3600_000;
  const add = (entityId: string, i: number, state: string) => {
    const area = areas[i % areas.length]!;
    const deviceId = `dev_${entityId.replace('.', '_')}`;
    home.devices.push({ id: deviceId, area_id: area, name: entityId, name_by_user: null, manufacturer: 'Double', model: 'D1' });
    // Every third entity has its own area (overriding its device's); the rest inherit it.
    const own = i % 3 === 0 ? areas[(i + 1) % areas.length]! : null;
    home.entities.push({ entity_id: entityId, device_id: deviceId, area_id: own, platform: 'double', name: null, original_name: entityId, disabled_by: null, hidden_by: null, entity_category: null, labels: [], unique_id: `u_${entityId}` });
    home.setState(entityId, state, { friendly_name: entityId.split('.')[1]!.replace(/_/g, ' ') }, { atMs: since + i });
  };
  for (let i = 0; i < (options.lights ?? 6); i++) add(`light.lamp_${i}`, i, 'off');
  for (let i = 0; i < (options.sensors ?? 6); i++) add(`binary_sensor.motion_${i}`, i + (options.lights ?? 6), 'off');
  return home;
}
