/**
 * A Home Assistant App started with options it cannot run with (a hand-edited options.json, or an
 * older App's): one clear line in the App's log, a non-zero exit, nothing stored. No Home
 * Assistant is needed: the options are refused before anything connects.
 */
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDirs } from '../../src/testing/temp.js';
import { appPorts, startApp } from './app-process.js';

const SUPERVISOR_TOKEN = 'supervisor-token-of-this-app';
/** A fresh temp folder (the App's /data, its working folder, HOME, TMPDIR), removed after the file's tests. */
const folder = tempDirs('app');

describe('an App with a bad option', () => {
  for (const [what, options, named] of [
    ['a retention of 0 days', { raw_days: 0 }, /raw_days/],
    ['a time zone that is none', { time_zone: 'Mars/Olympus_Mons' }, /time_zone: not an IANA time zone/],
    ['an option the App does not have', { raw_dayz: 7 }, /raw_dayz: not an option of this App/],
    ['InfluxDB without its URL', { storage_backend: 'influxdb' }, /influxdb_url/],
    ['a short API token', { api_token: 'short' }, /api_token/],
    ['options.json that is not JSON', '{"raw_days": 7', /not JSON/],
  ] as const) {
    it(`refuses to start on ${what}: one clear line, a non-zero exit, nothing stored`, { timeout: 60_000 }, async () => {
      const data = folder();
      writeFileSync(join(data, 'options.json'), typeof options === 'string' ? options : JSON.stringify(options));
      const app = startApp(['serve'], { SUPERVISOR_TOKEN, HOMERHYTHM_APP_DATA: data, HOMERHYTHM_SUPERVISOR_URL: 'ws://127.0.0.1:9/core/websocket', ...(await appPorts()) }, folder());
      const code = await app.exited;
      assert.equal(code, 2, app.stdout() + app.stderr());
      const lines = (app.stdout() + app.stderr()).split('\n').filter((l) => l !== '');
      assert.equal(lines.length, 1, `one line in the App's log:\n${lines.join('\n')}`);
      assert.match(lines[0]!, /^homerhythm: invalid (App options|configuration) \(/);
      assert.match(lines[0]!, named);
      assert.ok(!lines[0]!.includes(SUPERVISOR_TOKEN));
      assert.deepEqual(readdirSync(data), ['options.json'], 'nothing stored');
    });
  }
});
