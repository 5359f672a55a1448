/**
 * Live ingestion in-process against the HA double over a real socket: enrichment and its
 * refresh, filters, coalesced and malformed frames, the gap fill after a drop, the heartbeat,
 * backoff while HA is down, a token revoked while running, /health and /metrics.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { eventMicros } from '../../src/events/model.js';
import { sampleHome } from '../ha-double/home.js';
import { HaDouble, waitFor } from '../ha-double/server.js';
import { allEvents, startInProcess, tempDataDir, testConfig } from './harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(options: { yaml?: string; lights?: number; sensors?: number; refuse?: boolean } = {}) {
  const double = await HaDouble.start({ home: sampleHome({ lights: options.lights, sensors: options.sensors }) });
  double.refuseConnections = options.refuse ?? false;
  const data = tempDataDir('live');
  const config = testConfig({ HA_URL: double.url, HA_TOKEN: double.token, HOMERHYTHM_DATA_DIR: data.dir }, options.yaml);
  const svc = await startInProcess(config, { backoff: { initialMs: 200, maxMs: 1000, factor: 2, jitter: 0 }, gapFillRetryMs: 100 });
  cleanups.push(() => double.stop(), () => data.remove(), () => svc.stop());
  const base = () => `http://127.0.0.1:${svc.service.port}`;
  const health = async () => (await (await fetch(`${base()}/health`)).json()) as Record<string, unknown>;
  return { double, svc, health, base };
}

const stored = async (svc: Awaited<ReturnType<typeof setup>>['svc']) => allEvents(svc.storage);

describe('live ingestion', () => {
  it('stores events enriched with device and effective area, and follows entity_registry_updated', async () => {
    const { double, svc } = await setup();
    await svc.start();
    await waitFor(() => double.stateSubscribers === 1, 'the state_changed subscription');
    assert.equal(svc.storage.home.get().timeZone, 'Europe/Berlin');
    assert.equal(svc.storage.home.get().haVersion, '2025.1.0');

    double.home.setState('light.lamp_1', 'on'); // no own area: its device's (living_room)
    double.home.setState('light.lamp_0', 'on'); // own area (living_room) over its device's (kitchen)
    await waitFor(async () => (await stored(svc)).length === 2, 'two events stored');
    const byEntity = new Map((await stored(svc)).map((e) => [e.entityId, e]));
    assert.deepEqual([byEntity.get('light.lamp_1')!.deviceId, byEntity.get('light.lamp_1')!.areaId], ['dev_light_lamp_1', 'living_room']);
    assert.deepEqual([byEntity.get('light.lamp_0')!.deviceId, byEntity.get('light.lamp_0')!.areaId], ['dev_light_lamp_0', 'living_room']);
    assert.equal(byEntity.get('light.lamp_1')!.oldState, 'off');

    const before = svc.service.ingestor.registry.refreshes;
    double.home.updateEntity('light.lamp_1', { area_id: 'bedroom' });
    await waitFor(() => svc.service.ingestor.registry.refreshes > before, 'the registry reloaded');
    double.home.setState('light.lamp_1', 'off');
    await waitFor(async () => (await stored(svc)).length === 3, 'the third event');
    const last = (await stored(svc)).filter((e) => e.entityId === 'light.lamp_1').at(-1)!;
    assert.equal(last.areaId, 'bedroom');

    // A device moved to another area: entities without an area of their own follow it.
    const refreshed = svc.service.ingestor.registry.refreshes;
    double.home.updateDevice('dev_light_lamp_2', { area_id: 'hallway' });
    await waitFor(() => svc.service.ingestor.registry.refreshes > refreshed, 'the device registry reloaded');
    double.home.setState('light.lamp_2', 'on');
    await waitFor(async () => (await stored(svc)).some((e) => e.entityId === 'light.lamp_2'), 'lamp 2 stored');
    assert.equal((await stored(svc)).find((e) => e.entityId === 'light.lamp_2')!.areaId, 'hallway');
  });

  it('keeps only included entities; exclude (by id or glob) wins', async () => {
    const yaml = `ingest:\n  include: { domains: [light], entities: [binary_sensor.motion_4] }\n  exclude: { entities: [light.lamp_5], entity_globs: ['light.lamp_[0-1]'] }\n`;
    const { double, svc } = await setup({ yaml });
    await svc.start();
    await waitFor(() => double.stateSubscribers === 1, 'subscribed');
    for (let i = 0; i < 6; i++) double.home.setState(`light.lamp_${i}`, 'on');
    for (let i = 0; i < 6; i++) double.home.setState(`binary_sensor.motion_${i}`, 'on');
    await waitFor(async () => (await stored(svc)).length === 4, 'four kept events', 5000);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual((await stored(svc)).map((e) => e.entityId).sort(), ['binary_sensor.motion_4', 'light.lamp_2', 'light.lamp_3', 'light.lamp_4']);
  });

  it('reads coalesced frames, and survives malformed frames and events', async () => {
    const { double, svc } = await setup();
    await svc.start();
    await waitFor(() => double.stateSubscribers === 1, 'subscribed');
    assert.ok(double.commands.some((c) => c.type === 'supported_features'), 'asked for coalesced messages');
    double.sendRaw('{not json');
    double.sendRaw(JSON.stringify({ id: 9999, type: 'event', event: { event_type: 'state_changed' } }));
    const sub = [...double.connections][0]!.subscriptions;
    const stateSub = [...sub].find(([, type]) => type === 'state_changed')![0];
    double.sendRaw(JSON.stringify({ id: stateSub, type: 'event', event: { event_type: 'state_changed', data: { entity_id: 'Not An Id' } } }));
    for (let i = 0; i < 2000; i++) double.home.setState(`light.lamp_${i % 6}`, i % 2 === 0 ? 'on' : 'off');
    await waitFor(async () => (await stored(svc)).length === 2000, '2000 events', 10_000);
    assert.ok(double.coalescedFrames > 0, 'the double coalesced');
    const metrics = await (await fetch(`http://127.0.0.1:${svc.service.port}/metrics`)).text();
    assert.match(metrics, /homerhythm_ingest_events_invalid_total 1/);
    assert.equal(svc.service.ingestor.client.stats.malformedFrames, 1);
  });

  it('fills the gap after a dropped connection from HA history, without duplicates, with the right old states', async () => {
    const { double, svc, health } = await setup({ yaml: 'ingest: { history_margin_seconds: 60 }\n' });
    await svc.start();
    await waitFor(() => double.stateSubscribers === 1, 'subscribed');
    const entities = [...double.home.states.keys()];
    const emit = (n: number) => {
      for (let i = 0; i < n; i++) {
        const id = entities[i % entities.length]!;
        double.home.setState(id, double.home.states.get(id)!.state === 'on' ? 'off' : 'on', { n: i });
      }
    };
    const initial = double.home.recorded.length;
    emit(40);
    await waitFor(async () => (await stored(svc)).length === 40, 'the first 40');
    double.refuseConnections = true;
    double.dropConnections();
    await waitFor(() => svc.service.ingestor.client.state !== 'connected', 'the drop noticed');
    emit(60); // while nobody listens
    assert.equal((await stored(svc)).length, 40);
    double.failCommands.set('history/history_during_period', 1); // HA still starting: its first history request fails
    double.refuseConnections = false;
    await waitFor(async () => (await health())['gap_fills_done'] === 1, 'the gap fill (retried)', 10_000);
    emit(20);
    const expected = double.home.recorded.slice(initial);
    await waitFor(async () => (await stored(svc)).length === expected.length, `${expected.length} events`, 5000);
    const got = await stored(svc);
    const key = (id: string, us: number) => `${id}@${us}`;
    assert.deepEqual(new Set(got.map((e) => key(e.entityId, eventMicros(e)))), new Set(expected.map((s) => key(s.entity_id, s.last_updated_us))));
    // Old states chain across the gap exactly as HA's live events would have carried them.
    const previous = new Map<string, string>();
    for (const s of double.home.recorded) {
      // keyed to the microsecond: the double sets an entity's states 1 µs apart, often in one ms
      const e = got.find((g) => g.entityId === s.entity_id && eventMicros(g) === s.last_updated_us);
      if (e !== undefined) assert.equal(e.oldState, previous.get(s.entity_id), `old state of ${s.entity_id} at ${e.time}`);
      previous.set(s.entity_id, s.state);
    }
    const request = double.commands.find((c) => c.type === 'history/history_during_period')!;
    assert.equal(request['include_start_time_state'], true, 'HA is asked for the states at the start: they tell how far back its history reaches');
    assert.equal(request['significant_changes_only'], false);
    const h = await health();
    assert.equal(h['status'], 'ok');
    assert.equal((h['last_gap_fill'] as Record<string, number>)['inserted'], 60);
    const metrics = await (await fetch(`http://127.0.0.1:${svc.service.port}/metrics`)).text();
    assert.match(metrics, /homerhythm_ingest_gap_fills_total\{result="failed"\} 1/);
    assert.match(metrics, /homerhythm_ingest_gap_fills_total\{result="ok"\} 1/);
    assert.match(metrics, /homerhythm_ingest_events_stored_total\{source="history"\} 60/);
  });

  it('reconnects when pongs stop coming (heartbeat)', async () => {
    const { double, svc } = await setup({ yaml: 'ingest: { heartbeat_seconds: 1, pong_timeout_seconds: 1 }\n' });
    await svc.start();
    await waitFor(() => double.stateSubscribers === 1, 'subscribed');
    double.answerPongs = false;
    await waitFor(() => svc.service.ingestor.client.stats.pingTimeouts === 1, 'a ping timeout', 5000);
    double.answerPongs = true;
    await waitFor(() => double.connectionsAccepted === 2 && double.stateSubscribers === 1, 'a new connection, subscribed again', 5000);
    double.home.setState('light.lamp_2', 'on');
    await waitFor(async () => (await stored(svc)).some((e) => e.entityId === 'light.lamp_2'), 'events flow again');
  });

  it('reconnects (after a pause) when the session cannot be set up, e.g. a refused subscription', async () => {
    const { double, svc } = await setup();
    double.failCommands.set('subscribe_events', 1);
    await svc.start();
    await waitFor(() => double.stateSubscribers === 1, 'subscribed on the second connection', 8000);
    assert.equal(double.connectionsAccepted, 2);
    double.home.setState('light.lamp_4', 'on');
    await waitFor(async () => (await stored(svc)).some((e) => e.entityId === 'light.lamp_4'), 'events flow');
  });

  it('waits for HA with backoff when it is down at start, then connects', async () => {
    const { double, svc, health } = await setup({ refuse: true });
    await svc.start(); // does not throw: HA may still be starting
    assert.equal((await health())['status'], 'degraded');
    await new Promise((r) => setTimeout(r, 1500));
    // Backoff 200, 400, 800 ms (capped at 1 s): a handful of attempts, not a tight loop.
    assert.ok(double.upgradeAttempts >= 3 && double.upgradeAttempts <= 5, `${double.upgradeAttempts} attempts in 1.5 s`);
    double.refuseConnections = false;
    await waitFor(async () => (await health())['connection'] === 'connected', 'connected', 5000);
  });

  it('a token revoked while running: reported once as auth_invalid, no reconnect loop', async () => {
    const { double, svc, health, base } = await setup();
    await svc.start();
    await waitFor(() => double.stateSubscribers === 1, 'subscribed');
    double.token = 'a-new-token';
    double.dropConnections();
    await waitFor(async () => (await health())['connection'] === 'auth_invalid', 'auth_invalid', 5000);
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(double.authAttempts, 2);
    assert.equal(double.authFailures, 1);
    const res = await fetch(`${base()}/health`);
    assert.equal(res.status, 503);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body['status'], 'down');
    assert.match(String(body['message']), /rejected the access token/);
    const errors = svc.lines.filter((l) => l.level >= 50);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.msg, /rejected the access token.*not retrying/);
    assert.ok(!JSON.stringify(svc.lines).includes(double.token) && !JSON.stringify(svc.lines).includes('double-token'), 'the token is never logged');
  });

  it('serves /health and /metrics', async () => {
    const { double, svc, health, base } = await setup();
    await svc.start();
    await waitFor(() => double.stateSubscribers === 1, 'subscribed');
    double.home.setState('light.lamp_3', 'on');
    await waitFor(async () => (await stored(svc)).length === 1, 'an event stored');
    const h = await health();
    for (const key of ['status', 'connection', 'ha_version', 'last_event_time', 'events_per_second', 'queued_writes', 'gap_fills_done']) assert.ok(key in h, key);
    assert.equal(h['connection'], 'connected');
    assert.equal(h['ha_version'], '2025.1.0');
    const metrics = await fetch(`${base()}/metrics`);
    assert.match(metrics.headers.get('content-type') ?? '', /text\/plain/);
    const text = await metrics.text();
    for (const name of ['events_received_total', 'events_stored_total{source="live"}', 'queued_writes', 'connected 1', 'gap_fills_total', 'last_event_timestamp_seconds']) {
      assert.ok(text.includes(`homerhythm_ingest_${name}`), name);
    }
    assert.ok(!text.includes('process_cpu'), 'its own registry, not the global default');
    const missing = await fetch(`${base()}/nope`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: string }).error, 'not_found');
  });
});
