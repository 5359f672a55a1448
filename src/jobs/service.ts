/**
 * The jobs service: at start it catches up on missed days, weeks and months (oldest first), then
 * every day at 03:00 in the home's time zone (croner) runs what is due, one run at a time: the
 * daily job for yesterday, the weekly job when an ISO week has ended, the monthly job when a month
 * has ended (the 1st), then retention.
 */
import { Cron } from 'croner';
import { detectorSettingsOf } from '../config.js';
import type { ComponentHealth, Service, ServiceContext } from '../service.js';
import type { JobRun } from '../storage/types.js';
import { runDailyJob } from './daily.js';
import { dueDays, dueMonths, dueWeeks, retentionDue, staleDays } from './due.js';
import { runMonthlyJob } from './monthly.js';
import { runRetention } from './retention.js';
import { runWeeklyJob } from './weekly.js';

export const DAILY_SCHEDULE = '0 3 * * *';

export interface JobsOptions {
  /** Clock (tests move it); defaults to Date.now. */
  readonly clock?: () => number;
  /** Set false in tests to drive `tick` by hand. */
  readonly schedule?: boolean;
  /** How often the home's time zone is checked, so the schedule follows it (default 60 s). */
  readonly zoneCheckMs?: number;
}

export const DEFAULT_ZONE_CHECK_MS = 60_000;

export class JobsService implements Service {
  readonly name = 'jobs' as const;
  private readonly ctx: ServiceContext;
  private readonly clock: () => number;
  private readonly scheduled: boolean;
  private cron: Cron | null = null;
  /** The zone `cron` runs in. */
  private cronZone = '';
  private zoneCheck: NodeJS.Timeout | null = null;
  private readonly zoneCheckMs: number;
  /** Runs are chained: one at a time, in order. */
  private chain: Promise<void> = Promise.resolve();
  private running: string | null = null;
  private lastError: string | null = null;

  constructor(ctx: ServiceContext, options: JobsOptions = {}) {
    this.ctx = ctx;
    this.clock = options.clock ?? Date.now;
    this.scheduled = options.schedule ?? true;
    this.zoneCheckMs = options.zoneCheckMs ?? DEFAULT_ZONE_CHECK_MS;
  }

  async start(): Promise<void> {
    this.ctx.health.register('jobs', () => this.health());
    // Catch-up runs in the background: a week of missed days must not hold up the other services.
    void this.tick();
    if (this.scheduled) {
      this.schedule();
      // HA's get_config may tell the zone only after the start (a first run), possibly in another process (--only ingest).
      this.zoneCheck = setInterval(() => this.followZone(), this.zoneCheckMs).unref();
    }
  }

  /** The zone the 03:00 schedule runs in (null: not scheduled). */
  get scheduleZone(): string | null {
    return this.cron === null ? null : this.cronZone;
  }

  private schedule(): void {
    this.cron?.stop();
    this.cronZone = this.ctx.calendar().zone;
    this.cron = new Cron(DAILY_SCHEDULE, { timezone: this.cronZone, protect: true }, () => void this.tick());
  }

  /** Re-schedules the daily run when the home's time zone changed (HA's get_config, a config edit). */
  private followZone(): void {
    if (this.cron === null) return;
    let zone: string;
    try {
      zone = this.ctx.calendar().zone;
    } catch (e) {
      this.ctx.log.warn({ err: e }, 'reading the home time zone failed; the schedule keeps its zone');
      return;
    }
    if (zone === this.cronZone) return;
    this.ctx.log.info({ from: this.cronZone, to: zone }, 'the home time zone changed: the jobs now run at 03:00 in it');
    this.schedule();
  }

  async stop(): Promise<void> {
    if (this.zoneCheck !== null) clearInterval(this.zoneCheck);
    this.zoneCheck = null;
    this.cron?.stop();
    this.cron = null;
    await this.chain;
    this.ctx.health.unregister('jobs');
  }

  /** Runs other job work (e.g. "run now" from the API) in the same queue: never beside a scheduled run. */
  enqueue<T>(work: () => Promise<T>): Promise<T> {
    const result = this.chain.then(work);
    this.chain = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Runs what is due now (missed days oldest first, then retention); resolves when done. */
  tick(): Promise<void> {
    this.chain = this.chain.then(() => this.runDue()).catch((e: unknown) => {
      this.lastError = (e as Error).message;
      this.ctx.log.error({ err: e }, 'job failed');
    });
    return this.chain;
  }

  private async runDue(): Promise<void> {
    const { storage } = this.ctx;
    const calendar = this.ctx.calendar();
    const settings = detectorSettingsOf(this.ctx.config);
    this.lastError = null;
    const due = await dueDays(storage, calendar, this.clock());
    // days summarised by an older version while their raw events are still kept
    const stale = await staleDays(storage, calendar, this.clock());
    if (stale.length > 0) this.ctx.log.info({ days: stale }, `running ${stale.length} days again: their Layer 2 summary was written by an older version and their raw events are still kept`);
    const days = [...new Set([...due, ...stale])].sort();
    await this.runEach('daily', days, (day) => runDailyJob(storage, calendar, day, settings, this.clock), (r) => ({ events: r.events, ...(r.versions === null ? {} : { versions: r.versions }) }));
    // weeks that ended (ISO, Monday first: the Monday tick, after Sunday's daily job)
    await this.runEach('weekly', await dueWeeks(storage, calendar, this.clock()), (week) => runWeeklyJob(storage, calendar, week, settings, this.clock), (r) => (r.versions === null ? {} : { versions: r.versions }));
    // months that ended (the 1st's tick, after the last day's daily job)
    await this.runEach('monthly', await dueMonths(storage, calendar, this.clock()), (month) => runMonthlyJob(storage, calendar, month, settings, this.clock), (r) => ({ days: r.days, ...(r.versions === null ? {} : { versions: r.versions }) }));
    const now = this.clock();
    if (!retentionDue(storage, calendar, now)) return;
    const retention = async () => ({ status: 'success', patterns: [], error: null, removed: await runRetention(storage, calendar, now, this.clock) });
    await this.runEach('retention', [calendar.periodOf('day', now).key], retention, (r) => ({ ...r.removed }));
  }

  /**
   * Runs a job for each period in turn, showing which one runs in health and logging each. A
   * period that throws is recorded as failed by its job (run record with the error), reported in
   * health, and tried again at the next run; the periods after it go on.
   */
  private async runEach<R extends { readonly status: string; readonly patterns: readonly unknown[]; readonly error: string | null }>(
    job: string,
    periods: readonly string[],
    run: (period: string) => Promise<R>,
    fields: (result: R) => Record<string, unknown> = () => ({}),
  ): Promise<R[]> {
    const results: R[] = [];
    for (const period of periods) {
      this.running = `${job} ${period}`;
      try {
        const r = await run(period);
        this.ctx.log.info({ job, period, status: r.status, ...fields(r), patterns: r.patterns.length }, `${job} job done`);
        results.push(r);
      } catch (e) {
        this.lastError = `${job} ${period}: ${(e as Error).message}`;
        this.ctx.log.error({ err: e, job, period }, `${job} job failed; the next periods go on, and this one is tried again at the next run`);
      } finally {
        this.running = null;
      }
    }
    return results;
  }

  health(): ComponentHealth {
    const next = this.cron?.nextRun()?.toISOString() ?? null;
    const last = this.ctx.storage.runs.list({ job: 'daily', limit: 1 })[0];
    // A period whose newest run is partial or failed stays reported until it runs again (a later day's success does not hide it).
    const newest = new Map<string, JobRun>();
    for (const r of this.ctx.storage.runs.list({ limit: 200 })) if (!newest.has(`${r.job} ${r.period}`)) newest.set(`${r.job} ${r.period}`, r);
    const unresolved = [...newest.values()].filter((r) => r.status === 'partial' || r.status === 'failed');
    const details = { running: this.running, next_run: next, time_zone: this.scheduleZone, last_daily: last ? { period: last.period, status: last.status, error: last.error } : null, unresolved: unresolved.map((r) => ({ job: r.job, period: r.period, status: r.status, error: r.error })) };
    const u = unresolved[0];
    if (u !== undefined) return { status: 'degraded', message: `${u.job} ${u.period} ${u.status}: ${u.error} — fix the cause (see the log), then run it again (${rerun(u)})`, details };
    if (this.lastError !== null) return { status: 'degraded', message: `last job error: ${this.lastError}`, details };
    return { status: 'ok', details };
  }
}

export function createJobsService(ctx: ServiceContext): Service {
  return new JobsService(ctx);
}

/** The command that runs a period again. */
function rerun(r: JobRun): string {
  const flag = { daily: '--date', weekly: '--week', monthly: '--month' }[r.job as 'daily' | 'weekly' | 'monthly'];
  if (flag !== undefined) return `homerhythm run ${r.job} ${flag} ${r.period}`;
  return r.job === 'retention' ? 'homerhythm retention' : `homerhythm ${r.job}`;
}
