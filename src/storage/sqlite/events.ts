/**
 * Layer 1 on SQLite, compact like HA's recorder: entity ids, states and device/area tags are
 * dictionary-encoded, each distinct attributes object is stored once, and an event row is a
 * handful of small integers keyed by (time, micros, entity) — HA's own key, to the microsecond —
 * which also deduplicates.
 *
 * The key to the microsecond is `time` (UTC ms, what every range query and Layers 2–4 use) plus
 * `micros` (0–999 within it): a 0 costs no byte in SQLite's record format, and ms range queries
 * keep their index. Rows stored before schema 2 were keyed to the millisecond: the migration marks
 * them `micros = -1` ("unknown") and records up to when (`ms_keyed_until`); an event in that span
 * that finds a millisecond-keyed row of its entity and millisecond with the same state is that row
 * (a replay of the gap fill over it), which takes its exact key; one with another state is the
 * second state of that millisecond the old key dropped, and is stored.
 */
import { createHash } from 'node:crypto';
import type { EventCause, StateEvent } from '../../events/model.js';
import { compareEvents, domainOf } from '../../events/model.js';
import type { AppendResult, EventQuery, EventStore, LayerStats } from '../types.js';
import { type Db, openDatabase, usedBytes } from '../sqlite-file.js';
import { pausePoint } from '../../test-hooks.js';

const SCHEMA = [
  `CREATE TABLE entities (ref INTEGER PRIMARY KEY, entity_id TEXT NOT NULL UNIQUE);
   CREATE TABLE states (ref INTEGER PRIMARY KEY, state TEXT NOT NULL UNIQUE);
   CREATE TABLE tags (ref INTEGER PRIMARY KEY, device_id TEXT NOT NULL, area_id TEXT NOT NULL, UNIQUE (device_id, area_id));
   CREATE TABLE attributes (ref INTEGER PRIMARY KEY, hash INTEGER NOT NULL, json TEXT NOT NULL, last_time INTEGER NOT NULL);
   CREATE INDEX attributes_by_hash ON attributes (hash);
   -- state NULL: entity removed; attrs NULL: {}; tags NULL: no device, no area; cause 0/1/2.
   CREATE TABLE events (
     time INTEGER NOT NULL, entity INTEGER NOT NULL, state INTEGER, old_state INTEGER,
     attrs INTEGER, tags INTEGER, cause INTEGER NOT NULL,
     PRIMARY KEY (time, entity)
   ) WITHOUT ROWID;
   CREATE INDEX events_by_entity ON events (entity, time);`,
  // 2: the key to the microsecond (see above); rows keyed to the ms keep -1 in `micros`.
  `CREATE TABLE events_us (
     time INTEGER NOT NULL, micros INTEGER NOT NULL, entity INTEGER NOT NULL, state INTEGER, old_state INTEGER,
     attrs INTEGER, tags INTEGER, cause INTEGER NOT NULL,
     PRIMARY KEY (time, micros, entity)
   ) WITHOUT ROWID;
   INSERT INTO events_us SELECT time, -1, entity, state, old_state, attrs, tags, cause FROM events;
   DROP TABLE events;
   ALTER TABLE events_us RENAME TO events;
   CREATE INDEX events_by_entity ON events (entity, time, micros);
   CREATE TABLE events_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
   INSERT INTO events_meta SELECT 'ms_keyed_until', time FROM events ORDER BY time DESC LIMIT 1;`,
];

/** The schema migrations of events.sqlite (exported for the upgrade test: `slice(0, 1)` is the store before microseconds). */
export const EVENTS_SCHEMA: readonly string[] = SCHEMA;
/** `micros` of a row stored before schema 2, keyed to the millisecond. */
const MS_KEYED = -1;

const CAUSES: readonly EventCause[] = ['system', 'person', 'automation'];
/**
 * Events per page of a read. A page is what a reader holds while the young generation is
 * collected, again and again over a day of 100K events, and what survives those collections
 * grows V8's young generation (to 32 MB at most): the daily job's peak RSS was ~119 MB at 5000 or
 * 2000, a median ~106 MB at 1000 and ~103 MB at 500 (12 interleaved runs each, under load); a
 * day's read takes no longer at 500 (~0.35 s either way).
 */
export const DEFAULT_PAGE_SIZE = 500;
/** Attribute dictionary rows unused for this long past the raw cutoff are purged. */
const ATTRIBUTE_PURGE_MARGIN_MS = 24 * 3600 * 1000;

export interface SqliteEventStoreOptions {
  /** Events per page of a read (default DEFAULT_PAGE_SIZE). */
  readonly pageSize?: number;
}

type Row = [time: number, micros: number, entity: number, state: number | null, old: number | null, attrs: number | null, tags: number | null, cause: number];

function attributesHash(json: string): number {
  return createHash('sha1').update(json).digest().readIntBE(0, 6);
}

export class SqliteEventStore implements EventStore {
  readonly db: Db;
  private readonly retentionDays: number;
  private readonly entityRefs = new Map<string, number>();
  private readonly entityIds = new Map<number, string>();
  private readonly stateRefs = new Map<string, number>();
  private readonly stateValues = new Map<number, string>();
  private readonly tagRefs = new Map<string, number>();
  private readonly tagValues = new Map<number, { deviceId: string | null; areaId: string | null }>();
  private attributeRefs = new Map<string, number>();
  private readonly attributeValues = new Map<number, Readonly<Record<string, unknown>>>();
  /** SQLite's data_version when the attribute caches were last known to be true. */
  private dataVersion: number;
  private readonly pageSize: number;
  private readonly stmt;

  constructor(path: string, retentionDays: number, options: SqliteEventStoreOptions = {}) {
    this.db = openDatabase(path, SCHEMA);
    this.retentionDays = retentionDays;
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.dataVersion = this.readDataVersion();
    const db = this.db;
    this.stmt = {
      insert: db.prepare('INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      msKeyed: db.prepare(`SELECT state FROM events WHERE time = ? AND micros = ${MS_KEYED} AND entity = ?`).raw(),
      msKeyedTakeKey: db.prepare(`UPDATE OR IGNORE events SET micros = ? WHERE time = ? AND micros = ${MS_KEYED} AND entity = ?`),
      msKeyedUntil: db.prepare(`SELECT value FROM events_meta WHERE key = 'ms_keyed_until'`).pluck(),
      msKeyedDone: db.prepare(`DELETE FROM events_meta WHERE key = 'ms_keyed_until'`),
      entityFind: db.prepare('SELECT ref FROM entities WHERE entity_id = ?').pluck(),
      entityAdd: db.prepare('INSERT INTO entities (entity_id) VALUES (?)'),
      entityGet: db.prepare('SELECT entity_id FROM entities WHERE ref = ?').pluck(),
      entityAll: db.prepare('SELECT ref FROM entities').pluck(),
      stateFind: db.prepare('SELECT ref FROM states WHERE state = ?').pluck(),
      stateAdd: db.prepare('INSERT INTO states (state) VALUES (?)'),
      stateGet: db.prepare('SELECT state FROM states WHERE ref = ?').pluck(),
      tagFind: db.prepare('SELECT ref FROM tags WHERE device_id = ? AND area_id = ?').pluck(),
      tagAdd: db.prepare('INSERT INTO tags (device_id, area_id) VALUES (?, ?)'),
      tagGet: db.prepare('SELECT device_id, area_id FROM tags WHERE ref = ?'),
      attrFind: db.prepare('SELECT ref, json FROM attributes WHERE hash = ?'),
      attrAdd: db.prepare('INSERT INTO attributes (hash, json, last_time) VALUES (?, ?, ?)'),
      attrTouch: db.prepare('UPDATE attributes SET last_time = max(last_time, ?) WHERE ref = ?'),
      attrGet: db.prepare('SELECT json FROM attributes WHERE ref = ?').pluck(),
      page: db
        .prepare(
          `SELECT time, micros, entity, state, old_state, attrs, tags, cause FROM events
           WHERE (time, micros, entity) > (?, ?, ?) AND time < ?
           ORDER BY time, micros, entity LIMIT ?`,
        )
        .raw(),
      entityPage: db
        .prepare(
          `SELECT time, micros, entity, state, old_state, attrs, tags, cause FROM events INDEXED BY events_by_entity
           WHERE entity = ? AND time >= ? AND time < ? ORDER BY time, micros LIMIT ?`,
        )
        .raw(),
      lastOf: db
        .prepare(
          `SELECT time, micros, entity, state, old_state, attrs, tags, cause FROM events INDEXED BY events_by_entity
           WHERE entity = ? AND time < ? AND time >= ? AND state IS NOT old_state ORDER BY time DESC, micros DESC LIMIT 1`,
        )
        .raw(),
      newest: db.prepare('SELECT max(time) FROM events').pluck(),
      oldest: db.prepare('SELECT min(time) FROM events').pluck(),
      count: db.prepare('SELECT count(*) FROM events').pluck(),
      deleteRange: db.prepare('DELETE FROM events WHERE time >= ? AND time < ?'),
      purgeAttributes: db.prepare('DELETE FROM attributes WHERE last_time < ?'),
    };
    this.msKeyedUntil = (this.stmt.msKeyedUntil.get() as number | undefined) ?? null;
  }

  /** The newest time of rows keyed to the millisecond (stored before schema 2); null when none are left. */
  private msKeyedUntil: number | null;

  private entityRef(entityId: string): number {
    let ref = this.entityRefs.get(entityId);
    if (ref === undefined) {
      ref = (this.stmt.entityFind.get(entityId) as number | undefined) ?? Number(this.stmt.entityAdd.run(entityId).lastInsertRowid);
      this.entityRefs.set(entityId, ref);
      this.entityIds.set(ref, entityId);
    }
    return ref;
  }

  private stateRef(state: string | null): number | null {
    if (state === null) return null;
    let ref = this.stateRefs.get(state);
    if (ref === undefined) {
      ref = (this.stmt.stateFind.get(state) as number | undefined) ?? Number(this.stmt.stateAdd.run(state).lastInsertRowid);
      this.stateRefs.set(state, ref);
      this.stateValues.set(ref, state);
    }
    return ref;
  }

  private tagRef(deviceId: string | null, areaId: string | null): number | null {
    if (deviceId === null && areaId === null) return null;
    const device = deviceId ?? '';
    const area = areaId ?? '';
    const key = `${device}\u0000${area}`;
    let ref = this.tagRefs.get(key);
    if (ref === undefined) {
      ref = (this.stmt.tagFind.get(device, area) as number | undefined) ?? Number(this.stmt.tagAdd.run(device, area).lastInsertRowid);
      this.tagRefs.set(key, ref);
    }
    return ref;
  }

  private attributeRef(attributes: Readonly<Record<string, unknown>>, time: number, touched: Map<number, number>): number | null {
    let empty = true;
    for (const _ in attributes) {
      empty = false;
      break;
    }
    if (empty) return null;
    const json = JSON.stringify(attributes);
    let ref = this.attributeRefs.get(json);
    if (ref === undefined) {
      const hash = attributesHash(json);
      const rows = this.stmt.attrFind.all(hash) as { ref: number; json: string }[];
      ref = rows.find((r) => r.json === json)?.ref ?? Number(this.stmt.attrAdd.run(hash, json, time).lastInsertRowid);
      if (this.attributeRefs.size >= 50_000) this.attributeRefs.clear();
      this.attributeRefs.set(json, ref);
    }
    const last = touched.get(ref);
    if (last === undefined || time > last) touched.set(ref, time);
    return ref;
  }

  private readDataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /**
   * Another process (`homerhythm retention`, an import) may have purged attribute rows, and a
   * purged row id can be taken again by other attributes: after any commit by another connection
   * the attribute caches are dropped. Inside a write transaction, nobody can commit in between.
   */
  private forgetAttributesChangedElsewhere(): void {
    const version = this.readDataVersion();
    if (version === this.dataVersion) return;
    this.dataVersion = version;
    this.attributeRefs = new Map();
    this.attributeValues.clear();
  }

  /**
   * An event within the span of rows keyed to the ms that is such a row (same entity, ms and
   * state): true, and the row takes the event's exact key. Another state: false (stored anew).
   */
  private matchesMsKeyed(e: StateEvent, entity: number): boolean {
    const row = this.stmt.msKeyed.get(e.time, entity) as [number | null] | undefined;
    if (row === undefined || row[0] !== this.stateRef(e.state)) return false;
    this.stmt.msKeyedTakeKey.run(e.micros ?? 0, e.time, entity);
    return true;
  }

  private readonly appendTx = (events: readonly StateEvent[]): number => {
    this.forgetAttributesChangedElsewhere();
    let inserted = 0;
    const touched = new Map<number, number>();
    const msKeyedUntil = this.msKeyedUntil ?? Number.NEGATIVE_INFINITY;
    for (const e of events) {
      const entity = this.entityRef(e.entityId);
      if (e.time <= msKeyedUntil && this.matchesMsKeyed(e, entity)) continue;
      const info = this.stmt.insert.run(
        e.time,
        e.micros ?? 0,
        entity,
        this.stateRef(e.state),
        this.stateRef(e.oldState),
        this.attributeRef(e.attributes, e.time, touched),
        this.tagRef(e.deviceId, e.areaId),
        CAUSES.indexOf(e.cause),
      );
      inserted += info.changes;
    }
    for (const [ref, time] of touched) this.stmt.attrTouch.run(time, ref);
    return inserted;
  };

  async append(events: readonly StateEvent[]): Promise<AppendResult> {
    // IMMEDIATE: the write lock is taken before the caches are checked, so no purge can slip in between.
    const inserted = this.db.transaction(this.appendTx).immediate(events);
    return { inserted, duplicates: events.length - inserted };
  }

  private decode(row: Row, withAttributes: boolean): StateEvent {
    const [time, micros, entity, state, old, attrs, tags, cause] = row;
    const entityId = this.entityIdOf(entity);
    const tag = tags === null ? null : this.tagOf(tags);
    const domain = this.domainOf(entity, entityId);
    const stateValue = state === null ? null : this.stateOf(state);
    const oldState = old === null ? null : this.stateOf(old);
    const attributes = attrs === null || !withAttributes ? {} : this.attributesOf(attrs);
    const deviceId = tag?.deviceId ?? null;
    const areaId = tag?.areaId ?? null;
    const why = CAUSES[cause] ?? 'system';
    // Two literals rather than a spread of the optional micros: a spread builds each of a day's
    // 100K events property by property, into a larger object and a temporary.
    return micros > 0
      ? { time, micros, entityId, domain, state: stateValue, oldState, attributes, deviceId, areaId, cause: why }
      : { time, entityId, domain, state: stateValue, oldState, attributes, deviceId, areaId, cause: why };
  }

  private readonly domains = new Map<number, string>();

  /** An entity's domain, one string per entity (decode runs for every event read). */
  private domainOf(ref: number, entityId: string): string {
    let domain = this.domains.get(ref);
    if (domain === undefined) this.domains.set(ref, (domain = domainOf(entityId)));
    return domain;
  }

  private entityIdOf(ref: number): string {
    let id = this.entityIds.get(ref);
    if (id === undefined) {
      id = this.stmt.entityGet.get(ref) as string;
      this.entityIds.set(ref, id);
      this.entityRefs.set(id, ref);
    }
    return id;
  }

  private stateOf(ref: number): string {
    let s = this.stateValues.get(ref);
    if (s === undefined) {
      s = this.stmt.stateGet.get(ref) as string;
      this.stateValues.set(ref, s);
    }
    return s;
  }

  private tagOf(ref: number): { deviceId: string | null; areaId: string | null } {
    let t = this.tagValues.get(ref);
    if (t === undefined) {
      const row = this.stmt.tagGet.get(ref) as { device_id: string; area_id: string };
      t = { deviceId: row.device_id || null, areaId: row.area_id || null };
      this.tagValues.set(ref, t);
    }
    return t;
  }

  private attributesOf(ref: number): Readonly<Record<string, unknown>> {
    let a = this.attributeValues.get(ref);
    if (a === undefined) {
      const json = this.stmt.attrGet.get(ref) as string | undefined;
      a = json === undefined ? {} : (JSON.parse(json) as Record<string, unknown>);
      if (this.attributeValues.size >= 20_000) this.attributeValues.clear();
      this.attributeValues.set(ref, a);
    }
    return a;
  }

  async *read(query: EventQuery): AsyncIterable<StateEvent[]> {
    const withAttributes = query.withAttributes ?? true;
    let remaining = query.limit ?? Number.POSITIVE_INFINITY;
    if (remaining <= 0) return;
    this.forgetAttributesChangedElsewhere();
    if (query.entityIds !== undefined) {
      yield* this.readEntities(query, withAttributes, remaining);
      return;
    }
    // Keyset pages: no statement stays open across a yield, so writers are never blocked.
    let afterTime = query.start - 1;
    let afterMicros = Number.MAX_SAFE_INTEGER;
    let afterEntity = Number.MAX_SAFE_INTEGER;
    let held: StateEvent[] = [];
    for (;;) {
      const size = Math.min(this.pageSize, remaining);
      // Rows are decoded as SQLite steps through them (no array of raw rows beside the events):
      // what a page keeps alive is what the daily job's peak memory is made of.
      const events = held;
      let rows = 0;
      // A row-value seek: each page starts where the last ended (an OR form rescanned from the start).
      for (const row of this.stmt.page.iterate(afterTime, afterMicros, afterEntity, query.end, size) as IterableIterator<Row>) {
        events.push(this.decode(row, withAttributes));
        afterTime = row[0];
        afterMicros = row[1];
        afterEntity = row[2];
        rows++;
      }
      if (rows === 0) break;
      remaining -= rows;
      // Rows of one millisecond may straddle pages: hold the last millisecond back until complete.
      const done = rows < size || remaining <= 0;
      let cut = events.length;
      if (!done) while (cut > 0 && events[cut - 1]!.time === afterTime) cut--;
      held = events.splice(cut);
      if (events.length > 0) yield sortTies(events);
      if (done) break;
    }
    if (held.length > 0) yield sortTies(held);
  }

  private async *readEntities(query: EventQuery, withAttributes: boolean, limit: number): AsyncIterable<StateEvent[]> {
    const all: StateEvent[] = [];
    for (const entityId of new Set(query.entityIds)) {
      const ref = this.entityRefs.get(entityId) ?? (this.stmt.entityFind.get(entityId) as number | undefined);
      if (ref === undefined) continue;
      const cap = Number.isFinite(limit) ? limit : -1;
      for (const row of this.stmt.entityPage.all(ref, query.start, query.end, cap) as Row[]) all.push(this.decode(row, withAttributes));
    }
    all.sort(compareEvents);
    const out = Number.isFinite(limit) ? all.slice(0, limit) : all;
    for (let i = 0; i < out.length; i += this.pageSize) yield out.slice(i, i + this.pageSize);
  }

  async lastBefore(time: number, lookbackMs: number, entityIds?: readonly string[]): Promise<Map<string, StateEvent>> {
    const refs =
      entityIds === undefined
        ? (this.stmt.entityAll.all() as number[])
        : entityIds.map((id) => this.stmt.entityFind.get(id) as number | undefined).filter((r): r is number => r !== undefined);
    const result = new Map<string, StateEvent>();
    for (const ref of refs) {
      const row = this.stmt.lastOf.get(ref, time, time - lookbackMs) as Row | undefined;
      if (row !== undefined) {
        const event = this.decode(row, true);
        result.set(event.entityId, event);
      }
    }
    return result;
  }

  async newestTime(): Promise<number | null> {
    return (this.stmt.newest.get() as number | null) ?? null;
  }

  async deleteBefore(time: number): Promise<number> {
    // One hour at a time: each statement is short, so ingestion is never blocked for long.
    const oldest = this.stmt.oldest.get() as number | null;
    let deleted = 0;
    if (oldest !== null) {
      // nothing lies past the newest event: a far cutoff ("delete everything") stops there
      const end = Math.min(time, (this.stmt.newest.get() as number) + 1);
      for (let from = oldest; from < end; from += 3_600_000) {
        deleted += this.stmt.deleteRange.run(from, Math.min(end, from + 3_600_000)).changes;
        pausePoint('retention-delete');
      }
    }
    this.stmt.purgeAttributes.run(time - ATTRIBUTE_PURGE_MARGIN_MS);
    if (this.msKeyedUntil !== null && this.msKeyedUntil < time) {
      this.stmt.msKeyedDone.run();
      this.msKeyedUntil = null;
    }
    this.attributeRefs = new Map();
    this.attributeValues.clear();
    return deleted;
  }

  async stats(): Promise<LayerStats> {
    return {
      layer: 1,
      name: 'home_assistant_events',
      records: this.stmt.count.get() as number,
      bytes: usedBytes(this.db),
      oldest: (this.stmt.oldest.get() as number | null) ?? null,
      newest: (this.stmt.newest.get() as number | null) ?? null,
      retentionDays: this.retentionDays,
    };
  }

  close(): void {
    this.db.close();
  }
}

/** Orders events of the same millisecond by microsecond and entity id, so reads never depend on arrival order. */
function sortTies(events: StateEvent[]): StateEvent[] {
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.time === events[i - 1]!.time) return events.sort(compareEvents);
  }
  return events;
}
