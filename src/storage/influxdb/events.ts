/**
 * Layer 1 on InfluxDB: measurement `home_assistant_events` in its own database. Tags (the seed's):
 * entity_id, domain, device_id, area_id, event_type; fields: state, old_state, attributes (JSON),
 * attr_friendly_name, cause, `changed` (state differs from old state, for `lastBefore`) and
 * `micro_key` (true: the point's time is HA's, to the microsecond).
 *
 * Points are written and read with precision `u`: HA keys a state to the microsecond, and two
 * states of one entity in one millisecond are two points. An entity has one state per
 * microsecond, and the first stored wins (as in SQLite): InfluxDB would merge a second point into
 * the first, so `append` looks up which (entity, time) pairs are already there and writes only
 * the new ones — which also makes a replay (the spool's, a gap fill's) exactly-once.
 *
 * Points written before `micro_key` were stamped to the millisecond (their sub-ms part was lost):
 * an event of the same entity, millisecond and state is such a point, and is not written again;
 * one with another state is the second state of that millisecond the old key dropped.
 */
import type { EventCause, StateEvent } from '../../events/model.js';
import { compareEvents, domainOf, eventMicros, splitMicros } from '../../events/model.js';
import type { AppendResult, EventQuery, LayerStats } from '../types.js';
import { BUCKETS } from '../types.js';
import { droppedBeyondRetention, type InfluxHttp, InfluxError, rows, type Series } from './http.js';
import { ident, ms, qualified, tagIn, where } from './influxql.js';
import { decodeTag, formatPoint } from './line-protocol.js';
import type { Bucket } from './buckets.js';
import { policyOf, shardBytes } from './buckets.js';

export const EVENTS_MEASUREMENT = BUCKETS.raw;
/** Events per write request. */
const PAGE = 5000;
/** Rows per document of a streamed (chunked) read. */
const READ_CHUNK = 10_000;
/**
 * Attributes also stored as fields of their own (`attr_<key>`, string values only), beside the
 * whole `attributes` JSON: a reader that needs only these (the detectors: names, units, device
 * classes, when an automation ran) selects the small fields instead of every event's JSON. Events
 * written before `attr_unit_of_measurement` / `attr_device_class` / `attr_last_triggered` existed
 * lack them (a full read still has them).
 */
export const ATTRIBUTE_FIELDS: readonly string[] = ['friendly_name', 'unit_of_measurement', 'device_class', 'last_triggered'];
const BASE_COLUMNS = ['state', 'old_state', 'cause', 'entity_id', 'device_id', 'area_id'];
/** Up to this many entities, the duplicate check filters by entity; beyond, by time alone. */
const CHECK_BY_ENTITY_MAX = 64;
const CAUSES: ReadonlySet<string> = new Set<EventCause>(['system', 'person', 'automation']);

/** An event's key: entity and time to the microsecond. */
const key = (entityId: string, micros: number) => `${micros}\u0000${entityId}`;
/** The key of a point written to the millisecond, before `micro_key`. */
const msKey = (entityId: string, time: number) => `${time}\u0000${entityId}`;

export function eventLine(e: StateEvent): string {
  const hasAttributes = Object.keys(e.attributes).length > 0;
  const fields: Record<string, string | boolean | null | undefined> = { state: e.state, old_state: e.oldState };
  for (const k of ATTRIBUTE_FIELDS) {
    const v = e.attributes[k];
    if (typeof v === 'string') fields[`attr_${k}`] = v;
  }
  fields['attributes'] = hasAttributes ? JSON.stringify(e.attributes) : undefined;
  fields['cause'] = e.cause;
  fields['changed'] = e.state !== e.oldState;
  fields['micro_key'] = true;
  return formatPoint({
    measurement: EVENTS_MEASUREMENT,
    tags: { entity_id: e.entityId, domain: domainOf(e.entityId), device_id: e.deviceId, area_id: e.areaId, event_type: 'state_changed' },
    fields,
    time: eventMicros(e),
  });
}

/** How a read decodes a series' rows: column positions, looked up once per series. */
interface Decoder {
  readonly time: number;
  readonly entity: number;
  readonly device: number;
  readonly area: number;
  readonly state: number;
  readonly oldState: number;
  readonly cause: number;
  /** The `attributes` JSON column, or -1. */
  readonly attributes: number;
  /** `[key, column]` of the `attr_<key>` columns selected instead of the JSON. */
  readonly attributeFields: readonly (readonly [string, number])[];
}

function decoderOf(columns: readonly string[], attributes: 'none' | 'json' | readonly string[]): Decoder {
  const at = (name: string) => columns.indexOf(name);
  return {
    time: at('time'),
    entity: at('entity_id'),
    device: at('device_id'),
    area: at('area_id'),
    state: at('state'),
    oldState: at('old_state'),
    cause: at('cause'),
    attributes: attributes === 'json' ? at('attributes') : -1,
    attributeFields: typeof attributes === 'string' ? [] : attributes.map((k) => [k, at(`attr_${k}`)] as const).filter(([, i]) => i >= 0),
  };
}

const tagAt = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? (v.includes('%') ? decodeTag(v) : v) : null);
const strAt = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function decodeValues(values: readonly unknown[], d: Decoder): StateEvent {
  const entityId = tagAt(values[d.entity]) ?? '';
  let attributes: Record<string, unknown> = {};
  if (d.attributes >= 0) {
    const json = values[d.attributes];
    if (typeof json === 'string') attributes = JSON.parse(json) as Record<string, unknown>;
  } else if (d.attributeFields.length > 0) {
    for (const [k, i] of d.attributeFields) {
      const v = values[i];
      if (typeof v === 'string') attributes[k] = v;
    }
  }
  const cause = values[d.cause];
  return {
    ...splitMicros(values[d.time] as number),
    entityId,
    domain: domainOf(entityId),
    state: strAt(values[d.state]),
    oldState: strAt(values[d.oldState]),
    attributes,
    deviceId: tagAt(values[d.device]),
    areaId: tagAt(values[d.area]),
    cause: typeof cause === 'string' && CAUSES.has(cause) ? (cause as EventCause) : 'system',
  };
}

function tag(row: Record<string, unknown>, name: string): string | null {
  const v = row[name];
  return typeof v === 'string' && v !== '' ? decodeTag(v) : null;
}

function decode(row: Record<string, unknown>, withAttributes: boolean): StateEvent {
  const entityId = tag(row, 'entity_id') ?? '';
  const attributes = withAttributes && typeof row['attributes'] === 'string' ? (JSON.parse(row['attributes']) as Record<string, unknown>) : {};
  const cause = typeof row['cause'] === 'string' && CAUSES.has(row['cause']) ? (row['cause'] as EventCause) : 'system';
  return {
    ...splitMicros(row['time'] as number),
    entityId,
    domain: domainOf(entityId),
    state: typeof row['state'] === 'string' ? row['state'] : null,
    oldState: typeof row['old_state'] === 'string' ? row['old_state'] : null,
    attributes,
    deviceId: tag(row, 'device_id'),
    areaId: tag(row, 'area_id'),
    cause,
  };
}

const allRows = (series: Series[]) => series.flatMap(rows);

export class InfluxEventStore {
  private readonly from: string;

  constructor(
    private readonly http: InfluxHttp,
    private readonly bucket: Bucket,
    private readonly retentionDays: number,
  ) {
    this.from = qualified(bucket.db, bucket.rp, EVENTS_MEASUREMENT);
  }

  /** What a read selects of the attributes: nothing, the whole JSON, or only some `attr_<key>` fields. */
  private static attributesOf(query: EventQuery): 'none' | 'json' | readonly string[] {
    if (query.withAttributes === false) return 'none';
    const keys = query.attributeKeys;
    return keys !== undefined && keys.every((k) => ATTRIBUTE_FIELDS.includes(k)) ? [...new Set(keys)] : 'json';
  }

  private static columns(attributes: 'none' | 'json' | readonly string[]): string {
    const extra = attributes === 'none' ? [] : attributes === 'json' ? ['attributes'] : attributes.map((k) => `attr_${k}`);
    return [...BASE_COLUMNS, ...extra].map(ident).join(', ');
  }

  /** Decoded rows of a streamed answer, one array per chunk. */
  private async *stream(q: string, attributes: 'none' | 'json' | readonly string[]): AsyncIterable<StateEvent[]> {
    for await (const chunk of this.http.chunks(q, this.bucket.db, READ_CHUNK, 'u')) {
      const out: StateEvent[] = [];
      for (const s of chunk) {
        const d = decoderOf(s.columns, attributes);
        for (const v of s.values ?? []) out.push(decodeValues(v, d));
      }
      if (out.length > 0) yield out;
    }
  }

  /** Which (entity, µs) keys of `events` are stored already; and the state of each (entity, ms) stored to the millisecond. */
  private async stored(events: readonly StateEvent[]): Promise<{ exact: Set<string>; msKeyed: Map<string, string | null> }> {
    let min = Infinity;
    let max = -Infinity;
    const entities = new Set<string>();
    for (const e of events) {
      if (e.time < min) min = e.time;
      if (e.time > max) max = e.time;
      entities.add(e.entityId);
    }
    const conditions = [`time >= ${ms(min)}`, `time < ${ms(max + 1)}`, entities.size <= CHECK_BY_ENTITY_MAX && tagIn('entity_id', entities)];
    const found = allRows(await this.http.series(`SELECT "cause", "entity_id", "state", "micro_key" FROM ${this.from}${where(conditions)}`, this.bucket.db, 'u'));
    const exact = new Set<string>();
    const msKeyed = new Map<string, string | null>();
    for (const r of found) {
      const entityId = tag(r, 'entity_id') ?? '';
      const time = r['time'] as number;
      exact.add(key(entityId, time));
      if (r['micro_key'] !== true) msKeyed.set(msKey(entityId, Math.floor(time / 1000)), typeof r['state'] === 'string' ? r['state'] : null);
    }
    return { exact, msKeyed };
  }

  /** Writes straight to InfluxDB (no spool): the path the spool drains through too. */
  async write(events: readonly StateEvent[], now = Date.now()): Promise<AppendResult> {
    const horizon = this.bucket.durationDays === null ? -Infinity : now - this.bucket.durationDays * 86_400_000;
    const fresh = new Map<string, StateEvent>();
    let duplicates = 0;
    let expired = 0;
    for (const e of events) {
      const k = key(e.entityId, eventMicros(e));
      if (e.time < horizon) expired++;
      else if (fresh.has(k)) duplicates++;
      else fresh.set(k, e);
    }
    const candidates = [...fresh.values()];
    const stored = candidates.length === 0 ? { exact: new Set<string>(), msKeyed: new Map<string, string | null>() } : await this.stored(candidates);
    const lines: string[] = [];
    for (const e of candidates) {
      const k = msKey(e.entityId, e.time);
      if (stored.exact.has(key(e.entityId, eventMicros(e))) || (stored.msKeyed.has(k) && stored.msKeyed.get(k) === e.state)) duplicates++;
      else lines.push(eventLine(e));
    }
    let refused = 0;
    for (let i = 0; i < lines.length; i += PAGE) {
      try {
        await this.http.write(this.bucket.db, this.bucket.rp, lines.slice(i, i + PAGE).join('\n'), 'u');
      } catch (error) {
        // The retention policy's horizon moved between our check and InfluxDB's: those are gone anyway.
        const dropped = error instanceof InfluxError ? droppedBeyondRetention(error.message) : null;
        if (dropped === null) throw error;
        refused += dropped;
      }
    }
    const result = { inserted: lines.length - refused, duplicates };
    return expired + refused > 0 ? { ...result, expired: expired + refused, expiredBy: await policyOf(this.http, this.bucket) } : result;
  }

  /**
   * One streamed query: InfluxDB sends the rows in time order in chunks; each chunk's last
   * millisecond waits for the next chunk (it may go on there), then each millisecond is put in
   * entity order. With a limit that cuts inside a millisecond, that millisecond is read whole so
   * the first events by (time, entity) are the ones returned.
   */
  async *read(query: EventQuery): AsyncIterable<StateEvent[]> {
    const attributes = InfluxEventStore.attributesOf(query);
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    if (limit <= 0 || query.start >= query.end) return;
    if (query.entityIds !== undefined && query.entityIds.length === 0) return;
    const filter = query.entityIds === undefined ? undefined : tagIn('entity_id', query.entityIds);
    const columns = InfluxEventStore.columns(attributes);
    const capped = Number.isFinite(limit);
    const q = `SELECT ${columns} FROM ${this.from}${where([`time >= ${ms(query.start)}`, `time < ${ms(query.end)}`, filter])} ORDER BY time ASC${capped ? ` LIMIT ${limit}` : ''}`;
    let remaining = limit;
    let received = 0;
    let held: StateEvent[] = [];
    for await (const rowsOfChunk of this.stream(q, attributes)) {
      received += rowsOfChunk.length;
      const events = held.length === 0 ? rowsOfChunk : held.concat(rowsOfChunk);
      const lastTime = events[events.length - 1]!.time;
      let cut = events.length;
      while (cut > 0 && events[cut - 1]!.time === lastTime) cut--;
      held = events.slice(cut);
      if (cut === 0) continue;
      const ready = events.slice(0, cut).sort(compareEvents);
      const page = ready.length > remaining ? ready.slice(0, remaining) : ready;
      remaining -= page.length;
      yield page;
      if (remaining <= 0) return;
    }
    if (held.length === 0) return;
    if (capped && received >= limit) {
      // The limit may have cut the last millisecond: read all of it.
      const lastTime = held[0]!.time;
      held = [];
      for await (const rowsOfChunk of this.stream(`SELECT ${columns} FROM ${this.from}${where([`time >= ${ms(lastTime)}`, `time < ${ms(lastTime + 1)}`, filter])}`, attributes)) held.push(...rowsOfChunk);
    }
    held.sort(compareEvents);
    if (held.length > remaining) held = held.slice(0, remaining);
    if (held.length > 0) yield held;
  }

  async lastBefore(time: number, lookbackMs: number, entityIds?: readonly string[]): Promise<Map<string, StateEvent>> {
    const result = new Map<string, StateEvent>();
    if (entityIds !== undefined && entityIds.length === 0) return result;
    const conditions = ['"changed" = true', `time < ${ms(time)}`, `time >= ${ms(time - lookbackMs)}`, entityIds !== undefined && tagIn('entity_id', entityIds)];
    const q = `SELECT * FROM ${this.from}${where(conditions)} GROUP BY "entity_id" ORDER BY time DESC LIMIT 1`;
    for (const s of await this.http.series(q, this.bucket.db, 'u')) {
      for (const row of rows(s)) {
        const event = decode({ ...row, entity_id: s.tags?.['entity_id'] }, true);
        result.set(event.entityId, event);
      }
    }
    return result;
  }

  async newestTime(): Promise<number | null> {
    const [s] = await this.http.series(`SELECT last("cause") FROM ${this.from}`, this.bucket.db);
    return (s?.values?.[0]?.[0] as number | undefined) ?? null;
  }

  async count(before?: number): Promise<number> {
    const [s] = await this.http.series(`SELECT count("cause") FROM ${this.from}${where([before !== undefined && `time < ${ms(before)}`])}`, this.bucket.db);
    return (s?.values?.[0]?.[1] as number | undefined) ?? 0;
  }

  async deleteBefore(time: number): Promise<number> {
    const n = await this.count(time);
    if (n > 0) await this.http.query(`DELETE FROM "${EVENTS_MEASUREMENT}" WHERE time < ${ms(time)}`, this.bucket.db);
    return n;
  }

  async stats(): Promise<LayerStats> {
    const [count, first, last] = await this.http.query(
      [`SELECT count("cause") FROM ${this.from}`, `SELECT first("cause") FROM ${this.from}`, `SELECT last("cause") FROM ${this.from}`].join('; '),
      this.bucket.db,
    );
    const value = (s: Series[] | undefined, i: number) => (s?.[0]?.values?.[0]?.[i] as number | undefined) ?? null;
    return {
      layer: 1,
      name: BUCKETS.raw,
      records: value(count, 1) ?? 0,
      bytes: await shardBytes(this.http, this.bucket.db),
      oldest: value(first, 0),
      newest: value(last, 0),
      retentionDays: this.retentionDays,
    };
  }
}
