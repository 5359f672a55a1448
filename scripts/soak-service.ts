/**
 * The process the soak run measures (started by scripts/soak.ts): the services `homerhythm serve`
 * runs — the real ingest service against the HA double, the jobs service, the data-api — but with
 * the jobs on the soak's fake clock (SOAK_SIM_START + SOAK_SPEED × wall time since SOAK_WALL_START),
 * ticking at every 03:00 of the home's zone that clock passes. Every SOAK_SAMPLE_MS it reports its
 * RSS, heap, active handles and file sizes to the parent over IPC.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createApiService } from '../src/api/service.js';
import { loadConfig } from '../src/config.js';
import { createIngestService } from '../src/ingest/service.js';
import { JobsService } from '../src/jobs/service.js';
import { createLogger } from '../src/log.js';
import { contextFor } from '../src/main.js';
import { HealthRegistry, type Service } from '../src/service.js';
import { openStorage } from '../src/storage/index.js';

const env = (name: string) => Number(process.env[name]);
const simStart = env('SOAK_SIM_START');
const wallStart = env('SOAK_WALL_START');
const speed = env('SOAK_SPEED');
const sampleMs = env('SOAK_SAMPLE_MS');
const clock = () => simStart + speed * (Date.now() - wallStart);

const config = loadConfig();
const log = createLogger(config.log_level);
const storage = await openStorage(config);
const health = new HealthRegistry();
const ctx = contextFor(config, storage, log, health);
const jobs = new JobsService(ctx, { clock, schedule: false });
const services: Service[] = [createIngestService(ctx)!, jobs, createApiService(ctx, { serialize: (work) => jobs.enqueue(work), clock })];
for (const s of services) await s.start();

/** The next 03:00 in the home's zone after `t` (the jobs' schedule). */
function next0300(t: number): number {
  const calendar = ctx.calendar();
  const day = calendar.periodOf('day', t);
  const at = day.start + 3 * 3_600_000;
  return at > t ? at : calendar.shift(day, 1).start + 3 * 3_600_000;
}
let due = next0300(clock());
let ticks = 0;
const ticker = setInterval(() => {
  if (clock() < due) return;
  due = next0300(clock());
  ticks++;
  void jobs.tick();
}, 500);

function fileSizes(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of readdirSync(config.data_dir)) out[name] = statSync(join(config.data_dir, name)).size;
  return out;
}

const gc = (globalThis as { gc?: () => void }).gc;
const sampler = setInterval(() => {
  gc?.();
  const memory = process.memoryUsage();
  const handles: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) handles[type] = (handles[type] ?? 0) + 1;
  const runs = storage.runs.list({ limit: 1000 });
  process.send?.({
    wall: Date.now(),
    sim: clock(),
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    external: memory.external,
    handles,
    files: fileSizes(),
    ticks,
    runs: runs.length,
    failedRuns: runs.filter((r) => r.status === 'failed').length,
    health: health.snapshot()['ingest']?.status ?? 'unknown',
  });
}, sampleMs);

process.once('SIGTERM', () => {
  clearInterval(ticker);
  clearInterval(sampler);
  void (async () => {
    for (const s of [...services].reverse()) await s.stop();
    await storage.close();
    process.exit(0);
  })();
});
