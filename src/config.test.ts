import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, configWithoutSecrets, loadConfig, tokenFileIsOpen } from './config.js';
import { tempDirs } from './testing/temp.js';

const dir = tempDirs('config');

describe('config', () => {
  it('has documented defaults when nothing is configured', () => {
    const cwd = dir();
    const c = loadConfig({ cwd, env: {} });
    assert.equal(c.data_dir, join(cwd, 'data'));
    assert.equal(c.storage.backend, 'sqlite');
    assert.deepEqual(c.retention, { raw_days: 7, daily_days: 90, weekly_weeks: 52, pattern_days: null });
    assert.deepEqual([c.ingest.port, c.api.port, c.dashboard.port, c.bind], [8001, 8006, 3000, '127.0.0.1']);
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.retention));
  });

  it('reads homerhythm.yaml from the working directory and lets the environment win', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'homerhythm.yaml'), 'time_zone: America/New_York\nretention:\n  raw_days: 10\napi:\n  port: 9006\n');
    const c = loadConfig({ cwd, env: { HOMERHYTHM_API_PORT: '9106', HOMERHYTHM_DATA_DIR: '/tmp/x', HA_URL: 'http://ha.local:8123', HA_TOKEN: 'secret-token' } });
    assert.equal(c.time_zone, 'America/New_York');
    assert.equal(c.retention.raw_days, 10);
    assert.equal(c.api.port, 9106);
    assert.equal(c.data_dir, '/tmp/x');
    assert.equal(c.homeassistant.token, 'secret-token');
    assert.doesNotMatch(JSON.stringify(configWithoutSecrets(c)), /secret-token/);
  });

  it('says which key is wrong and why', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'bad.yaml'), 'time_zone: Mars/Base\nretention:\n  raw_days: -1\nunknown_key: 1\n');
    assert.throws(() => loadConfig({ cwd, env: {}, file: 'bad.yaml' }), (e: Error) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /time_zone: not an IANA time zone/);
      assert.match(e.message, /retention\.raw_days/);
      assert.match(e.message, /unknown_key/);
      return true;
    });
    assert.throws(() => loadConfig({ cwd, env: { HOMERHYTHM_API_PORT: 'abc' } }), /api\.port/);
    assert.throws(() => loadConfig({ cwd, env: {}, file: 'missing.yaml' }), /not found/);
    writeFileSync(join(cwd, 'tok.yaml'), 'homeassistant:\n  token: abc\n');
    assert.throws(() => loadConfig({ cwd, env: {}, file: 'tok.yaml' }), /must not be in a file/);
    // a share written as a percentage would silently find nothing: refused instead
    writeFileSync(join(cwd, 'share.yaml'), 'detectors:\n  co_occurrence: { min_confidence: 7 }\n');
    assert.throws(() => loadConfig({ cwd, env: {}, file: 'share.yaml' }), /detectors\.co_occurrence\.min_confidence: Too big/);
  });

  it('reads the HA token from a file and tells whether others can read it', () => {
    const cwd = dir();
    const path = join(cwd, 'token');
    writeFileSync(path, 'file-token\n');
    chmodSync(path, 0o600);
    assert.equal(loadConfig({ cwd, env: { HA_TOKEN_FILE: path } }).homeassistant.token, 'file-token');
    assert.equal(tokenFileIsOpen(path), false);
    chmodSync(path, 0o644);
    assert.equal(tokenFileIsOpen(path), true);
  });

  it('refuses a token file that group or others may read, saying how to fix it', () => {
    const cwd = dir();
    const path = join(cwd, 'token');
    writeFileSync(path, 'file-token\n');
    for (const mode of [0o644, 0o640, 0o604, 0o660]) {
      chmodSync(path, mode);
      assert.throws(
        () => loadConfig({ cwd, env: { HA_TOKEN_FILE: path } }),
        (e: unknown) => e instanceof ConfigError && e.message.includes(`HA token file ${path} can be read by other users (mode 0${mode.toString(8)}): chmod 600 ${path}`),
        `mode 0${mode.toString(8)}`,
      );
    }
    chmodSync(path, 0o400);
    assert.equal(loadConfig({ cwd, env: { HA_TOKEN_FILE: path } }).homeassistant.token, 'file-token', '0400 is fine');
  });
});

describe('detector settings in config', () => {
  it('defaults to the documented thresholds and accepts snake_case overrides', async () => {
    const { DEFAULT_DETECTOR_SETTINGS, detectorSettingsFrom } = await import('./detectors/settings.js');
    const cwd = dir();
    assert.deepEqual(detectorSettingsFrom(loadConfig({ cwd, env: {} }).detectors as never), DEFAULT_DETECTOR_SETTINGS);
    writeFileSync(join(cwd, 'homerhythm.yaml'), 'detectors:\n  window_days: 14\n  co_occurrence:\n    window_minutes: 3\n');
    const s = detectorSettingsFrom(loadConfig({ cwd, env: {} }).detectors as never);
    assert.equal(s.windowDays, 14);
    assert.equal(s.coOccurrence.windowMinutes, 3);
    assert.equal(s.coOccurrence.minSupport, DEFAULT_DETECTOR_SETTINGS.coOccurrence.minSupport);
    writeFileSync(join(cwd, 'homerhythm.yaml'), 'detectors:\n  co_occurrence:\n    window_minute: 3\n');
    assert.throws(() => loadConfig({ cwd, env: {} }), /window_minute/);
  });
});
