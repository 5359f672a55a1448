/**
 * Import of HA's recorder database (`home-assistant_v2.db`), opened read-only, so it can be read
 * next to a running HA. `state_changed` is not in `events` there: every state written is a row
 * of `states`. Two layouts:
 *   - schema ≥ 38: entity ids in `states_meta` (metadata_id), attributes in `state_attributes`
 *     (shared_attrs), float epoch seconds in `last_updated_ts`; `last_changed_ts` NULL when
 *     equal to last_updated_ts; context ids as binary.
 *   - older: `entity_id` in `states`, attributes in `states.attributes` (before schema 25) or
 *     `state_attributes`, `last_updated` as a naive UTC datetime (before schema 31).
 * Columns are probed rather than trusting `schema_changes.schema_version` alone, so a database
 * caught between migrations reads right too. Rows stream in time order; a row's old state is the
 * previous row of the same entity (or, for the first, the row `old_state_id` points to).
 */
import Database from 'better-sqlite3';
import { normalizeStateChanged, type Registry } from '../../events/normalize.js';
import type { EventStore } from '../../storage/types.js';
import { type ImportReport, type ProgressListener, ReportBuilder } from './report.js';
import { BatchWriter, DEFAULT_BATCH_SIZE, PROGRESS_INTERVAL_MS } from './writer.js';

export interface RecorderOptions {
  readonly registry?: Registry;
  readonly batchSize?: number;
  /** Clock for the future-timestamp check (tests); defaults to when the import starts. */
  readonly now?: number;
  readonly onProgress?: ProgressListener;
}

export class RecorderFormatError extends Error {
  override readonly name = 'RecorderFormatError';
}

/** What a recorder database holds, as far as reading states goes. */
export interface RecorderLayout {
  readonly schemaVersion: number | null;
  readonly entity: 'states_meta' | 'states' | 'both';
  readonly time: 'ts' | 'datetime' | 'both';
  readonly sharedAttributes: boolean;
  readonly legacyAttributes: boolean;
  readonly context: 'binary' | 'text' | 'none';
}

// SQLite has dynamic types: a hostile database may hold any value in any column, hence `unknown` for the times.
type Row = [stateId: number, entityId: string | null, state: string | null, ts: unknown, datetime: unknown, shared: string | null, legacy: string | null, user: unknown, parent: unknown, oldState: string | null];

function tablesOf(db: Database.Database): Set<string> {
  return new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).map((n) => n.toLowerCase()));
}

export function recorderLayout(db: Database.Database): RecorderLayout {
  const tables = tablesOf(db);
  if (!tables.has('states')) throw new RecorderFormatError('no states table: not a Home Assistant recorder database');
  const columns = new Set((db.prepare('PRAGMA table_info(states)').all() as { name: string }[]).map((c) => c.name.toLowerCase()));
  const schemaVersion = tables.has('schema_changes') ? ((db.prepare('SELECT max(schema_version) FROM schema_changes').pluck().get() as number | null) ?? null) : null;
  const has = (column: string) => columns.has(column);
  // A column HA keeps after a migration may be empty (CHAR(0) "unused"): look for values.
  const filled = (column: string) => has(column) && db.prepare(`SELECT 1 FROM states WHERE ${column} IS NOT NULL AND ${column} != '' LIMIT 1`).get() !== undefined;
  const meta = tables.has('states_meta') && has('metadata_id');
  const legacyEntity = filled('entity_id');
  if (!meta && !has('entity_id')) throw new RecorderFormatError('states has neither metadata_id (with states_meta) nor entity_id');
  const ts = has('last_updated_ts');
  const datetime = filled('last_updated');
  if (!ts && !has('last_updated')) throw new RecorderFormatError('states has neither last_updated_ts nor last_updated');
  return {
    schemaVersion,
    entity: meta ? (legacyEntity ? 'both' : 'states_meta') : 'states',
    time: ts ? (datetime ? 'both' : 'ts') : 'datetime',
    sharedAttributes: tables.has('state_attributes') && has('attributes_id'),
    legacyAttributes: has('attributes'),
    context: has('context_user_id_bin') ? 'binary' : has('context_user_id') ? 'text' : 'none',
  };
}

function selectFor(layout: RecorderLayout, hasOldStateId: boolean): string {
  const entity = { states_meta: 'm.entity_id', states: 's.entity_id', both: 'COALESCE(m.entity_id, s.entity_id)' }[layout.entity];
  const ts = layout.time === 'datetime' ? 'NULL' : 's.last_updated_ts';
  const datetime = layout.time === 'ts' ? 'NULL' : 's.last_updated';
  // Ordered by the indexed column when there is one kind of time; a half-migrated table by both.
  const order = { ts: 's.last_updated_ts', datetime: 's.last_updated', both: "COALESCE(s.last_updated_ts, (julianday(s.last_updated) - 2440587.5) * 86400.0)" }[layout.time];
  const context = { binary: 's.context_user_id_bin, s.context_parent_id_bin', text: 's.context_user_id, s.context_parent_id', none: 'NULL, NULL' }[layout.context];
  return `SELECT s.state_id, ${entity}, s.state, ${ts}, ${datetime},
            ${layout.sharedAttributes ? 'a.shared_attrs' : 'NULL'}, ${layout.legacyAttributes ? 's.attributes' : 'NULL'},
            ${context}, ${hasOldStateId ? 'o.state' : 'NULL'}
          FROM states s
          ${layout.entity === 'states' ? '' : 'LEFT JOIN states_meta m ON m.metadata_id = s.metadata_id'}
          ${layout.sharedAttributes ? 'LEFT JOIN state_attributes a ON a.attributes_id = s.attributes_id' : ''}
          ${hasOldStateId ? 'LEFT JOIN states o ON o.state_id = s.old_state_id' : ''}
          ORDER BY ${order}, s.state_id`;
}

/** A naive SQLite datetime (`2023-01-15 12:34:56.123456`, UTC as HA wrote it) as ISO-8601. */
function datetimeToIso(text: string): string {
  const iso = text.trim().replace(' ', 'T');
  return /(?:Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`;
}

function present(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.length > 0 ? value.toString('hex') : null;
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Parsed attributes by their JSON text: HA shares one row among many states. */
class AttributeCache {
  private readonly parsed = new Map<string, Record<string, unknown>>();
  get(json: string | null): Record<string, unknown> {
    if (json === null || json === '' || json === '{}') return {};
    let value = this.parsed.get(json);
    if (value === undefined) {
      try {
        const v = JSON.parse(json) as unknown;
        value = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
      } catch {
        value = {}; // as HA's recorder reads a row it cannot decode
      }
      if (this.parsed.size >= 10_000) this.parsed.clear();
      this.parsed.set(json, value);
    }
    return value;
  }
}

function openRecorder(path: string): Database.Database {
  try {
    return new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'SQLITE_CANTOPEN') throw Object.assign(new Error(`cannot open ${path}`), { code: 'ENOENT' });
    throw error;
  }
}

export async function importRecorder(path: string, events: EventStore, options: RecorderOptions = {}): Promise<ImportReport> {
  const db = openRecorder(path);
  try {
    let layout: RecorderLayout;
    try {
      layout = recorderLayout(db);
    } catch (error) {
      if (error instanceof RecorderFormatError) throw new RecorderFormatError(`${path}: ${error.message}`);
      throw new RecorderFormatError(`${path} is not a readable SQLite database: ${(error as Error).message}`);
    }
    const hasOldStateId = (db.prepare('PRAGMA table_info(states)').all() as { name: string }[]).some((c) => c.name === 'old_state_id');
    const total = db.prepare('SELECT count(*) FROM states').pluck().get() as number;
    const report = new ReportBuilder(path);
    const writer = new BatchWriter(events, report, options.batchSize ?? DEFAULT_BATCH_SIZE);
    const attributes = new AttributeCache();
    const previous = new Map<string, string | null>();
    const now = options.now ?? Date.now();
    let lastProgress = 0;
    const progress = (final = false) => {
      const t = Date.now();
      if (options.onProgress === undefined || (!final && t - lastProgress < PROGRESS_INTERVAL_MS)) return;
      lastProgress = t;
      options.onProgress({ read: report.read, imported: report.imported, records: report.read, totalRecords: total });
    };
    for (const row of db.prepare(selectFor(layout, hasOldStateId)).raw().iterate() as IterableIterator<Row>) {
      const [stateId, entityId, rawState, ts, datetime, shared, legacy, user, parent, joinedOld] = row;
      report.read++;
      if (entityId === null) {
        report.badRecord(stateId, 'state row without an entity id (metadata_id matches no states_meta row)');
        continue;
      }
      // HA writes '' when an entity is removed (new_state None).
      const state = rawState === null || rawState === '' ? null : rawState;
      const before = previous.has(entityId) ? previous.get(entityId)! : joinedOld === '' ? null : joinedOld;
      if (state === null && before === null) {
        report.ignored++;
        previous.set(entityId, null);
        continue;
      }
      const time = ts ?? (typeof datetime === 'string' ? datetimeToIso(datetime) : null);
      const context = { id: null, user_id: present(user), parent_id: present(parent) };
      const wire = {
        event_type: 'state_changed',
        time_fired: time,
        context,
        data: {
          entity_id: entityId,
          old_state: before === null ? null : { state: before },
          new_state: state === null ? null : { entity_id: entityId, state, attributes: attributes.get(shared ?? legacy), last_updated: time, context },
        },
      };
      const normalized = normalizeStateChanged(wire, { registry: options.registry, now });
      if (!normalized.ok) {
        report.badRecord(stateId, normalized.reason);
        continue;
      }
      if (normalized.attributesDropped) report.attributesDropped++;
      previous.set(entityId, state);
      writer.add(normalized.event);
      if (writer.full) {
        await writer.flush();
        progress();
      }
    }
    await writer.flush();
    progress(true);
    return report.build();
  } finally {
    db.close();
  }
}

/** Whether a SQLite file looks like an HA recorder database (has `states` and `schema_changes`). */
export function isRecorderDatabase(path: string): boolean {
  const db = openRecorder(path);
  try {
    const tables = tablesOf(db);
    return tables.has('states') && tables.has('schema_changes');
  } finally {
    db.close();
  }
}
