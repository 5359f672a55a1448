/**
 * `npm run soak [-- --minutes 30 --speed 20 --events-per-day 50000]`: a simulated home replayed at
 * `speed` × real time through the HA double into the real services (scripts/soak-service.ts, a
 * child process: live ingestion, the jobs on a fake clock, the data-api), for `minutes` of wall
 * time. The home's past days are stored first (the jobs catch up on them); the fake clock crosses
 * midnight and 03:00 early, so the daily job for the new day, retention (raw events kept 2 days) and, on a Monday, the weekly
 * job fire during the run, and the daily job is re-run through the API every tenth of it; once, HA goes away for 20 s and the gap is filled from its history. The
 * service's RSS, heap, active handles and file sizes are sampled; the report
 * (artifacts/soak/soak-report.md and .json) gives start/middle/end after warm-up and the growth.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { StateEvent } from '../src/events/model.js';
import { simulateDays } from '../src/simulate/index.js';
import { registryLists } from '../src/simulate/registry.js';
import { SqliteStorage } from '../src/storage/sqlite/index.js';
import { Calendar } from '../src/time/calendar.js';
import { DoubleHome } from '../test/ha-double/home.js';
import { HaDouble } from '../test/ha-double/server.js';
import { freePort } from '../test/ingest/harness.js';
import { type Sample, soakReport } from './soak-report.js';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    speed: { type: 'string', default: '20' },
    'events-per-day': { type: 'string', default: '50000' },
    'sample-seconds': { type: 'string', default: '10' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'artifacts/soak' },
  },
});
const minutes = Number(args.minutes);
const speed = Number(args.speed);
const eventsPerDay = Number(args['events-per-day']);
const sampleMs = Number(args['sample-seconds']) * 1000;
const out = resolve(args.out);
const ZONE = 'Europe/Berlin';
const HOUR = 3_600_000;
const PAST_DAYS = 4;
const calendar = new Calendar(ZONE);
const log = (line: string) => process.stdout.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

// The fake clock must never run ahead of the wall clock (future events are refused): it starts
// (speed − 1) × duration back, at the hour before a 03:00, so the daily tick comes early.
const runMs = minutes * 60_000;
const wallStart0 = Date.now();
const latest = wallStart0 - (speed - 1) * runMs - 10 * 60_000;
let day = calendar.periodOf('day', latest);
if (day.start + 3 * HOUR > latest) day = calendar.shift(day, -1);
// 23:00 the day before, so the 03:00 tick has a new day to run (a short run: half of it before 03:00)
const simStart = day.start + 3 * HOUR - Math.min(4 * HOUR, (speed * runMs) / 2);
const simEnd = simStart + speed * runMs;

rmSync(out, { recursive: true, force: true });
const dataDir = join(out, 'data');
mkdirSync(dataDir, { recursive: true });
writeFileSync(join(out, 'homerhythm.yaml'), 'retention: { raw_days: 2 }\nlog_level: warn\n');

// 1. The home: its past stored directly (the jobs catch up on it), the rest replayed live.
log(`simulating ${PAST_DAYS} past days and ${(speed * runMs) / HOUR} live hours at ${eventsPerDay.toLocaleString('en-US')} events/day`);
const lastDay = calendar.periodOf('day', simEnd).key;
const firstDay = calendar.shift(calendar.periodOf('day', simStart), -PAST_DAYS);
const nDays = calendar.daysBetween(firstDay.key, lastDay).length;
const live: StateEvent[] = [];
const lastState = new Map<string, StateEvent>();
const store = new SqliteStorage(dataDir);
for (const d of simulateDays({ seed: Number(args.seed), days: nDays, eventsPerDay, timeZone: ZONE, lastDay })) {
  const past = d.events.filter((e) => e.time < simStart);
  if (past.length > 0) await store.events.append(past);
  for (const e of past) lastState.set(e.entityId, e);
  for (const e of d.events) if (e.time >= simStart && e.time <= simEnd && e.state !== null) live.push(e);
}
store.home.set({ timeZone: ZONE });
const pastEvents = (await store.events.stats()).records;
await store.close();

// 2. The HA double holding the same home.
const registry = registryLists();
const home = new DoubleHome();
home.entities = registry.entities as never;
home.devices = registry.devices as never;
home.areas = registry.areas as never;
home.config = { ...home.config, time_zone: ZONE };
for (const e of lastState.values()) if (e.state !== null) home.setState(e.entityId, e.state, { ...e.attributes }, { atMs: e.time });
const double = await HaDouble.start({ home });

// 3. The measured process.
const apiPort = await freePort();
const API_TOKEN = 'soak-admin-token-0123456789';
const ingestPort = await freePort();
const wallStart = Date.now();
const samples: Sample[] = [];
const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', resolve('scripts/soak-service.ts')], {
  cwd: out,
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  env: {
    ...process.env,
    HA_URL: double.url,
    HA_TOKEN: double.token,
    HOMERHYTHM_DATA_DIR: dataDir,
    HOMERHYTHM_INGEST_PORT: String(ingestPort),
    HOMERHYTHM_API_PORT: String(apiPort),
    HOMERHYTHM_API_TOKEN: API_TOKEN,
    SOAK_SIM_START: String(simStart),
    SOAK_WALL_START: String(wallStart),
    SOAK_SPEED: String(speed),
    SOAK_SAMPLE_MS: String(sampleMs),
  },
});
child.on('message', (m) => samples.push(m as Sample));
const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

// 4. Replay at `speed`; one HA outage at 40 %; the API asked every 5 s.
const simNow = () => simStart + speed * (Date.now() - wallStart);
let next = 0;
let outage = false;
const replay = setInterval(() => {
  const now = simNow();
  while (next < live.length && live[next]!.time <= now) {
    const e = live[next++]!;
    home.setState(e.entityId, e.state!, { ...e.attributes }, { atMs: e.time });
  }
  // the double's recorder keeps a day, as HA's keeps its purge_keep_days
  if (home.recorded.length > 100_000) home.recorded.splice(0, home.recorded.length - 50_000);
}, 100);
let apiErrors = 0;
let apiCalls = 0;
const API_QUERIES = ['/api/v1/patterns?limit=50', '/api/v1/aggregates/daily?measurement=time_based_daily&start=-7d&every=1d&fn=mean', '/api/v1/events?start=-1h&limit=1000', '/health'];
const asker = setInterval(() => {
  if (samples.length === 0) return; // not listening yet
  for (const path of API_QUERIES) {
    apiCalls++;
    fetch(`http://127.0.0.1:${apiPort}${path}`)
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status >= 500 && path !== '/health') apiErrors++;
      })
      .catch(() => apiErrors++);
  }
}, 5000);
// "run now" from the API every tenth of the run: the daily job again and again, replacing its day
const rerun = setInterval(() => {
  if (samples.length === 0) return;
  apiCalls++;
  fetch(`http://127.0.0.1:${apiPort}/api/v1/jobs/daily/run`, { method: 'POST', headers: { authorization: `Bearer ${API_TOKEN}` } })
    .then(async (res) => {
      await res.arrayBuffer();
      if (res.status !== 200) apiErrors++;
    })
    .catch(() => apiErrors++);
}, Math.max(20_000, runMs / 10));
const status = setInterval(() => {
  const last = samples.at(-1);
  if (last !== undefined) log(`sim ${new Date(last.sim).toISOString().slice(0, 16)}  emitted ${next}/${live.length}  rss ${(last.rss / 2 ** 20).toFixed(1)} MB  heap ${(last.heapUsed / 2 ** 20).toFixed(1)} MB  handles ${Object.values(last.handles).reduce((a, b) => a + b, 0)}  runs ${last.runs}  ingest ${last.health}`);
}, 60_000);
const outageAt = setTimeout(() => {
  outage = true;
  log('HA goes away for 20 s');
  double.refuseConnections = true;
  double.dropConnections();
  setTimeout(() => {
    double.refuseConnections = false;
    log('HA is back');
  }, 20_000);
}, runMs * 0.4);

await new Promise((r) => setTimeout(r, runMs));
clearInterval(replay);
clearInterval(status);
clearInterval(asker);
clearInterval(rerun);
clearTimeout(outageAt);
await new Promise((r) => setTimeout(r, 10_000)); // the last writes and a gap fill settle
child.kill('SIGTERM');
const code = await exited;
await double.stop();

// 5. Nothing lost: every replayed event is in Layer 1.
const check = new SqliteStorage(dataDir);
let stored = 0;
for await (const chunk of check.events.read({ start: simStart, end: simEnd + 1, withAttributes: false })) stored += chunk.length;
const runs = check.runs.list({ limit: 10_000 });
await check.close();

const report = soakReport({ samples, minutes, speed, eventsPerDay, simStart, simEnd, pastEvents, emitted: next, stored, runs, outage, apiCalls, apiErrors, exitCode: code });
writeFileSync(join(out, 'soak-report.json'), `${JSON.stringify({ ...report.summary, samples }, null, 2)}\n`);
writeFileSync(join(out, 'soak-report.md'), report.markdown);
process.stdout.write(`\n${report.markdown}\n`);
process.exit(report.ok ? 0 : 1);
