import assert from 'node:assert/strict';
import { it } from 'node:test';
import { credentialsOf, urlsWithoutCredentials, withoutCredentials } from './redact.js';

it('removes user name and password from a URL, keeping the rest as written', () => {
  assert.equal(withoutCredentials('http://user:s3cret@homeassistant.local:8123'), 'http://homeassistant.local:8123');
  assert.equal(withoutCredentials('https://user:s3cret@ha.example/proxy/path?x=1#f'), 'https://ha.example/proxy/path?x=1#f');
  assert.equal(withoutCredentials('ws://only-user@10.0.0.2:8123/api/websocket'), 'ws://10.0.0.2:8123/api/websocket');
  assert.equal(withoutCredentials('http://:p%40ss@host/'), 'http://host/');
  assert.equal(withoutCredentials('http://u:p@host:99999'), 'http://host:99999', 'an unparseable URL too');
  assert.equal(withoutCredentials('http://homeassistant.local:8123'), 'http://homeassistant.local:8123');
  assert.equal(withoutCredentials('not a url, mail me@home'), 'not a url, mail me@home');
});

it('reads the credentials a URL carries', () => {
  assert.deepEqual(credentialsOf('http://admin:p%40ss@influx:8086'), { username: 'admin', password: 'p@ss' });
  assert.equal(credentialsOf('http://influx:8086'), null);
  assert.equal(credentialsOf('nope'), null);
});

it('cleans every URL in a config-like value', () => {
  const config = { homeassistant: { url: 'http://a:b@ha:8123' }, storage: { influxdb: { url: 'http://c:d@influx:8086', database: 'x' } }, list: ['https://e:f@x'], n: 3, none: null };
  assert.deepEqual(urlsWithoutCredentials(config), { homeassistant: { url: 'http://ha:8123' }, storage: { influxdb: { url: 'http://influx:8086', database: 'x' } }, list: ['https://x'], n: 3, none: null });
});
