/** The weekly job (Group B) for one ISO week of a 100K-events/day home, from Layer 2 only (PRODUCT §10: ≤ 1 s). */
import { DEFAULT_DETECTOR_SETTINGS } from '../../src/detectors/settings.js';
import { runWeeklyJob } from '../../src/jobs/weekly.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { peakRssMb, report } from './case.js';
import { NO_RETENTION, preparedHome } from './prepared-home.js';

const { dir, calendar } = await preparedHome();
const storage = new SqliteStorage(dir, NO_RETENTION);
// the weeks before it first, as the jobs would have run them: the one measured derives from 4 weeks of Layer 3
for (const week of ['2026-W40', '2026-W41', '2026-W42']) await runWeeklyJob(storage, calendar, week, DEFAULT_DETECTOR_SETTINGS);
const rssBefore = peakRssMb();
const started = performance.now();
const result = await runWeeklyJob(storage, calendar, '2026-W43', DEFAULT_DETECTOR_SETTINGS);
const seconds = (performance.now() - started) / 1000;
await storage.close();
report({
  seconds: { value: seconds, unit: 's', max: 1 },
  peak_rss: { value: peakRssMb(), unit: 'MB' },
  rss_before_job: { value: rssBefore, unit: 'MB' },
  records: { value: result.records, unit: 'records' },
  patterns: { value: result.patterns.length, unit: 'patterns' },
});
