/** The monthly job (Group C) for a month of a 100K-events/day home, from Layer 2/3 only (PRODUCT §10: ≤ 2 s). */
import { DEFAULT_DETECTOR_SETTINGS } from '../../src/detectors/settings.js';
import { runMonthlyJob } from '../../src/jobs/monthly.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { peakRssMb, report } from './case.js';
import { NO_RETENTION, preparedHome } from './prepared-home.js';

const { dir, calendar } = await preparedHome();
const storage = new SqliteStorage(dir, NO_RETENTION);
const rssBefore = peakRssMb();
const started = performance.now();
const result = await runMonthlyJob(storage, calendar, '2026-10', DEFAULT_DETECTOR_SETTINGS);
const seconds = (performance.now() - started) / 1000;
await storage.close();
report({
  seconds: { value: seconds, unit: 's', max: 2 },
  peak_rss: { value: peakRssMb(), unit: 'MB' },
  rss_before_job: { value: rssBefore, unit: 'MB' },
  days: { value: result.days, unit: 'days of Layer 2' },
  records: { value: result.records, unit: 'records' },
  patterns: { value: result.patterns.length, unit: 'patterns' },
});
