/**
 * An imported home, as a user drives it from the command line: its location and zone given by
 * flag or config file reach the store's home record (so the jobs compute the sun), `run all`
 * analyses the whole imported range in order however old it is, and a CASAS log's activity
 * labels are written beside it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { BUCKETS } from '../../src/storage/types.js';
import { tempDirs } from '../../src/testing/temp.js';
import { configFile, repoRoot, spawnCli } from './harness.js';

const tempDir = tempDirs('imported-home');
const LOG = join(repoRoot, 'test', 'fixtures', 'casas', 'tm000.multiday_absence.txt');
const ANNOTATED = join(repoRoot, 'test', 'fixtures', 'casas', 'wsu-annotated.txt');

async function cli(...args: string[]): Promise<{ code: number | null; out: string }> {
  const run = spawnCli(args);
  const code = await run.exited;
  return { code, out: run.output() };
}

/** The sun's context values the daily jobs wrote to Layer 2, and the monthly job to Layer 3. */
async function sunContexts(dir: string): Promise<{ daily: Set<string>; monthly: number }> {
  const storage = new SqliteStorage(dir);
  try {
    const daily = await storage.aggregates.query({ bucket: BUCKETS.daily, measurements: ['context_daily'] });
    const monthly = await storage.aggregates.query({ bucket: BUCKETS.weekly, measurements: ['contextual_monthly'], periods: ['2016-07'] });
    const sun = (tags: Readonly<Record<string, string>>) => tags['context'] === 'sun';
    return { daily: new Set(daily.filter((r) => sun(r.tags)).map((r) => r.tags['value']!)), monthly: monthly.filter((r) => sun(r.tags)).length };
  } finally {
    await storage.close();
  }
}

describe('an imported home from the command line', () => {
  it('gets its location by flag, and run all analyses its days, weeks and month, however old', async () => {
    const dir = tempDir();
    const imported = await cli('import', LOG, '--format', 'casas', '--data-dir', dir, '--time-zone', 'America/Los_Angeles', '--latitude', '46.73', '--longitude', '-117.17', '--elevation', '770');
    assert.equal(imported.code, 0, imported.out);
    assert.match(imported.out, /imported +21,968/);
    assert.match(imported.out, /home: America\/Los_Angeles, latitude 46.73, longitude -117.17, elevation 770 m \(the jobs compute sunrise and sunset\)/);
    const all = await cli('run', 'all', '--data-dir', dir);
    assert.equal(all.code, 0, all.out);
    assert.match(all.out, /running 7 days \(2016-07-12 to 2016-07-18\), then 2 weeks and 1 month/);
    assert.match(all.out, /\[ 1\/10\] daily 2016-07-12: success, 8,248 events/);
    assert.match(all.out, /\[ 9\/10\] weekly 2016-W29: success/);
    assert.match(all.out, /\[10\/10\] monthly 2016-07: success, 7 days of Layer 2/);
    assert.match(all.out, /done: 10 succeeded, 0 partial, 0 skipped, 0 failed/);
    const storage = new SqliteStorage(dir);
    try {
      assert.deepEqual(
        (({ timeZone, latitude, longitude, elevation }) => ({ timeZone, latitude, longitude, elevation }))(storage.home.get()),
        { timeZone: 'America/Los_Angeles', latitude: 46.73, longitude: -117.17, elevation: 770 },
      );
    } finally {
      await storage.close();
    }
    const sun = await sunContexts(dir);
    assert.deepEqual([...sun.daily].sort(), ['above_horizon', 'below_horizon']);
    assert.ok(sun.monthly > 0, 'the monthly contextual detector reads the sun');
    // weeks older than Layer 2's 90 days run by hand too, while their inputs are stored
    const week = await cli('run', 'weekly', '--week', '2016-W28', '--data-dir', dir);
    assert.equal(week.code, 0, week.out);
  });

  it('without a location there is no sun; the config file gives one to run', async () => {
    const dir = tempDir();
    const imported = await cli('import', LOG, '--data-dir', dir, '--time-zone', 'America/Los_Angeles');
    assert.equal(imported.code, 0);
    assert.match(imported.out, /home: America\/Los_Angeles, no location: give --latitude and --longitude/);
    assert.equal((await cli('run', 'all', '--data-dir', dir, '--to', '2016-07-13')).code, 0);
    assert.equal((await sunContexts(dir)).daily.size, 0);
    const config = configFile('latitude: 46.73\nlongitude: -117.17\n');
    const again = await cli('--config', config, 'run', 'all', '--data-dir', dir);
    assert.equal(again.code, 0, again.out);
    assert.deepEqual([...(await sunContexts(dir)).daily].sort(), ['above_horizon', 'below_horizon']);
    const half = await cli('run', 'all', '--data-dir', tempDir(), '--latitude', '46.73');
    assert.equal(half.code, 2);
    assert.match(half.out, /latitude and longitude together/);
  });

  it('writes the activity labels of a WSU annotated log with --labels-out', async () => {
    const dir = tempDir();
    const out = join(dir, 'labels.json');
    const run = await cli('import', ANNOTATED, '--data-dir', dir, '--time-zone', 'America/Los_Angeles', '--labels-out', out);
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /imported +30/);
    assert.match(run.out, /activity labels: 26 \(7 activities\)/);
    const file = JSON.parse(readFileSync(out, 'utf8')) as { time_zone: string; labels: { line: number; time: string; entity_id: string; activity: string; marker: string | null }[] };
    assert.equal(file.time_zone, 'America/Los_Angeles');
    assert.deepEqual(file.labels[0], { line: 1, time: '2011-06-15T08:03:39.149Z', entity_id: 'binary_sensor.bedroom', activity: 'Sleep', marker: 'begin' });
    assert.deepEqual(file.labels.at(-1), { line: 30, time: '2011-06-16T00:33:32.500Z', entity_id: 'binary_sensor.living_room_chair', activity: 'Relax', marker: null });
  });
});
