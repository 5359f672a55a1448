/**
 * The InfluxDB backend: Layers 1–3 in InfluxDB through its v1 HTTP API (1.x natively, 2.x/3.x
 * through their v1 compatibility API); Layer 4, job runs and home settings in
 * `homerhythm.sqlite`, as in the seed. Layer 1 writes fall back to a local spool when InfluxDB
 * fails. A job commit writes its aggregates first, then patterns and run record in one SQLite
 * transaction: a crash between the two leaves the run `running`, and re-running the period
 * replaces the aggregates and upserts the patterns, which repairs it.
 */
import { join } from 'node:path';
import type { StateEvent } from '../../events/model.js';
import type { AggregateBatch, AggregateBucket, AppendResult, BackendTable, EventQuery, EventStore, JobCommit, LayerStats, RetentionPolicy, RetentionResult, Storage, StorageHealth } from '../types.js';
import { BUCKETS, DEFAULT_RETENTION, StorageInputError } from '../types.js';
import { validateCommit } from '../validate.js';
import { Layer4 } from '../layer4/index.js';
import type { SqliteHaAutomationStore } from '../layer4/automations.js';
import type { SqliteFeedbackStore } from '../layer4/feedback.js';
import type { SqliteHomeInfoStore } from '../layer4/home.js';
import type { SqlitePatternStore } from '../layer4/patterns.js';
import type { SqliteRunStore } from '../layer4/runs.js';
import { enforceRetention, retentionDaysOf } from '../retention.js';
import { InfluxAggregateStore } from './aggregates.js';
import { type Bucket, bucketsOf, DEFAULT_GRACE_DAYS, DEFAULT_RETENTION_POLICY, describeBuckets, ensureBuckets } from './buckets.js';
import { InfluxEventStore } from './events.js';
import { type InfluxConnection, InfluxError, InfluxHttp } from './http.js';
import { DEFAULT_SPOOL_MAX_BYTES, EventSpool } from './spool.js';

export interface InfluxOptions extends InfluxConnection {
  /** Holds homerhythm.sqlite and the spool. */
  readonly dataDir: string;
  readonly retention?: RetentionPolicy;
  /** Prepended to the three database names (default none). */
  readonly databasePrefix?: string;
  /** The retention policy in each database (default `homerhythm`). */
  readonly retentionPolicy?: string;
  /** Days each policy keeps beyond its layer's retention (default 35); null: INF. */
  readonly graceDays?: number | null;
  /** Create databases and policies on start (1.x); false for 2.x/3.x, whose buckets and DBRP mappings exist already. */
  readonly manageDatabases?: boolean;
  readonly spoolDir?: string;
  readonly spoolMaxBytes?: number;
}

/** Layer 1 with the spool in front: writes InfluxDB cannot take now wait on disk, in order. */
class SpooledEventStore implements EventStore {
  constructor(
    private readonly influx: InfluxEventStore,
    readonly spool: EventSpool,
  ) {}

  async append(events: readonly StateEvent[]): Promise<AppendResult> {
    if (events.length === 0) return { inserted: 0, duplicates: 0 };
    // Behind a non-empty spool, new batches queue too: the first stored state of a millisecond wins.
    if (this.spool.empty) {
      try {
        return await this.influx.write(events);
      } catch (error) {
        if (!(error instanceof InfluxError && error.retryable)) throw error;
        this.spool.add(events, error);
        return { inserted: events.length, duplicates: 0, spooled: events.length };
      }
    }
    this.spool.add(events);
    return { inserted: events.length, duplicates: 0, spooled: events.length };
  }

  /** Reads see every acknowledged event: what waits in the spool is delivered first. */
  private async settled(): Promise<void> {
    if (!this.spool.empty) await this.spool.drain();
  }

  async *read(query: EventQuery): AsyncIterable<StateEvent[]> {
    await this.settled();
    yield* this.influx.read(query);
  }

  async lastBefore(time: number, lookbackMs: number, entityIds?: readonly string[]): Promise<Map<string, StateEvent>> {
    await this.settled();
    return this.influx.lastBefore(time, lookbackMs, entityIds);
  }

  async newestTime(): Promise<number | null> {
    await this.settled();
    return this.influx.newestTime();
  }

  async deleteBefore(time: number): Promise<number> {
    await this.settled();
    return this.influx.deleteBefore(time);
  }

  stats(): Promise<LayerStats> {
    return this.influx.stats();
  }
}

export class InfluxStorage implements Storage {
  readonly backend = 'influxdb' as const;
  readonly home: SqliteHomeInfoStore;
  readonly events: SpooledEventStore;
  readonly aggregates: InfluxAggregateStore;
  readonly patterns: SqlitePatternStore;
  readonly feedback: SqliteFeedbackStore;
  readonly automations: SqliteHaAutomationStore;
  readonly runs: SqliteRunStore;
  readonly retention: RetentionPolicy;
  readonly http: InfluxHttp;
  readonly buckets: { readonly raw: Bucket; readonly daily: Bucket; readonly weekly: Bucket };
  private readonly layer4: Layer4;

  private constructor(options: InfluxOptions) {
    this.retention = options.retention ?? DEFAULT_RETENTION;
    this.http = new InfluxHttp(options);
    this.buckets = bucketsOf(this.retention, {
      databasePrefix: options.databasePrefix ?? '',
      retentionPolicy: options.retentionPolicy ?? DEFAULT_RETENTION_POLICY,
      graceDays: options.graceDays === undefined ? DEFAULT_GRACE_DAYS : options.graceDays,
    });
    const events = new InfluxEventStore(this.http, this.buckets.raw, this.retention.rawDays);
    const spool = new EventSpool(options.spoolDir ?? join(options.dataDir, 'influx-spool'), options.spoolMaxBytes ?? DEFAULT_SPOOL_MAX_BYTES, async (batch) => {
      await events.write(batch);
    });
    this.events = new SpooledEventStore(events, spool);
    const byName: Record<AggregateBucket, Bucket> = { [BUCKETS.daily]: this.buckets.daily, [BUCKETS.weekly]: this.buckets.weekly };
    this.aggregates = new InfluxAggregateStore(this.http, byName, retentionDaysOf(this.retention));
    this.layer4 = new Layer4(options.dataDir, this.retention.patternDays);
    ({ home: this.home, patterns: this.patterns, feedback: this.feedback, automations: this.automations, runs: this.runs } = this.layer4);
  }

  /**
   * Opens the store. With InfluxDB unreachable it still opens (Layer 1 writes spool); databases
   * are then created when it answers. Other failures (auth, a policy it refuses) throw.
   */
  static async open(options: InfluxOptions): Promise<InfluxStorage> {
    const storage = new InfluxStorage(options);
    if (options.manageDatabases ?? true) {
      try {
        await ensureBuckets(storage.http, [storage.buckets.raw, storage.buckets.daily, storage.buckets.weekly]);
      } catch (error) {
        if (!(error instanceof InfluxError && error.retryable)) {
          await storage.close();
          throw error;
        }
      }
    }
    if (!storage.events.spool.empty) void storage.events.spool.drain().catch(() => undefined);
    return storage;
  }

  async commitJob(commit: JobCommit): Promise<void> {
    validateCommit(commit);
    const lines = commit.aggregates.map((b) => this.aggregates.linesOf(b));
    if (!this.runs.isRunning(commit.runId)) throw new StorageInputError(`run ${commit.runId} is not running: its outputs were not committed`);
    // InfluxDB first: if this fails the run stays `running` and nothing of Layer 4 changed.
    for (const [i, batch] of commit.aggregates.entries()) await this.aggregates.replaceLines(batch as AggregateBatch, lines[i]!);
    this.layer4.commit(commit);
  }

  enforceRetention(now: number): Promise<RetentionResult> {
    return enforceRetention(this, now);
  }

  async stats(): Promise<LayerStats[]> {
    return [await this.events.stats(), await this.aggregates.stats(BUCKETS.daily), await this.aggregates.stats(BUCKETS.weekly), this.patterns.stats()];
  }

  health(): StorageHealth {
    const spool = this.events.spool.health();
    const details = { backend: this.backend, influxdb: this.http.url, spool: { events: spool.events, batches: spool.batches, bytes: spool.bytes, max_bytes: spool.maxBytes, refused_batches: spool.refusedBatches, rejected_batches: spool.rejectedBatches, last_error: spool.lastError } };
    if (spool.full) {
      return { status: 'down', message: `the InfluxDB spool is full and refuses events: get InfluxDB at ${this.http.url} answering (${spool.lastError ?? 'no answer'}) or raise storage.influxdb.spool_max_bytes`, details };
    }
    if (spool.events > 0) {
      return { status: 'degraded', message: `${spool.events} events wait in the local spool (${spool.bytes} of ${spool.maxBytes} bytes) until InfluxDB at ${this.http.url} answers: ${spool.lastError ?? 'delivering'}`, details };
    }
    if (spool.rejectedBatches > 0) {
      return { status: 'degraded', message: `InfluxDB refused ${spool.rejectedBatches} spooled batches for good; they are kept in ${this.events.spool.dir}/rejected.jsonl`, details };
    }
    return { status: 'ok', details };
  }

  async describe(): Promise<BackendTable> {
    const policies = await describeBuckets(this.http, [this.buckets.raw, this.buckets.daily, this.buckets.weekly]);
    return {
      title: `InfluxDB ${this.http.url}: retention policies`,
      columns: ['database', 'retention policy', 'duration', 'shard group', 'default', 'on disk'],
      rows: policies.map((p) => [p.database, p.name, p.duration === '0s' ? 'INF' : p.duration, p.shardGroupDuration, p.isDefault ? 'yes' : '', String(p.bytes)]),
    };
  }

  async close(): Promise<void> {
    this.events.spool.close();
    if (this.layer4.db.open) this.layer4.close();
  }
}
