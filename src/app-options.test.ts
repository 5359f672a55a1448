import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { appDataDir, DEFAULT_APP_DATA_DIR, DEFAULT_INGRESS_PROXY, DEFAULT_SUPERVISOR_WEBSOCKET, INGRESS_PORT, isSupervisorProxy, runningAsApp } from './app-options.js';
import { ConfigError, loadConfig } from './config.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** An App's data folder holding `options` (an object, a raw text, or no file at all). */
function appData(options: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'homerhythm-app-options-'));
  dirs.push(dir);
  if (options !== undefined) writeFileSync(join(dir, 'options.json'), typeof options === 'string' ? options : JSON.stringify(options));
  return dir;
}

const cwd = tmpdir();
const load = (options: unknown, env: Record<string, string> = {}) => {
  const data = appData(options);
  return { data, config: loadConfig({ env: { SUPERVISOR_TOKEN: 'sv-token', HOMERHYTHM_APP_DATA: data, ...env }, cwd }) };
};

describe('App options', () => {
  it('is an App only with SUPERVISOR_TOKEN and without HA_URL', () => {
    assert.equal(runningAsApp({ SUPERVISOR_TOKEN: 't' }), true);
    assert.equal(runningAsApp({ SUPERVISOR_TOKEN: 't', HA_URL: 'http://ha:8123' }), false);
    assert.equal(runningAsApp({ SUPERVISOR_TOKEN: 't', HA_URL: '' }), true);
    assert.equal(runningAsApp({ SUPERVISOR_TOKEN: '' }), false);
    assert.equal(runningAsApp({}), false);
    assert.equal(appDataDir({}), DEFAULT_APP_DATA_DIR);
    assert.equal(appDataDir({ HOMERHYTHM_APP_DATA: '' }), '/data');
    assert.equal(appDataDir({ HOMERHYTHM_APP_DATA: '/tmp/x' }), '/tmp/x');
  });

  it('without options.json: the Supervisor proxy with its token, the data under /data, every default', () => {
    const { data, config } = load(undefined);
    assert.equal(config.homeassistant.url, DEFAULT_SUPERVISOR_WEBSOCKET);
    assert.equal(config.homeassistant.token, 'sv-token');
    assert.equal(config.data_dir, data);
    assert.deepEqual(config.retention, { raw_days: 7, daily_days: 90, weekly_weeks: 52, pattern_days: null });
    assert.equal(config.ingest.include, undefined);
    assert.equal(config.ingest.exclude, undefined);
    assert.equal(config.storage.backend, 'sqlite');
    assert.equal(config.time_zone, undefined);
    assert.equal(config.api.token, undefined);
    assert.equal(config.log_level, 'info');
  });

  it('maps every option to its config key', () => {
    const { config } = load(
      {
        include_domains: ['light'],
        include_entities: ['sensor.a'],
        include_entity_globs: ['switch.*'],
        exclude_domains: ['cover'],
        exclude_entities: ['light.b'],
        exclude_entity_globs: ['sensor.*_battery'],
        raw_days: 5,
        daily_days: 60,
        weekly_weeks: 20,
        pattern_days: 400,
        time_zone: 'Asia/Tokyo',
        api_token: 'x'.repeat(20),
        storage_backend: 'influxdb',
        influxdb_url: 'http://influx.local:8086',
        influxdb_token: 'itok',
        influxdb_username: 'hr',
        influxdb_password: 'pw',
        log_level: 'debug',
      },
      { HOMERHYTHM_SUPERVISOR_URL: 'ws://127.0.0.1:1234/core/websocket' },
    );
    assert.equal(config.homeassistant.url, 'ws://127.0.0.1:1234/core/websocket');
    assert.deepEqual(config.ingest.include, { domains: ['light'], entities: ['sensor.a'], entity_globs: ['switch.*'] });
    assert.deepEqual(config.ingest.exclude, { domains: ['cover'], entities: ['light.b'], entity_globs: ['sensor.*_battery'] });
    assert.deepEqual(config.retention, { raw_days: 5, daily_days: 60, weekly_weeks: 20, pattern_days: 400 });
    assert.equal(config.time_zone, 'Asia/Tokyo');
    assert.equal(config.api.token, 'x'.repeat(20));
    assert.equal(config.storage.backend, 'influxdb');
    assert.equal(config.storage.influxdb.url, 'http://influx.local:8086');
    assert.equal(config.storage.influxdb.token, 'itok');
    assert.equal(config.storage.influxdb.username, 'hr');
    assert.equal(config.storage.influxdb.password, 'pw');
    assert.equal(config.log_level, 'debug');
  });

  it("keeps the data-api and ingestion inside the container; the dashboard is the ingress port, for HA's ingress proxy only", () => {
    const { config } = load(undefined);
    assert.equal(config.bind, '127.0.0.1');
    assert.deepEqual(config.dashboard, { port: INGRESS_PORT, bind: '0.0.0.0', ingress_proxy: DEFAULT_INGRESS_PROXY });
    assert.equal(DEFAULT_INGRESS_PROXY, '172.30.32.2');
    assert.equal(load(undefined, { HOMERHYTHM_INGRESS_PROXY: '127.0.0.2' }).config.dashboard.ingress_proxy, '127.0.0.2');
    assert.throws(() => load(undefined, { HOMERHYTHM_INGRESS_PROXY: 'supervisor' }), /dashboard\.ingress_proxy: not an IP address/);
    // Outside an App nothing changes.
    const plain = loadConfig({ env: {}, cwd });
    assert.deepEqual(plain.dashboard, { port: 3000 });
  });

  it("knows the Supervisor's proxy by its path", () => {
    assert.equal(isSupervisorProxy(DEFAULT_SUPERVISOR_WEBSOCKET), true);
    assert.equal(isSupervisorProxy('ws://127.0.0.1:4000/core/websocket'), true);
    assert.equal(isSupervisorProxy('ws://ha.local:8123/api/websocket'), false);
    assert.equal(isSupervisorProxy('http://ha.local:8123'), false);
    assert.equal(isSupervisorProxy('not a url'), false);
  });

  it('one filter list is enough for a filter', () => {
    assert.deepEqual(load({ exclude_entity_globs: ['sensor.*'] }).config.ingest.exclude, { domains: [], entities: [], entity_globs: ['sensor.*'] });
    assert.deepEqual(load({ include_entities: ['light.a'] }).config.ingest.include, { domains: [], entities: ['light.a'], entity_globs: [] });
    assert.deepEqual(load({ include_domains: ['light'] }).config.ingest.include, { domains: ['light'], entities: [], entity_globs: [] });
  });

  it('lies over a config file (a file\'s ingest.port stays) and under the environment', () => {
    const data = appData({ raw_days: 4, include_domains: ['light'] });
    const file = join(data, 'homerhythm.yaml');
    writeFileSync(file, 'ingest:\n  port: 8123\nretention:\n  raw_days: 9\n  daily_days: 11\ntime_zone: Asia/Tokyo\napi:\n  port: 8111\nstorage:\n  influxdb:\n    url: http://file.local:8086\n');
    const config = loadConfig({ file, env: { SUPERVISOR_TOKEN: 't', HOMERHYTHM_APP_DATA: data, HOMERHYTHM_API_PORT: '9999' }, cwd });
    assert.equal(config.ingest.port, 8123);
    assert.deepEqual(config.ingest.include?.domains, ['light']);
    assert.equal(config.retention.raw_days, 4);
    assert.equal(config.retention.daily_days, 90, 'the App sets every retention');
    assert.equal(config.api.port, 9999);
    // What the options leave unset keeps the file's value.
    assert.equal(config.time_zone, 'Asia/Tokyo');
    assert.equal(config.storage.influxdb.url, 'http://file.local:8086');
    assert.equal(config.api.token, undefined);
  });

  it('takes each log level and backend it offers', () => {
    for (const level of ['trace', 'debug', 'info', 'warn', 'error'] as const) assert.equal(load({ log_level: level }).config.log_level, level);
    assert.equal(load({ storage_backend: 'sqlite' }).config.storage.backend, 'sqlite');
  });

  it('a filter of two kinds of lists is a filter', () => {
    assert.deepEqual(load({ include_domains: ['light'], include_entities: ['sensor.a'] }).config.ingest.include, { domains: ['light'], entities: ['sensor.a'], entity_globs: [] });
    assert.deepEqual(load({ exclude_entities: ['sensor.a'], exclude_entity_globs: ['x.*'] }).config.ingest.exclude, { domains: [], entities: ['sensor.a'], entity_globs: ['x.*'] });
  });

  it('names every bad option, in one line (the App\'s log tab shows lines apart)', () => {
    assert.throws(
      () => load({ raw_dayz: 1, colour: 'red', daily_days: 0 }),
      (e: unknown) => e instanceof ConfigError && !e.message.includes('\n') && /raw_dayz, colour: not an option of this App/.test(e.message) && /daily_days: /.test(e.message),
    );
    assert.throws(() => load({ time_zone: 'Nowhere/Land', raw_days: 2 }), (e: unknown) => e instanceof ConfigError && !e.message.includes('\n'));
  });

  it('with HA_URL set it is no App: options.json is not read', () => {
    const data = appData({ raw_days: 0 });
    const config = loadConfig({ env: { SUPERVISOR_TOKEN: 't', HA_URL: 'http://ha.local:8123', HA_TOKEN: 'h', HOMERHYTHM_APP_DATA: data }, cwd });
    assert.equal(config.homeassistant.url, 'http://ha.local:8123');
    assert.equal(config.homeassistant.token, 'h');
    assert.equal(config.retention.raw_days, 7);
  });

  for (const [what, options, message] of [
    ['an unknown option', { raw_dayz: 1 }, /invalid App options \(.*options\.json\): raw_dayz: not an option of this App$/],
    ['a wrong type', { raw_days: '7' }, /^invalid App options .*: raw_days: /],
    ['a retention under a day', { weekly_weeks: 0 }, /: weekly_weeks: /],
    ['a fractional day', { daily_days: 1.5 }, /: daily_days: /],
    ['a pattern retention of 0', { pattern_days: 0 }, /: pattern_days: /],
    ['an unknown backend', { storage_backend: 'mysql' }, /: storage_backend: /],
    ['InfluxDB without a URL', { storage_backend: 'influxdb' }, /: influxdb_url: storage_backend influxdb needs influxdb_url/],
    ['a URL that is none', { influxdb_url: 'not a url' }, /: influxdb_url: /],
    ['a short API token', { api_token: 'x'.repeat(15) }, /: api_token: /],
    ['an empty entity in a list', { include_entities: [''] }, /: include_entities\.0: /],
    ['an empty time zone', { time_zone: '' }, /: time_zone: /],
    ['a log level pino has but the App does not offer', { log_level: 'silent' }, /: log_level: /],
    ['a time zone that is none', { time_zone: 'Nowhere/Land' }, /^invalid configuration \(App options in .*\): time_zone: not an IANA time zone/],
    ['a list that is no list', '[1, 2]', /\(top level\)/],
    ['a file that is not JSON', '{', /^invalid App options \(.*options\.json\): not JSON: /],
  ] as const) {
    it(`refuses ${what}, naming the option`, () => {
      assert.throws(() => load(options), (e: unknown) => e instanceof ConfigError && message.test(e.message));
    });
  }

  it('accepts the edges of each range', () => {
    const { config } = load({ raw_days: 1, daily_days: 1, weekly_weeks: 1, pattern_days: 1, api_token: 'x'.repeat(16), log_level: 'trace' });
    assert.deepEqual(config.retention, { raw_days: 1, daily_days: 1, weekly_weeks: 1, pattern_days: 1 });
    assert.equal(config.log_level, 'trace');
  });
});
