/** Job runs: one row per run, written as `running` first so a crash stays visible. */
import type { JobName, JobRun, RunStatus, RunStore } from '../types.js';
import { Conditions, type Db } from '../sqlite-file.js';

type Raw = { id: number; job: JobName; period: string; started_at: number; finished_at: number | null; status: RunStatus; counts: string; error: string | null };

export class SqliteRunStore implements RunStore {
  private readonly db: Db;
  private readonly stmt;

  constructor(db: Db) {
    this.db = db;
    this.stmt = {
      start: db.prepare(`INSERT INTO job_runs (job, period, started_at, status) VALUES (?, ?, ?, 'running')`),
      interrupted: db.prepare(
        `UPDATE job_runs SET status = 'failed', finished_at = ?, error = 'interrupted: the process stopped before the run finished' WHERE job = ? AND period = ? AND status = 'running'`,
      ),
      finish: db.prepare(`UPDATE job_runs SET status = ?, counts = ?, finished_at = ?, error = ? WHERE id = ? AND status = 'running'`),
      lastCompleted: db.prepare(
        `SELECT * FROM job_runs WHERE job = ? AND period = ? AND status IN ('success', 'partial') ORDER BY id DESC LIMIT 1`,
      ),
    };
  }

  start(job: JobName, period: string, startedAt: number): number {
    return this.db.transaction(() => {
      // A run of this period still marked running was cut off (crash, kill -9): say so.
      this.stmt.interrupted.run(startedAt, job, period);
      return Number(this.stmt.start.run(job, period, startedAt).lastInsertRowid);
    })();
  }

  /** Returns whether a running run was found and finished. */
  finishSync(id: number, status: RunStatus, counts: Record<string, number>, finishedAt: number, error: string | null): boolean {
    return this.stmt.finish.run(status, JSON.stringify(counts), finishedAt, error, id).changes === 1;
  }

  /** Whether the run exists and is still `running` (a commit may finish it). */
  isRunning(id: number): boolean {
    return this.db.prepare(`SELECT 1 FROM job_runs WHERE id = ? AND status = 'running'`).get(id) !== undefined;
  }

  fail(id: number, error: string, finishedAt: number): void {
    this.finishSync(id, 'failed', {}, finishedAt, error);
  }

  finish(id: number, status: RunStatus, counts: Record<string, number>, finishedAt: number, error: string | null = null): void {
    this.finishSync(id, status, counts, finishedAt, error);
  }

  list(q: { job?: JobName; period?: string; status?: RunStatus; limit?: number } = {}): JobRun[] {
    const where = new Conditions()
      .add(q.job !== undefined, 'job = ?', q.job)
      .add(q.period !== undefined, 'period = ?', q.period)
      .add(q.status !== undefined, 'status = ?', q.status);
    const sql = `SELECT * FROM job_runs ${where.sql} ORDER BY id DESC LIMIT ?`;
    const params = where.params;
    return (this.db.prepare(sql).all(...params, q.limit ?? 100) as Raw[]).map(parse);
  }

  lastCompleted(job: JobName, period: string): JobRun | undefined {
    const row = this.stmt.lastCompleted.get(job, period) as Raw | undefined;
    return row && parse(row);
  }
}

function parse(r: Raw): JobRun {
  return {
    id: r.id,
    job: r.job,
    period: r.period,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    counts: JSON.parse(r.counts) as Record<string, number>,
    error: r.error,
  };
}
