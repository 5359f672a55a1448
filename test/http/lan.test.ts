/**
 * Issue 18 from another machine: a LAN peer in a network namespace this test makes (netns.ts)
 * asks the real service, bound to this machine's end of the veth pair, on all three ports. Without
 * the token it is refused on every port (8001 included), with it served; Host names and forwarding
 * headers claiming to be local change nothing. Bound there without a token, the service refuses to
 * start unless allow_unauthenticated_lan says so, and then warns. If the namespace cannot be made,
 * the test fails and says why.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../ha-double/server.js';
import { spawnCli, tempDataDir } from '../ingest/harness.js';
import { createLanPeer, type LanPeer } from './netns.js';
import { API_TOKEN, startService, type RunningService } from './service.js';

const CLIENT = fileURLToPath(new URL('./lan-client.mjs', import.meta.url));

interface Ask {
  readonly port: number;
  readonly path: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
}

let peer: LanPeer;
before(() => {
  peer = createLanPeer();
});
after(() => peer?.remove());

/** The requests, made from inside the namespace to the service's address; [status, body] each. */
async function fromPeer(asks: readonly Ask[]): Promise<{ status: number; body: string }[]> {
  const requests = asks.map((a) => ({ host: peer.hostAddress, ...a }));
  return JSON.parse(await peer.exec(process.execPath, [CLIENT, JSON.stringify(requests)])) as { status: number; body: string }[];
}

function readPaths(s: RunningService): Ask[] {
  const { ingest, api, dashboard } = s.ports;
  return [
    { port: ingest, path: '/health' },
    { port: ingest, path: '/metrics' },
    { port: api, path: '/health' },
    { port: api, path: '/api/v1/patterns' },
    { port: api, path: '/metrics' },
    { port: dashboard, path: '/api/v1/patterns' },
    { port: dashboard, path: '/health' },
    { port: dashboard, path: '/dashboard/home' },
  ];
}

const label = (asks: readonly Ask[], i: number) => `${asks[i]!.port}${asks[i]!.path} ${JSON.stringify(asks[i]!.headers ?? {})}`;

describe('from a LAN peer, the service bound off loopback with a token', { timeout: 180_000 }, () => {
  let service: RunningService;
  before(async () => (service = await startService({ bind: peer.hostAddress })));
  after(() => service?.stop());

  it('refuses every port without the token (401), 8001 included', async () => {
    const asks = readPaths(service);
    const answers = await fromPeer(asks);
    answers.forEach((a, i) => assert.equal(a.status, 401, `${label(asks, i)}: ${a.body}`));
    assert.match(answers[0]!.body, new RegExp(`from ${peer.peerAddress.replace(/\./g, '\\.')} need Authorization: Bearer`));
  });

  it('serves every port with the token (200)', async () => {
    const asks = readPaths(service).map((a) => ({ ...a, headers: { authorization: `Bearer ${API_TOKEN}` } }));
    const answers = await fromPeer(asks);
    answers.forEach((a, i) => assert.equal(a.status, 200, `${label(asks, i)}: ${a.body}`));
  });

  it('is not fooled by a loopback Host or forwarding headers naming loopback, nor by a wrong token', async () => {
    const tricks: Record<string, string>[] = [
      { host: '127.0.0.1' },
      { host: 'localhost' },
      { host: `127.0.0.1:${service.ports.api}` },
      { 'x-forwarded-for': '127.0.0.1' },
      { 'x-real-ip': '127.0.0.1' },
      { forwarded: 'for=127.0.0.1' },
      { 'x-forwarded-for': '127.0.0.1', 'x-real-ip': '127.0.0.1', host: 'localhost' },
      { authorization: `Bearer ${API_TOKEN}x` },
    ];
    const asks = readPaths(service).flatMap((a) => tricks.map((headers) => ({ ...a, headers })));
    const answers = await fromPeer(asks);
    answers.forEach((a, i) => assert.equal(a.status, 401, `${label(asks, i)}: ${a.body}`));
  });
});

describe('bound off loopback without a token', { timeout: 180_000 }, () => {
  it('refuses to start, saying which variable to set', async () => {
    const service = await startService({ bind: peer.hostAddress, token: false, wait: false });
    try {
      const code = await Promise.race([service.run.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 60_000).unref())]);
      assert.equal(code, 2, service.run.output());
      assert.match(service.run.output(), new RegExp(`bind ${peer.hostAddress.replace(/\./g, '\\.')} is reachable from other machines and no API token is set: set HOMERHYTHM_API_TOKEN`));
    } finally {
      await service.stop();
    }
  });

  it('`start` refuses before it runs the demo home', async () => {
    const data = tempDataDir('lan-start');
    try {
      const run = spawnCli(['start'], { HOMERHYTHM_BIND: peer.hostAddress, HOMERHYTHM_DATA_DIR: data.dir });
      assert.equal(await run.exited, 2, run.output());
      assert.match(run.output(), /set HOMERHYTHM_API_TOKEN/);
      assert.doesNotMatch(run.output(), /running the demo home/);
    } finally {
      data.remove();
    }
  });

  it('with allow_unauthenticated_lan: true, starts with a warning and serves the LAN peer reads, on local host names only', async () => {
    const service = await startService({ bind: peer.hostAddress, token: false, yaml: 'allow_unauthenticated_lan: true\n' });
    try {
      await waitFor(() => /allow_unauthenticated_lan: bound to/.test(service.run.output()), 'the warning', 10_000);
      assert.match(service.run.output(), /"level":40[^\n]*allow_unauthenticated_lan: bound to/);
      const asks = readPaths(service);
      const answers = await fromPeer(asks);
      answers.forEach((a, i) => assert.equal(a.status, 200, `${label(asks, i)}: ${a.body}`));
      const refused = [
        ...asks.map((a) => ({ ...a, headers: { host: 'evil.example' } })),
        { port: service.ports.api, path: '/api/v1/jobs/daily/run', method: 'POST' },
        { port: service.ports.dashboard, path: '/api/v1/jobs/daily/run', method: 'POST' },
      ];
      const no = await fromPeer(refused);
      no.forEach((a, i) => assert.equal(a.status, 403, `${label(refused, i)}: ${a.body}`));
    } finally {
      await service.stop();
    }
  });
});
