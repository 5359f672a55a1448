/** Checks every backend applies before it writes aggregates, so a bad record never half-lands. */
import { type AggregateBatch, type AggregateRecord, BUCKETS, type JobCommit, type PatternUpsert, StorageInputError } from './types.js';

/** Measurement, tag and field names: what InfluxDB and SQL both take without surprises. */
const NAME = /^[a-z][a-z0-9_]{0,62}$/;

export function validateRecord(r: AggregateRecord): void {
  if (!NAME.test(r.measurement)) throw new StorageInputError(`bad measurement name: ${JSON.stringify(r.measurement)}`);
  if (!Number.isSafeInteger(r.time)) throw new StorageInputError(`${r.measurement}: time must be integer ms`);
  if (r.version !== undefined && !(Number.isSafeInteger(r.version) && r.version >= 1)) throw new StorageInputError(`${r.measurement}: version must be a whole number ≥ 1`);
  for (const [key, value] of Object.entries(r.tags)) {
    if (!NAME.test(key)) throw new StorageInputError(`${r.measurement}: bad tag name ${JSON.stringify(key)}`);
    if (typeof value !== 'string' || value === '') throw new StorageInputError(`${r.measurement}: tag ${key} must be a non-empty string`);
  }
  let fields = 0;
  for (const [key, value] of Object.entries(r.fields)) {
    fields++;
    if (!NAME.test(key)) throw new StorageInputError(`${r.measurement}: bad field name ${JSON.stringify(key)}`);
    if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string' && typeof value !== 'boolean') {
      throw new StorageInputError(`${r.measurement}: field ${key} must be a finite number, a string or a boolean`);
    }
  }
  if (fields === 0) throw new StorageInputError(`${r.measurement}: a record needs at least one field`);
}

export function validateBatch(batch: AggregateBatch): void {
  if (batch.bucket !== BUCKETS.daily && batch.bucket !== BUCKETS.weekly) throw new StorageInputError(`unknown bucket ${batch.bucket}`);
  const measurements = new Set(batch.measurements);
  for (const m of measurements) if (!NAME.test(m)) throw new StorageInputError(`bad measurement name: ${JSON.stringify(m)}`);
  for (const r of batch.records) {
    validateRecord(r);
    if (r.period !== batch.period) throw new StorageInputError(`${r.measurement}: record of period ${r.period} in a batch for ${batch.period}`);
    if (!measurements.has(r.measurement)) throw new StorageInputError(`${r.measurement} is not among the batch's measurements`);
  }
}

/** The identity of a series: its tags, sorted, as one string. */
export function seriesKey(tags: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.keys(tags).sort().map((k) => [k, tags[k]]));
}

export function validatePattern(p: PatternUpsert): void {
  if (typeof p.patternType !== 'string' || p.patternType === '') throw new StorageInputError('pattern_type must be a non-empty string');
  if (typeof p.deviceId !== 'string' || p.deviceId === '') throw new StorageInputError(`${p.patternType}: device_id must be a non-empty string`);
  if (typeof p.key !== 'string') throw new StorageInputError(`${p.patternType}: key must be a string`);
  if (!(p.confidence >= 0 && p.confidence <= 1)) throw new StorageInputError(`${p.patternType} ${p.deviceId}: confidence ${p.confidence} is not in [0, 1]`);
  if (!Number.isSafeInteger(p.occurrences) || p.occurrences < 0) throw new StorageInputError(`${p.patternType} ${p.deviceId}: occurrences must be a count`);
  if (!Number.isFinite(p.lastSeen)) throw new StorageInputError(`${p.patternType} ${p.deviceId}: lastSeen must be a time`);
}

/** Checks a whole commit before anything is written, so no backend half-applies a bad one. */
export function validateCommit(commit: JobCommit): void {
  for (const batch of commit.aggregates) validateBatch(batch);
  for (const p of commit.patterns) validatePattern(p);
}
