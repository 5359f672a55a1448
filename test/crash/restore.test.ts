/**
 * SIGKILL during `homerhythm restore`: after unpacking and checking (the copy beside the data
 * directory complete, nothing renamed yet), and with --force between moving the old store aside
 * and moving the new one in. Either way there is no half store: the data directory is the old one,
 * or absent, or the complete restored one; and the next restore clears what was left and succeeds.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { after, before, it } from 'node:test';
import { createBackup } from '../../src/backup/index.js';
import { configSchema } from '../../src/config.js';
import { fillSimulatedStore } from '../../src/testing/simulated-store.js';
import { killAt, runCli } from './cli.js';
import { inspect, integrity, workspace } from './store.js';

const ws = workspace('restore');
after(() => ws.cleanup());
const archive = ws.path('home.tar.gz');
const original = ws.path('original');
const leftovers = () => readdirSync(ws.root).filter((f) => f.startsWith('.'));

before(async () => {
  await fillSimulatedStore(original, { days: 8, eventsPerDay: 400, jobs: true });
  await createBackup(configSchema.parse({ data_dir: original }), archive);
});

it('a killed restore leaves no store or the old one, never half; restoring again gives the original', { timeout: 60_000 }, async (t) => {
  const expected = (await inspect(original)).digest;
  const target = ws.path('target');

  // 1. Into an empty place, killed once everything is unpacked and checked beside it.
  await killAt('restore-extracted', ['restore', archive, '--data-dir', target]);
  assert.ok(!existsSync(target), 'no data directory yet');
  assert.equal(leftovers().length, 1, 'the unpacked copy is left beside it');

  // 2. Over an existing store with --force, killed between moving it aside and moving the new one in.
  await fillSimulatedStore(target, { days: 2, eventsPerDay: 100, seed: 3 });
  const old = (await inspect(target)).digest;
  await killAt('restore-swap', ['restore', archive, '--force', '--data-dir', target]);
  assert.ok(!existsSync(target), 'between the renames: no data directory');
  const aside = leftovers().find((f) => f.includes('.replaced-'));
  assert.ok(aside !== undefined, 'the old store is kept aside, whole');
  assert.deepEqual((await inspect(ws.path(aside))).digest, old);

  // 3. The next restore clears the leftovers and completes.
  await runCli(['restore', archive, '--data-dir', target]);
  assert.deepEqual(leftovers(), []);
  assert.deepEqual(Object.values(integrity(target)), ['ok', 'ok']);
  assert.deepEqual((await inspect(target)).digest, expected);
  t.diagnostic(`2 kills (after unpacking; between the renames); restored ${expected.counts.events} events, ${expected.counts.daily} daily, ${expected.counts.weekly} weekly records, ${expected.counts.patterns} patterns = original`);
});
