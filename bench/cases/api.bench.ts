/**
 * The data-api under load (PRODUCT §10: the seed's two queries on 90 days of Layer 2, p99 ≤ 20 ms
 * at 50 concurrent clients; the seed's own figure is 100–500 ms). The server runs in a child
 * process on 127.0.0.1, as `homerhythm serve` would; autocannon drives it from this one with 50
 * connections, each sending its next request as soon as the last is answered.
 *
 * Measured twice: as served (an answer is reused for up to 1 s, the budgeted figures), and with
 * reuse off (`*_uncached_*`: every request reads and windows Layer 2 again), to show what the
 * store and the windowing cost on their own.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createApp } from '../../src/api/app.js';
import { listen } from '../../src/api/service.js';
import { edgeLimits } from '../../src/http/edge.js';
import { configSchema } from '../../src/config.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { report, type Metric } from './case.js';
import { API_HOME, API_NOW, apiBenchHome } from './api-home.js';
import { NO_RETENTION } from './prepared-home.js';

export const QUERIES = {
  /** Seed query 1: time-based daily aggregates of one entity, last 30 days, 1-day mean. */
  time_based: '/api/v1/aggregates/daily?measurement=time_based_daily&entity_id=light.living_room_lamp&start=-30d&every=1d&fn=mean',
  /** Seed query 2: day_type_daily (7 d) and day_type_weekly (4 w) in one response, weekly mean. */
  day_type: '/api/v1/aggregates/union?daily=day_type_daily&daily_start=-7d&weekly=day_type_weekly&weekly_start=-4w&every=1w&fn=mean',
};
const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;

async function serveHome(reuse: boolean): Promise<void> {
  const { dir, calendar } = await apiBenchHome();
  const storage = new SqliteStorage(dir, NO_RETENTION);
  const config = configSchema.parse({ data_dir: dir, time_zone: API_HOME.timeZone });
  const app = createApp({ storage, config, calendar: () => calendar, clock: () => API_NOW, answerTtlMs: reuse ? undefined : 0 });
  const { url } = await listen(app.fetch, 0, '127.0.0.1', edgeLimits(config));
  process.stdout.write(`${url}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

async function startServer(reuse: boolean): Promise<{ url: string; stop(): void }> {
  const loader = import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const args = [...loader, fileURLToPath(import.meta.url), '--serve', ...(reuse ? [] : ['--no-reuse'])];
  const server = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout }).once('line', resolve);
    server.once('exit', (code) => reject(new Error(`API server exited (${code})`)));
  });
  return {
    url,
    stop() {
      server.stdin.end();
      server.kill();
    },
  };
}

async function load(url: string, name: string, seconds: number, budget: number | undefined, suffix: string): Promise<Record<string, Metric>> {
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_SECONDS });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds });
  if (r.errors > 0 || r.non2xx > 0 || r.timeouts > 0) throw new Error(`${name}: ${r.errors} errors, ${r.non2xx} non-2xx, ${r.timeouts} timeouts`);
  return {
    [`${name}${suffix}_p50`]: { value: r.latency.p50, unit: 'ms' },
    [`${name}${suffix}_p99`]: budget === undefined ? { value: r.latency.p99, unit: 'ms' } : { value: r.latency.p99, unit: 'ms', max: budget },
    [`${name}${suffix}_rps`]: { value: r.requests.average, unit: 'req/s' },
  };
}

async function measure(): Promise<void> {
  await apiBenchHome();
  const metrics: Record<string, Metric> = {};
  for (const reuse of [true, false]) {
    const server = await startServer(reuse);
    try {
      for (const [name, path] of Object.entries(QUERIES)) {
        const check = await fetch(server.url + path);
        const text = await check.text();
        const body = JSON.parse(text) as { total?: number; series?: unknown[] };
        if (check.status !== 200 || (body.series?.length ?? 0) === 0) throw new Error(`${name}: ${check.status}, no series: ${text.slice(0, 300)}`);
        if (reuse) {
          metrics[`${name}_windows`] = { value: body.total!, unit: 'windows' };
          metrics[`${name}_bytes`] = { value: Buffer.byteLength(text), unit: 'B' };
        }
        Object.assign(metrics, await load(server.url + path, name, reuse ? 8 : 5, reuse ? 20 : undefined, reuse ? '' : '_uncached'));
      }
    } finally {
      server.stop();
    }
  }
  report(metrics);
}

if (process.argv.includes('--serve')) await serveHome(!process.argv.includes('--no-reuse'));
else await measure();
