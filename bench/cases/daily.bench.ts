/** The daily job for one 100K-event day, with 30 days of Layer 2 behind it (PRODUCT §10: ≤ 1 s, ≤ 120 MB peak RSS). */
import { DEFAULT_DETECTOR_SETTINGS } from '../../src/detectors/settings.js';
import { runDailyJob } from '../../src/jobs/daily.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { peakRssMb, report } from './case.js';
import { NO_RETENTION, preparedHome } from './prepared-home.js';

const { dir, days, calendar } = await preparedHome();
const rssBefore = peakRssMb();
const storage = new SqliteStorage(dir, NO_RETENTION);
const started = performance.now();
const result = await runDailyJob(storage, calendar, days[days.length - 1]!, DEFAULT_DETECTOR_SETTINGS);
const seconds = (performance.now() - started) / 1000;
await storage.close();
report({
  seconds: { value: seconds, unit: 's', max: 1 },
  peak_rss: { value: peakRssMb(), unit: 'MB', max: 120 },
  rss_before_job: { value: rssBefore, unit: 'MB' },
  events: { value: result.events, unit: 'events' },
});
