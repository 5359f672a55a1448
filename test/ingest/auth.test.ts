/**
 * A refused token at start: `homerhythm serve --only ingest` says so in one clear line and exits
 * non-zero within seconds, after exactly one auth attempt (no reconnect loop), never printing the
 * token.
 */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { HaDouble } from '../ha-double/server.js';
import { freePort, spawnServe, tempDataDir } from './harness.js';

const data = tempDataDir('auth');
after(() => data.remove());

async function exitWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

it('an invalid token: a clear message, exit code 2 within seconds, one auth attempt', { timeout: 30_000 }, async () => {
  const double = await HaDouble.start({ token: 'the-right-token' });
  const wrong = 'wrong-token-0123456789abcdef';
  const started = Date.now();
  const run = spawnServe({ HA_URL: double.url, HA_TOKEN: wrong, HOMERHYTHM_DATA_DIR: data.dir, HOMERHYTHM_INGEST_PORT: String(await freePort()) });
  try {
    const code = await exitWithin(run.exited, 15_000);
    const seconds = (Date.now() - started) / 1000;
    assert.equal(code, 2, run.output());
    assert.ok(seconds < 15, `exited after ${seconds} s`);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(double.authAttempts, 1, 'exactly one auth attempt');
    assert.match(run.output(), /homerhythm: Home Assistant at http:\/\/127\.0\.0\.1:\d+ rejected the access token \(HA said: "Invalid access token or password"\)/);
    assert.ok(!run.output().includes(wrong), 'the token is never printed');
  } finally {
    run.child.kill('SIGKILL');
    await double.stop();
  }
});

it('HA_URL without a token: a clear message, exit code 2, no connection attempt', { timeout: 30_000 }, async () => {
  const double = await HaDouble.start();
  const run = spawnServe({ HA_URL: double.url, HOMERHYTHM_DATA_DIR: data.dir, HOMERHYTHM_INGEST_PORT: String(await freePort()) });
  try {
    assert.equal(await exitWithin(run.exited, 15_000), 2, run.output());
    assert.match(run.output(), /HA_URL is set but no access token is: set HA_TOKEN or HA_TOKEN_FILE/);
    assert.equal(double.upgradeAttempts, 0);
  } finally {
    run.child.kill('SIGKILL');
    await double.stop();
  }
});

it('HA_URL with a user name and password (a proxy): they appear in no log line and not in the refused-token error', { timeout: 30_000 }, async () => {
  const double = await HaDouble.start({ token: 'the-right-token' });
  const password = 'proxy-pass-0123456789abcdef';
  const url = double.url.replace('http://', `http://proxy-user:${password}@`);
  const env = { HA_URL: url, HOMERHYTHM_DATA_DIR: data.dir, HOMERHYTHM_LOG_LEVEL: 'trace' };
  const connected = spawnServe({ ...env, HA_TOKEN: 'the-right-token', HOMERHYTHM_INGEST_PORT: String(await freePort()) });
  const refused = spawnServe({ ...env, HA_TOKEN: 'wrong-token-0123456789abcdef', HOMERHYTHM_INGEST_PORT: String(await freePort()) });
  try {
    assert.equal(await exitWithin(refused.exited, 15_000), 2, refused.output());
    assert.match(refused.output(), /homerhythm: Home Assistant at http:\/\/127\.0\.0\.1:\d+ rejected the access token/);
    for (let i = 0; i < 100 && !connected.output().includes('connected to Home Assistant'); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(connected.output(), /"url":"ws:\/\/127\.0\.0\.1:\d+\/api\/websocket".*connected to Home Assistant/, 'the URL is logged, without credentials');
    for (const output of [connected.output(), refused.output()]) {
      assert.ok(!output.includes(password), 'the password is never printed');
      assert.ok(!output.includes('proxy-user'), 'nor the user name');
    }
  } finally {
    connected.child.kill('SIGKILL');
    refused.child.kill('SIGKILL');
    await double.stop();
  }
});
