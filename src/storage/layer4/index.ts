/**
 * Layer 4 and the job runs, the same for both backends: `homerhythm.sqlite` in the data
 * directory holds the patterns, the runs, the home, the user's feedback on suggestions and HA's
 * own automations (the embedded backend also keeps Layers 2 and 3 in it, so a job's outputs
 * commit in one transaction there). A backend composes this; none reaches into another's files.
 */
import { join } from 'node:path';
import { pausePoint } from '../../test-hooks.js';
import type { JobCommit } from '../types.js';
import { StorageInputError } from '../types.js';
import type { Db } from '../sqlite-file.js';
import { SqliteHaAutomationStore } from './automations.js';
import { SqliteFeedbackStore } from './feedback.js';
import { SqliteHomeInfoStore } from './home.js';
import { SqlitePatternStore } from './patterns.js';
import { SqliteRunStore } from './runs.js';
import { openStateDatabase } from './state.js';

export const STATE_FILE = 'homerhythm.sqlite';

export class Layer4 {
  readonly db: Db;
  readonly home: SqliteHomeInfoStore;
  readonly patterns: SqlitePatternStore;
  readonly feedback: SqliteFeedbackStore;
  readonly automations: SqliteHaAutomationStore;
  readonly runs: SqliteRunStore;

  constructor(dataDir: string, patternDays: number | null) {
    this.db = openStateDatabase(join(dataDir, STATE_FILE));
    this.home = new SqliteHomeInfoStore(this.db);
    this.patterns = new SqlitePatternStore(this.db, patternDays);
    this.feedback = new SqliteFeedbackStore(this.db);
    this.automations = new SqliteHaAutomationStore(this.db);
    this.runs = new SqliteRunStore(this.db);
  }

  /**
   * A run's Layer 4 part and its run record, inside one transaction on homerhythm.sqlite:
   * `before` (the embedded backend's aggregates), pattern upserts, expiry, then the run finished
   * — or a throw that rolls all of it back.
   */
  commit(commit: JobCommit, before: () => void = () => undefined): void {
    this.db.transaction(() => {
      before();
      for (const p of commit.patterns) this.patterns.upsertSync(p, commit.finishedAt);
      if (commit.expire !== undefined) this.patterns.deleteNotSeenSince(commit.expire.before, commit.expire.patternTypes);
      pausePoint('job-commit');
      if (!this.runs.finishSync(commit.runId, commit.status, commit.counts, commit.finishedAt, commit.error ?? null)) {
        throw new StorageInputError(`run ${commit.runId} is not running: its outputs were not committed`);
      }
    })();
  }

  close(): void {
    this.db.close();
  }
}
