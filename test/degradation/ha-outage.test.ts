/**
 * Home Assistant unreachable while events keep happening: the data-api keeps answering from the
 * store, `/health` says ingestion is degraded and why, and when HA returns the missed events come
 * from its history — every event stored once, none lost.
 */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { createApp } from '../../src/api/app.js';
import { Calendar } from '../../src/time/calendar.js';
import { sampleHome } from '../ha-double/home.js';
import { HaDouble, waitFor } from '../ha-double/server.js';
import { homeEvents } from './home-events.js';
import { allEvents, startInProcess, tempDataDir, testConfig } from '../ingest/harness.js';
import { eventMicros } from '../../src/events/model.js';

const data = tempDataDir('ha-outage');
const calendar = new Calendar('Europe/Berlin');
after(() => data.remove());

it('HA unreachable: the API keeps serving, /health says so, the gap is backfilled when HA returns', { timeout: 60_000 }, async (t) => {
  const double = await HaDouble.start({ home: sampleHome({ lights: 8, sensors: 8 }) });
  const config = testConfig({ HA_URL: double.url, HA_TOKEN: double.token, HOMERHYTHM_DATA_DIR: data.dir });
  const svc = await startInProcess(config, { backoff: { initialMs: 200, maxMs: 1000, factor: 2, jitter: 0 }, gapFillRetryMs: 100 });
  const api = createApp({ storage: svc.storage, config, calendar: () => calendar, health: () => svc.health.snapshot(), remoteAddress: () => '127.0.0.1' });
  const get = async (path: string) => {
    const res = await api.request(path);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  try {
    await svc.start();
    await waitFor(() => double.stateSubscribers === 1, 'subscribed');
    const { emit, expected: recorded } = homeEvents(double);
    emit(50);
    await waitFor(async () => (await allEvents(svc.storage)).length === 50, 'the first 50 stored');

    double.refuseConnections = true;
    double.dropConnections();
    await waitFor(() => svc.service.ingestor.client.state !== 'connected', 'the outage noticed');
    emit(70); // nobody receives these live
    const during = await get('/health');
    assert.equal(during.status, 200, 'degraded, not down: the rest still works');
    assert.equal(during.body['status'], 'degraded');
    const ingest = (during.body['components'] as Record<string, { status: string; message: string }>)['ingest']!;
    assert.equal(ingest.status, 'degraded');
    assert.match(ingest.message, /Home Assistant/);
    const events = await get(`/api/v1/events?start=${new Date(Date.now() - 3_600_000).toISOString()}&end=now&limit=1000`);
    assert.equal(events.status, 200, 'the API answers from the store');
    assert.equal((events.body['events'] as unknown[]).length, 50);

    double.refuseConnections = false;
    await waitFor(async () => (await get('/health')).body['status'] === 'ok' && svc.service.ingestor.gap.fillsDone === 1, 'HA back, the gap filled', 15_000);
    emit(30);
    const expected = recorded();
    await waitFor(async () => (await allEvents(svc.storage)).length === expected.length, `${expected.length} events`, 5000);
    const stored = (await allEvents(svc.storage)).map((e) => `${e.entityId}@${eventMicros(e)}`);
    assert.equal(new Set(stored).size, stored.length, 'no duplicates');
    assert.deepEqual(new Set(stored), new Set(expected), 'no loss: 50 live + 70 from history + 30 live');
    assert.equal(svc.service.ingestor.gap.last?.inserted, 70);
    t.diagnostic(`${expected.length} events: 50 live, 70 during the outage (from history), 30 live; stored ${stored.length}, duplicates 0`);
  } finally {
    await svc.stop();
    await double.stop();
  }
});
