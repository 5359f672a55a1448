/**
 * `homerhythm backup` while `homerhythm serve` ingests in another process: the backup is a
 * consistent snapshot (every SQLite file passes integrity_check after restore; the events are a
 * prefix of what the service stored: none missing before the newest one in it), and the running
 * store is never replaced by a restore.
 */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { restoreBackup, RestoreRefusedError } from '../../src/backup/index.js';
import { configSchema } from '../../src/config.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { sampleHome } from '../ha-double/home.js';
import { HaDouble, waitFor } from '../ha-double/server.js';
import { runCli } from '../crash/cli.js';
import { integrity, workspace } from '../crash/store.js';
import { allEvents, freePort, spawnServe } from '../ingest/harness.js';

const ws = workspace('live-backup');
after(() => ws.cleanup());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('a backup taken while ingesting restores to a consistent prefix of the stored events', { timeout: 90_000 }, async (t) => {
  const double = await HaDouble.start({ home: sampleHome({ lights: 10, sensors: 10 }) });
  const dataDir = ws.path('live');
  const env = { HA_URL: double.url, HA_TOKEN: double.token, HOMERHYTHM_DATA_DIR: dataDir, HOMERHYTHM_INGEST_PORT: String(await freePort()), HOMERHYTHM_LOG_LEVEL: 'warn' };
  const serve = spawnServe(env);
  const entities = [...double.home.states.keys()];
  const archive = ws.path('live.tar.gz');
  let emitted = 0;
  try {
    await waitFor(() => double.stateSubscribers === 1, 'the service to subscribe', 20_000);
    // The stream runs until the backup is done and a second after, so a CLI slow to start under
    // load still takes its snapshot mid-stream (a fixed-length stream could end before it).
    const stream = double.stream(1_000_000, 400, (i) => {
      const id = entities[i % entities.length]!;
      double.home.setState(id, double.home.states.get(id)!.state === 'on' ? 'off' : 'on', { seq: i });
      emitted = i + 1;
    });
    await sleep(3000);
    await runCli(['backup', archive, '--data-dir', dataDir]);
    await assert.rejects(restoreBackup(configSchema.parse({ data_dir: dataDir }), archive, { force: true }), RestoreRefusedError, 'a live store is never replaced');
    await sleep(1000);
    stream.stop();
    await sleep(1000);
  } finally {
    serve.child.kill('SIGTERM');
    await serve.exited;
    await double.stop();
  }

  const restoredDir = ws.path('restored');
  await restoreBackup(configSchema.parse({ data_dir: restoredDir }), archive);
  assert.deepEqual(Object.values(integrity(restoredDir)), ['ok', 'ok']);
  const [final, restored] = await Promise.all([dataDir, restoredDir].map(async (dir) => {
    const storage = new SqliteStorage(dir);
    try {
      return await allEvents(storage);
    } finally {
      await storage.close();
    }
  }));
  assert.equal(final!.length, emitted, 'the service stored every event');
  assert.ok(restored!.length > 200 && restored!.length < final!.length, `a snapshot mid-stream: ${restored!.length} of ${final!.length}`);
  const key = (e: { entityId: string; time: number; micros?: number }) => `${e.entityId}@${e.time}.${e.micros ?? 0}`; // HA's key, to the µs
  const newest = Math.max(...restored!.map((e) => e.time));
  const restoredKeys = new Set(restored!.map(key));
  const stored = new Map(final!.map((e) => [key(e), JSON.stringify(e)]));
  assert.ok(restored!.every((e) => stored.get(key(e)) === JSON.stringify(e)), 'every restored event is one the service stored, as stored');
  const before = final!.filter((e) => e.time <= newest);
  assert.deepEqual(before.map(key).filter((k) => !restoredKeys.has(k)), [], 'a prefix: nothing missing before the newest restored event');
  t.diagnostic(`${final!.length} events ingested; the backup taken mid-stream holds the first ${restored!.length}, none missing, none changed`);
});
