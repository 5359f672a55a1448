/**
 * `homerhythm.sqlite`: Layer 4 (patterns), job runs, and — for the embedded backend — the
 * Layer 2/3 aggregates, the user's feedback on suggestions and HA's own automations, all in one file so a job's outputs commit in one transaction.
 */
import { type Db, openDatabase } from '../sqlite-file.js';
import { AUTOMATIONS_SCHEMA } from './automations.js';
import { FEEDBACK_SCHEMA } from './feedback.js';

export const STATE_SCHEMA = [
  `CREATE TABLE patterns (
     id INTEGER PRIMARY KEY,
     pattern_type TEXT NOT NULL,
     device_id TEXT NOT NULL,
     pattern_metadata TEXT NOT NULL,
     confidence REAL NOT NULL,
     occurrences INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     pattern_key TEXT NOT NULL,
     area_id TEXT,
     updated_at TEXT NOT NULL,
     last_seen TEXT NOT NULL,
     UNIQUE (pattern_type, device_id, pattern_key)
   );
   CREATE INDEX patterns_by_confidence ON patterns (confidence);
   CREATE INDEX patterns_by_last_seen ON patterns (last_seen);
   CREATE TABLE job_runs (
     id INTEGER PRIMARY KEY,
     job TEXT NOT NULL,
     period TEXT NOT NULL,
     started_at INTEGER NOT NULL,
     finished_at INTEGER,
     status TEXT NOT NULL,
     counts TEXT NOT NULL DEFAULT '{}',
     error TEXT
   );
   CREATE INDEX job_runs_by_job_period ON job_runs (job, period, id);
   CREATE TABLE aggregates (
     bucket TEXT NOT NULL,
     measurement TEXT NOT NULL,
     period TEXT NOT NULL,
     series TEXT NOT NULL,
     time INTEGER NOT NULL,
     entity_id TEXT,
     area_id TEXT,
     tags TEXT NOT NULL,
     fields TEXT NOT NULL,
     PRIMARY KEY (bucket, measurement, period, series)
   ) WITHOUT ROWID;
   CREATE INDEX aggregates_by_time ON aggregates (bucket, measurement, time);
   CREATE INDEX aggregates_by_entity ON aggregates (bucket, entity_id, time);
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // 1: the user's feedback on suggestions; 2: HA's own automations
  FEEDBACK_SCHEMA,
  AUTOMATIONS_SCHEMA,
  // 3: the version of the summary that wrote each Layer 2/3 record (rows written before read as 1)
  `ALTER TABLE aggregates ADD COLUMN version INTEGER NOT NULL DEFAULT 1;`,
];

export function openStateDatabase(path: string): Db {
  return openDatabase(path, STATE_SCHEMA);
}
