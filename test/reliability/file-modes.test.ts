/**
 * What homerhythm writes about a home is for its owner only: the data directory is created 0700,
 * its files (SQLite stores with their -wal and -shm, the gap marker, the InfluxDB spool) and
 * backup archives 0600 — whatever the umask (022 is the usual one, and gives 0644 by default).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { createBackup } from '../../src/backup/index.js';
import { configSchema } from '../../src/config.js';
import { GapMarker } from '../../src/ingest/live/gap-marker.js';
import { EventSpool } from '../../src/storage/influxdb/spool.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { tempDirs } from '../../src/testing/temp.js';

const tempDir = tempDirs('modes');
let umask = 0;
before(() => (umask = process.umask(0o022)));
after(() => process.umask(umask));

const modeOf = (path: string) => `0${(statSync(path).mode & 0o777).toString(8)}`;

it('with umask 022: the data directory is 0700, the stores (-wal, -shm too), the marker and the spool 0600, a backup 0600', async () => {
  const root = tempDir();
  const dataDir = join(root, 'data');
  const storage = new SqliteStorage(dataDir);
  try {
    storage.home.set({ timeZone: 'Europe/Berlin' });
    await storage.events.append([{ time: Date.now(), entityId: 'light.a', domain: 'light', state: 'on', oldState: 'off', attributes: { b: 1 }, deviceId: null, areaId: null, cause: 'system' }]);
    assert.equal(modeOf(dataDir), '0700');
    const files = readdirSync(dataDir).sort();
    for (const name of ['events.sqlite', 'events.sqlite-wal', 'events.sqlite-shm', 'homerhythm.sqlite', 'homerhythm.sqlite-wal', 'homerhythm.sqlite-shm']) {
      assert.ok(files.includes(name), `${name} exists (${files.join(', ')})`);
      assert.equal(modeOf(join(dataDir, name)), '0600', name);
    }

    const marker = new GapMarker(join(dataDir, 'ingest-gap.json'));
    marker.set(Date.now());
    assert.equal(modeOf(marker.path), '0600', 'the gap marker');

    const spoolDir = join(root, 'spool');
    const spool = new EventSpool(spoolDir, 1_000_000, async () => {
      throw new Error('InfluxDB down');
    });
    spool.add([{ time: Date.now(), entityId: 'light.a', domain: 'light', state: 'on', oldState: 'off', attributes: {}, deviceId: null, areaId: null, cause: 'system' }]);
    spool.close();
    assert.equal(modeOf(spoolDir), '0700', 'the spool directory');
    const segments = readdirSync(spoolDir);
    assert.ok(segments.length > 0);
    for (const name of segments) assert.equal(modeOf(join(spoolDir, name)), '0600', `spool ${name}`);

    const archive = join(root, 'home.tar.gz');
    await createBackup(configSchema.parse({ data_dir: dataDir, time_zone: 'Europe/Berlin' }), archive);
    assert.ok(existsSync(archive));
    assert.equal(modeOf(archive), '0600', 'the backup archive');
  } finally {
    await storage.close();
  }
});
