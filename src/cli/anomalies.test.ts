import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestStorage } from '../testing/backends.js';
import { calendar } from '../testing/home.js';
import { tempDirs } from '../testing/temp.js';
import { listAnomalies, sinceDay } from './anomalies.js';

const tempDir = tempDirs('cli-anomalies');
const NOW = calendar.day('2026-11-25').start + 10 * 3_600_000;

it('homerhythm anomalies: recent ones newest first with their sentence, --since and --json', async () => {
  const storage = await openTestStorage('sqlite', tempDir());
  after(() => storage.close());
  const at = (day: string, surprise: number, count: number) => ({
    patternType: 'anomaly',
    deviceId: 'switch.kettle',
    key: `${day}:count_high`,
    areaId: null,
    confidence: 1,
    occurrences: 1,
    lastSeen: calendar.day(day).start,
    metadata: { kind: 'count_high', day, surprise, usual: { low: 4, high: 7 }, observed: { count } },
  });
  const runId = storage.runs.start('daily', '2026-11-24', NOW);
  await storage.commitJob({ runId, status: 'success', counts: {}, finishedAt: NOW, aggregates: [], patterns: [at('2026-11-20', 8.8, 49), at('2026-11-22', 5, 20), at('2026-10-01', 30, 90)] });
  const text = listAnomalies(storage, calendar, { since: '-14d', now: NOW, limit: 50, json: false });
  assert.deepEqual(text.split('\n'), ['2026-11-22    5.0  20 uses of switch.kettle on Sunday 22 Nov; usually 4–7', '2026-11-20    8.8  49 uses of switch.kettle on Friday 20 Nov; usually 4–7']);
  const rows = JSON.parse(listAnomalies(storage, calendar, { since: '2026-09-30', now: NOW, limit: 2, json: true })) as { description: string }[];
  assert.equal(rows.length, 2);
  assert.equal(rows[0]!.description, '20 uses of switch.kettle on Sunday 22 Nov; usually 4–7');
  assert.equal(listAnomalies(storage, calendar, { since: '-1d', now: NOW, limit: 50, json: false }), 'no anomalies since 2026-11-24');
  assert.equal(sinceDay('-14d', calendar, NOW), '2026-11-11');
  assert.throws(() => sinceDay('yesterday', calendar, NOW), /use -14d/);
});
