/**
 * Jobs: `GET /api/v1/jobs` (run history) and `POST /api/v1/jobs/{daily|weekly|monthly}/run`
 * (admin). A run goes through the injected runner of its job; by default the daily, weekly and
 * monthly jobs run here, one run of a job at a time.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { detectorSettingsOf } from '../../config.js';
import { runDailyJob } from '../../jobs/daily.js';
import { runMonthlyJob } from '../../jobs/monthly.js';
import { checkRunnable, NotRunnableError } from '../../jobs/runnable.js';
import { runWeeklyJob } from '../../jobs/weekly.js';
import type { JobName, JobRun, RunStatus } from '../../storage/types.js';
import type { Period } from '../../time/calendar.js';
import { requireAdmin } from '../auth.js';
import { router, type JobRunner, type Resolved, type RunnableJob, type RunSummary } from '../context.js';
import { ApiError, badRequest, errorResponses } from '../errors.js';
import { limitParam } from '../params.js';
import { iso, isoOrNull } from '../time.js';

const JOB_NAMES = ['daily', 'weekly', 'monthly', 'retention', 'recompute', 'migrate', 'import', 'gap_fill'] as const satisfies readonly JobName[];
const RUN_STATUSES = ['running', 'success', 'partial', 'failed'] as const satisfies readonly RunStatus[];
const RUNNABLE = ['daily', 'weekly', 'monthly'] as const satisfies readonly RunnableJob[];

const runSchema = z
  .object({
    id: z.number().int(),
    job: z.enum(JOB_NAMES),
    period: z.string().openapi({ example: '2026-11-24' }),
    status: z.enum(RUN_STATUSES),
    started_at: z.string(),
    finished_at: z.string().nullable(),
    duration_ms: z.number().nullable(),
    counts: z.record(z.string(), z.number()),
    error: z.string().nullable(),
  })
  .openapi('JobRun');

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/jobs',
  tags: ['jobs'],
  summary: 'Job runs, newest first',
  request: {
    query: z.strictObject({
      job: z.enum(JOB_NAMES).optional().openapi({ description: 'only runs of this job' }),
      status: z.enum(RUN_STATUSES).optional().openapi({ description: 'only runs with this status' }),
      limit: limitParam(50, 1000),
    }),
  },
  responses: { 200: { description: 'runs', content: { 'application/json': { schema: z.object({ runs: z.array(runSchema) }).openapi('JobRuns') } } }, ...errorResponses(400, 401, 403) },
});

const summarySchema = z
  .object({ job: z.enum(RUNNABLE), period: z.string(), run: runSchema.nullable(), patterns: z.number().int(), error: z.string().nullable() })
  .openapi('JobRunResult');

function runRoute(job: RunnableJob, token: string | undefined) {
  const example = job === 'daily' ? '2026-11-24' : job === 'weekly' ? '2026-W48' : '2026-11';
  return createRoute({
    method: 'post',
    path: `/api/v1/jobs/${job}/run`,
    tags: ['jobs', 'admin'],
    summary: `Run the ${job} job now (admin); re-running a period replaces its outputs`,
    security: [{ bearer: [] }],
    middleware: [requireAdmin(token)] as const,
    request: {
      query: z.strictObject({
        [job === 'daily' ? 'date' : job === 'weekly' ? 'week' : 'month']: z
          .string()
          .max(10)
          .optional()
          .openapi({ description: `the local ${job === 'daily' ? 'day' : job === 'weekly' ? 'ISO week' : 'month'} (default: the last complete one)`, example }),
      }),
    },
    responses: {
      200: { description: 'the run, finished', content: { 'application/json': { schema: summarySchema } } },
      ...errorResponses(400, 401, 403, 409, 501),
    },
  });
}

const wireRun = (r: JobRun) => ({
  id: r.id,
  job: r.job,
  period: r.period,
  status: r.status,
  started_at: iso(r.startedAt),
  finished_at: isoOrNull(r.finishedAt),
  duration_ms: r.finishedAt === null ? null : r.finishedAt - r.startedAt,
  counts: r.counts,
  error: r.error,
});

/** A period the API may run now, or the 4xx that says why not. */
async function runnable(deps: Resolved, period: Period): Promise<void> {
  try {
    await checkRunnable(deps.storage, deps.calendar(), period, deps.clock());
  } catch (e) {
    if (e instanceof NotRunnableError) throw e.reason === 'not_ended' ? badRequest(e.message) : new ApiError(409, e.message);
    throw e;
  }
}

/** The daily job, as the API runs it when no runner is injected: for a day whose raw events are all still kept. */
export function dailyRunner(deps: Resolved): JobRunner {
  return async (period) => {
    const calendar = deps.calendar();
    if (period !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(period)) throw badRequest(`date: not a date (YYYY-MM-DD): ${JSON.stringify(period)}`);
    const day = period === undefined ? calendar.shift(calendar.periodOf('day', deps.clock()), -1) : calendar.day(period);
    await runnable(deps, day);
    const result = await runDailyJob(deps.storage, calendar, day.key, detectorSettingsOf(deps.config), deps.clock);
    return { period: result.day, runId: result.runId, patterns: result.patterns.length, error: result.error };
  };
}

/** What a job over Layer 2 (weekly, monthly) needs to know of its period. */
interface Layer2Job {
  readonly kind: 'week' | 'month';
  readonly name: string;
  readonly pattern: RegExp;
  readonly format: string;
  readonly run: (deps: Resolved, key: string) => Promise<{ readonly runId: number; readonly patterns: readonly unknown[]; readonly error: string | null }>;
}

/** A job over Layer 2, as the API runs it when no runner is injected: for an ended period whose daily aggregates are all still kept. */
function layer2Runner(deps: Resolved, job: Layer2Job): JobRunner {
  return async (period) => {
    const calendar = deps.calendar();
    if (period !== undefined && !job.pattern.test(period)) throw badRequest(`${job.kind}: not ${job.name} (${job.format}): ${JSON.stringify(period)}`);
    const p = period === undefined ? calendar.shift(calendar.periodOf(job.kind, deps.clock()), -1) : calendar.period(job.kind, period);
    await runnable(deps, p);
    const result = await job.run(deps, p.key);
    return { period: p.key, runId: result.runId, patterns: result.patterns.length, error: result.error };
  };
}

export const weeklyRunner = (deps: Resolved): JobRunner =>
  layer2Runner(deps, { kind: 'week', name: 'an ISO week', pattern: /^\d{4}-W\d{2}$/, format: 'YYYY-Www', run: (d, key) => runWeeklyJob(d.storage, d.calendar(), key, detectorSettingsOf(d.config), d.clock) });

export const monthlyRunner = (deps: Resolved): JobRunner =>
  layer2Runner(deps, { kind: 'month', name: 'a month', pattern: /^\d{4}-\d{2}$/, format: 'YYYY-MM', run: (d, key) => runMonthlyJob(d.storage, d.calendar(), key, detectorSettingsOf(d.config), d.clock) });

export function jobRoutes(deps: Resolved) {
  const app = router();
  app.openapi(listRoute, (c) => {
    const q = c.req.valid('query');
    return c.json({ runs: deps.storage.runs.list({ job: q.job, status: q.status, limit: q.limit }).map(wireRun) }, 200);
  });
  const queued = (runner: JobRunner): JobRunner => (period) => deps.serialize(() => runner(period));
  const runners: Partial<Record<RunnableJob, JobRunner>> = { daily: queued(dailyRunner(deps)), weekly: queued(weeklyRunner(deps)), monthly: queued(monthlyRunner(deps)), ...deps.jobs };
  const running = new Set<RunnableJob>();
  for (const job of RUNNABLE) {
    app.openapi(runRoute(job, deps.config.api.token), async (c) => {
      const runner = runners[job];
      if (runner === undefined) throw new ApiError(501, `the ${job} job is not built in this version yet`);
      if (running.has(job)) throw new ApiError(409, `a ${job} run started through the API is still in progress`);
      const q = c.req.valid('query') as Record<string, string | undefined>;
      running.add(job);
      let summary: RunSummary;
      try {
        summary = await runner(q['date'] ?? q['week'] ?? q['month']);
      } finally {
        running.delete(job);
        deps.answers.clear();
      }
      const run = deps.storage.runs.list({ job, period: summary.period, limit: 5 }).find((r) => r.id === summary.runId);
      return c.json({ job, period: summary.period, run: run === undefined ? null : wireRun(run), patterns: summary.patterns, error: summary.error }, 200);
    });
  }
  return app;
}
