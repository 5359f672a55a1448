/**
 * Layers 2 and 3 on InfluxDB: one database per bucket, one measurement per aggregate kind, the
 * record's tags plus `period` (the seed's `date`/`week`/`month` tag) as tags, its fields as
 * fields, its period start as the point's time, its summary version as the field `_v`. Every point also carries `_n=1i`, so counting
 * points is one `count()` whatever fields a measurement has.
 */
import type { AggregateBatch, AggregateBucket, AggregateQuery, AggregateRecord, FieldValue, LayerStats } from '../types.js';
import { BUCKETS, describePolicy, FIRST_VERSION, StorageInputError } from '../types.js';
import { seriesKey, validateBatch } from '../validate.js';
import type { Bucket } from './buckets.js';
import { policyOf, shardBytes } from './buckets.js';
import { droppedBeyondRetention, type InfluxHttp, InfluxError, type Series } from './http.js';
import { ident, ms, tagEquals, tagIn, where } from './influxql.js';
import { decodeTag, formatPoint } from './line-protocol.js';

export const PERIOD_TAG = 'period';
const COUNT_FIELD = '_n';
/** The record's summary version, an integer field (points written before it existed read as 1). */
export const VERSION_FIELD = '_v';
const WRITE_PAGE = 5000;

export function aggregateLine(r: AggregateRecord): string {
  if (PERIOD_TAG in r.tags) throw new StorageInputError(`${r.measurement}: the tag name "${PERIOD_TAG}" is reserved for the record's period`);
  return formatPoint({ measurement: r.measurement, tags: { ...r.tags, [PERIOD_TAG]: r.period }, fields: { ...r.fields, [COUNT_FIELD]: 1n, [VERSION_FIELD]: BigInt(r.version ?? FIRST_VERSION) }, time: r.time });
}

/** Records of one answer (GROUP BY *: tags in the series, fields in the columns). */
export function recordsOf(series: readonly Series[]): AggregateRecord[] {
  const out: AggregateRecord[] = [];
  for (const s of series) {
    const tags: Record<string, string> = {};
    let period = '';
    for (const [k, v] of Object.entries(s.tags ?? {})) {
      if (v === '') continue;
      if (k === PERIOD_TAG) period = decodeTag(v);
      else tags[k] = decodeTag(v);
    }
    for (const values of s.values ?? []) {
      const fields: Record<string, FieldValue> = {};
      let version = FIRST_VERSION;
      s.columns.forEach((c, i) => {
        const v = values[i];
        if (i === 0 || c === COUNT_FIELD || v === null || v === undefined) return;
        if (c === VERSION_FIELD) version = Number(v);
        else fields[c] = v as FieldValue;
      });
      out.push({ measurement: s.name ?? '', period, time: values[0] as number, tags, fields, version });
    }
  }
  return out;
}

function compareRecords(a: AggregateRecord, b: AggregateRecord): number {
  if (a.time !== b.time) return a.time - b.time;
  if (a.measurement !== b.measurement) return a.measurement < b.measurement ? -1 : 1;
  const sa = seriesKey(a.tags);
  const sb = seriesKey(b.tags);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export class InfluxAggregateStore {
  constructor(
    private readonly http: InfluxHttp,
    private readonly buckets: Readonly<Record<AggregateBucket, Bucket>>,
    private readonly retentionDays: (bucket: AggregateBucket) => number,
  ) {}

  private bucket(name: AggregateBucket): Bucket {
    const b = this.buckets[name];
    if (b === undefined) throw new StorageInputError(`unknown bucket ${name}`);
    return b;
  }

  /** Every line of a batch, checked before anything is deleted or written. */
  linesOf(batch: AggregateBatch): string[] {
    validateBatch(batch);
    return batch.records.map(aggregateLine);
  }

  async replace(batch: AggregateBatch): Promise<void> {
    await this.replaceLines(batch, this.linesOf(batch));
  }

  /** Deletes the period's points of the batch's measurements, then writes the new ones. */
  async replaceLines(batch: AggregateBatch, lines: readonly string[]): Promise<void> {
    const b = this.bucket(batch.bucket);
    if (batch.measurements.length > 0) {
      const deletes = [...new Set(batch.measurements)].map((m) => `DELETE FROM ${ident(m)} WHERE ${tagEquals(PERIOD_TAG, batch.period)}`);
      await this.http.query(deletes.join('; '), b.db);
    }
    for (let i = 0; i < lines.length; i += WRITE_PAGE) {
      try {
        await this.http.write(b.db, b.rp, lines.slice(i, i + WRITE_PAGE).join('\n'));
      } catch (error) {
        const dropped = error instanceof InfluxError ? droppedBeyondRetention(error.message) : null;
        if (dropped === null) throw error;
        // The period is older than the policy keeps: say so plainly (the run is recorded as failed).
        throw new StorageInputError(
          `InfluxDB dropped ${dropped} of the ${batch.bucket} records of ${batch.period}: they are older than ${describePolicy(await policyOf(this.http, b))} of database ${b.db} (lengthen that policy, or storage.influxdb.retention_grace_days where homerhythm manages it, to analyse history this old)`,
        );
      }
    }
  }

  private from(b: Bucket, measurements?: readonly string[]): string {
    const prefix = `${ident(b.db)}.${ident(b.rp)}`;
    if (measurements === undefined) return `${prefix}./.*/`;
    return [...new Set(measurements)].map((m) => `${prefix}.${ident(m)}`).join(', ');
  }

  async query(q: AggregateQuery): Promise<AggregateRecord[]> {
    const b = this.bucket(q.bucket);
    if (q.measurements?.length === 0 || q.periods?.length === 0 || q.limit === 0) return [];
    const conditions = [
      q.start !== undefined && `time >= ${ms(q.start)}`,
      q.end !== undefined && `time < ${ms(q.end)}`,
      q.periods !== undefined && tagIn(PERIOD_TAG, q.periods),
      ...Object.entries(q.tags ?? {}).map(([k, v]) => tagEquals(k, v)),
    ];
    const series = await this.http.series(`SELECT * FROM ${this.from(b, q.measurements)}${where(conditions)} GROUP BY *`, b.db);
    const records = recordsOf(series).sort(compareRecords);
    return q.limit === undefined ? records : records.slice(0, q.limit);
  }

  private async countPoints(b: Bucket, before?: number): Promise<number> {
    const series = await this.http.series(`SELECT count(${ident(COUNT_FIELD)}) FROM ${this.from(b)}${where([before !== undefined && `time < ${ms(before)}`])}`, b.db);
    return series.reduce((sum, s) => sum + Number(s.values?.[0]?.[1] ?? 0), 0);
  }

  async deleteBefore(bucket: AggregateBucket, time: number): Promise<number> {
    const b = this.bucket(bucket);
    const n = await this.countPoints(b, time);
    if (n > 0) await this.http.query(`DELETE WHERE time < ${ms(time)}`, b.db);
    return n;
  }

  async stats(bucket: AggregateBucket): Promise<LayerStats> {
    const b = this.bucket(bucket);
    const field = ident(COUNT_FIELD);
    const [first, last] = await this.http.query(`SELECT first(${field}) FROM ${this.from(b)}; SELECT last(${field}) FROM ${this.from(b)}`, b.db);
    const times = (s: Series[] | undefined) => (s ?? []).map((x) => x.values?.[0]?.[0] as number).filter((t) => typeof t === 'number');
    const firsts = times(first);
    const lasts = times(last);
    return {
      layer: bucket === BUCKETS.daily ? 2 : 3,
      name: bucket,
      records: await this.countPoints(b),
      bytes: await shardBytes(this.http, b.db),
      oldest: firsts.length > 0 ? Math.min(...firsts) : null,
      newest: lasts.length > 0 ? Math.max(...lasts) : null,
      retentionDays: this.retentionDays(bucket),
    };
  }
}
