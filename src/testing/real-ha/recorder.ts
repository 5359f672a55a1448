/**
 * What HA's own recorder wrote: the rows of `states` in `home-assistant_v2.db` (schema ≥ 38),
 * read directly with SQL, independent of our importer, as the truth the tests compare with.
 */
import Database from 'better-sqlite3';
import { eventMicros, type EventCause, type StateEvent } from '../../events/model.js';
import { epochSecondsToMicros } from '../../events/normalize.js';

/** One row of HA's `states`, with its entity id and attributes joined in. */
export interface RecordedState {
  readonly entityId: string;
  readonly state: string | null;
  /** `last_updated_ts` as HA stores it: float epoch seconds, microsecond resolution. */
  readonly lastUpdatedTs: number;
  readonly attributes: Record<string, unknown>;
  readonly cause: EventCause;
}

/** The key events are compared on: entity and `last_updated` to HA's microsecond, as Layer 1 keys them. */
export function keyOfRecorded(r: Pick<RecordedState, 'entityId' | 'lastUpdatedTs'>): string {
  return `${r.entityId}@${epochSecondsToMicros(r.lastUpdatedTs)}`;
}

export function keyOfEvent(e: Pick<StateEvent, 'entityId' | 'time' | 'micros'>): string {
  return `${e.entityId}@${eventMicros(e)}`;
}

/** Rows with `last_updated_ts` in [fromMs, toMs), oldest first. */
export function recordedStates(databaseFile: string, fromMs: number, toMs: number): RecordedState[] {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT m.entity_id, s.state, s.last_updated_ts, a.shared_attrs, s.context_user_id_bin, s.context_parent_id_bin
           FROM states s JOIN states_meta m ON m.metadata_id = s.metadata_id
           LEFT JOIN state_attributes a ON a.attributes_id = s.attributes_id
          WHERE s.last_updated_ts >= ? AND s.last_updated_ts < ?
          ORDER BY s.last_updated_ts, m.entity_id`,
      )
      .raw()
      .all(fromMs / 1000, toMs / 1000) as [string, string | null, number, string | null, Buffer | null, Buffer | null][];
    return rows.map(([entityId, state, ts, attrs, user, parent]) => ({
      entityId,
      state: state === '' ? null : state,
      lastUpdatedTs: ts,
      attributes: attrs === null ? {} : (JSON.parse(attrs) as Record<string, unknown>),
      cause: user !== null && user.length > 0 ? 'person' : parent !== null && parent.length > 0 ? 'automation' : 'system',
    }));
  } finally {
    db.close();
  }
}

/** The newest `last_updated_ts` committed, in ms (0 when none). */
export function newestRecorded(databaseFile: string): number {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    return ((db.prepare('SELECT max(last_updated_ts) FROM states').pluck().get() as number | null) ?? 0) * 1000;
  } finally {
    db.close();
  }
}
