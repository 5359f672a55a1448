/** The soak run's report: start, middle and end after warm-up, growth, and what was checked. */
import type { JobRun } from '../src/storage/types.js';

export interface Sample {
  readonly wall: number;
  readonly sim: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly handles: Record<string, number>;
  readonly files: Record<string, number>;
  readonly ticks: number;
  readonly runs: number;
  readonly failedRuns: number;
  readonly health: string;
}

export interface SoakFacts {
  readonly samples: readonly Sample[];
  readonly minutes: number;
  readonly speed: number;
  readonly eventsPerDay: number;
  readonly simStart: number;
  readonly simEnd: number;
  readonly pastEvents: number;
  readonly emitted: number;
  readonly stored: number;
  readonly runs: readonly JobRun[];
  readonly outage: boolean;
  readonly apiCalls: number;
  readonly apiErrors: number;
  readonly exitCode: number | null;
}

/** RSS may grow at most this much from the end of warm-up to the end. */
export const MAX_GROWTH = 0.1;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const handles = (s: Sample) => Object.values(s.handles).reduce((a, b) => a + b, 0);
const dbBytes = (s: Sample) => Object.entries(s.files).filter(([n]) => n.includes('.sqlite')).reduce((a, [, b]) => a + b, 0);
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;

export function soakReport(f: SoakFacts): { ok: boolean; markdown: string; summary: Record<string, unknown> } {
  const samples = f.samples;
  if (samples.length < 3) return { ok: false, markdown: `# Soak run\n\nonly ${samples.length} samples: the service did not run (exit code ${f.exitCode})\n`, summary: {} };
  const t0 = samples[0]!.wall;
  const tEnd = samples.at(-1)!.wall;
  // Warm-up: the catch-up over the stored past and the caches filling; a fifth of the run, at least a minute.
  const warmEnd = t0 + Math.max(60_000, (tEnd - t0) / 5);
  const after = samples.filter((s) => s.wall >= warmEnd);
  const start = after[0]!;
  const end = after.at(-1)!;
  const middle = after.reduce((best, s) => (Math.abs(s.wall - (start.wall + end.wall) / 2) < Math.abs(best.wall - (start.wall + end.wall) / 2) ? s : best));
  // RSS of a phase is the median of its samples (a tenth of the run): a job running at the moment
  // of one sample (the daily job re-run through the API lifts RSS by ~15 MB for ~20 s) must not
  // decide the growth. The highest sample is given apart.
  const width = Math.max((end.wall - start.wall) / 10, 3 * (samples[1]!.wall - t0));
  const settled = (from: number, to: number) => median(after.filter((s) => s.wall >= from && s.wall <= to).map((s) => s.rss));
  const rss = new Map<Sample, number>([
    [start, settled(start.wall, start.wall + width)],
    [middle, settled(middle.wall - width / 2, middle.wall + width / 2)],
    [end, settled(end.wall - width, end.wall)],
  ]);
  const growth = (rss.get(end)! - rss.get(start)!) / rss.get(start)!;
  const maxRss = Math.max(...after.map((s) => s.rss));
  const jobs = new Map<string, number>();
  for (const r of f.runs) jobs.set(`${r.job} ${r.status}`, (jobs.get(`${r.job} ${r.status}`) ?? 0) + 1);
  const failed = f.runs.filter((r) => r.status === 'failed');
  const checks = {
    rss_growth_under_10_percent: growth < MAX_GROWTH,
    no_event_lost: f.stored === f.emitted,
    no_failed_run: failed.length === 0,
    api_answered: f.apiErrors === 0 && f.apiCalls > 0,
    daily_tick_fired: samples.some((s) => s.ticks > 0),
    clean_exit: f.exitCode === 0,
  };
  const ok = Object.values(checks).every(Boolean);
  const row = (name: string, s: Sample) =>
    `| ${name} | ${Math.round((s.wall - t0) / 1000)} s | ${new Date(s.sim).toISOString().slice(0, 16)} | ${mb(rss.get(s) ?? s.rss)} | ${mb(s.heapUsed)} | ${handles(s)} | ${mb(s.files['events.sqlite'] ?? 0)} | ${mb(dbBytes(s))} |`;
  const markdown = [
    '# Soak run',
    '',
    `${f.minutes} min of wall time at ${f.speed}× (${((f.simEnd - f.simStart) / 3_600_000).toFixed(1)} simulated hours from ${new Date(f.simStart).toISOString().slice(0, 16)}Z), ${f.eventsPerDay.toLocaleString('en-US')} events/day; ${f.pastEvents.toLocaleString('en-US')} past events stored first. Samples every ${Math.round((samples[1]!.wall - t0) / 1000)} s after a forced GC; warm-up: the first ${Math.round((warmEnd - t0) / 1000)} s. RSS after warm-up is the median of the phase's samples (${Math.round(width / 1000)} s around start, middle and end), so a job running at one sample's moment does not decide the growth.`,
    '',
    '| sample | wall | simulated | RSS | heap used | active handles | events.sqlite | all SQLite files |',
    '|---|---|---|---|---|---|---|---|',
    row('first', samples[0]!),
    row('start (after warm-up)', start),
    row('middle', middle),
    row('end', end),
    '',
    `- RSS growth after warm-up: **${pct(growth)}** (limit ${pct(MAX_GROWTH)}); highest after warm-up ${mb(maxRss)}`,
    `- heap used: ${mb(start.heapUsed)} → ${mb(end.heapUsed)} (${pct((end.heapUsed - start.heapUsed) / start.heapUsed)}); active handles ${handles(start)} → ${handles(end)} (${JSON.stringify(end.handles)})`,
    `- SQLite files: ${mb(dbBytes(start))} → ${mb(dbBytes(end))}`,
    `- events replayed live: ${f.emitted.toLocaleString('en-US')}; stored: ${f.stored.toLocaleString('en-US')}${f.outage ? ' (across a 20 s HA outage, filled from its history)' : ''}`,
    `- job runs: ${[...jobs].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}${failed.length > 0 ? `; failed: ${failed.map((r) => `${r.job} ${r.period}: ${r.error}`).join('; ')}` : ''}`,
    `- data-api: ${f.apiCalls} requests, ${f.apiErrors} failed`,
    '',
    ...Object.entries(checks).map(([k, v]) => `- [${v ? 'x' : ' '}] ${k.replace(/_/g, ' ')}`),
    '',
  ].join('\n');
  return { ok, markdown, summary: { checks, growth, settledRss: { start: rss.get(start), middle: rss.get(middle), end: rss.get(end) }, start, middle, end, maxRss, jobs: Object.fromEntries(jobs), emitted: f.emitted, stored: f.stored } };
}
