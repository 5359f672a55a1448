/**
 * Layer 4: what the user said about each suggestion (accepted, dismissed, snoozed until a time),
 * kept beside the patterns in `homerhythm.sqlite`. It is keyed by the suggestion's identity, not
 * by a pattern id, so it survives `recompute`, `migrate`, backup and restore, and patterns being
 * deleted and found again.
 */
import type { FeedbackRow, FeedbackStore } from '../types.js';
import type { Db } from '../sqlite-file.js';

export const FEEDBACK_SCHEMA = `CREATE TABLE suggestion_feedback (
     key TEXT PRIMARY KEY,
     routine TEXT NOT NULL,
     minute INTEGER,
     verdict TEXT NOT NULL CHECK (verdict IN ('accepted', 'dismissed', 'snoozed')),
     until INTEGER,
     pattern_id INTEGER,
     at INTEGER NOT NULL,
     ha_automation_id TEXT
   );
   CREATE INDEX suggestion_feedback_by_routine ON suggestion_feedback (routine);`;

export class SqliteFeedbackStore implements FeedbackStore {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      set: db.prepare(
        `INSERT INTO suggestion_feedback (key, routine, minute, verdict, until, pattern_id, at, ha_automation_id) VALUES (@key, @routine, @minute, @verdict, @until, @pattern_id, @at, @ha_automation_id)
         ON CONFLICT (key) DO UPDATE SET routine = excluded.routine, minute = excluded.minute, verdict = excluded.verdict, until = excluded.until, pattern_id = excluded.pattern_id, at = excluded.at, ha_automation_id = excluded.ha_automation_id`,
      ),
      list: db.prepare('SELECT key, routine, minute, verdict, until, pattern_id, at, ha_automation_id FROM suggestion_feedback ORDER BY at, key'),
      remove: db.prepare('DELETE FROM suggestion_feedback WHERE key = ?'),
    };
  }

  set(row: FeedbackRow): void {
    this.stmt.set.run({ ha_automation_id: null, ...row });
  }

  list(): FeedbackRow[] {
    return this.stmt.list.all() as FeedbackRow[];
  }

  remove(key: string): boolean {
    return this.stmt.remove.run(key).changes > 0;
  }
}
