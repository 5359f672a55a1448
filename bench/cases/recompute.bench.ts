/** The full path over 30 days × 100K events, streamed (PRODUCT §10: ≤ 30 s, ≤ 250 MB peak RSS). */
import { DEFAULT_DETECTOR_SETTINGS } from '../../src/detectors/settings.js';
import { recompute } from '../../src/jobs/recompute.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { peakRssMb, report } from './case.js';
import { NO_RETENTION, preparedHome } from './prepared-home.js';

const { dir, days, calendar } = await preparedHome();
const storage = new SqliteStorage(dir, NO_RETENTION);
const started = performance.now();
const result = await recompute(storage, calendar, days[days.length - 1]!, 30, { ...DEFAULT_DETECTOR_SETTINGS, windowDays: 30 });
const seconds = (performance.now() - started) / 1000;
await storage.close();
report({
  seconds: { value: seconds, unit: 's', max: 30 },
  peak_rss: { value: peakRssMb(), unit: 'MB', max: 250 },
  events: { value: result.events, unit: 'events' },
});
