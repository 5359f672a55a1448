import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { configSchema, type Config } from '../config.js';
import { SqliteStorage } from '../storage/sqlite/index.js';
import { fillSimulatedStore, SIM_NOW, SIM_ZONE, simCalendar } from '../testing/simulated-store.js';
import { apiAnswers, storeDigest } from '../testing/store-digest.js';
import { BackupFormatError, createBackup, restoreBackup, RestoreRefusedError, RESTORED_CONFIG_FILE } from './index.js';

const root = mkdtempSync(join(tmpdir(), 'homerhythm-backup-'));
after(() => rmSync(root, { recursive: true, force: true }));

const SECRETS = { ha: 'ha-secret-token-do-not-copy', api: 'api-secret-token-0123456789', influx: 'influx-secret-pw', haUrl: 'proxy-secret-in-ha-url', influxUrl: 'influx-secret-in-url' };

function configFor(dataDir: string): Config {
  return configSchema.parse({
    data_dir: dataDir,
    time_zone: SIM_ZONE,
    homeassistant: { url: `http://proxyuser:${SECRETS.haUrl}@homeassistant.local:8123`, token: SECRETS.ha },
    api: { token: SECRETS.api },
    storage: { backend: 'sqlite', influxdb: { url: `http://admin:${SECRETS.influxUrl}@127.0.0.1:8086`, password: SECRETS.influx } },
  });
}

async function contentOf(dir: string) {
  const storage = new SqliteStorage(dir);
  try {
    return { digest: await storeDigest(storage, { exact: true }), api: await apiAnswers(storage, configFor(dir), simCalendar, SIM_NOW) };
  } finally {
    await storage.close();
  }
}

describe('backup and restore', () => {
  const original = join(root, 'original');
  let expected: Awaited<ReturnType<typeof contentOf>>;

  before(async () => {
    await fillSimulatedStore(original, { days: 9, eventsPerDay: 500, jobs: true });
    writeFileSync(join(original, 'ingest-gap.json'), '{"since":1}\n');
    expected = await contentOf(original);
    assert.ok(expected.digest.counts.events > 4000 && expected.digest.counts.daily > 0 && expected.digest.counts.weekly > 0 && expected.digest.counts.patterns > 0);
  });

  for (const exportLayers of [false, true]) {
    it(`${exportLayers ? 'the generic path (Layers 1–3 as JSON lines)' : 'SQLite files'}: the restored store answers every API query as the original`, async () => {
      const archive = join(root, `home-${exportLayers}.tar.gz`);
      const manifest = await createBackup(configFor(original), archive, { exportLayers });
      assert.equal(manifest.layers, exportLayers ? 'export' : 'files');
      assert.deepEqual(manifest.counts, { ...expected.digest.counts, runs: manifest.counts.runs });
      const target = join(root, `restored-${exportLayers}`);
      const result = await restoreBackup(configFor(target), archive);
      assert.equal(result.replaced, false);
      const restored = await contentOf(target);
      assert.deepEqual(restored.digest, expected.digest);
      assert.deepEqual(restored.api, expected.api);
      assert.equal(readFileSync(join(target, 'ingest-gap.json'), 'utf8'), '{"since":1}\n', 'the gap marker goes along');
      assert.ok(existsSync(join(target, RESTORED_CONFIG_FILE)));
      assert.deepEqual(readdirSync(root).filter((f) => f.startsWith('.')), [], 'nothing left beside the data directory');
    });
  }

  it('keeps no secret: not in the config copy, not anywhere in the archive', async () => {
    const archive = join(root, 'secrets.tar.gz');
    await createBackup(configFor(original), archive);
    const unpacked = join(root, 'unpacked');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', archive, '-C', unpacked]);
    const yaml = readFileSync(join(unpacked, 'config.yaml'), 'utf8');
    assert.match(yaml, /url: http:\/\/homeassistant\.local:8123\n/, 'the HA URL, without its credentials');
    assert.match(yaml, /url: http:\/\/127\.0\.0\.1:8086\n/);
    assert.doesNotMatch(yaml, /proxyuser|admin/);
    assert.match(yaml, /time_zone: Europe\/Berlin/);
    for (const name of ['config.yaml', 'manifest.json']) {
      const text = readFileSync(join(unpacked, name), 'utf8');
      for (const secret of Object.values(SECRETS)) assert.ok(!text.includes(secret), `${name} holds a secret`);
    }
    const manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    for (const key of ['format', 'app_version', 'created_at', 'backend', 'counts', 'files']) assert.ok(key in manifest, key);
    rmSync(unpacked, { recursive: true });
  });

  it('refuses a data directory that holds a store (unless --force) or is in use (always), and a damaged archive', async () => {
    const archive = join(root, 'refuse.tar.gz');
    await createBackup(configFor(original), archive);
    const target = join(root, 'occupied');
    await fillSimulatedStore(target, { days: 2, eventsPerDay: 100, seed: 99 });
    const before = await contentOf(target);
    await assert.rejects(restoreBackup(configFor(target), archive), (e) => e instanceof RestoreRefusedError && /not empty.*--force/.test(e.message));
    assert.deepEqual((await contentOf(target)).digest, before.digest, 'untouched');

    const live = new SqliteStorage(target);
    await live.events.newestTime();
    try {
      await assert.rejects(restoreBackup(configFor(target), archive, { force: true }), (e) => e instanceof RestoreRefusedError && /in use/.test(e.message));
    } finally {
      await live.close();
    }
    assert.deepEqual((await contentOf(target)).digest, before.digest, 'untouched');

    // A damaged archive: one byte of a layer file changed, the manifest as it was.
    const unpacked = join(root, 'damaged');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', archive, '-C', unpacked]);
    const file = join(unpacked, 'data', 'events.sqlite');
    const bytes = readFileSync(file);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100]! + 1) % 256;
    writeFileSync(file, bytes);
    const damaged = join(root, 'damaged.tar.gz');
    execFileSync('tar', ['-czf', damaged, '-C', unpacked, '.']);
    await assert.rejects(restoreBackup(configFor(target), damaged, { force: true }), (e) => e instanceof BackupFormatError && /checksum/.test(e.message));
    assert.deepEqual((await contentOf(target)).digest, before.digest, 'untouched');

    const replaced = await restoreBackup(configFor(target), archive, { force: true });
    assert.equal(replaced.replaced, true);
    assert.deepEqual((await contentOf(target)).digest, expected.digest);
  });
});
