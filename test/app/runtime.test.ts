/**
 * homerhythm as a Home Assistant App, as the Supervisor starts it: `homerhythm serve` with
 * `SUPERVISOR_TOKEN` set and no `HA_URL`, the user's choices in `<data>/options.json`, and HA
 * reached through the Supervisor's WebSocket proxy (`ws://supervisor/core/websocket`). Here the
 * App's `/data` is a temporary folder (`HOMERHYTHM_APP_DATA`) and the proxy is the HA protocol
 * double serving `/core/websocket` (`HOMERHYTHM_SUPERVISOR_URL`); the real-HA harness had not
 * landed when this was written.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DateTime } from 'luxon';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { sampleHome } from '../ha-double/home.js';
import { HaDouble, waitFor } from '../ha-double/server.js';
import { allEvents, freePort, getJson, repoRoot, tempDataDir } from '../ingest/harness.js';

const SUPERVISOR_TOKEN = 'supervisor-token-of-this-app';
const API_TOKEN = 'an-api-token-of-24-chars';

interface AppRun {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

const folders: { remove(): void }[] = [];
after(() => folders.forEach((f) => f.remove()));
function folder(name: string): string {
  const f = tempDataDir(name);
  folders.push(f);
  return f.dir;
}

/** The CLI as the App's start script runs it, from an empty working folder with its own HOME and TMPDIR. */
function startApp(args: readonly string[], env: Record<string, string>, cwd: string): AppRun {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(repoRoot, 'src/cli.ts'), ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** JSON log lines in a stream's text. */
function logLines(text: string): { level: number; msg: string }[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: number; msg: string });
}

const OPTIONS = {
  include_domains: ['light', 'binary_sensor', 'cover'],
  include_entities: ['sensor.outdoor_temperature'],
  include_entity_globs: ['switch.garden_*'],
  exclude_domains: ['cover'],
  exclude_entities: ['light.lamp_1'],
  exclude_entity_globs: ['binary_sensor.*_2'],
  raw_days: 3,
  daily_days: 30,
  weekly_weeks: 10,
  pattern_days: 60,
  time_zone: 'America/New_York', // HA's get_config says Europe/Berlin: the option must win
  api_token: API_TOKEN,
  storage_backend: 'sqlite',
  log_level: 'info',
};

/** Each entity the double changes, and whether the options let it into Layer 1. */
const CHANGES: readonly [string, boolean][] = [
  ['light.lamp_0', true],
  ['light.lamp_1', false], // exclude_entities
  ['binary_sensor.motion_0', true],
  ['binary_sensor.motion_2', false], // exclude_entity_globs
  ['cover.garage', false], // exclude_domains beats include_domains
  ['sensor.outdoor_temperature', true], // include_entities
  ['sensor.kitchen_power', false], // in no include
  ['switch.hall', false], // in no include
  ['switch.garden_pump', true], // include_entity_globs; last, so once it is stored every change before it was decided
];

async function ports() {
  return { HOMERHYTHM_INGEST_PORT: String(await freePort()), HOMERHYTHM_API_PORT: String(await freePort()), HOMERHYTHM_DASHBOARD_PORT: String(await freePort()) };
}

describe('homerhythm as a Home Assistant App', () => {
  it('connects through the Supervisor proxy with SUPERVISOR_TOKEN, ingests, honours every option, keeps everything under /data and logs to stdout', { timeout: 120_000 }, async () => {
    const data = folder('app-data');
    const cwd = folder('app-cwd');
    const home = folder('app-home');
    const tmp = folder('app-tmp');
    writeFileSync(join(data, 'options.json'), JSON.stringify(OPTIONS));
    const double = await HaDouble.start({ home: sampleHome({ lights: 3, sensors: 3 }), token: SUPERVISOR_TOKEN, websocketPath: '/core/websocket' });
    const p = await ports();
    const app = startApp(['serve'], {
      HOME: home,
      TMPDIR: tmp,
      SUPERVISOR_TOKEN,
      HOMERHYTHM_APP_DATA: data,
      HOMERHYTHM_SUPERVISOR_URL: `ws://127.0.0.1:${double.port}/core/websocket`,
      ...p,
    }, cwd);
    const api = `http://127.0.0.1:${p.HOMERHYTHM_API_PORT}`;
    const times = new Map<string, number>();
    try {
      await waitFor(() => double.stateSubscribers === 1, `the App to subscribe through the proxy\n${app.stdout()}${app.stderr()}`, 60_000);
      for (const [entity] of CHANGES) {
        const event = double.home.setState(entity, 'on');
        times.set(entity, Date.parse(event.time_fired));
      }
      await waitFor(
        async () => {
          const body = await getJson(`${api}/api/v1/events?entity_id=switch.garden_pump&start=-1h`);
          const h = await getJson(`http://127.0.0.1:${p.HOMERHYTHM_INGEST_PORT}/health`);
          return (body?.['events'] as unknown[] | undefined)?.length === 1 && h?.['queued_writes'] === 0;
        },
        'the last change to be stored',
        30_000,
        100,
      );

      // time_zone: a local time without an offset is read in the option's zone, not HA's Berlin.
      const at = times.get('light.lamp_0')!;
      const local = (ms: number) => DateTime.fromMillis(ms, { zone: 'America/New_York' }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
      const inZone = (await getJson(`${api}/api/v1/events?entity_id=light.lamp_0&start=${local(at - 60_000)}&end=${local(at + 60_000)}`))!;
      assert.equal((inZone['events'] as unknown[]).length, 1, `the change at ${new Date(at).toISOString()} is found between New York wall times: ${JSON.stringify(inZone)}`);

      // retention: each layer keeps what the options say.
      const storage = (await getJson(`${api}/api/v1/storage`)) as { backend: string; layers: { layer: number; retention_days: number | null }[] };
      assert.equal(storage.backend, 'sqlite');
      const days = new Map(storage.layers.map((l) => [l.layer, l.retention_days]));
      assert.equal(days.get(1), 3, 'raw_days');
      assert.equal(days.get(2), 30, 'daily_days');
      assert.equal(days.get(3), 70, 'weekly_weeks (10 weeks)');
      assert.equal(days.get(4), 60, 'pattern_days');

      // api_token: the admin endpoints take it (without one configured they refuse everyone).
      const admin = `${api}/api/v1/patterns?older_than_days=1000`;
      assert.equal((await fetch(admin, { method: 'DELETE', headers: { authorization: `Bearer ${API_TOKEN}` } })).status, 200);
      assert.equal((await fetch(admin, { method: 'DELETE', headers: { authorization: 'Bearer not-the-token-at-all-no' } })).status, 401);

      app.child.kill('SIGTERM');
      assert.equal(await app.exited, 0, app.stdout() + app.stderr());
    } finally {
      app.child.kill('SIGKILL');
      await double.stop();
    }

    // include/exclude: exactly the changes the options let in, with the times HA gave them.
    const store = new SqliteStorage(data);
    try {
      const stored = (await allEvents(store)).map((e) => e.entityId).sort();
      assert.deepEqual(stored, CHANGES.filter(([, kept]) => kept).map(([e]) => e).sort());
    } finally {
      await store.close();
    }

    // Everything under /data: the store is there, nothing was written anywhere else we can see.
    assert.ok(readdirSync(data).some((f) => f.endsWith('.sqlite')), `the store is in the App's data folder: ${readdirSync(data).join(', ')}`);
    assert.deepEqual(readdirSync(cwd), [], 'nothing in the working folder');
    assert.deepEqual(readdirSync(home), [], 'nothing in HOME');
    // (tsx, which runs our TypeScript here and is not in the App's image, keeps its cache in TMPDIR)
  assert.deepEqual(readdirSync(tmp).filter((f) => !f.startsWith('tsx-')), [], 'nothing in TMPDIR');

    // Logs: JSON lines on stdout (the App's log tab), none on stderr; info level lets info through.
    const logs = logLines(app.stdout());
    assert.ok(logs.some((l) => l.msg === 'ingesting from Home Assistant' && l.level === 30), app.stdout());
    assert.deepEqual(logLines(app.stderr()), [], 'no log lines on stderr');
    assert.ok(!app.stdout().includes(SUPERVISOR_TOKEN) && !app.stdout().includes(API_TOKEN), 'no token in the log');
  });

  it('log_level error: connects and ingests without an info line', { timeout: 60_000 }, async () => {
    const data = folder('app-quiet');
    writeFileSync(join(data, 'options.json'), JSON.stringify({ log_level: 'error' }));
    const double = await HaDouble.start({ home: sampleHome({ lights: 1, sensors: 1 }), token: SUPERVISOR_TOKEN, websocketPath: '/core/websocket' });
    const app = startApp(['serve', '--only', 'ingest'], { SUPERVISOR_TOKEN, HOMERHYTHM_APP_DATA: data, HOMERHYTHM_SUPERVISOR_URL: `ws://127.0.0.1:${double.port}/core/websocket`, ...(await ports()) }, folder('app-quiet-cwd'));
    try {
      await waitFor(() => double.stateSubscribers === 1, 'the App to subscribe', 60_000);
      app.child.kill('SIGTERM');
      assert.equal(await app.exited, 0, app.stdout() + app.stderr());
    } finally {
      app.child.kill('SIGKILL');
      await double.stop();
    }
    assert.deepEqual(logLines(app.stdout()).filter((l) => l.level < 50), [], app.stdout());
  });

  for (const [what, options, named] of [
    ['a retention of 0 days', { raw_days: 0 }, /raw_days/],
    ['a time zone that is none', { time_zone: 'Mars/Olympus_Mons' }, /time_zone: not an IANA time zone/],
    ['an option the App does not have', { raw_dayz: 7 }, /raw_dayz: not an option of this App/],
    ['InfluxDB without its URL', { storage_backend: 'influxdb' }, /influxdb_url/],
    ['a short API token', { api_token: 'short' }, /api_token/],
    ['options.json that is not JSON', '{"raw_days": 7', /not JSON/],
  ] as const) {
    it(`refuses to start on ${what}: one clear line, a non-zero exit, nothing stored`, { timeout: 60_000 }, async () => {
      const data = folder('app-bad');
      writeFileSync(join(data, 'options.json'), typeof options === 'string' ? options : JSON.stringify(options));
      const app = startApp(['serve'], { SUPERVISOR_TOKEN, HOMERHYTHM_APP_DATA: data, HOMERHYTHM_SUPERVISOR_URL: 'ws://127.0.0.1:9/core/websocket', ...(await ports()) }, folder('app-bad-cwd'));
      const code = await app.exited;
      assert.equal(code, 2, app.stdout() + app.stderr());
      assert.match(app.stderr(), /^homerhythm: invalid (App options|configuration) \(/);
      assert.match(app.stderr(), named);
      assert.ok(!app.stderr().includes(SUPERVISOR_TOKEN));
      assert.deepEqual(readdirSync(data), ['options.json'], 'nothing stored');
    });
  }
});
