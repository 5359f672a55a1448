/**
 * Live ingestion (PRODUCT §10: ≥ 5K events/s sustained; HA event → visible p99 ≤ 1 s). The HA
 * double runs here; `homerhythm serve --only ingest` runs as a child process, as a user runs it,
 * with the default batching (500 events, 250 ms). "Visible" is measured through the storage read
 * path: a second connection to Layer 1 polling `events.read`, as the data-api reads it.
 *   1. latency: 5,000 events/s for 6 s; per event, the time from HA firing it to it being read.
 *   2. throughput: 60,000 events offered at 30,000/s; events stored per second until all are.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { sampleHome } from '../../test/ha-double/home.js';
import { eventMicros } from '../../src/events/model.js';
import { parseIsoMicros } from '../../src/events/normalize.js';
import { HaDouble, waitFor } from '../../test/ha-double/server.js';
import { report, tempDir } from './case.js';

const LATENCY_RATE = 5000;
const LATENCY_SECONDS = 6;
const FLOOD_EVENTS = 60_000;
const FLOOD_RATE = 30_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function startIngest(env: Record<string, string>): ChildProcess {
  const fromSource = import.meta.url.endsWith('.ts');
  const cli = fileURLToPath(new URL(fromSource ? '../../src/cli.ts' : '../../src/cli.js', import.meta.url));
  const child = spawn(process.execPath, [...(fromSource ? ['--import', 'tsx'] : []), cli, 'serve', '--only', 'ingest'], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

const double = await HaDouble.start({ home: sampleHome({ lights: 25, sensors: 25 }) });
const entities = [...double.home.states.keys()];
const dir = tempDir('ingest');
const child = startIngest({ HA_URL: double.url, HA_TOKEN: double.token, HOMERHYTHM_DATA_DIR: dir, HOMERHYTHM_INGEST_PORT: String(await freePort()), HOMERHYTHM_LOG_LEVEL: 'warn' });
let failed: unknown;
try {
  await waitFor(() => double.stateSubscribers === 1, 'the ingest service to subscribe', 30_000);
  const reader = new SqliteStorage(dir);
  const firedAt = new Map<string, number>();
  let seq = 0;
  const fire = () => {
    const id = entities[seq % entities.length]!;
    const now = double.home.states.get(id)!;
    const event = double.home.setState(id, now.state === 'on' ? 'off' : 'on', { seq: seq++ });
    // Layer 1's key, as HA's: the entity and its time to the microsecond (the double may send two in one ms)
    const us = parseIsoMicros((event.data as { new_state: { last_updated: string } }).new_state.last_updated);
    firedAt.set(`${id}@${us}`, performance.timeOrigin + performance.now());
  };

  // Polls Layer 1 through its read path; every event seen for the first time gets its latency.
  const latencies: number[] = [];
  let cursor = 0;
  const seen = new Set<string>();
  const poll = async () => {
    let newest = cursor;
    for await (const chunk of reader.events.read({ start: cursor, end: Number.MAX_SAFE_INTEGER, withAttributes: false })) {
      const at = performance.timeOrigin + performance.now();
      for (const e of chunk) {
        const key = `${e.entityId}@${eventMicros(e)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const fired = firedAt.get(key);
        if (fired !== undefined) latencies.push(at - fired);
        if (e.time > newest) newest = e.time;
      }
    }
    cursor = Math.max(cursor, newest - 500); // a small overlap: batches may commit slightly out of order
  };

  // 1. latency at 5,000 events/s.
  const start = Date.now();
  cursor = start - 1000;
  const steady = double.stream(LATENCY_RATE * LATENCY_SECONDS, LATENCY_RATE, fire);
  let streaming = true;
  void steady.done.then(() => (streaming = false));
  while (streaming || seen.size < LATENCY_RATE * LATENCY_SECONDS) {
    await poll();
    await new Promise((r) => setTimeout(r, 25));
    if (Date.now() - start > (LATENCY_SECONDS + 20) * 1000) throw new Error(`only ${seen.size} of ${LATENCY_RATE * LATENCY_SECONDS} events visible`);
  }
  latencies.sort((a, b) => a - b);

  // 2. throughput: offered faster than it can be stored; count until everything is.
  const before = (await reader.events.stats()).records;
  const floodStart = performance.now();
  const flood = double.stream(FLOOD_EVENTS, FLOOD_RATE, fire);
  await flood.done;
  const offeredSeconds = (performance.now() - floodStart) / 1000;
  await waitFor(async () => (await reader.events.stats()).records - before >= FLOOD_EVENTS, 'the flood to be stored', 60_000, 10);
  const floodSeconds = (performance.now() - floodStart) / 1000;
  await reader.close();

  report({
    sustained_events_per_s: { value: FLOOD_EVENTS / floodSeconds, unit: 'events/s', min: 5000 },
    offered_events_per_s: { value: FLOOD_EVENTS / offeredSeconds, unit: 'events/s' },
    visible_p99_ms: { value: quantile(latencies, 0.99), unit: 'ms', max: 1000 },
    visible_p50_ms: { value: quantile(latencies, 0.5), unit: 'ms' },
    visible_max_ms: { value: latencies.at(-1)!, unit: 'ms' },
    events_at_5k: { value: latencies.length, unit: 'events' },
  });
} catch (error) {
  failed = error;
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await double.stop();
}
if (failed !== undefined) {
  process.stderr.write(`${(failed as Error).stack ?? String(failed)}\n`);
  process.exit(1);
}
