/**
 * The generic path on every backend (SQLite and a real influxd): a backup that exports Layers 1–3
 * through the Storage interfaces, restored into a fresh store of the same kind, holds the same
 * events, daily and weekly aggregates and patterns.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { configSchema, type Config } from '../config.js';
import { runDailyJob } from '../jobs/daily.js';
import { runWeeklyJob } from '../jobs/weekly.js';
import { simulateDays } from '../simulate/index.js';
import { BACKENDS, openTestStorage } from '../testing/backends.js';
import { SIM_LAST_DAY, SIM_ZONE, simCalendar, simSettings } from '../testing/simulated-store.js';
import { storeDigest } from '../testing/store-digest.js';
import type { Storage } from '../storage/types.js';
import { createBackup, restoreBackup } from './index.js';

const root = mkdtempSync(join(tmpdir(), 'homerhythm-backup-backends-'));
after(() => rmSync(root, { recursive: true, force: true }));

for (const kind of BACKENDS) {
  it(`${kind}: export → archive → import gives the same layers`, { timeout: 120_000 }, async () => {
    // InfluxDB: a store's databases are named by a prefix of its own, whatever directory opens it (as a config names them).
    const opener = (name: string) => (config: Config) => openTestStorage(kind, config.data_dir, undefined, { databasePrefix: `${name}_` });
    const config = (dir: string): Config => configSchema.parse({ data_dir: dir, time_zone: SIM_ZONE, storage: { backend: kind } });
    const sourceDir = join(root, `${kind}-source`);
    const source = await opener(`${kind}src`)(config(sourceDir));
    let expected;
    try {
      for (const d of simulateDays({ seed: 5, days: 8, eventsPerDay: 300, timeZone: SIM_ZONE, lastDay: SIM_LAST_DAY })) {
        await source.events.append(d.events);
        await runDailyJob(source, simCalendar, d.day, simSettings);
      }
      await runWeeklyJob(source, simCalendar, simCalendar.periodOf('week', simCalendar.day(SIM_LAST_DAY).start - 7 * 86_400_000).key, simSettings);
      expected = await storeDigest(source);
    } finally {
      await source.close();
    }
    const archive = join(root, `${kind}.tar.gz`);
    const manifest = await createBackup(config(sourceDir), archive, { exportLayers: true, open: opener(`${kind}src`) });
    assert.equal(manifest.layers, 'export');
    assert.equal(manifest.counts.events, expected.counts.events);
    const targetDir = join(root, `${kind}-target`);
    await restoreBackup(config(targetDir), archive, { open: opener(`${kind}dst`) });
    const target: Storage = await opener(`${kind}dst`)(config(targetDir));
    try {
      assert.ok(expected.counts.daily > 0 && expected.counts.weekly > 0 && expected.counts.patterns > 0);
      assert.deepEqual(await storeDigest(target), expected);
    } finally {
      await target.close();
    }
  });
}
