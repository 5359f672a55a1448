/**
 * Live ingestion under hostile input, end to end (issue 9): through the HA double over a real
 * socket, a stream mixing valid events (out of order, duplicated), hostile events on the
 * state_changed subscription, frames that are not JSON, and frames of unknown shape. After it the
 * service is alive and connected, every valid event is stored exactly once, and every invalid
 * one is counted in /metrics.
 */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import fc from 'fast-check';
import { normalizeStateChanged } from '../../src/events/normalize.js';
import { FUZZ_SEED, fuzzRuns, hostileEvent, validEvent } from '../../src/testing/hostile.js';
import { HaDouble, waitFor } from '../ha-double/server.js';
import { allEvents, startInProcess, tempDataDir, testConfig } from '../ingest/harness.js';

const data = tempDataDir('live-fuzz');
after(() => data.remove());

it('survives a hostile stream: alive, every valid event stored once, every invalid one counted', { timeout: 60_000 }, async () => {
  const double = await HaDouble.start();
  const svc = await startInProcess(testConfig({ HA_URL: double.url, HA_TOKEN: double.token, HOMERHYTHM_DATA_DIR: data.dir }));
  try {
    await svc.start();
    await waitFor(() => double.stateSubscribers === 1, 'subscribed');
    const subscriptions = [...double.connections][0]!.subscriptions;
    const stateSub = [...subscriptions].find(([, type]) => type === 'state_changed')![0];
    const now = Date.now();

    // Valid events (each 1–3 times, shuffled) and hostile ones, judged by the receive clock.
    const valid = fc.sample(validEvent, { seed: FUZZ_SEED, numRuns: fuzzRuns(600) });
    const hostile = fc.sample(hostileEvent, { seed: FUZZ_SEED + 2, numRuns: fuzzRuns(600) });
    const expected = new Map<string, unknown>();
    let invalid = 0;
    const frames: string[] = [];
    for (const v of valid) {
      const r = normalizeStateChanged(v.wire, { now });
      if (!r.ok) continue;
      expected.set(`${r.event.time} ${r.event.entityId}`, r.event.state);
      for (let copies = 1 + (r.event.time % 3); copies > 0; copies--) frames.push(JSON.stringify({ id: stateSub, type: 'event', event: v.wire }));
    }
    for (const h of hostile) {
      const r = normalizeStateChanged(h, { now });
      if (r.ok) expected.set(`${r.event.time} ${r.event.entityId}`, r.event.state);
      else if (r.kind === 'invalid') invalid++;
      frames.push(JSON.stringify({ id: stateSub, type: 'event', event: h }));
    }
    const junk = ['{not json', '[', '[1,2,3]', '{}', '"text"', 'null', JSON.stringify({ id: 424242, type: 'event', event: {} }), JSON.stringify({ id: stateSub, type: 'result', success: true }), JSON.stringify({ type: 'pong' })];
    frames.push(...junk);
    // Shuffled with the seed: out of order, duplicates apart.
    const order = fc.sample(fc.shuffledSubarray(frames.map((_, i) => i), { minLength: frames.length }), { seed: FUZZ_SEED, numRuns: 1 })[0]!;
    for (const i of order) double.sendRaw(frames[i]!);
    // First-seen wins for a key: the same (entity, ms) from another frame is a duplicate.
    await waitFor(async () => (await allEvents(svc.storage)).length >= expected.size, `${expected.size} events stored`, 30_000, 100);
    await new Promise((r) => setTimeout(r, 500));

    const stored = await allEvents(svc.storage);
    assert.equal(stored.length, expected.size, 'every valid event once, nothing else');
    for (const e of stored) assert.ok(expected.has(`${e.time} ${e.entityId}`), `unexpected ${e.time} ${e.entityId}`);
    const metrics = await (await fetch(`http://127.0.0.1:${svc.service.port}/metrics`)).text();
    assert.match(metrics, new RegExp(`homerhythm_ingest_events_invalid_total ${invalid}\\n`));
    const health = (await (await fetch(`http://127.0.0.1:${svc.service.port}/health`)).json()) as Record<string, unknown>;
    assert.equal(health['connection'], 'connected');
    assert.equal(health['status'], 'ok');
    // Still ingesting after all that.
    double.home.setState('light.after_the_storm', 'on');
    await waitFor(async () => (await allEvents(svc.storage)).some((e) => e.entityId === 'light.after_the_storm'), 'a new event after the storm');
  } finally {
    await svc.stop();
    await double.stop();
  }
});
