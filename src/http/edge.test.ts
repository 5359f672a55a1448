import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type AddressInfo } from 'node:net';
import { request, type Server } from 'node:http';
import { Hono } from 'hono';
import { rawRequest } from '../testing/raw-http.js';
import { AddressSet } from './address.js';
import { edgeLimits, edgeServer } from './edge.js';

const MAX = 4096;

async function heldCount(held: readonly unknown[], n: number): Promise<void> {
  for (const deadline = Date.now() + 10_000; held.length < n; await new Promise((resolve) => setTimeout(resolve, 10))) {
    if (Date.now() > deadline) throw new Error(`only ${held.length} of ${n} requests reached the app`);
  }
}

/** An app that echoes the body's length, and one path that waits until released. */
function app(held: (() => void)[]) {
  const hono = new Hono();
  hono.post('/echo', async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }));
  hono.get('/hold', () => new Promise<Response>((resolve) => held.push(() => resolve(new Response('released')))));
  hono.get('/', (c) => c.text('ok'));
  return hono;
}

async function start(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('the edge of every listener', () => {
  const held: (() => void)[] = [];
  let server: Server;
  let port: number;
  before(async () => {
    server = edgeServer(app(held).fetch, { maxBodyBytes: MAX, maxRequestsPerClient: 2, trusted: new AddressSet(['127.0.0.2']) });
    port = await start(server);
  });
  after(async () => {
    held.splice(0).forEach((release) => release());
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const req = (options: Omit<Parameters<typeof rawRequest>[0], 'host' | 'port'>) => rawRequest({ host: '127.0.0.1', port, ...options });

  it('passes a body within the limit to the app, whether declared or chunked', async () => {
    for (const chunked of [false, true]) {
      const res = await req({ method: 'POST', path: '/echo', bodyBytes: MAX, chunked });
      assert.equal(res.status, 200, `chunked: ${chunked}`);
      assert.deepEqual(JSON.parse(res.body), { bytes: MAX });
    }
  });

  it('refuses a declared length over the limit with 413 before reading a byte of it, and closes', async () => {
    // Headers only: the server must not wait for the body to answer.
    const res = await req({ method: 'POST', path: '/echo', headers: { 'content-length': String(MAX + 1) } });
    assert.equal(res.status, 413);
    assert.equal(res.headers['connection'], 'close');
    assert.equal(JSON.parse(res.body).error, 'payload_too_large');
    assert.match(JSON.parse(res.body).message, /over 4096 bytes \(api\.max_body_bytes\)/);
  });

  it('stops reading a chunked body at the limit: 413, connection closed, the rest never sent', async () => {
    const res = await req({ method: 'POST', path: '/echo', bodyBytes: 50 * 1024 * 1024, chunked: true });
    assert.equal(res.status, 413);
    assert.equal(res.headers['connection'], 'close');
    assert.ok(res.sent < 20 * 1024 * 1024, `sent ${res.sent} bytes before the answer`);
  });

  it('refuses a GET carrying a body over the limit too', async () => {
    assert.equal((await req({ path: '/', bodyBytes: MAX + 1, chunked: true })).status, 413);
    assert.equal((await req({ path: '/' })).status, 200);
  });

  it('answers 100-continue only for a body within the limit', async () => {
    const big = await req({ method: 'POST', path: '/echo', headers: { expect: '100-continue', 'content-length': String(MAX + 1) } });
    assert.equal(big.status, 413);
    const small = await req({ method: 'POST', path: '/echo', headers: { expect: '100-continue' }, bodyBytes: 10 });
    assert.equal(small.status, 100);
  });

  it('does not count a refused request that lingers against its client', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await req({ method: 'POST', path: '/echo', bodyBytes: MAX + 1, chunked: true })).status, 413);
    assert.equal((await req({ path: '/' })).status, 200);
  });

  it('forgets a request whose client went away in the middle of its body', async () => {
    for (let i = 0; i < 3; i++) {
      const socket = connect({ host: '127.0.0.1', port });
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write('POST /echo HTTP/1.1\r\nhost: 127.0.0.1\r\ntransfer-encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n');
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await req({ path: '/' })).status, 200);
    assert.equal((await req({ method: 'POST', path: '/echo', bodyBytes: 10 })).status, 200);
  });

  it('lets one client have at most maxRequestsPerClient requests open: 429 past it, served again once answered', async () => {
    const first = [req({ path: '/hold' }), req({ path: '/hold' })];
    await heldCount(held, 2);
    const third = await req({ path: '/' });
    assert.equal(third.status, 429);
    assert.equal(third.headers['retry-after'], '1');
    assert.match(JSON.parse(third.body).message, /more than 2 requests at once from 127\.0\.0\.1/);
    held.splice(0).forEach((release) => release());
    assert.deepEqual((await Promise.all(first)).map((r) => r.status), [200, 200]);
    assert.equal((await req({ path: '/' })).status, 200);
  });

  it('counts a client behind a trusted proxy by its own address, and one whose proxy is not trusted by the peer', async () => {
    // 127.0.0.1 is not a trusted proxy here: its forwarding headers do not split its count.
    const first = [req({ path: '/hold', headers: { 'x-forwarded-for': '10.0.0.1' } }), req({ path: '/hold', headers: { 'x-forwarded-for': '10.0.0.2' } })];
    await heldCount(held, 2);
    assert.equal((await req({ path: '/', headers: { 'x-forwarded-for': '10.0.0.3' } })).status, 429);
    held.splice(0).forEach((release) => release());
    await Promise.all(first);
  });
});

describe('edgeLimits', () => {
  it('takes the limits from the config', () => {
    const limits = edgeLimits({ trusted_proxies: ['10.1.0.0/16'], api: { max_body_bytes: 1234, max_requests_per_client: 7 } });
    assert.equal(limits.maxBodyBytes, 1234);
    assert.equal(limits.maxRequestsPerClient, 7);
    assert.equal(limits.trusted.has('10.1.2.3'), true);
    assert.equal(limits.trusted.has('10.2.0.1'), false);
  });
});

describe('a listener for one peer only (an App\'s ingress port)', () => {
  let server: Server;
  let port: number;
  const refused: string[] = [];
  before(async () => {
    server = edgeServer(app([]).fetch, { ...edgeLimits({ trusted_proxies: [], api: { max_body_bytes: MAX, max_requests_per_client: 8 } }), onlyPeer: { address: '127.0.0.2', refused: (peer) => refused.push(peer) } });
    port = await start(server);
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  /** A GET from a given local address (Linux loopback holds all of 127/8). */
  const from = (localAddress: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const r = request({ host: '127.0.0.1', port, path: '/', localAddress, headers }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      r.on('error', reject);
      r.end();
    });

  it('serves that peer, and refuses any other with 403, telling the log who it was', async () => {
    assert.deepEqual(await from('127.0.0.2'), { status: 200, body: 'ok' });
    const other = await from('127.0.0.1', { 'x-forwarded-for': '127.0.0.2' });
    assert.equal(other.status, 403);
    assert.equal(JSON.parse(other.body).error, 'forbidden');
    assert.match(JSON.parse(other.body).message, /only Home Assistant's ingress proxy \(127\.0\.0\.2\), not 127\.0\.0\.1/);
    assert.deepEqual(refused, ['127.0.0.1']);
  });
});

