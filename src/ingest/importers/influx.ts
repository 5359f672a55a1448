/**
 * Import what Home Assistant's own InfluxDB integration wrote (v1 API: InfluxDB 1.x, or 2.x/3.x
 * through DBRP mappings) into Layer 1. HA writes one point per state change: measurement = unit
 * of measurement (else a default, else the entity id), tags `domain` and `entity_id` (the object
 * id, without the domain), fields `value` (numeric state), `state` (text state) and every
 * attribute as `<attr>` (number) or `<attr>_str` (text). Read in time windows, oldest first, so
 * each entity's old state chains across measurements and windows; HA keeps no cause, so `system`.
 */
import type { StateEvent } from '../../events/model.js';
import { compareEvents, splitMicros } from '../../events/model.js';
import type { Registry } from '../../events/normalize.js';
import { type InfluxConnection, InfluxHttp, type Series } from '../../storage/influxdb/http.js';
import { ident, ms } from '../../storage/influxdb/influxql.js';
import type { EventStore } from '../../storage/types.js';
import { type ProgressListener, ReportBuilder, type ImportReport } from './report.js';
import { BatchWriter, DEFAULT_BATCH_SIZE } from './writer.js';
import { withoutCredentials } from '../../redact.js';

export interface InfluxSource extends InfluxConnection {
  /** HA's `database` (default `home_assistant`). */
  readonly database: string;
  /** A retention policy other than the database's default. */
  readonly retentionPolicy?: string;
}

export interface InfluxImportOptions {
  readonly start: number;
  readonly end: number;
  readonly registry?: Registry;
  /** Span of one query (default 6 h): bounds memory whatever the home's event rate. */
  readonly windowMs?: number;
  readonly batchSize?: number;
  readonly onProgress?: ProgressListener;
}

export const DEFAULT_HA_DATABASE = 'home_assistant';
const DEFAULT_WINDOW_MS = 6 * 3_600_000;
/** Fields HA writes that are not attributes. */
const STATE_FIELDS = new Set(['value', 'state']);

/** One HA point as a state change (old state filled in later); a reason string when it is not one. */
export function haPointToEvent(measurement: string, tags: Readonly<Record<string, string>>, columns: readonly string[], values: readonly unknown[]): Omit<StateEvent, 'oldState'> | string {
  const domain = tags['domain'];
  const objectId = tags['entity_id'];
  if (!domain || !objectId) return `${measurement}: a point without the domain and entity_id tags HA writes`;
  // Read with epoch u: HA writes time_fired in ns, and Layer 1 keeps HA's microseconds.
  const micros = values[0];
  if (typeof micros !== 'number' || !Number.isSafeInteger(micros)) return `${measurement}: no time`;
  const at = splitMicros(micros);
  let state: string | null = null;
  let value: unknown = null;
  const attributes: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const v = values[i];
    if (i === 0 || v === null || v === undefined) return;
    if (column === 'state') state = String(v);
    else if (column === 'value') value = v;
    else if (!STATE_FIELDS.has(column)) attributes[column.endsWith('_str') ? column.slice(0, -4) : column] = v;
  });
  if (state === null && value !== null) state = String(value);
  if (state === null) return `${domain}.${objectId} at ${new Date(at.time).toISOString()}: neither a state nor a value field`;
  return { ...at, entityId: `${domain}.${objectId}`, domain, state, attributes, deviceId: null, areaId: null, cause: 'system' };
}

export async function importInflux(source: InfluxSource, events: EventStore, options: InfluxImportOptions): Promise<ImportReport> {
  const http = new InfluxHttp(source);
  const report = new ReportBuilder(`influxdb ${withoutCredentials(source.url)} database ${source.database}`);
  const writer = new BatchWriter(events, report, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const window = options.windowMs ?? DEFAULT_WINDOW_MS;
  const from = source.retentionPolicy === undefined ? '/.*/' : `${ident(source.database)}.${ident(source.retentionPolicy)}./.*/`;
  const lastState = new Map<string, string | null>();
  let line = 0;
  for (let a = options.start; a < options.end; a += window) {
    const b = Math.min(options.end, a + window);
    const series: Series[] = await http.series(`SELECT * FROM ${from} WHERE time >= ${ms(a)} AND time < ${ms(b)} GROUP BY *`, source.database, 'u');
    const batch: Omit<StateEvent, 'oldState'>[] = [];
    for (const s of series) {
      for (const values of s.values ?? []) {
        line++;
        report.read++;
        const e = haPointToEvent(s.name ?? '', s.tags ?? {}, s.columns, values);
        if (typeof e === 'string') report.badRecord(line, e);
        else batch.push(e);
      }
    }
    batch.sort((x, y) => compareEvents(x as StateEvent, y as StateEvent));
    for (const e of batch) {
      const found = options.registry?.lookup(e.entityId);
      const oldState = lastState.get(e.entityId) ?? null;
      lastState.set(e.entityId, e.state);
      writer.add({ ...e, oldState, deviceId: found?.deviceId ?? null, areaId: found?.areaId ?? null });
      if (writer.full) await writer.flush();
    }
    await writer.flush();
    options.onProgress?.({ read: report.read, imported: report.imported, records: b - options.start, totalRecords: options.end - options.start });
  }
  return report.build();
}
