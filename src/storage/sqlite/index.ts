/** The embedded backend: `events.sqlite` (Layer 1) and `homerhythm.sqlite` (Layers 2–4, job runs). */
import { join } from 'node:path';
import type { AggregateBucket, JobCommit, LayerStats, RetentionPolicy, RetentionResult, Storage } from '../types.js';
import { BUCKETS, DEFAULT_RETENTION, StorageInputError } from '../types.js';
import { validateCommit } from '../validate.js';
import { pausePoint } from '../../test-hooks.js';
import { SqliteAggregateStore } from './aggregates.js';
import type { Db } from './database.js';
import { SqliteEventStore } from './events.js';
import { SqliteHomeInfoStore } from './home.js';
import { SqlitePatternStore } from './patterns.js';
import { SqliteFeedbackStore } from './feedback.js';
import { SqliteHaAutomationStore } from './automations.js';
import { SqliteRunStore } from './runs.js';
import { openStateDatabase } from './state.js';

const DAY = 86_400_000;

export const EVENTS_FILE = 'events.sqlite';
export const STATE_FILE = 'homerhythm.sqlite';

export function retentionDaysOf(policy: RetentionPolicy): (bucket: AggregateBucket) => number {
  return (bucket) => (bucket === BUCKETS.daily ? policy.dailyDays : policy.weeklyWeeks * 7);
}

export class SqliteStorage implements Storage {
  readonly backend = 'sqlite' as const;
  readonly home: SqliteHomeInfoStore;
  readonly events: SqliteEventStore;
  readonly aggregates: SqliteAggregateStore;
  readonly patterns: SqlitePatternStore;
  readonly feedback: SqliteFeedbackStore;
  readonly automations: SqliteHaAutomationStore;
  readonly runs: SqliteRunStore;
  readonly retention: RetentionPolicy;
  readonly stateDb: Db;

  constructor(dataDir: string, retention: RetentionPolicy = DEFAULT_RETENTION) {
    this.retention = retention;
    this.events = new SqliteEventStore(join(dataDir, EVENTS_FILE), retention.rawDays);
    this.stateDb = openStateDatabase(join(dataDir, STATE_FILE));
    this.home = new SqliteHomeInfoStore(this.stateDb);
    this.aggregates = new SqliteAggregateStore(this.stateDb, retentionDaysOf(retention));
    this.patterns = new SqlitePatternStore(this.stateDb, retention.patternDays);
    this.feedback = new SqliteFeedbackStore(this.stateDb);
    this.automations = new SqliteHaAutomationStore(this.stateDb);
    this.runs = new SqliteRunStore(this.stateDb);
  }

  async commitJob(commit: JobCommit): Promise<void> {
    validateCommit(commit);
    this.stateDb.transaction(() => {
      for (const batch of commit.aggregates) this.aggregates.replaceSync(batch);
      commitLayer4(this.patterns, this.runs, commit);
    })();
  }

  async enforceRetention(now: number): Promise<RetentionResult> {
    const r = this.retention;
    const raw = await this.events.deleteBefore(now - r.rawDays * DAY);
    const daily = await this.aggregates.deleteBefore(BUCKETS.daily, now - r.dailyDays * DAY);
    const weekly = await this.aggregates.deleteBefore(BUCKETS.weekly, now - r.weeklyWeeks * 7 * DAY);
    const patterns = r.patternDays === null ? 0 : this.patterns.deleteNotSeenSince(now - r.patternDays * DAY);
    return { raw, daily, weekly, patterns };
  }

  async stats(): Promise<LayerStats[]> {
    return [
      await this.events.stats(),
      await this.aggregates.stats(BUCKETS.daily),
      await this.aggregates.stats(BUCKETS.weekly),
      this.patterns.stats(),
    ];
  }

  async close(): Promise<void> {
    this.events.close();
    this.stateDb.close();
  }
}

/**
 * A run's Layer 4 part and its run record, inside the caller's transaction on homerhythm.sqlite:
 * pattern upserts, expiry, then the run finished — or a throw that rolls all of it back. Both
 * backends commit through it (InfluxDB after writing its aggregates).
 */
export function commitLayer4(patterns: SqlitePatternStore, runs: SqliteRunStore, commit: JobCommit): void {
  for (const p of commit.patterns) patterns.upsertSync(p, commit.finishedAt);
  if (commit.expire !== undefined) patterns.deleteNotSeenSince(commit.expire.before, commit.expire.patternTypes);
  pausePoint('job-commit');
  if (!runs.finishSync(commit.runId, commit.status, commit.counts, commit.finishedAt, commit.error ?? null)) {
    throw new StorageInputError(`run ${commit.runId} is not running: its outputs were not committed`);
  }
}
