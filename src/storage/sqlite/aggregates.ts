/** Layers 2 and 3 on SQLite: one row per (bucket, measurement, period, series). */
import type { AggregateBatch, AggregateBucket, AggregateQuery, AggregateRecord, AggregateStore, LayerStats } from '../types.js';
import { BUCKETS, FIRST_VERSION } from '../types.js';
import { validateBatch, seriesKey } from '../validate.js';
import type { Statement } from 'better-sqlite3';
import { Conditions, type Db, objectBytes } from '../sqlite-file.js';

type Row = { measurement: string; period: string; time: number; tags: string; fields: string; version: number };

export class SqliteAggregateStore implements AggregateStore {
  private readonly db: Db;
  private readonly retentionDays: (bucket: AggregateBucket) => number;
  private readonly stmt;

  constructor(db: Db, retentionDays: (bucket: AggregateBucket) => number) {
    this.db = db;
    this.retentionDays = retentionDays;
    this.stmt = {
      clear: db.prepare('DELETE FROM aggregates WHERE bucket = ? AND measurement = ? AND period = ?'),
      insert: db.prepare('INSERT OR REPLACE INTO aggregates (bucket, measurement, period, series, time, entity_id, area_id, tags, fields, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      measurements: db.prepare('SELECT DISTINCT measurement FROM aggregates WHERE bucket = ?').pluck(),
      deleteOld: db.prepare('DELETE FROM aggregates WHERE bucket = ? AND measurement = ? AND time < ?'),
      stats: db.prepare('SELECT count(*) AS records, min(time) AS oldest, max(time) AS newest FROM aggregates WHERE bucket = ?'),
    };
  }

  /** Query shapes repeat (the API asks the same few): prepare each once. */
  private readonly statements = new Map<string, Statement>();

  private prepared(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (stmt === undefined) {
      if (this.statements.size >= 256) this.statements.clear();
      stmt = this.db.prepare<unknown[]>(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Writes a batch inside the caller's transaction (used by commitJob too). */
  replaceSync(batch: AggregateBatch): void {
    validateBatch(batch);
    for (const m of batch.measurements) this.stmt.clear.run(batch.bucket, m, batch.period);
    for (const r of batch.records) {
      this.stmt.insert.run(
        batch.bucket,
        r.measurement,
        r.period,
        seriesKey(r.tags),
        r.time,
        r.tags['entity_id'] ?? null,
        r.tags['area_id'] ?? null,
        JSON.stringify(r.tags),
        JSON.stringify(r.fields),
        r.version ?? FIRST_VERSION,
      );
    }
  }

  async replace(batch: AggregateBatch): Promise<void> {
    this.db.transaction(() => this.replaceSync(batch))();
  }

  async query(q: AggregateQuery): Promise<AggregateRecord[]> {
    const where = new Conditions()
      .add(true, 'bucket = ?', q.bucket)
      // one measurement: `=` lets SQLite seek aggregates_by_time (an IN over json_each scans every period)
      .add(q.measurements?.length === 1, 'measurement = ?', q.measurements?.[0])
      .add(q.measurements !== undefined && q.measurements.length !== 1, 'measurement IN (SELECT value FROM json_each(?))', JSON.stringify(q.measurements))
      .add(q.start !== undefined, 'time >= ?', q.start)
      .add(q.end !== undefined, 'time < ?', q.end)
      .add(q.periods !== undefined, 'period IN (SELECT value FROM json_each(?))', JSON.stringify(q.periods));
    for (const [key, value] of Object.entries(q.tags ?? {})) {
      if (key === 'entity_id' || key === 'area_id') where.add(true, `${key} = ?`, value);
      else where.add(true, 'tags ->> ? = ?', `$.${JSON.stringify(key)}`, value);
    }
    // One entity's rows are few: its index beats the time index, which SQLite (without ANALYZE) prefers.
    const index = q.tags?.['entity_id'] !== undefined ? 'INDEXED BY aggregates_by_entity' : '';
    let sql = `SELECT measurement, period, time, tags, fields, version FROM aggregates ${index} ${where.sql} ORDER BY time, measurement, series`;
    const params = where.params;
    if (q.limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(q.limit);
    }
    // Rows are decoded as SQLite steps through them, and what repeats from row to row (an entity's
    // tags, each day's period, the measurement) is decoded once per query and shared: a job reads
    // thousands of records, and what they hold decides how far its heap grows.
    const shared = new Map<string, unknown>();
    const once = <T>(text: string, decode: (text: string) => T): T => {
      let value = shared.get(text) as T | undefined;
      if (value === undefined) shared.set(text, (value = decode(text)));
      return value;
    };
    const records: AggregateRecord[] = [];
    for (const r of this.prepared(sql).iterate(...params) as IterableIterator<Row>) {
      records.push({
        measurement: once(r.measurement, (m) => m),
        period: once(r.period, (p) => p),
        time: r.time,
        tags: once(`t${r.tags}`, () => Object.freeze(JSON.parse(r.tags) as Record<string, string>)),
        fields: JSON.parse(r.fields) as Record<string, number | string | boolean>,
        version: r.version,
      });
    }
    return records;
  }

  deleteBeforeSync(bucket: AggregateBucket, time: number): number {
    let deleted = 0;
    for (const m of this.stmt.measurements.all(bucket) as string[]) deleted += this.stmt.deleteOld.run(bucket, m, time).changes;
    return deleted;
  }

  async deleteBefore(bucket: AggregateBucket, time: number): Promise<number> {
    return this.db.transaction(() => this.deleteBeforeSync(bucket, time))();
  }

  async stats(bucket: AggregateBucket): Promise<LayerStats> {
    const s = this.stmt.stats.get(bucket) as { records: number; oldest: number | null; newest: number | null };
    // The table is shared by both buckets: bytes are split by their share of the rows.
    const total = (this.db.prepare('SELECT count(*) FROM aggregates').pluck().get() as number) || 1;
    const bytes = objectBytes(this.db, ['aggregates', 'aggregates_by_time', 'aggregates_by_entity']);
    return {
      layer: bucket === BUCKETS.daily ? 2 : 3,
      name: bucket,
      records: s.records,
      bytes: Math.round((bytes * s.records) / total),
      oldest: s.oldest,
      newest: s.newest,
      retentionDays: this.retentionDays(bucket),
    };
  }
}
