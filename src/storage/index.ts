/** Opens the configured store. */
import type { Config } from '../config.js';
import { SqliteStorage } from './sqlite/index.js';
import type { RetentionPolicy, Storage } from './types.js';

export function retentionOf(config: Config): RetentionPolicy {
  return {
    rawDays: config.retention.raw_days,
    dailyDays: config.retention.daily_days,
    weeklyWeeks: config.retention.weekly_weeks,
    patternDays: config.retention.pattern_days,
  };
}

export async function openStorage(config: Config): Promise<Storage> {
  if (config.storage.backend === 'influxdb') {
    throw new Error('storage backend "influxdb" is not available in this version yet; use "sqlite" (the default)');
  }
  return new SqliteStorage(config.data_dir, retentionOf(config));
}
