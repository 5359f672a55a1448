/**
 * Import into Layer 1 at 100K events/day (PRODUCT §10: ≥ 50K events/s; ≤ 60 B/event on disk,
 * indexes included). The simulated file is written once per run, outside the timed part.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadRegistryFile } from '../../src/ha/registry.js';
import { importJsonLines } from '../../src/ingest/importers/jsonl.js';
import { writeSimulation } from '../../src/simulate/index.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { report, tempDir } from './case.js';

const DAYS = 3;
const EVENTS_PER_DAY = 100_000;

const dir = tempDir('import');
try {
  const file = join(dir, 'home.jsonl');
  await writeSimulation({ days: DAYS, eventsPerDay: EVENTS_PER_DAY, seed: 7, timeZone: 'Europe/Berlin', lastDay: '2026-11-20' }, file);
  const registry = await loadRegistryFile(join(dir, 'home.registry.json'));
  const storage = new SqliteStorage(join(dir, 'store'));
  const started = performance.now();
  const result = await importJsonLines(file, storage.events, { registry, now: Date.parse('2026-11-25T00:00:00Z') });
  const seconds = (performance.now() - started) / 1000;
  const stats = await storage.events.stats();
  await storage.close();
  report({
    events_per_s: { value: result.imported / seconds, unit: 'events/s', min: 50_000 },
    layer1_bytes_per_event: { value: stats.bytes / stats.records, unit: 'B/event', max: 60 },
    events: { value: result.imported, unit: 'events' },
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
