import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { accessPolicy, CHALLENGE, decide, isLanHost, isLoopbackHost, tokensEqual, type AccessSettings, type RequestFacts } from './access.js';

const TOKEN = 'test-token-0123456789abcdef';
const settings = (more: Partial<AccessSettings> = {}): AccessSettings => ({ bind: '127.0.0.1', api: { token: TOKEN }, ...more });
const request = (peer: string | undefined, h: Record<string, string> = {}, hostname = '127.0.0.1'): RequestFacts => ({ peer, header: (name) => h[name], hostname });
const verdict = (s: AccessSettings, r: RequestFacts) => decide(accessPolicy(s), r);
const OK = { allowed: true, authenticated: false };
const AUTHENTICATED = { allowed: true, authenticated: true };

describe('tokens and host names', () => {
  it('compares tokens in constant time, whatever their lengths', () => {
    assert.equal(tokensEqual(TOKEN, TOKEN), true);
    assert.equal(tokensEqual(`${TOKEN}x`, TOKEN), false);
    assert.equal(tokensEqual('', TOKEN), false);
  });

  it('knows loopback host names', () => {
    for (const h of ['localhost', 'LOCALHOST', 'api.localhost', '127.0.0.1', '127.9.9.9', '[::1]']) assert.equal(isLoopbackHost(h, '127.0.0.1'), true, h);
    for (const h of ['evil.example', 'localhost.evil.example', '192.168.1.20', 'xlocalhost', '0.0.0.0']) assert.equal(isLoopbackHost(h, '127.0.0.1'), false, h);
    assert.equal(isLoopbackHost('192.168.1.20', '192.168.1.20'), true, 'the bound address');
    assert.equal(isLoopbackHost('0.0.0.0', '0.0.0.0'), false);
    assert.equal(isLoopbackHost('::', '::'), false);
  });

  it('knows local host names: addresses and names no public DNS serves', () => {
    for (const h of ['192.168.1.20', '[fe80::1]', '10.0.0.1', 'homeserver', 'pi.local', 'nas.lan', 'hub.home.arpa', 'box.internal', 'localhost']) assert.equal(isLanHost(h, '0.0.0.0'), true, h);
    for (const h of ['evil.example', 'local.evil.example', 'lan.example.com', 'home.arpa.evil', 'pi.local.evil.example', 'a_b', '[::1]x', 'x[fe80::1]']) assert.equal(isLanHost(h, '0.0.0.0'), false, h);
  });
});

describe('the access policy', () => {
  it('reads its settings from the config, with safe defaults', () => {
    const policy = accessPolicy(settings());
    assert.equal(policy.token, TOKEN);
    assert.equal(policy.bind, '127.0.0.1');
    assert.equal(policy.allowUnauthenticatedLan, false);
    assert.equal(policy.trusted.has('127.0.0.1'), false);
    const lan = accessPolicy(settings({ trusted_proxies: ['127.0.0.1'], allow_unauthenticated_lan: true }));
    assert.equal(lan.trusted.has('127.0.0.1'), true);
    assert.equal(lan.allowUnauthenticatedLan, true);
    // The dashboard forwards its LAN clients from this machine: loopback and the bound address.
    const self = accessPolicy(settings({ bind: '10.0.0.5', allow_unauthenticated_lan: true }));
    for (const a of ['127.0.0.1', '127.0.0.2', '::1', '10.0.0.5']) assert.equal(self.trusted.has(a), true, a);
    assert.equal(self.trusted.has('10.0.0.6'), false);
    const wildcard = accessPolicy(settings({ bind: '0.0.0.0', allow_unauthenticated_lan: true }));
    assert.equal(wildcard.trusted.has('0.0.0.0'), false);
    assert.equal(wildcard.trusted.has('127.0.0.1'), true);
    assert.equal(accessPolicy(settings({ bind: '10.0.0.5' })).trusted.has('10.0.0.5'), false, 'not without allow_unauthenticated_lan');
    assert.equal(accessPolicy(settings({ bind: 'homeserver.local', allow_unauthenticated_lan: true })).trusted.has('127.0.0.1'), true);
  });

  it('serves loopback without a token, on a loopback host name', () => {
    assert.deepEqual(verdict(settings(), request('127.0.0.1')), OK);
    assert.deepEqual(verdict(settings({ api: {} }), request('::1', {}, 'localhost')), OK);
  });

  it('refuses loopback naming another host (DNS rebinding): 403, no challenge', () => {
    const v = verdict(settings(), request('127.0.0.1', {}, 'evil.example'));
    assert.deepEqual(v, { allowed: false, status: 403, challenge: false, message: 'host "evil.example" is not a loopback name: use http://127.0.0.1 or http://localhost, or send the API token' });
  });

  it('lets the token in from anywhere, naming any host', () => {
    assert.deepEqual(verdict(settings(), request('203.0.113.9', { authorization: `Bearer ${TOKEN}` }, 'evil.example')), AUTHENTICATED);
    assert.deepEqual(verdict(settings(), request('127.0.0.1', { authorization: `bearer\t${TOKEN} ` })), AUTHENTICATED);
    assert.deepEqual(verdict(settings(), request('127.0.0.1', { authorization: `Bearer  ${TOKEN}` })), AUTHENTICATED);
    assert.deepEqual(CHALLENGE, { 'WWW-Authenticate': 'Bearer realm="homerhythm"' });
  });

  it('refuses a wrong or malformed token from anywhere: 401 with a challenge', () => {
    for (const authorization of [`Bearer ${TOKEN}x`, 'Bearer', `Basic ${TOKEN}`, TOKEN, `Bearer ${TOKEN} extra`, ` Bearer ${TOKEN}`]) {
      assert.deepEqual(verdict(settings(), request('127.0.0.1', { authorization })), { allowed: false, status: 401, challenge: true, message: 'wrong or malformed bearer token' }, authorization);
    }
  });

  it('ignores an Authorization header when no token is configured', () => {
    assert.deepEqual(verdict(settings({ api: {} }), request('127.0.0.1', { authorization: 'Bearer whatever-it-is-000' })), OK);
  });

  it('refuses another address: 401 when a token exists, 403 saying how to set one when not', () => {
    assert.deepEqual(verdict(settings(), request('192.168.1.20')), { allowed: false, status: 401, challenge: true, message: 'requests from 192.168.1.20 need Authorization: Bearer <api token>' });
    const none = verdict(settings({ api: {} }), request('192.168.1.20'));
    assert.equal(none.allowed, false);
    assert.ok(!none.allowed && none.status === 403 && !none.challenge && /^requests from 192\.168\.1\.20 need a token and none is configured: set HOMERHYTHM_API_TOKEN/.test(none.message));
    const unknown = verdict(settings(), request(undefined));
    assert.ok(!unknown.allowed && unknown.message === 'requests from an unknown address need Authorization: Bearer <api token>');
  });

  it('treats a request through a proxy as remote: X-Real-IP, X-Forwarded-For and Forwarded alike, from an untrusted peer', () => {
    for (const h of [{ 'x-real-ip': '127.0.0.1' }, { 'x-forwarded-for': '127.0.0.1' }, { forwarded: 'for=127.0.0.1' }] as Record<string, string>[]) {
      const v = verdict(settings(), request('127.0.0.1', h));
      assert.deepEqual(v, { allowed: false, status: 401, challenge: true, message: 'requests through a proxy that is not in trusted_proxies need Authorization: Bearer <api token>' }, JSON.stringify(h));
    }
  });

  it('judges a request through a trusted proxy by its real client', () => {
    const trusted = settings({ trusted_proxies: ['127.0.0.1'] });
    const remote = verdict(trusted, request('127.0.0.1', { 'x-real-ip': '192.168.1.20' }));
    assert.deepEqual(remote, { allowed: false, status: 401, challenge: true, message: 'requests through a proxy from 192.168.1.20 need Authorization: Bearer <api token>' });
    assert.deepEqual(verdict(trusted, request('127.0.0.1', { 'x-real-ip': '127.0.0.1' })), OK);
    const unreadable = verdict(trusted, request('127.0.0.1', { 'x-forwarded-for': 'somebody' }));
    assert.ok(!unreadable.allowed && unreadable.message.startsWith('requests through a proxy from an unreadable address'));
  });

  it('with allow_unauthenticated_lan, serves private addresses naming a local host, and nobody else without the token', () => {
    const lan = settings({ bind: '0.0.0.0', api: {}, allow_unauthenticated_lan: true });
    assert.deepEqual(verdict(lan, request('192.168.1.20', {}, '192.168.1.5')), OK);
    assert.deepEqual(verdict(lan, request('10.0.0.7', {}, 'homeserver.local')), OK);
    const rebound = verdict(lan, request('192.168.1.20', {}, 'evil.example'));
    assert.ok(!rebound.allowed && rebound.status === 403 && rebound.message.startsWith('host "evil.example" is not a local name'));
    const pub = verdict(lan, request('203.0.113.9', {}, '192.168.1.5'));
    assert.ok(!pub.allowed && pub.status === 403);
    // Loopback still needs a loopback name.
    assert.ok(!verdict(lan, request('127.0.0.1', {}, 'homeserver.local')).allowed);
    // Through the dashboard on this machine: the private client it names is served, a public one is not.
    assert.deepEqual(verdict(lan, request('127.0.0.1', { 'x-forwarded-for': '192.168.1.20' }, '127.0.0.1')), OK);
    assert.ok(!verdict(lan, request('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }, '127.0.0.1')).allowed);
    // Without the setting, a private address is remote.
    assert.ok(!verdict(settings({ bind: '0.0.0.0', api: {} }), request('192.168.1.20', {}, '192.168.1.5')).allowed);
  });

  it("serves a Home Assistant App's ingress proxy as HA's logged-in user, whatever it forwards; nobody else gains from the setting", () => {
    const ingress = settings({ bind: '0.0.0.0', api: {}, ingress_proxy: '172.30.32.2' });
    // The Supervisor names the browser in X-Forwarded-For and passes HA's own host name.
    const supervisor = request('172.30.32.2', { 'x-forwarded-for': '192.168.1.20, 172.30.32.1', 'x-ingress-path': '/api/hassio_ingress/abc' }, 'homeassistant.local');
    assert.deepEqual(verdict(ingress, supervisor), OK);
    assert.deepEqual(verdict(ingress, request('::ffff:172.30.32.2', {}, '172.30.33.4')), OK, 'an IPv4-mapped peer');
    assert.deepEqual(verdict(settings({ ingress_proxy: '172.30.32.2' }), request('172.30.32.2', { authorization: `Bearer ${TOKEN}` })), AUTHENTICATED, 'the admin token through ingress');
    assert.equal(verdict(settings({ ingress_proxy: '172.30.32.2' }), request('172.30.32.2', { authorization: 'Bearer wrong-token-0000000000' })).allowed, false);
    assert.equal(verdict(ingress, request('172.30.32.3', {}, '172.30.33.4')).allowed, false, 'another container');
    assert.equal(verdict(ingress, request('192.168.1.20', { 'x-forwarded-for': '172.30.32.2' }, '172.30.33.4')).allowed, false, 'naming the proxy is not being it');
    assert.equal(verdict(settings({ bind: '0.0.0.0', api: {} }), supervisor).allowed, false, 'without the setting the proxy is an untrusted one');
  });
});
