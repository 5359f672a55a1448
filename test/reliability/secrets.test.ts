/**
 * Secrets never leave (issue 9, PRODUCT §11): the services run with a known HA token (from a
 * token file others can read) and a known API token, are driven through good and failing paths
 * — events, /health and /metrics of both services, wrong and missing bearer tokens, a token HA
 * revokes while we run, a refused token at start, bad configuration, a crash — and every byte
 * they print (pino logs at trace, CLI stdout/stderr, HTTP bodies and headers, `status`) is
 * searched for either token, whole, in base64 or in part. A token file others can read is refused
 * with an error that says `chmod 600 FILE`.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, it } from 'node:test';
import { HaDouble, waitFor } from '../ha-double/server.js';
import { type CliRun, freePort, spawnCli, tempDataDir } from '../ingest/harness.js';

const HA_TOKEN = `ha-${randomBytes(24).toString('hex')}`;
const API_TOKEN = `api-${randomBytes(24).toString('hex')}`;
const data = tempDataDir('secrets');
after(() => data.remove());

/** Everything that left the processes and the HTTP endpoints. */
const seen: string[] = [];

function cli(args: readonly string[], env: Record<string, string>): CliRun {
  return spawnCli(args, { HOMERHYTHM_LOG_LEVEL: 'trace', ...env });
}

async function fetchAll(url: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
  const res = await fetch(url, init);
  const body = await res.text();
  seen.push(`${url} ${res.status} ${JSON.stringify([...res.headers])} ${body}`);
  return { status: res.status, body };
}

/** The token, its base64 forms, and every 12-character piece of its random part. */
function leaks(text: string, token: string): string[] {
  const forms = [token, Buffer.from(token).toString('base64'), Buffer.from(token).toString('base64url'), encodeURIComponent(token)];
  const random = token.slice(token.indexOf('-') + 1);
  for (let i = 0; i + 12 <= random.length; i += 6) forms.push(random.slice(i, i + 12));
  return forms.filter((f) => text.includes(f));
}

it('neither token appears in any log, error, output, /health, /metrics or API answer', { timeout: 120_000 }, async () => {
  const double = await HaDouble.start({ token: HA_TOKEN });
  const tokenFile = join(data.dir, 'ha-token');
  writeFileSync(tokenFile, `${HA_TOKEN}\n`);
  chmodSync(tokenFile, 0o600);
  const [ingestPort, apiPort] = [await freePort(), await freePort()];
  const env = {
    HA_URL: double.url,
    HA_TOKEN_FILE: tokenFile,
    HOMERHYTHM_API_TOKEN: API_TOKEN,
    HOMERHYTHM_DATA_DIR: join(data.dir, 'data'),
    HOMERHYTHM_INGEST_PORT: String(ingestPort),
    HOMERHYTHM_API_PORT: String(apiPort),
  };
  const ingest = cli(['serve', '--only', 'ingest'], env);
  const api = cli(['serve', '--only', 'api'], env);
  try {
    const ingestUrl = `http://127.0.0.1:${ingestPort}`;
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    // Both start at once on a new data directory, as two service units would.
    const started = (what: string, run: CliRun) => (e: Error) => Promise.reject(new Error(`${e.message}; ${what} printed:\n${run.output()}`));
    await waitFor(async () => double.stateSubscribers > 0, 'ingest subscribed', 60_000, 100).catch(started('ingest', ingest));
    await waitFor(async () => (await fetch(`${apiUrl}/health`).catch(() => null))?.ok === true, 'api listening', 60_000, 100).catch(started('api', api));
    for (let i = 0; i < 5; i++) double.home.setState('light.kitchen', i % 2 === 0 ? 'on' : 'off', { friendly_name: 'Kitchen' });
    double.sendRaw('{not json');
    await waitFor(async () => (await fetchAll(`${ingestUrl}/metrics`)).body.includes('homerhythm_ingest_events_stored_total{source="live"} 5'), '5 events stored', 15_000, 100);

    // Both services' health and metrics, the API read with, without and with wrong tokens.
    for (const path of ['/health', '/metrics', '/nope']) await fetchAll(`${ingestUrl}${path}`);
    for (const path of ['/health', '/metrics', '/api/v1/storage', '/api/v1/events?start=-1d', '/api/v1/jobs', '/openapi.json']) await fetchAll(`${apiUrl}${path}`);
    const wrong = await fetchAll(`${apiUrl}/api/v1/patterns`, { headers: { authorization: `Bearer ${API_TOKEN.slice(0, -1)}x` } });
    assert.equal(wrong.status, 401);
    await fetchAll(`${apiUrl}/api/v1/patterns`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    await fetchAll(`${apiUrl}/api/v1/patterns`, { headers: { authorization: `Basic ${Buffer.from(`user:${API_TOKEN}`).toString('base64')}` } });
    assert.equal((await fetchAll(`${apiUrl}/api/v1/jobs/daily/run`, { method: 'POST' })).status, 401);
    await fetchAll(`${apiUrl}/api/v1/patterns`, { method: 'DELETE', headers: { authorization: 'Bearer wrong-token-0123456789' } });

    // HA revokes the token while we run: ingestion stops and says so.
    double.token = 'a-new-token-somebody-else-has';
    double.dropConnections();
    await waitFor(async () => (await fetchAll(`${ingestUrl}/health`)).status === 503, 'ingest down: auth_invalid', 30_000, 200);
    await fetchAll(`${apiUrl}/health`);
  } finally {
    ingest.child.kill('SIGTERM');
    api.child.kill('SIGTERM');
    await Promise.all([ingest.exited, api.exited]);
    await double.stop();
  }
  seen.push(ingest.output(), api.output());

  // The status command, a token HA refuses at start, bad configuration, a crash.
  const status = cli(['status', '--json'], env);
  await status.exited;
  seen.push(status.output());
  const refused = await HaDouble.start({ token: 'only-this-one' });
  const openTokenFile = join(data.dir, 'ha-token-open');
  writeFileSync(openTokenFile, `${HA_TOKEN}\n`);
  chmodSync(openTokenFile, 0o644);
  const runs = [
    cli(['serve', '--only', 'ingest'], { ...env, HA_URL: refused.url, HA_TOKEN_FILE: '', HA_TOKEN: HA_TOKEN, HOMERHYTHM_INGEST_PORT: String(await freePort()) }),
    cli(['serve', '--only', 'api'], { ...env, HOMERHYTHM_API_TOKEN: API_TOKEN.slice(0, 12) }),
    cli(['serve', '--only', 'ingest'], { ...env, HOMERHYTHM_INGEST_PORT: 'not-a-port' }),
    cli(['status'], { ...env, HOMERHYTHM_DATA_DIR: tokenFile }),
    cli(['import', join(data.dir, 'missing.jsonl')], env),
    cli(['serve', '--only', 'ingest'], { ...env, HA_TOKEN_FILE: openTokenFile, HOMERHYTHM_INGEST_PORT: String(await freePort()) }),
  ];
  const codes = await Promise.all(runs.map((r) => r.exited));
  await refused.stop();
  for (const r of runs) seen.push(r.output());
  assert.ok(codes.every((c) => c !== 0), `every failing run exits non-zero: ${codes.join(', ')}`);
  assert.match(runs[0]!.output(), /rejected the access token/);
  assert.match(runs.at(-1)!.output(), new RegExp(`HA token file ${openTokenFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} can be read by other users \\(mode 0644\\): chmod 600`), 'an open token file is refused');

  const all = seen.join('\n');
  assert.ok(all.length > 10_000, 'enough output was captured to mean something');
  assert.deepEqual(leaks(all, HA_TOKEN), [], 'the HA token leaked');
  assert.deepEqual(leaks(all, API_TOKEN), [], 'the API token leaked');
});

// An HA token file kept in the data directory (HA_TOKEN_FILE=data/ha-token) must stay out of the archive.
it('a backup holds neither token, even with the token file inside the data directory', { timeout: 60_000 }, async () => {
  const dataDir = join(data.dir, 'backup-data');
  mkdirSync(dataDir, { recursive: true });
  const tokenFile = join(dataDir, 'ha-token');
  writeFileSync(tokenFile, `${HA_TOKEN}\n`, { mode: 0o600 });
  const env = { HA_URL: 'http://127.0.0.1:9', HA_TOKEN_FILE: tokenFile, HOMERHYTHM_API_TOKEN: API_TOKEN, HOMERHYTHM_DATA_DIR: dataDir };
  const status = cli(['status'], env); // creates the stores
  await status.exited;
  const archive = join(data.dir, 'home.tar.gz');
  const run = cli(['backup', archive], env);
  assert.equal(await run.exited, 0, run.output());
  const content = gunzipSync(readFileSync(archive)).toString('latin1');
  assert.ok(!content.includes('ha-token\u0000'), 'the token file itself is in the backup');
  assert.deepEqual(leaks(content + run.output(), HA_TOKEN), [], 'the HA token is in the backup');
  assert.deepEqual(leaks(content + run.output(), API_TOKEN), [], 'the API token is in the backup');
});
