import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { it } from 'node:test';
import { InfluxHttp } from './http.js';

it('credentials in the InfluxDB URL are sent as Basic auth and never shown: not in its URL, not in an error', async () => {
  const seen: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization);
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    const http = new InfluxHttp({ url: `http://admin:s3cret%21@127.0.0.1:${port}/` });
    await http.ping();
    assert.deepEqual(seen, [`Basic ${Buffer.from('admin:s3cret!').toString('base64')}`]);
    assert.equal(http.url, `http://127.0.0.1:${port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  const down = new InfluxHttp({ url: `http://admin:s3cret@127.0.0.1:${port}`, timeoutMs: 2_000 });
  const error = await down.ping().then(() => null, (e: Error) => e);
  assert.match(error?.message ?? '', /InfluxDB at http:\/\/127\.0\.0\.1:\d+ unreachable/);
  assert.doesNotMatch(error?.message ?? '', /s3cret|admin/);
});

it('an InfluxDB that does not answer, or stops halfway through an answer, is reported in words, as retryable', async () => {
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/ping') === true) return; // never answers
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"results":[{"statement_id":0,'); // and then nothing more
  });
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    const slow = new InfluxHttp({ url: `http://127.0.0.1:${port}`, timeoutMs: 300 });
    for (const call of [() => slow.ping(), () => slow.query('SHOW DATABASES')]) {
      const error = (await call().then(() => null, (e: unknown) => e)) as (Error & { retryable?: boolean }) | null;
      assert.equal(error?.message, `InfluxDB at http://127.0.0.1:${port} unreachable: no answer within 300 ms`);
      assert.equal(error?.retryable, true);
    }
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});
