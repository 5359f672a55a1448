/** Layer 4: the `patterns` table (seed columns first) with upsert by (pattern_type, device_id, pattern_key). */
import type { LayerStats, PatternQuery, PatternRow, PatternStore, PatternUpsert } from '../types.js';
import { validatePattern } from '../validate.js';
import { Conditions, type Db, objectBytes } from '../sqlite-file.js';

type Raw = Omit<PatternRow, 'pattern_metadata'> & { pattern_metadata: string };

const iso = (ms: number) => new Date(ms).toISOString();

export class SqlitePatternStore implements PatternStore {
  private readonly db: Db;
  private readonly retentionDays: number | null;
  private readonly stmt;

  constructor(db: Db, retentionDays: number | null) {
    this.db = db;
    this.retentionDays = retentionDays;
    this.stmt = {
      upsert: db.prepare(
        `INSERT INTO patterns (pattern_type, device_id, pattern_metadata, confidence, occurrences, created_at, pattern_key, area_id, updated_at, last_seen)
         VALUES (@type, @device, @metadata, @confidence, @occurrences, @now, @key, @area, @now, @lastSeen)
         ON CONFLICT (pattern_type, device_id, pattern_key) DO UPDATE SET
           pattern_metadata = excluded.pattern_metadata, confidence = excluded.confidence,
           occurrences = excluded.occurrences, area_id = excluded.area_id, updated_at = excluded.updated_at,
           last_seen = max(last_seen, excluded.last_seen)`,
      ),
      get: db.prepare('SELECT * FROM patterns WHERE id = ?'),
      stats: db.prepare('SELECT count(*) AS records, min(created_at) AS oldest, max(updated_at) AS newest FROM patterns'),
    };
  }

  upsertSync(p: PatternUpsert, now: number): void {
    validatePattern(p);
    this.stmt.upsert.run({
      type: p.patternType,
      device: p.deviceId,
      key: p.key,
      area: p.areaId ?? null,
      metadata: JSON.stringify(p.metadata),
      confidence: p.confidence,
      occurrences: p.occurrences,
      now: iso(now),
      lastSeen: iso(p.lastSeen),
    });
  }

  private where(q: PatternQuery): Conditions {
    return new Conditions()
      .add(q.patternType !== undefined, 'pattern_type = ?', q.patternType)
      .add(q.deviceId !== undefined, 'device_id = ?', q.deviceId)
      .add(q.areaId !== undefined, 'area_id = ?', q.areaId)
      .add(q.minConfidence !== undefined, 'confidence >= ?', q.minConfidence);
  }

  list(q: PatternQuery = {}): PatternRow[] {
    const { sql, params } = this.where(q);
    const rows = this.db
      .prepare(`SELECT * FROM patterns ${sql} ORDER BY confidence DESC, occurrences DESC, id LIMIT ? OFFSET ?`)
      .all(...params, q.limit ?? -1, q.offset ?? 0) as Raw[];
    return rows.map(parse);
  }

  count(q: PatternQuery = {}): number {
    const { sql, params } = this.where(q);
    return this.db.prepare(`SELECT count(*) FROM patterns ${sql}`).pluck().get(...params) as number;
  }

  get(id: number): PatternRow | undefined {
    const row = this.stmt.get.get(id) as Raw | undefined;
    return row && parse(row);
  }

  deleteNotSeenSince(time: number, patternTypes?: readonly string[]): number {
    if (patternTypes === undefined) return this.db.prepare('DELETE FROM patterns WHERE last_seen < ?').run(iso(time)).changes;
    return this.db
      .prepare('DELETE FROM patterns WHERE last_seen < ? AND pattern_type IN (SELECT value FROM json_each(?))')
      .run(iso(time), JSON.stringify(patternTypes)).changes;
  }

  stats(): LayerStats {
    const s = this.stmt.stats.get() as { records: number; oldest: string | null; newest: string | null };
    return {
      layer: 4,
      name: 'patterns',
      records: s.records,
      bytes: objectBytes(this.db, ['patterns', 'patterns_by_confidence', 'patterns_by_last_seen', 'sqlite_autoindex_patterns_1']),
      oldest: s.oldest === null ? null : Date.parse(s.oldest),
      newest: s.newest === null ? null : Date.parse(s.newest),
      retentionDays: this.retentionDays,
    };
  }
}

function parse(row: Raw): PatternRow {
  return { ...row, pattern_metadata: JSON.parse(row.pattern_metadata) as Record<string, unknown> };
}
