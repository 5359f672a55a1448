/**
 * End to end: `homerhythm serve --only ingest` as a child process against the HA double. While
 * the double streams N state changes, it drops the connection (and refuses new ones for a while),
 * then our process is SIGKILLed and restarted. Afterwards Layer 1 holds exactly the N events —
 * none lost, none twice — with the old states HA's live events would have carried.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { eventMicros } from '../../src/events/model.js';
import { GAP_MARKER_FILE } from '../../src/ingest/live/gap-marker.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { sampleHome } from '../ha-double/home.js';
import { HaDouble, waitFor } from '../ha-double/server.js';
import { allEvents, configFile, freePort, getJson, spawnServe, tempDataDir } from './harness.js';

const N = 1600;
const RATE = 200; // events/s: the stream lasts 8 s and spans both disruptions
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const data = tempDataDir('e2e');
after(() => data.remove());

it('N events across a dropped connection and a kill -9 + restart: exactly N stored', { timeout: 90_000 }, async () => {
  const double = await HaDouble.start({ home: sampleHome({ lights: 10, sensors: 10 }) });
  double.home.commitDelayMs = 500; // HA's recorder commits late: history lags the live stream
  const port = await freePort();
  const env = { HA_URL: double.url, HA_TOKEN: double.token, HOMERHYTHM_DATA_DIR: data.dir, HOMERHYTHM_INGEST_PORT: String(port) };
  // A 1 s margin (default 60 s) so the fill after the restart only finds the outage through the
  // gap marker the killed process left, not because the margin happens to reach back that far.
  const config = configFile('ingest:\n  history_margin_seconds: 1\n');
  const entities = [...double.home.states.keys()];
  const initial = double.home.recorded.length;
  const first = spawnServe(env, config);
  let second: ReturnType<typeof spawnServe> | undefined;
  try {
    await waitFor(() => double.stateSubscribers === 1, 'the first subscription', 20_000);
    const stream = double.stream(N, RATE, (i) => {
      const id = entities[(i * 7) % entities.length]!;
      const now = double.home.states.get(id)!;
      // Mostly state changes, every fifth an attribute-only update.
      double.home.setState(id, i % 5 === 4 ? now.state : now.state === 'on' ? 'off' : 'on', { seq: i });
    });

    await sleep(1500);
    double.refuseConnections = true;
    double.dropConnections();
    await sleep(1000);
    double.refuseConnections = false;
    await waitFor(() => double.stateSubscribers === 1, 'the reconnect', 10_000);

    await sleep(1500);
    first.child.kill('SIGKILL');
    await first.exited;
    await sleep(1000);
    second = spawnServe(env, config);
    await stream.done;

    await waitFor(
      async () => {
        const h = await getJson(`http://127.0.0.1:${port}/health`);
        return h !== null && h['status'] === 'ok' && (h['gap_fills_done'] as number) >= 1 && h['queued_writes'] === 0;
      },
      'the restarted process to fill its gap',
      30_000,
      200,
    );
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0, second.output());
  } finally {
    first.child.kill('SIGKILL');
    second?.child.kill('SIGKILL');
    await double.stop();
  }

  const expected = double.home.recorded.slice(initial);
  assert.equal(expected.length, N);
  const storage = new SqliteStorage(data.dir);
  try {
    const stored = await allEvents(storage);
    // keyed as HA keys states: entity and time to the microsecond
    const keys = stored.map((e) => `${e.entityId}@${eventMicros(e)}`);
    assert.equal(new Set(keys).size, keys.length, 'no event twice');
    assert.deepEqual(new Set(keys), new Set(expected.map((s) => `${s.entity_id}@${s.last_updated_us}`)), 'exactly the N events');
    assert.equal(stored.length, N);
    const previous = new Map<string, string>();
    for (const s of double.home.recorded) {
      const e = stored.find((x) => x.entityId === s.entity_id && eventMicros(x) === s.last_updated_us);
      if (e !== undefined) {
        assert.equal(e.state, s.state);
        assert.equal(e.oldState, previous.get(s.entity_id), `old state of ${e.entityId}@${e.time}`);
        assert.deepEqual(e.attributes, s.attributes);
      }
      previous.set(s.entity_id, s.state);
    }
  } finally {
    await storage.close();
  }
  assert.ok(!existsSync(join(data.dir, GAP_MARKER_FILE)), 'no gap left open');
  assert.ok(double.connectionsAccepted >= 3, 'connected, reconnected, restarted');
});
