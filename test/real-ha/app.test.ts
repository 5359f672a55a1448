/**
 * homerhythm as a Home Assistant App, against Home Assistant Core itself (scripts/ha-install.sh):
 * `homerhythm serve` with SUPERVISOR_TOKEN, no HA_URL, the user's choices in `<data>/options.json`
 * and the App's `/data` a temp folder (HOMERHYTHM_APP_DATA). Between it and HA stands
 * src/testing/real-ha/supervisor.ts, test scaffolding for the Supervisor's core proxy (which cannot
 * run here): it takes only the App's SUPERVISOR_TOKEN and reaches HA with HA's own token, as the
 * Supervisor does. The ingress proxy's address is 127.0.0.2 here (HOMERHYTHM_INGRESS_PROXY; the
 * Supervisor's is 172.30.32.2): Linux loopback holds all of 127/8, so a request can come from it.
 * Bad options need no HA: test/app/bad-options.test.ts.
 */
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DateTime } from 'luxon';
import type { StateEvent } from '../../src/events/model.js';
import { loadConfig } from '../../src/config.js';
import { openStorage } from '../../src/storage/index.js';
import { EVENTS_FILE, SqliteStorage } from '../../src/storage/sqlite/index.js';
import { BUCKETS } from '../../src/storage/types.js';
import { automationIdOf } from '../../src/suggestions/apply.js';
import { InfluxTokenGate } from '../../src/testing/influx-token-gate.js';
import { Influxd } from '../../src/testing/influxd.js';
import { HomeAssistant } from '../../src/testing/real-ha/home-assistant.js';
import { optedOut } from '../../src/testing/real-ha/install.js';
import { SupervisorProxy } from '../../src/testing/real-ha/supervisor.js';
import { waitFor } from '../../src/testing/wait.js';
import { allEvents, getJson } from '../ingest/harness.js';
import { tempDirs } from '../../src/testing/temp.js';
import { type AppRun, appPorts, listeningSockets, logLines, startApp } from '../app/app-process.js';

const SUPERVISOR_TOKEN = 'supervisor-token-of-this-app';
const API_TOKEN = 'an-api-token-of-24-chars';
const INGRESS_PROXY = '127.0.0.2';
const INFLUX_PASSWORD = 'influx-password-of-the-app';
const INFLUX_TOKEN = 'influx-token-of-the-app';
const DAY = 86_400_000;

/** A fresh temp folder (the App's /data, its working folder, HOME, TMPDIR), removed after the file's tests. */
const folder = tempDirs('app');

/** Each entity the test changes in HA, and whether the options let it into Layer 1. */
const CHANGES: readonly [string, boolean][] = [
  ['light.app_lamp_0', true],
  ['light.app_lamp_1', false], // exclude_entities
  ['binary_sensor.app_motion_0', true],
  ['binary_sensor.app_motion_2', false], // exclude_entity_globs
  ['cover.app_garage', false], // exclude_domains beats include_domains
  ['sensor.app_outdoor_temperature', true], // include_entities
  ['sensor.app_kitchen_power', false], // in no include
  ['switch.app_hall', false], // in no include
  ['switch.app_garden_pump', true], // include_entity_globs; last, so once it is stored every change before it was decided
];

const OPTIONS = {
  include_domains: ['light', 'binary_sensor', 'cover'],
  include_entities: ['sensor.app_outdoor_temperature'],
  include_entity_globs: ['switch.app_garden_*'],
  exclude_domains: ['cover'],
  exclude_entities: ['light.app_lamp_1'],
  exclude_entity_globs: ['binary_sensor.*_2'],
  raw_days: 3,
  daily_days: 30,
  weekly_weeks: 10,
  pattern_days: 60,
  time_zone: 'America/New_York', // the test HA says Europe/Berlin: the option must win
  api_token: API_TOKEN,
  storage_backend: 'sqlite',
  log_level: 'info',
};

/** One record per layer on each side of the options' retention; their names say which side. */
async function seedAcrossRetention(data: string, now: number): Promise<void> {
  const store = new SqliteStorage(data);
  try {
    const event = (entityId: string, daysAgo: number): StateEvent => ({ time: now - daysAgo * DAY, entityId, domain: 'light', state: 'on', oldState: 'off', attributes: {}, deviceId: null, areaId: null, cause: 'person' });
    await store.events.append([event('light.past_raw_days', 5), event('light.within_raw_days', 2)]);
    const probe = (bucket: typeof BUCKETS.daily | typeof BUCKETS.weekly, period: string, daysAgo: number) =>
      store.aggregates.replace({ bucket, period, measurements: ['retention_probe'], records: [{ measurement: 'retention_probe', period, time: now - daysAgo * DAY, tags: { entity_id: 'light.probe' }, fields: { count: 1 } }] });
    await probe(BUCKETS.daily, 'past-daily-days', 40);
    await probe(BUCKETS.daily, 'within-daily-days', 20);
    await probe(BUCKETS.weekly, 'past-weekly-weeks', 100);
    await probe(BUCKETS.weekly, 'within-weekly-weeks', 30);
    for (const [deviceId, daysAgo] of [['light.past_pattern_days', 90], ['light.within_pattern_days', 10]] as const) {
      store.patterns.upsertSync({ patternType: 'retention_probe', deviceId, key: 'k', metadata: {}, confidence: 0.5, occurrences: 1, lastSeen: now - daysAgo * DAY }, now);
    }
  } finally {
    await store.close();
  }
}

/** waitFor, failing with what the App wrote so far. */
async function waitForApp(app: AppRun, predicate: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  try {
    await waitFor(predicate, what, timeoutMs, 100);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- the App's stdout:\n${app.stdout()}\n--- its stderr:\n${app.stderr()}`);
  }
}

/** A routine of an entity the test HA has (a person switches it on at 06:46 on weekdays): a suggestion to create in HA. */
const ROUTINE_ENTITY = 'input_boolean.kitchen_light';
async function seedRoutine(data: string, now: number): Promise<void> {
  const store = new SqliteStorage(data);
  try {
    // seen two days ago, so the catch-up's daily job puts it in Layer 2: a suggestion names entities the home has
    await store.events.append([{ time: now - 2 * DAY, entityId: ROUTINE_ENTITY, domain: 'input_boolean', state: 'on', oldState: 'off', attributes: {}, deviceId: null, areaId: null, cause: 'person' }]);
    const metadata = { entity_id: ROUTINE_ENTITY, typical_time: '06:46', typical_minute: 406, spread_minutes: 3, day_type: 'weekdays', weekday_mask: [1, 2, 3, 4, 5], mask_days_matched: 20, mask_days_observed: 21, days_matched: 20, days_observed: 30 };
    store.patterns.upsertSync({ patternType: 'time_based', deviceId: ROUTINE_ENTITY, key: 'weekdays', metadata, confidence: 0.9, occurrences: 21, lastSeen: now }, now);
  } finally {
    await store.close();
  }
}

/** A GET from a given local address, as the ingress proxy (or anyone else) would send it. */
function getFrom(localAddress: string, port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, path, localAddress, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    r.on('error', reject);
    r.end();
  });
}

describe('homerhythm as a Home Assistant App, with a real Home Assistant', { skip: optedOut() ? 'HOMERHYTHM_SKIP_REAL_HA=1' : false }, () => {
  let ha: HomeAssistant;
  let supervisor: SupervisorProxy;

  before(async () => {
    ha = await HomeAssistant.create();
    supervisor = await SupervisorProxy.start({ haUrl: ha.url, haToken: ha.token, haVersion: ha.version, supervisorToken: SUPERVISOR_TOKEN });
  });
  after(async () => {
    await supervisor?.stop();
    await ha?.stop();
  });

  /** `homerhythm serve` as the App's run script starts it, with `options` in `<data>/options.json`. */
  async function startTheApp(data: string, options: Record<string, unknown>) {
    const dirs = { cwd: folder(), home: folder(), tmp: folder() };
    writeFileSync(join(data, 'options.json'), JSON.stringify(options));
    const ports = await appPorts();
    const app = startApp(['serve'], { HOME: dirs.home, TMPDIR: dirs.tmp, SUPERVISOR_TOKEN, HOMERHYTHM_APP_DATA: data, HOMERHYTHM_SUPERVISOR_URL: supervisor.websocketUrl, HOMERHYTHM_INGRESS_PROXY: INGRESS_PROXY, ...ports }, dirs.cwd);
    const health = `http://127.0.0.1:${ports.HOMERHYTHM_INGEST_PORT}/health`;
    // (not status ok: the seeded events make a gap older than HA's history, which /health reports)
    const ingesting = (h: Record<string, unknown> | null) => h?.['connection'] === 'connected' && h['subscribed'] === true && !['waiting', 'running'].includes(String(h['gap_fill']));
    await waitForApp(app, async () => ingesting(await getJson(health)), "the App to ingest through the Supervisor's proxy", 60_000);
    return { app, ports, dirs, api: `http://127.0.0.1:${ports.HOMERHYTHM_API_PORT}`, health };
  }

  let rounds = 0;
  /** Changes every entity of CHANGES in HA; resolves once the last included one is stored; returns when each changed. */
  async function changeAndSettle(api: string, health: string, app: AppRun): Promise<Map<string, number>> {
    const times = new Map<string, number>();
    // a state new to every entity (HA fires no state_changed for the same state again)
    const value = `round ${++rounds}`;
    for (const [entity] of CHANGES) {
      const state = await ha.rest<{ last_updated: string }>('POST', `/api/states/${entity}`, { state: value });
      times.set(entity, Date.parse(state.last_updated));
    }
    await waitForApp(
      app,
      async () => {
        const body = await getJson(`${api}/api/v1/events?entity_id=switch.app_garden_pump&start=-1h`);
        return ((body?.['events'] as { state: string }[] | undefined) ?? []).some((e) => e.state === value) && (await getJson(health))?.['queued_writes'] === 0;
      },
      'the last change to be stored',
      30_000,
    );
    return times;
  }

  async function stop(app: AppRun): Promise<void> {
    app.child.kill('SIGTERM');
    assert.equal(await app.exited, 0, app.stdout() + app.stderr());
  }

  it('connects through the Supervisor, ingests, honours every option, serves ingress to the ingress proxy only, keeps everything under /data', { timeout: 180_000 }, async () => {
    const data = folder();
    const seededAt = Date.now();
    await seedAcrossRetention(data, seededAt);
    await seedRoutine(data, seededAt);
    const joinedBefore = supervisor.websocketsJoined;
    const { app, ports, dirs, api, health } = await startTheApp(data, OPTIONS);
    let ok = false;
    try {
      assert.equal(supervisor.websocketsJoined, joinedBefore + 1, 'one WebSocket, through the Supervisor with SUPERVISOR_TOKEN');
      const times = await changeAndSettle(api, health, app);

      // time_zone: a local time without an offset is read in the option's zone, not HA's Berlin.
      const at = times.get('light.app_lamp_0')!;
      const local = (ms: number) => DateTime.fromMillis(ms, { zone: 'America/New_York' }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
      const inZone = (await getJson(`${api}/api/v1/events?entity_id=light.app_lamp_0&start=${local(at - 60_000)}&end=${local(at + 60_000)}`))!;
      assert.equal((inZone['events'] as unknown[]).length, 1, `the change at ${new Date(at).toISOString()} is found between New York wall times: ${JSON.stringify(inZone)}`);

      // api_token: the admin endpoints take it (without one configured they refuse everyone).
      const admin = `${api}/api/v1/patterns?older_than_days=36500`;
      assert.equal((await fetch(admin, { method: 'DELETE', headers: { authorization: `Bearer ${API_TOKEN}` } })).status, 200);
      assert.equal((await fetch(admin, { method: 'DELETE', headers: { authorization: 'Bearer not-the-token-at-all-no' } })).status, 401);

      // "Create in Home Assistant" (admin: the API token) reaches HA through the Supervisor's REST proxy, http://supervisor/core/api.
      const listed = (await getJson(`${api}/api/v1/suggestions?show=new`)) as { suggestions: { key: string; pattern: { device_id: string } }[] };
      const routine = listed.suggestions.find((x) => x.pattern.device_id === ROUTINE_ENTITY);
      assert.ok(routine !== undefined, JSON.stringify(listed));
      const id = automationIdOf(routine.key);
      const forwarded = supervisor.restForwarded;
      const create = await fetch(`${api}/api/v1/suggestions/${encodeURIComponent(routine.key)}/create`, { method: 'POST', headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ confirm: id, enabled: false }) });
      assert.equal(create.status, 200, await create.text());
      assert.ok(supervisor.restForwarded > forwarded, 'through the Supervisor');
      assert.equal((await ha.rest<{ id: string }>('GET', `/api/config/automation/config/${id}`)).id, id, 'the automation is in HA');

      // Ingress: the dashboard serves the ingress proxy (as the Supervisor sends: the browser in
      // X-Forwarded-For, HA's host, the prefix), and its data through the data-api; nobody else.
      const dashboard = Number(ports.HOMERHYTHM_DASHBOARD_PORT);
      const asSupervisor = { 'x-forwarded-for': '192.168.1.20, 172.30.32.1', 'x-forwarded-host': 'homeassistant.local:8123', 'x-ingress-path': '/api/hassio_ingress/Xq7-token', host: '172.30.33.5:3000' };
      const page = await getFrom(INGRESS_PROXY, dashboard, '/', asSupervisor);
      assert.equal(page.status, 200, page.body);
      assert.match(page.body, /<html/i);
      const events = await getFrom(INGRESS_PROXY, dashboard, '/api/v1/events?entity_id=light.app_lamp_0&start=-1h', asSupervisor);
      assert.equal(events.status, 200, events.body);
      assert.equal((JSON.parse(events.body) as { events: unknown[] }).events.length, 1);
      for (const path of ['/', '/api/v1/events?start=-1h', '/health']) {
        const other = await getFrom('127.0.0.1', dashboard, path, { 'x-forwarded-for': INGRESS_PROXY });
        assert.equal(other.status, 403, `${path} from 127.0.0.1: ${other.body}`);
      }
      await waitForApp(app, () => logLines(app.stdout()).some((l) => l.level === 40 && l['peer'] === '127.0.0.1' && /refused a request from 127\.0\.0\.1/.test(l.msg)), 'a log line for the refusal', 5_000);
      // Listening: the dashboard on the container's address; the data-api and ingest health on its loopback only.
      assert.deepEqual(
        listeningSockets(app.child.pid!),
        [`0.0.0.0:${dashboard}`, `127.0.0.1:${ports.HOMERHYTHM_API_PORT}`, `127.0.0.1:${ports.HOMERHYTHM_INGEST_PORT}`].sort(),
      );

      // Retention ran at start (catch-up) with the options' days.
      await waitForApp(app, async () => ((await getJson(`${api}/api/v1/jobs?job=retention&status=success`))?.['runs'] as unknown[] | undefined)?.length === 1, 'the retention run', 60_000);
      await stop(app);
      ok = true;
    } finally {
      if (!ok) app.child.kill('SIGKILL');
    }

    const store = new SqliteStorage(data);
    try {
      // include/exclude: of the test's changes, exactly those the options let in, once each (the
      // test HA's own entities, which the options let in too, are left aside).
      const changed = new Set(CHANGES.map(([e]) => e));
      const stored = (await allEvents(store)).map((e) => e.entityId).filter((e) => changed.has(e)).sort();
      assert.deepEqual(stored, CHANGES.filter(([, kept]) => kept).map(([e]) => e).sort());
      // raw_days 3, daily_days 30, weekly_weeks 10, pattern_days 60: each layer lost what was older, and only that.
      const seeded = (await allEvents(store)).map((e) => e.entityId).filter((e) => e.includes('raw_days'));
      assert.deepEqual(seeded, ['light.within_raw_days'], 'raw_days');
      const periods = async (bucket: typeof BUCKETS.daily | typeof BUCKETS.weekly) => (await store.aggregates.query({ bucket, measurements: ['retention_probe'] })).map((r) => r.period);
      assert.deepEqual(await periods(BUCKETS.daily), ['within-daily-days'], 'daily_days');
      assert.deepEqual(await periods(BUCKETS.weekly), ['within-weekly-weeks'], 'weekly_weeks');
      assert.deepEqual(store.patterns.list({ patternType: 'retention_probe' }).map((p) => p.device_id), ['light.within_pattern_days'], 'pattern_days');
    } finally {
      await store.close();
    }

    // Everything under /data: the store is there, and nothing was written anywhere else.
    assert.ok(readdirSync(data).some((f) => f.endsWith('.sqlite')), `the store is in the App's data folder: ${readdirSync(data).join(', ')}`);
    assert.deepEqual(readdirSync(dirs.cwd), [], 'nothing in the working folder');
    assert.deepEqual(readdirSync(dirs.home), [], 'nothing in HOME');
    // (tsx, which runs our TypeScript here and is not in the App's image, keeps its cache in TMPDIR)
    assert.deepEqual(readdirSync(dirs.tmp).filter((f) => !f.startsWith('tsx-')), [], 'nothing in TMPDIR');

    // Logs: JSON lines on stdout (the App's log tab), none on stderr; info level lets info through; no token.
    const logs = logLines(app.stdout());
    assert.ok(logs.some((l) => l.msg === 'ingesting from Home Assistant' && l.level === 30), app.stdout());
    assert.deepEqual(logLines(app.stderr()), [], 'no log lines on stderr');
    for (const secret of [SUPERVISOR_TOKEN, API_TOKEN, ha.token]) assert.ok(!app.stdout().includes(secret), 'no token in the log');
  });

  it("storage_backend influxdb: Layer 1 goes to the InfluxDB influxdb_url names, as influxdb_username with influxdb_password; log_level warn keeps info out of the log", { timeout: 180_000 }, async () => {
    const admin = { username: 'homerhythm', password: INFLUX_PASSWORD };
    const influxd = await Influxd.start({ admin });
    try {
      assert.equal((await fetch(`${influxd.url}/query?q=SHOW+DATABASES`)).status, 401, 'influxd asks for credentials');
      const data = folder();
      const options = { storage_backend: 'influxdb', influxdb_url: influxd.url, influxdb_username: admin.username, influxdb_password: admin.password, log_level: 'warn' };
      const { app, dirs, api, health } = await startTheApp(data, options);
      let ok = false;
      try {
        await changeAndSettle(api, health, app);
        assert.equal(((await getJson(`${api}/api/v1/storage`)) as { backend: string }).backend, 'influxdb');
        await stop(app);
        ok = true;
      } finally {
        if (!ok) app.child.kill('SIGKILL');
      }
      // Every change (no filters now) is in InfluxDB; Layer 1 is not in /data.
      const storage = await openStorage(loadConfig({ env: { SUPERVISOR_TOKEN, HOMERHYTHM_APP_DATA: data }, cwd: data }));
      try {
        assert.equal(storage.backend, 'influxdb');
        const stored: string[] = [];
        for await (const chunk of storage.events.read({ start: 0, end: Number.MAX_SAFE_INTEGER })) stored.push(...chunk.map((e) => e.entityId));
        const changed = new Set(CHANGES.map(([e]) => e));
        assert.deepEqual(stored.filter((e) => changed.has(e)).sort(), [...changed].sort());
      } finally {
        await storage.close();
      }
      assert.ok(!readdirSync(data).includes(EVENTS_FILE), `no Layer 1 file in /data: ${readdirSync(data).join(', ')}`);
      for (const dir of Object.values(dirs)) assert.deepEqual(readdirSync(dir).filter((f) => !f.startsWith('tsx-')), [], `nothing in ${dir}`);
      // log_level warn: no info or debug line in the JSON log.
      assert.deepEqual(logLines(app.stdout()).filter((l) => l.level < 40).map((l) => l.msg), [], 'no line below warn');
      assert.ok(!app.stdout().includes(INFLUX_PASSWORD), 'no InfluxDB password in the log');
    } finally {
      await influxd.stop();
    }
  });

  it('influxdb_token: the v1 compatibility API of InfluxDB 2.x/3.x is spoken with the token', { timeout: 180_000 }, async () => {
    const admin = { username: 'homerhythm', password: INFLUX_PASSWORD };
    const influxd = await Influxd.start({ admin });
    const gate = await InfluxTokenGate.start(influxd.url, INFLUX_TOKEN, admin);
    try {
      const data = folder();
      const { app, api, health } = await startTheApp(data, { storage_backend: 'influxdb', influxdb_url: gate.url, influxdb_token: INFLUX_TOKEN });
      try {
        await changeAndSettle(api, health, app);
        await stop(app);
      } finally {
        app.child.kill('SIGKILL');
      }
      assert.ok(gate.forwarded > 0 && gate.refused === 0, `every request carried the token: ${gate.forwarded} forwarded, ${gate.refused} refused`);
      assert.ok(!app.stdout().includes(INFLUX_TOKEN), 'no InfluxDB token in the log');
    } finally {
      await gate.stop();
      await influxd.stop();
    }
  });

  it("a SUPERVISOR_TOKEN the Supervisor does not know: one line saying so, exit code 2, no retry loop", { timeout: 60_000 }, async () => {
    const refused = supervisor.refused;
    const data = folder();
    const app = startApp(['serve'], { SUPERVISOR_TOKEN: 'a-token-of-another-app', HOMERHYTHM_APP_DATA: data, HOMERHYTHM_SUPERVISOR_URL: supervisor.websocketUrl, HOMERHYTHM_INGRESS_PROXY: INGRESS_PROXY, ...(await appPorts()) }, folder());
    assert.equal(await app.exited, 2, app.stdout() + app.stderr());
    assert.equal(supervisor.refused, refused + 1, 'one attempt');
    const lines = app.stderr().split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 1, app.stderr());
    assert.match(lines[0]!, /^homerhythm: the Supervisor's proxy at ws:\/\/127\.0\.0\.1:\d+\/core\/websocket refused this App's SUPERVISOR_TOKEN .*restart the App/);
    assert.ok(!app.stdout().includes('a-token-of-another-app') && !app.stderr().includes('a-token-of-another-app'), 'the token is not logged');
  });
});

