/** Opens the configured store. */
import type { Config } from '../config.js';
import { InfluxStorage } from './influxdb/index.js';
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
    const influx = config.storage.influxdb;
    return InfluxStorage.open({
      url: influx.url,
      token: influx.token,
      username: influx.username,
      password: influx.password,
      timeoutMs: influx.timeout_ms,
      dataDir: config.data_dir,
      retention: retentionOf(config),
      databasePrefix: influx.database_prefix,
      retentionPolicy: influx.retention_policy,
      graceDays: influx.retention_grace_days,
      manageDatabases: influx.manage_databases,
      spoolDir: influx.spool_dir,
      spoolMaxBytes: influx.spool_max_bytes,
    });
  }
  return new SqliteStorage(config.data_dir, retentionOf(config));
}
