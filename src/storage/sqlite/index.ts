/** The embedded backend: `events.sqlite` (Layer 1) and `homerhythm.sqlite` (Layers 2–4, job runs). */
import { join } from 'node:path';
import type { JobCommit, LayerStats, RetentionPolicy, RetentionResult, Storage } from '../types.js';
import { BUCKETS, DEFAULT_RETENTION } from '../types.js';
import { validateCommit } from '../validate.js';
import { Layer4 } from '../layer4/index.js';
import type { SqliteHaAutomationStore } from '../layer4/automations.js';
import type { SqliteFeedbackStore } from '../layer4/feedback.js';
import type { SqliteHomeInfoStore } from '../layer4/home.js';
import type { SqlitePatternStore } from '../layer4/patterns.js';
import type { SqliteRunStore } from '../layer4/runs.js';
import { enforceRetention, retentionDaysOf } from '../retention.js';
import type { Db } from '../sqlite-file.js';
import { SqliteAggregateStore } from './aggregates.js';
import { SqliteEventStore } from './events.js';

export const EVENTS_FILE = 'events.sqlite';

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
  private readonly layer4: Layer4;

  constructor(dataDir: string, retention: RetentionPolicy = DEFAULT_RETENTION) {
    this.retention = retention;
    this.events = new SqliteEventStore(join(dataDir, EVENTS_FILE), retention.rawDays);
    this.layer4 = new Layer4(dataDir, retention.patternDays);
    ({ db: this.stateDb, home: this.home, patterns: this.patterns, feedback: this.feedback, automations: this.automations, runs: this.runs } = this.layer4);
    // Layers 2 and 3 live beside Layer 4 here, so a job's outputs commit in one transaction.
    this.aggregates = new SqliteAggregateStore(this.stateDb, retentionDaysOf(retention));
  }

  async commitJob(commit: JobCommit): Promise<void> {
    validateCommit(commit);
    this.layer4.commit(commit, () => {
      for (const batch of commit.aggregates) this.aggregates.replaceSync(batch);
    });
  }

  enforceRetention(now: number): Promise<RetentionResult> {
    return enforceRetention(this, now);
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
