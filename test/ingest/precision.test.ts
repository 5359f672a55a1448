/**
 * Nothing lost at HA's own precision, against the HA double over a real socket: two states of
 * one entity within one millisecond are two events, live and from history; a gap longer than
 * Layer 1 keeps is filled as far back as HA's history reaches, and a gap HA's recorder purged
 * the start of is reported truncated, in /health too.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { sampleHome } from '../ha-double/home.js';
import { HaDouble, waitFor } from '../ha-double/server.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { allEvents, startInProcess, tempDataDir, testConfig } from './harness.js';

const DAY = 86_400_000;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A home whose states began `sinceDaysAgo` days ago, and a store that last heard of it `lastStoredDaysAgo` days ago. */
async function setup(sinceDaysAgo: number, lastStoredDaysAgo?: number) {
  const now = Date.now();
  const double = await HaDouble.start({ home: sampleHome({ lights: 3, sensors: 0, sinceMs: now - sinceDaysAgo * DAY }) });
  const data = tempDataDir('precision');
  if (lastStoredDaysAgo !== undefined) {
    // what the store heard before it stopped: the gap opens from here
    const before = new SqliteStorage(data.dir);
    const time = now - lastStoredDaysAgo * DAY;
    await before.events.append([{ time, entityId: 'light.lamp_0', domain: 'light', state: 'off', oldState: null, attributes: {}, deviceId: null, areaId: null, cause: 'system' }]);
    await before.close();
  }
  const config = testConfig({ HA_URL: double.url, HA_TOKEN: double.token, HOMERHYTHM_DATA_DIR: data.dir });
  const svc = await startInProcess(config, { backoff: { initialMs: 200, maxMs: 1000, factor: 2, jitter: 0 }, gapFillRetryMs: 100 });
  cleanups.push(() => double.stop(), () => data.remove(), () => svc.stop());
  const health = async () => (await (await fetch(`http://127.0.0.1:${svc.service.port}/health`)).json()) as Record<string, unknown>;
  return { double, svc, health, now };
}

describe('HA precision', () => {
  it('stores two states of one entity within one millisecond as two events, live and after a drop from history', async () => {
    const { double, svc } = await setup(1);
    await svc.start();
    await waitFor(() => double.stateSubscribers === 1, 'subscribed');
    const ms = Date.now() - 1000;
    double.home.setState('sensor.power', '876.4', { unit_of_measurement: 'W' }, { atUs: ms * 1000 + 120 });
    double.home.setState('sensor.power', '854.2', { unit_of_measurement: 'W' }, { atUs: ms * 1000 + 870 });
    const power = async () => (await allEvents(svc.storage)).filter((e) => e.entityId === 'sensor.power');
    await waitFor(async () => (await power()).length === 2, 'both power states');
    assert.deepEqual((await power()).map((e) => [e.time, e.micros, e.state, e.oldState]), [[ms, 120, '876.4', null], [ms, 870, '854.2', '876.4']]);
    const metrics = async () => (await fetch(`http://127.0.0.1:${svc.service.port}/metrics`)).text();
    assert.match(await metrics(), /homerhythm_ingest_events_duplicate_total\{source="live"\} 0/);

    // while nobody listens, the sensor changes twice within another millisecond: the fill brings both
    double.refuseConnections = true;
    double.dropConnections();
    await waitFor(() => svc.service.ingestor.client.state !== 'connected', 'the drop noticed');
    const later = Date.now() - 500;
    double.home.setState('sensor.power', '850.1', { unit_of_measurement: 'W' }, { atUs: later * 1000 + 5 });
    double.home.setState('sensor.power', '849.9', { unit_of_measurement: 'W' }, { atUs: later * 1000 + 6 });
    double.refuseConnections = false;
    await waitFor(() => svc.service.ingestor.gap.fillsDone === 1, 'the gap fill', 10_000);
    assert.deepEqual((await power()).map((e) => `${e.time - ms}.${e.micros}=${e.state}`), ['0.120=876.4', '0.870=854.2', `${later - ms}.5=850.1`, `${later - ms}.6=849.9`]);
    // the fill's margin replayed the first two: skipped, not doubled
    assert.equal(svc.service.ingestor.gap.last?.inserted, 2);
    assert.ok((svc.service.ingestor.gap.last?.duplicates ?? 0) >= 2);
  });

  it('fills a gap longer than Layer 1 keeps, back to its start, when HA\'s history reaches there', async () => {
    const { double, svc, health, now } = await setup(12, 9);
    double.home.purgedBeforeMs = now - 10 * DAY; // HA's default purge_keep_days
    // HA's recorder holds a state from before the gap: it answers the fill's first window with start states
    double.home.setState('light.lamp_0', 'on', undefined, { atMs: now - 9.5 * DAY });
    double.home.setState('light.lamp_1', 'on', undefined, { atMs: now - 8.5 * DAY }); // older than Layer 1's 7 days
    double.home.setState('light.lamp_2', 'on', undefined, { atMs: now - 2 * DAY });
    await svc.start();
    await waitFor(() => svc.service.ingestor.gap.fillsDone === 1, 'the gap fill', 20_000);
    const stored = (await allEvents(svc.storage)).map((e) => `${e.entityId}@${Math.round((now - e.time) / 3_600_000)}h`);
    assert.deepEqual(stored, ['light.lamp_0@216h', 'light.lamp_1@204h', 'light.lamp_2@48h']);
    const h = await health();
    assert.equal(h['status'], 'ok', String(h['message']));
    assert.equal(h['gap_fill'], 'done');
    const last = h['last_gap_fill'] as Record<string, unknown>;
    assert.deepEqual([last['complete'], last['truncated']], [true, false]);
    // recorded, so the jobs aggregate the filled days, also those older than Layer 1 keeps
    const fill = svc.storage.runs.list({ job: 'gap_fill' })[0];
    assert.equal(fill?.counts['inserted'], 2);
    assert.ok(fill!.counts['from']! <= now - 9 * DAY);
  });

  it('reports a gap truncated where HA\'s history begins, in the fill and in /health', async () => {
    const { double, svc, health, now } = await setup(12, 12);
    double.home.setState('light.lamp_1', 'on', undefined, { atMs: now - 11 * DAY }); // HA purged it
    double.home.setState('light.lamp_1', 'off', undefined, { atMs: now - 9 * DAY });
    double.home.setState('light.lamp_2', 'on', undefined, { atMs: now - 3 * DAY });
    double.home.purgedBeforeMs = now - 10 * DAY;
    await svc.start();
    await waitFor(() => svc.service.ingestor.gap.fillsDone === 1, 'the gap fill', 20_000);
    const stored = (await allEvents(svc.storage)).map((e) => `${e.entityId}@${Math.round((now - e.time) / DAY)}d=${e.state}`);
    assert.deepEqual(stored, ['light.lamp_0@12d=off', 'light.lamp_1@9d=off', 'light.lamp_2@3d=on']);
    const h = await health();
    assert.equal(h['status'], 'degraded');
    assert.equal(h['gap_fill'], 'truncated');
    assert.match(String(h['message']), /filled only in part: Home Assistant's history begins at .* purge_keep_days/);
    const last = h['last_gap_fill'] as Record<string, unknown>;
    assert.deepEqual([last['complete'], last['truncated'], last['finished']], [false, true, true]);
    assert.equal(last['reached'], new Date(now - 9 * DAY).toISOString());
    const truncated = h['truncated_gaps'] as Record<string, unknown>[];
    assert.equal(truncated.length, 1);
    assert.equal(truncated[0]!['history_reached'], new Date(now - 9 * DAY).toISOString());
    assert.ok(svc.lines.some((l) => /filled only in part/.test(l.msg)), 'and the log says so');
    const metrics = await (await fetch(`http://127.0.0.1:${svc.service.port}/metrics`)).text();
    assert.match(metrics, /homerhythm_ingest_gap_fills_total\{result="truncated"\} 1/);
  });
});
