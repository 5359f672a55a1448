import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { ConfigError, configSchema } from '../config.js';
import { serve } from '../main.js';
import { tempDirs } from '../testing/temp.js';
import { exposureCheck, isLoopbackBind } from './exposure.js';

const newDir = tempDirs('exposure');

const TOKEN = 'test-token-0123456789abcdef';

describe('starting bound off loopback (issue 18)', () => {
  it('knows which binds only this machine reaches', () => {
    for (const b of ['127.0.0.1', '127.0.1.1', '::1', 'localhost', 'LOCALHOST']) assert.equal(isLoopbackBind(b), true, b);
    for (const b of ['0.0.0.0', '::', '192.168.1.5', '10.213.0.1', 'homeserver.local']) assert.equal(isLoopbackBind(b), false, b);
  });

  it('is refused without a token, saying which variable to set', () => {
    for (const bind of ['0.0.0.0', '::', '192.168.1.5']) {
      assert.throws(() => exposureCheck({ bind, allow_unauthenticated_lan: false, api: {} }), (e: Error) => e instanceof ConfigError && /HOMERHYTHM_API_TOKEN/.test(e.message) && e.message.includes(`bind ${bind} `), bind);
    }
  });

  it('is allowed with a token, or on loopback, without a word', () => {
    assert.equal(exposureCheck({ bind: '0.0.0.0', allow_unauthenticated_lan: false, api: { token: TOKEN } }), null);
    assert.equal(exposureCheck({ bind: '127.0.0.1', allow_unauthenticated_lan: false, api: {} }), null);
    assert.equal(exposureCheck({ bind: '0.0.0.0', allow_unauthenticated_lan: true, api: { token: TOKEN } }), null);
  });

  it('with allow_unauthenticated_lan, starts with a warning', () => {
    assert.match(exposureCheck({ bind: '0.0.0.0', allow_unauthenticated_lan: true, api: {} }) ?? '', /^allow_unauthenticated_lan: bound to 0\.0\.0\.0 without an API token/);
  });

  it('serve() refuses before it opens the store or a port', async () => {
    const dataDir = join(newDir(), 'data');
    const config = configSchema.parse({ data_dir: dataDir, bind: '0.0.0.0' });
    await assert.rejects(serve(config, pino({ level: 'silent' })), /set HOMERHYTHM_API_TOKEN/);
    assert.equal(existsSync(dataDir), false, 'the store was not opened');
  });

  it("counts a dashboard bound on its own address, unless it serves an App's ingress proxy only", () => {
    const loopback = { bind: '127.0.0.1', allow_unauthenticated_lan: false, api: {} };
    assert.throws(() => exposureCheck({ ...loopback, dashboard: { bind: '0.0.0.0' } }), /bind 0\.0\.0\.0 .*HOMERHYTHM_API_TOKEN/);
    assert.equal(exposureCheck({ ...loopback, dashboard: { bind: '0.0.0.0', ingress_proxy: '172.30.32.2' } }), null);
    assert.equal(exposureCheck({ ...loopback, dashboard: { bind: '127.0.0.1' } }), null);
    assert.equal(exposureCheck({ ...loopback, api: { token: TOKEN }, dashboard: { bind: '0.0.0.0' } }), null);
    assert.throws(() => exposureCheck({ ...loopback, bind: '0.0.0.0', dashboard: { bind: '0.0.0.0', ingress_proxy: '172.30.32.2' } }), /bind 0\.0\.0\.0 /, 'the other ports still count');
  });
});

