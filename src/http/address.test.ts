import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AddressSet, clientOf, isAddressOrNetwork, isLoopback, isPrivate, parseEntry, plainAddress } from './address.js';

const headers = (h: Record<string, string>) => (name: string) => h[name];
const NONE = new AddressSet([]);
const PROXY = new AddressSet(['127.0.0.1', '172.30.32.0/23']);

describe('addresses', () => {
  it('unwraps IPv4-mapped IPv6 and lower-cases', () => {
    assert.equal(plainAddress('::ffff:192.168.1.2'), '192.168.1.2');
    assert.equal(plainAddress('::FFFF:127.0.0.1'), '127.0.0.1');
    assert.equal(plainAddress('FE80::1'), 'fe80::1');
    assert.equal(plainAddress('::ffff:nothing'), '::ffff:nothing');
  });

  it('parses addresses and CIDR networks, and nothing else', () => {
    assert.deepEqual(parseEntry('10.0.0.0/8'), { network: '10.0.0.0', prefix: 8 });
    assert.deepEqual(parseEntry(' 192.168.1.5 '), { network: '192.168.1.5', prefix: 32 });
    assert.deepEqual(parseEntry('fd00::/8'), { network: 'fd00::', prefix: 8 });
    assert.deepEqual(parseEntry('::1'), { network: '::1', prefix: 128 });
    assert.deepEqual(parseEntry('0.0.0.0/0'), { network: '0.0.0.0', prefix: 0 });
    assert.deepEqual(parseEntry('::/128'), { network: '::', prefix: 128 });
    for (const bad of ['10.0.0.0/8x', '10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/x', '10.0.0.0/8/8', 'localhost', '', '10.0.0', '10.0.0.0/1234', '10.0.0.0/-1'])
      assert.equal(parseEntry(bad), null, bad);
    assert.equal(isAddressOrNetwork('172.30.32.0/23'), true);
    assert.equal(isAddressOrNetwork('proxy.lan'), false);
    assert.throws(() => new AddressSet(['proxy.lan']), /not an IP address or CIDR network: "proxy\.lan"/);
  });

  it('matches addresses against the set, mapped or not', () => {
    const set = new AddressSet(['10.0.0.0/8', '192.168.1.5', 'fd00::/8']);
    for (const a of ['10.1.2.3', '::ffff:10.1.2.3', '192.168.1.5', 'fd00::1']) assert.equal(set.has(a), true, a);
    for (const a of [undefined, '', 'nonsense', '11.0.0.1', '192.168.1.6', 'fe80::1']) assert.equal(set.has(a), false, String(a));
  });

  it('knows loopback and private networks', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopback(a), true, a);
    for (const a of [undefined, '192.168.1.20', '1270.0.0.1', '::2', '10.0.0.1', '128.0.0.1']) assert.equal(isLoopback(a), false, String(a));
    for (const a of ['10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.20', '169.254.1.1', 'fd12::1', 'fe80::1', '::ffff:10.0.0.1']) assert.equal(isPrivate(a), true, a);
    for (const a of [undefined, '8.8.8.8', '172.32.0.1', '192.169.0.1', '2001:db8::1', '127.0.0.1']) assert.equal(isPrivate(a), false, String(a));
  });
});

describe('the client of a request', () => {
  it('is the peer when no forwarding header is present', () => {
    assert.deepEqual(clientOf('::ffff:192.168.1.20', headers({}), PROXY), { address: '192.168.1.20', proxied: false, untrustedProxy: false });
    assert.deepEqual(clientOf(undefined, headers({}), PROXY), { address: undefined, proxied: false, untrustedProxy: false });
  });

  it('is unknown when a forwarding header comes from a peer that is not a trusted proxy', () => {
    for (const name of ['x-forwarded-for', 'x-real-ip', 'forwarded']) {
      const value = name === 'forwarded' ? 'for=127.0.0.1' : '127.0.0.1';
      assert.deepEqual(clientOf('127.0.0.1', headers({ [name]: value }), NONE), { address: undefined, proxied: true, untrustedProxy: true }, name);
    }
  });

  it('is the rightmost untrusted hop of X-Forwarded-For through trusted proxies', () => {
    assert.equal(clientOf('127.0.0.1', headers({ 'x-forwarded-for': '192.168.1.20' }), PROXY).address, '192.168.1.20');
    assert.equal(clientOf('127.0.0.1', headers({ 'x-forwarded-for': '127.0.0.1, 203.0.113.9, 172.30.32.2' }), PROXY).address, '203.0.113.9');
    // All hops trusted: the leftmost is the client.
    assert.equal(clientOf('127.0.0.1', headers({ 'x-forwarded-for': '127.0.0.1, 172.30.32.2' }), PROXY).address, '127.0.0.1');
    assert.deepEqual(clientOf('172.30.33.1', headers({ 'x-forwarded-for': '::ffff:10.0.0.4' }), PROXY), { address: '10.0.0.4', proxied: true, untrustedProxy: false });
  });

  it('reads X-Real-IP, and Forwarded first when both are sent', () => {
    assert.equal(clientOf('127.0.0.1', headers({ 'x-real-ip': '192.168.1.20' }), PROXY).address, '192.168.1.20');
    assert.equal(clientOf('127.0.0.1', headers({ 'x-real-ip': '127.0.0.1' }), PROXY).address, '127.0.0.1');
    assert.equal(clientOf('127.0.0.1', headers({ 'x-forwarded-for': '10.0.0.9', 'x-real-ip': '127.0.0.1' }), PROXY).address, '10.0.0.9');
    assert.equal(clientOf('127.0.0.1', headers({ forwarded: 'for=192.0.2.60;proto=http;by=203.0.113.43', 'x-forwarded-for': '127.0.0.1' }), PROXY).address, '192.0.2.60');
    assert.equal(clientOf('127.0.0.1', headers({ forwarded: 'for="[2001:db8:cafe::17]:4711"' }), PROXY).address, '2001:db8:cafe::17');
    assert.equal(clientOf('127.0.0.1', headers({ forwarded: 'proto=https;For="192.0.2.1:8080", for=127.0.0.1' }), PROXY).address, '192.0.2.1');
    assert.equal(clientOf('127.0.0.1', headers({ 'x-forwarded-for': '192.0.2.7:5555' }), PROXY).address, '192.0.2.7');
    assert.equal(clientOf('127.0.0.1', headers({ forwarded: 'for="[2001:db8::1]"' }), PROXY).address, '2001:db8::1');
    for (const odd of ['192.0.2.7:55x', 'x192.0.2.7:55', '[2001:db8::1]x', 'x[2001:db8::1]', '[2001:db8::1]:', '"192.0.2.7"x', 'x"192.0.2.7"']) {
      assert.equal(clientOf('127.0.0.1', headers({ 'x-forwarded-for': odd }), PROXY).address, undefined, odd);
    }
  });

  it('is unknown when a hop cannot be read', () => {
    for (const h of [{ 'x-forwarded-for': 'evil.example' }, { 'x-forwarded-for': '' }, { 'x-forwarded-for': '10.0.0.1,, 127.0.0.1' }, { forwarded: 'for=unknown' }, { forwarded: 'by=127.0.0.1' }, { 'x-real-ip': '127.0.0.1, 127.0.0.1x' }] as Record<string, string>[]) {
      assert.deepEqual(clientOf('127.0.0.1', headers(h), PROXY), { address: undefined, proxied: true, untrustedProxy: false }, JSON.stringify(h));
    }
    // A hop past the client is never reached: an unreadable one left of it does not matter.
    assert.equal(clientOf('127.0.0.1', headers({ 'x-forwarded-for': 'junk, 10.0.0.5' }), PROXY).address, '10.0.0.5');
  });
});
