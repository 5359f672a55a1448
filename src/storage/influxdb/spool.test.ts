import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StateEvent } from '../../events/model.js';
import { compareEvents } from '../../events/model.js';
import { openTestStorage, sharedInfluxd } from '../../testing/backends.js';
import type { Storage } from '../types.js';
import { InfluxStorage } from './index.js';
import { SpoolFullError } from './spool.js';
import { tempDirs } from '../../testing/temp.js';

const T0 = Date.parse('2026-11-20T00:00:00Z');
const tempDir = tempDirs('spool');

function batch(n: number, size: number): StateEvent[] {
  return Array.from({ length: size }, (_, i) => ({
    time: T0 + (n * size + i) * 1000,
    entityId: `light.l${i % 7}`,
    domain: 'light',
    state: i % 2 === 0 ? 'on' : 'off',
    oldState: i % 2 === 0 ? 'off' : 'on',
    attributes: { friendly_name: `Light ${i % 7}`, brightness: n },
    deviceId: null,
    areaId: 'hall',
    cause: 'system',
  }));
}

async function readAll(storage: Storage): Promise<StateEvent[]> {
  const out: StateEvent[] = [];
  for await (const chunk of storage.events.read({ start: T0 - 1, end: T0 + 10 * 86_400_000 })) out.push(...chunk);
  return out;
}

describe('the InfluxDB spool', () => {
  it('keeps ingesting while influxd is frozen and then killed, and after both restart every event is there exactly once', async () => {
    const influxd = await sharedInfluxd();
    const dir = tempDir();
    // short enough that the writes during the freeze spool, long enough that opening on a loaded machine does not time out
    const open = () => openTestStorage('influxdb', dir, undefined, { timeoutMs: 2000 }) as Promise<InfluxStorage>;
    let storage = await open();
    const sent: StateEvent[] = [];
    for (let n = 0; n < 3; n++) {
      sent.push(...batch(n, 200));
      assert.equal((await storage.events.append(batch(n, 200))).inserted, 200);
    }
    influxd.pause(); // stuck: requests time out
    for (let n = 3; n < 7; n++) {
      sent.push(...batch(n, 200));
      const r = await storage.events.append(batch(n, 200));
      assert.equal(r.spooled, 200);
    }
    await storage.events.append(batch(1, 200)); // a duplicate arriving during the outage
    const health = storage.health();
    assert.equal(health.status, 'degraded');
    // at least the four batches and the duplicate (on a loaded machine an earlier write may have timed out too)
    assert.ok((health.details['spool'] as { events: number }).events >= 1000);
    assert.match(health.message!, /\d+ events wait in the local spool/);
    await influxd.kill(); // and then it dies; so do we (no flush, nothing but the files)
    await storage.close();
    await influxd.restart();
    storage = await open();
    const back = await readAll(storage);
    assert.equal(back.length, sent.length);
    assert.deepEqual(back, [...sent].sort(compareEvents));
    assert.equal(storage.health().status, 'ok');
    assert.deepEqual(readdirSync(join(dir, 'influx-spool')), []);
    await storage.close();
  });

  it('refuses (and counts) when full, never dropping silently', async () => {
    const dir = tempDir();
    const storage = await InfluxStorage.open({ url: 'http://127.0.0.1:1', dataDir: dir, spoolMaxBytes: 64 * 1024, timeoutMs: 300 });
    let refused = 0;
    let spooled = 0;
    for (let n = 0; n < 40; n++) {
      try {
        spooled += (await storage.events.append(batch(n, 50))).spooled ?? 0;
      } catch (e) {
        assert.ok(e instanceof SpoolFullError);
        assert.match(e.message, /spool is full/);
        refused++;
      }
    }
    assert.ok(spooled > 0 && refused > 0);
    const health = storage.health();
    assert.equal(health.status, 'down');
    assert.equal((health.details['spool'] as { refused_batches: number }).refused_batches, refused);
    await storage.close();
    // what was spooled survives a restart
    const again = await InfluxStorage.open({ url: 'http://127.0.0.1:1', dataDir: dir, spoolMaxBytes: 64 * 1024, timeoutMs: 300 });
    assert.equal((again.health().details['spool'] as { events: number }).events, spooled);
    await again.close();
  });
});
