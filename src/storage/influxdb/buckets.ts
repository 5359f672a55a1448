/**
 * The seed's buckets on InfluxDB: each a database with a retention policy, created (or brought
 * to the configured duration) on start. The policy keeps a layer's retention plus a grace
 * period: our own retention (daily, jobs service) deletes at the exact age, after the jobs have
 * read what they need; the policy is the backstop that also refuses points older than it keeps —
 * the grace leaves room to import a month of history and to drain a spool after a long outage.
 */
import type { ExpiryPolicy, RetentionPolicy } from '../types.js';
import { BUCKETS } from '../types.js';
import type { InfluxHttp } from './http.js';
import { duration, ident, str } from './influxql.js';

export interface Bucket {
  readonly name: string;
  readonly db: string;
  readonly rp: string;
  /** The policy's duration in days; null = INF. */
  readonly durationDays: number | null;
}

export interface BucketNaming {
  /** Prepended to every database name (tests, several homes on one server). */
  readonly databasePrefix: string;
  readonly retentionPolicy: string;
  /** Days the policy keeps beyond the layer's retention; null: the policy keeps forever. */
  readonly graceDays: number | null;
}

export const DEFAULT_RETENTION_POLICY = 'homerhythm';
export const DEFAULT_GRACE_DAYS = 35;

export function bucketsOf(retention: RetentionPolicy, naming: BucketNaming): { raw: Bucket; daily: Bucket; weekly: Bucket } {
  const make = (name: string, days: number): Bucket => ({
    name,
    db: `${naming.databasePrefix}${name}`,
    rp: naming.retentionPolicy,
    durationDays: naming.graceDays === null ? null : days + naming.graceDays,
  });
  return {
    raw: make(BUCKETS.raw, retention.rawDays),
    daily: make(BUCKETS.daily, retention.dailyDays),
    weekly: make(BUCKETS.weekly, retention.weeklyWeeks * 7),
  };
}

export interface RetentionPolicyInfo {
  readonly database: string;
  readonly name: string;
  readonly duration: string;
  readonly shardGroupDuration: string;
  readonly isDefault: boolean;
  readonly bytes: number;
}

function sameDuration(influx: string, days: number | null): boolean {
  // SHOW RETENTION POLICIES answers `0s` for INF and `168h0m0s` for 7d.
  if (days === null) return influx === '0s';
  return influx === `${days * 24}h0m0s`;
}

/** Creates missing databases and policies; brings an existing policy to the configured duration. */
export async function ensureBuckets(http: InfluxHttp, buckets: readonly Bucket[]): Promise<void> {
  for (const b of buckets) {
    await http.query(`CREATE DATABASE ${ident(b.db)}`);
    const policies = await retentionPolicies(http, b.db);
    const existing = policies.find((p) => p.name === b.rp);
    const spec = `DURATION ${duration(b.durationDays)} REPLICATION 1 DEFAULT`;
    if (existing === undefined) await http.query(`CREATE RETENTION POLICY ${ident(b.rp)} ON ${ident(b.db)} ${spec}`);
    else if (!sameDuration(existing.duration, b.durationDays) || !existing.isDefault) await http.query(`ALTER RETENTION POLICY ${ident(b.rp)} ON ${ident(b.db)} ${spec}`);
  }
}

async function retentionPolicies(http: InfluxHttp, db: string): Promise<Omit<RetentionPolicyInfo, 'bytes'>[]> {
  const [s] = await http.series(`SHOW RETENTION POLICIES ON ${ident(db)}`);
  return (s?.values ?? []).map((v) => ({ database: db, name: String(v[0]), duration: String(v[1]), shardGroupDuration: String(v[2]), isDefault: v[4] === true }));
}

/** The duration of a policy as InfluxDB has it (which may not be what we configured, e.g. 2.x's or a user's), in days; null: INF. */
export async function policyOf(http: InfluxHttp, b: Bucket): Promise<ExpiryPolicy> {
  try {
    const found = (await retentionPolicies(http, b.db)).find((p) => p.name === b.rp);
    // SHOW RETENTION POLICIES answers `168h0m0s` for 7d and `0s` for INF
    const hours = found === undefined ? NaN : Number(/^(\d+)h/.exec(found.duration)?.[1] ?? (found.duration === '0s' ? 0 : NaN));
    if (Number.isFinite(hours)) return { name: b.rp, days: hours === 0 ? null : Math.round((hours / 24) * 100) / 100 };
  } catch {
    // 2.x/3.x may not answer SHOW RETENTION POLICIES: the configured duration is the best we know
  }
  return { name: b.rp, days: b.durationDays };
}

/** Bytes of the database's shards on disk (TSM files and WAL), from `SHOW STATS FOR 'shard'`; 0 where the server has no such statistics (2.x/3.x). */
export async function shardBytes(http: InfluxHttp, db: string, rp?: string): Promise<number> {
  let series;
  try {
    series = await http.series(`SHOW STATS FOR ${str('shard')}`);
  } catch {
    return 0;
  }
  let bytes = 0;
  for (const s of series) {
    if (s.tags?.['database'] !== db || (rp !== undefined && s.tags?.['retentionPolicy'] !== rp)) continue;
    const i = s.columns.indexOf('diskBytes');
    if (i >= 0) bytes += Number(s.values?.[0]?.[i] ?? 0);
  }
  return bytes;
}

/** Every policy of our databases with its size, for `homerhythm status`. */
export async function describeBuckets(http: InfluxHttp, buckets: readonly Bucket[]): Promise<RetentionPolicyInfo[]> {
  const out: RetentionPolicyInfo[] = [];
  for (const b of buckets) {
    for (const p of await retentionPolicies(http, b.db)) out.push({ ...p, bytes: await shardBytes(http, b.db, p.name) });
  }
  return out;
}
