/**
 * Recorder databases built the way HA builds them: the SQLite DDL SQLAlchemy emits for HA core's
 * recorder models (homeassistant/components/recorder/db_schema.py), for schema 48 (states_meta,
 * state_attributes, float timestamps, binary context ids, last_reported_ts) and schema 30 (entity
 * id and datetimes in `states`; attributes in `states.attributes` for rows written before schema
 * 25, in `state_attributes` after). Rows are written as the recorder's `States.from_event` does:
 * '' for a removed entity, last_changed NULL when equal to last_updated.
 */
import Database from 'better-sqlite3';

export const SCHEMA_48 = `
CREATE TABLE event_data (data_id INTEGER NOT NULL, hash BIGINT, shared_data TEXT, PRIMARY KEY (data_id));
CREATE TABLE event_types (event_type_id INTEGER NOT NULL, event_type VARCHAR(64), PRIMARY KEY (event_type_id));
CREATE TABLE state_attributes (attributes_id INTEGER NOT NULL, hash BIGINT, shared_attrs TEXT, PRIMARY KEY (attributes_id));
CREATE TABLE states_meta (metadata_id INTEGER NOT NULL, entity_id VARCHAR(255), PRIMARY KEY (metadata_id));
CREATE TABLE recorder_runs (run_id INTEGER NOT NULL, start DATETIME NOT NULL, "end" DATETIME, closed_incorrect BOOLEAN NOT NULL, created DATETIME NOT NULL, PRIMARY KEY (run_id));
CREATE TABLE schema_changes (change_id INTEGER NOT NULL, schema_version INTEGER, changed DATETIME NOT NULL, PRIMARY KEY (change_id));
CREATE TABLE events (
  event_id INTEGER NOT NULL, event_type CHAR(0), event_data CHAR(0), origin CHAR(0), origin_idx SMALLINT,
  time_fired CHAR(0), time_fired_ts FLOAT, context_id CHAR(0), context_user_id CHAR(0), context_parent_id CHAR(0),
  data_id INTEGER, context_id_bin BLOB, context_user_id_bin BLOB, context_parent_id_bin BLOB, event_type_id INTEGER,
  PRIMARY KEY (event_id),
  FOREIGN KEY(data_id) REFERENCES event_data (data_id),
  FOREIGN KEY(event_type_id) REFERENCES event_types (event_type_id)
);
CREATE TABLE states (
  state_id INTEGER NOT NULL, entity_id CHAR(0), state VARCHAR(255), attributes CHAR(0), event_id SMALLINT,
  last_changed CHAR(0), last_changed_ts FLOAT, last_reported_ts FLOAT, last_updated CHAR(0), last_updated_ts FLOAT,
  old_state_id INTEGER, attributes_id INTEGER, context_id CHAR(0), context_user_id CHAR(0), context_parent_id CHAR(0),
  origin_idx SMALLINT, context_id_bin BLOB, context_user_id_bin BLOB, context_parent_id_bin BLOB, metadata_id INTEGER,
  PRIMARY KEY (state_id),
  FOREIGN KEY(old_state_id) REFERENCES states (state_id),
  FOREIGN KEY(attributes_id) REFERENCES state_attributes (attributes_id),
  FOREIGN KEY(metadata_id) REFERENCES states_meta (metadata_id)
);
CREATE INDEX ix_states_metadata_id_last_updated_ts ON states (metadata_id, last_updated_ts);
CREATE INDEX ix_states_context_id_bin ON states (context_id_bin);
CREATE INDEX ix_states_last_updated_ts ON states (last_updated_ts);
CREATE INDEX ix_states_old_state_id ON states (old_state_id);
CREATE INDEX ix_states_attributes_id ON states (attributes_id);
CREATE UNIQUE INDEX ix_states_meta_entity_id ON states_meta (entity_id);
CREATE INDEX ix_state_attributes_hash ON state_attributes (hash);
`;

export const SCHEMA_30 = `
CREATE TABLE event_data (data_id INTEGER NOT NULL, hash BIGINT, shared_data TEXT, PRIMARY KEY (data_id));
CREATE TABLE events (
  event_id INTEGER NOT NULL, event_type VARCHAR(64), event_data TEXT, origin VARCHAR(32), origin_idx SMALLINT,
  time_fired DATETIME, context_id VARCHAR(36), context_user_id VARCHAR(36), context_parent_id VARCHAR(36), data_id INTEGER,
  PRIMARY KEY (event_id), FOREIGN KEY(data_id) REFERENCES event_data (data_id)
);
CREATE TABLE state_attributes (attributes_id INTEGER NOT NULL, hash BIGINT, shared_attrs TEXT, PRIMARY KEY (attributes_id));
CREATE TABLE recorder_runs (run_id INTEGER NOT NULL, start DATETIME NOT NULL, "end" DATETIME, closed_incorrect BOOLEAN NOT NULL, created DATETIME NOT NULL, PRIMARY KEY (run_id));
CREATE TABLE schema_changes (change_id INTEGER NOT NULL, schema_version INTEGER, changed DATETIME NOT NULL, PRIMARY KEY (change_id));
CREATE TABLE states (
  state_id INTEGER NOT NULL, entity_id VARCHAR(255), state VARCHAR(255), attributes TEXT, event_id INTEGER,
  last_changed DATETIME, last_updated DATETIME, old_state_id INTEGER, attributes_id INTEGER,
  context_id VARCHAR(36), context_user_id VARCHAR(36), context_parent_id VARCHAR(36), origin_idx SMALLINT,
  PRIMARY KEY (state_id),
  FOREIGN KEY(event_id) REFERENCES events (event_id) ON DELETE CASCADE,
  FOREIGN KEY(old_state_id) REFERENCES states (state_id),
  FOREIGN KEY(attributes_id) REFERENCES state_attributes (attributes_id)
);
CREATE INDEX ix_states_entity_id_last_updated ON states (entity_id, last_updated);
CREATE INDEX ix_states_last_updated ON states (last_updated);
CREATE INDEX ix_states_old_state_id ON states (old_state_id);
CREATE INDEX ix_states_attributes_id ON states (attributes_id);
CREATE INDEX ix_states_context_id ON states (context_id);
`;

export interface RecorderChange {
  readonly entityId: string;
  /** null: the entity was removed. */
  readonly state: string | null;
  readonly attributes?: Record<string, unknown>;
  /** last_updated in microseconds since the epoch. */
  readonly us: number;
  readonly userId?: string;
  readonly parentId?: string;
  /** Schema 30 only: a row written before schema 25 (attributes in `states.attributes`). */
  readonly legacyAttributes?: boolean;
}

/** SQLAlchemy's SQLite DATETIME text for a naive UTC time: `2026-01-02 03:04:05.123456`. */
export function sqliteDatetime(us: number): string {
  const micros = String(us % 1e6).padStart(6, '0');
  return `${new Date(Math.floor(us / 1000)).toISOString().slice(0, 19).replace('T', ' ')}.${micros}`;
}

const uuidBytes = (hex: string) => Buffer.from(hex.replace(/-/g, '').padEnd(32, '0').slice(0, 32), 'hex');

/** Writes `changes` (in the given order: the recorder's commit order) into a new database. */
export function writeRecorder(path: string, schema: 48 | 30, changes: readonly RecorderChange[]): void {
  const db = new Database(path);
  try {
    db.exec(schema === 48 ? SCHEMA_48 : SCHEMA_30);
    db.prepare('INSERT INTO schema_changes (schema_version, changed) VALUES (?, ?)').run(schema, sqliteDatetime(Date.now() * 1000));
    const meta = new Map<string, number>();
    const attrs = new Map<string, number>();
    const last = new Map<string, { id: number; state: string | null; changedUs: number }>();
    const attributesId = (json: string) => {
      let id = attrs.get(json);
      if (id === undefined) {
        id = Number(db.prepare('INSERT INTO state_attributes (hash, shared_attrs) VALUES (?, ?)').run(json.length, json).lastInsertRowid);
        attrs.set(json, id);
      }
      return id;
    };
    db.transaction(() => {
      for (const c of changes) {
        const before = last.get(c.entityId);
        const json = c.state === null ? '{}' : JSON.stringify(c.attributes ?? {});
        const changedUs = before !== undefined && before.state === c.state ? before.changedUs : c.us;
        const oldStateId = before === undefined || before.state === null ? null : before.id;
        let id: number;
        if (schema === 48) {
          let metadataId = meta.get(c.entityId);
          if (metadataId === undefined) {
            metadataId = Number(db.prepare('INSERT INTO states_meta (entity_id) VALUES (?)').run(c.entityId).lastInsertRowid);
            meta.set(c.entityId, metadataId);
          }
          id = Number(
            db
              .prepare(
                `INSERT INTO states (state, last_changed_ts, last_reported_ts, last_updated_ts, old_state_id, attributes_id, origin_idx,
                   context_id_bin, context_user_id_bin, context_parent_id_bin, metadata_id) VALUES (?, ?, NULL, ?, ?, ?, 0, ?, ?, ?, ?)`,
              )
              .run(
                c.state ?? '',
                c.state === null || changedUs === c.us ? null : changedUs / 1e6,
                c.us / 1e6,
                oldStateId,
                attributesId(json),
                uuidBytes(`01ab${c.us.toString(16)}`),
                c.userId === undefined ? null : uuidBytes(c.userId),
                c.parentId === undefined ? null : uuidBytes(c.parentId),
                metadataId,
              ).lastInsertRowid,
          );
        } else {
          id = Number(
            db
              .prepare(
                `INSERT INTO states (entity_id, state, attributes, last_changed, last_updated, old_state_id, attributes_id,
                   context_id, context_user_id, context_parent_id, origin_idx) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
              )
              .run(
                c.entityId,
                c.state ?? '',
                c.legacyAttributes === true ? json : null,
                c.state === null || changedUs === c.us ? null : sqliteDatetime(changedUs),
                sqliteDatetime(c.us),
                oldStateId,
                c.legacyAttributes === true ? null : attributesId(json),
                `ctx${c.us}`,
                c.userId ?? null,
                c.parentId ?? null,
              ).lastInsertRowid,
          );
        }
        last.set(c.entityId, { id, state: c.state, changedUs });
      }
    })();
  } finally {
    db.close();
  }
}
