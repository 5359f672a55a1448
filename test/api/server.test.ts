/**
 * The data-api over a real socket on 127.0.0.1: the address comes from the socket itself (no
 * injection), and the service starts, refuses a taken port, and stops. A non-loopback client
 * cannot be made here, so that path is covered in-process (src/api/auth.test.ts).
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiService, type ApiService } from '../../src/api/index.js';
import { configSchema } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { contextFor, serve } from '../../src/main.js';
import { HealthRegistry } from '../../src/service.js';
import type { Storage } from '../../src/storage/types.js';
import { seed, TOKEN } from '../../src/testing/api.js';
import { type BackendKind, forEachBackend, openTestStorage } from '../../src/testing/backends.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A raw request, so the Host header and body are exactly what we say. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const log = createLogger('silent');
let dir: string;
let storage: Storage;
let port: number;

/** A seeded store of the kind for the enclosing describe (call first in its body). */
function seeded(kind: BackendKind): void {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'homerhythm-api-server-'));
    storage = await openTestStorage(kind, dir);
    await seed(storage);
    port = await freePort();
  });
  after(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

forEachBackend('the data-api service on 127.0.0.1', (kind) => {
  seeded(kind);
  let service: ApiService;
  let health: HealthRegistry;
  before(async () => {
    const config = configSchema.parse({ data_dir: dir, time_zone: 'Europe/Berlin', api: { port, token: TOKEN, max_body_bytes: 1024 } });
    health = new HealthRegistry();
    service = createApiService(contextFor(config, storage, log, health));
    await service.start();
  });
  after(() => service.stop());

  it('listens where configured and registers its health', async () => {
    assert.equal(service.url, `http://127.0.0.1:${port}`);
    assert.equal(health.snapshot()['api']?.status, 'ok');
    const res = await fetch(`${service.url}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(((await res.json()) as { components: object }).components).sort(), ['api', 'storage']);
  });

  it('serves a loopback client without a token, as the socket says where it is', async () => {
    const res = await fetch(`${service.url}/api/v1/patterns?limit=1`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { total: number }).total, 3);
    const q = await fetch(`${service.url}/api/v1/aggregates/daily?measurement=time_based_daily&entity_id=light.living_room&start=2026-11-01&end=2026-11-08&every=1w&fn=sum`);
    assert.equal(q.status, 200);
  });

  it('still needs the token for admin endpoints, and refuses proxies and foreign host names without it', async () => {
    assert.equal((await raw(`${service.url}/api/v1/patterns?older_than_days=3650`, { method: 'DELETE' })).status, 401);
    assert.equal((await raw(`${service.url}/api/v1/patterns?older_than_days=3650`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } })).status, 200);
    assert.equal((await raw(`${service.url}/api/v1/patterns`, { headers: { 'x-forwarded-for': '198.51.100.7' } })).status, 401);
    const rebound = await raw(`${service.url}/api/v1/patterns`, { headers: { host: `evil.example:${port}` } });
    assert.equal(rebound.status, 403);
    assert.match(JSON.parse(rebound.body).message, /not a loopback name/);
  });

  it('limits request bodies and answers every error as JSON', async () => {
    const big = await raw(`${service.url}/api/v1/jobs/monthly/run`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' }, body: 'x'.repeat(4096) });
    assert.equal(big.status, 413);
    assert.equal(JSON.parse(big.body).error, 'payload_too_large');
    const missing = await raw(`${service.url}/nothing/here`);
    assert.deepEqual([missing.status, JSON.parse(missing.body).error], [404, 'not_found']);
    const bad = await raw(`${service.url}/api/v1/events?limit=-1`);
    assert.deepEqual([bad.status, JSON.parse(bad.body).error], [400, 'bad_request']);
  });

  it('refuses to start on a port that is taken, saying which', async () => {
    const config = configSchema.parse({ data_dir: dir, api: { port } });
    const second = createApiService(contextFor(config, storage, log, new HealthRegistry()));
    await assert.rejects(second.start(), /data-api cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
  });
});

forEachBackend('homerhythm serve --only api', (kind) => {
  seeded(kind);
  it('starts the API and stops it: nothing listens afterwards', async () => {
    const apiPort = await freePort();
    const config = configSchema.parse({ data_dir: dir, time_zone: 'Europe/Berlin', api: { port: apiPort } });
    const home = await serve(config, log, { only: 'api', storage });
    const api = home.services.find((s) => s.name === 'api') as ApiService | undefined;
    assert.equal(api?.url, `http://127.0.0.1:${apiPort}`);
    assert.equal((await fetch(`http://127.0.0.1:${apiPort}/api/v1/storage`)).status, 200);
    await home.stop();
    await assert.rejects(fetch(`http://127.0.0.1:${apiPort}/health`));
  });
});
