/**
 * A small home behind the data-api, for its tests: Layer 1 events, Layer 2/3 records written
 * straight into the store (also the day_type_* measurements a later issue writes), a few
 * patterns, and an app whose clock and remote address the test controls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../api/app.js';
import type { ApiDeps } from '../api/context.js';
import { configSchema, type Config } from '../config.js';
import type { SqliteStorage } from '../storage/sqlite/index.js';
import { BUCKETS, type AggregateRecord, type PatternUpsert, type Storage } from '../storage/types.js';
import { type BackendKind, openTestStorage } from './backends.js';
import { calendar, dayKeys, HomeBuilder, at, ZONE } from './home.js';

/** Wednesday 2026-11-25, 11:00 in Berlin. */
export const NOW = Date.parse('2026-11-25T10:00:00Z');
export const TOKEN = 'test-token-0123456789abcdef';
/** The header the test address source reads: who the request claims to come from. */
export const REMOTE_HEADER = 'x-test-remote-address';
export const LAN = '192.168.1.20';
export { calendar, ZONE };

export function apiConfig(api: { token?: string; cors_origins?: string[]; max_body_bytes?: number } = {}, dataDir = '/nonexistent', trustedProxies: string[] = []): Config {
  return configSchema.parse({ data_dir: dataDir, time_zone: ZONE, api: { port: 8006, ...api }, trusted_proxies: trustedProxies });
}

/** Every local day from `first` to yesterday (2026-11-24). */
export const DAYS = dayKeys('2026-08-27', 90);

function record(measurement: string, period: string, time: number, tags: Record<string, string>, fields: AggregateRecord['fields']): AggregateRecord {
  return { measurement, period, time, tags, fields };
}

export async function seed(storage: Storage): Promise<void> {
  const home = new HomeBuilder().area('light.living_room', 'living_room').area('light.kitchen_ceiling', 'kitchen');
  for (const day of ['2026-11-23', '2026-11-24']) {
    home.pulse('light.living_room', at(day, '18:30'), 3600).pulse('light.kitchen_ceiling', at(day, '07:00'), 600);
  }
  await storage.events.append(home.build());

  for (const [i, day] of DAYS.entries()) {
    const period = calendar.day(day);
    const weekend = calendar.weekday(day) >= 6;
    const records = [
      record('time_based_daily', day, period.start, { entity_id: 'light.living_room', area_id: 'living_room' }, { count: i % 4, first_minute: 1100 + (i % 3), minutes: '[1100]', name: 'Living room' }),
      record('time_based_daily', day, period.start, { entity_id: 'light.kitchen_ceiling', area_id: 'kitchen' }, { count: 1, first_minute: 420, minutes: '[420]', name: 'Kitchen' }),
      record('day_type_daily', day, period.start, { day_type: weekend ? 'weekend' : 'weekday', entity_id: 'light.living_room' }, { count: weekend ? 4 : 2, first_minute: 1110, on_seconds: 3600 }),
    ];
    await storage.aggregates.replace({ bucket: BUCKETS.daily, period: day, measurements: ['time_based_daily', 'day_type_daily'], records });
  }
  for (let w = calendar.periodOf('week', calendar.day(DAYS[0]!).start); w.end <= calendar.day('2026-11-24').end; w = calendar.shift(w, 1)) {
    const records = ['weekday', 'weekend'].map((t, i) => record('day_type_weekly', w.key, w.start, { day_type: t, entity_id: 'light.living_room' }, { days: t === 'weekday' ? 5 : 2, count_mean: 2 + 2 * i }));
    await storage.aggregates.replace({ bucket: BUCKETS.weekly, period: w.key, measurements: ['day_type_weekly'], records });
  }
  for (const month of ['2026-09', '2026-10']) {
    const m = calendar.month(month);
    await storage.aggregates.replace({
      bucket: BUCKETS.weekly,
      period: month,
      measurements: ['entity_monthly'],
      records: [record('entity_monthly', month, m.start, { entity_id: 'light.living_room' }, { count: 40, days: 30 })],
    });
  }

  const patterns: PatternUpsert[] = [
    {
      patternType: 'time_based',
      deviceId: 'light.living_room',
      key: 'all@1110',
      areaId: 'living_room',
      metadata: { typical_time: '18:30', day_type: 'all', spread_minutes: 12, mask_days_matched: 27, mask_days_observed: 30 },
      confidence: 0.9,
      occurrences: 27,
      lastSeen: at('2026-11-24', '18:30'),
    },
    {
      patternType: 'co_occurrence',
      deviceId: 'light.kitchen_ceiling',
      key: 'switch.coffee_machine',
      areaId: 'kitchen',
      metadata: { trigger: 'light.kitchen_ceiling', follower: 'switch.coffee_machine', window_minutes: 5, typical_lag_seconds: 40, lift: 3.1 },
      confidence: 0.8,
      occurrences: 20,
      lastSeen: at('2026-11-24', '07:01'),
    },
    {
      patternType: 'duration',
      deviceId: 'light.kitchen_ceiling',
      key: 'on',
      areaId: 'kitchen',
      metadata: { typical_seconds: 600, p90_seconds: 900, auto_off_candidate: false },
      confidence: 0.6,
      occurrences: 30,
      lastSeen: at('2026-08-30', '07:10'),
    },
  ];
  const runId = storage.runs.start('daily', '2026-11-24', NOW - 60_000);
  await storage.commitJob({ runId, status: 'success', counts: { patterns: patterns.length }, finishedAt: NOW - 30_000, aggregates: [], patterns });
}

/** `S`: SqliteStorage for the default (embedded) home, `Storage` for one on a backend the test picks. */
export interface ApiHome<S extends Storage = SqliteStorage> {
  readonly storage: S;
  readonly app: ReturnType<typeof createApp>;
  /** A request: from loopback unless `from` says otherwise, with the token when `token` is true (or the given string). */
  request(path: string, options?: { method?: string; from?: string; token?: boolean | string; headers?: Record<string, string>; body?: string }): Promise<Response>;
  close(): Promise<void>;
}

export interface ApiHomeOptions {
  readonly api?: Parameters<typeof apiConfig>[0];
  readonly seeded?: boolean;
  readonly deps?: Partial<ApiDeps>;
  /** The store behind the API (default the embedded SQLite one). */
  readonly backend?: BackendKind;
  /** trusted_proxies of the config (default none). */
  readonly trustedProxies?: string[];
}

export async function apiHome(options?: ApiHomeOptions & { backend?: 'sqlite' }): Promise<ApiHome>;
export async function apiHome(options: ApiHomeOptions & { backend: BackendKind }): Promise<ApiHome<Storage>>;
export async function apiHome(options: ApiHomeOptions = {}): Promise<ApiHome<Storage>> {
  const dir = mkdtempSync(join(tmpdir(), 'homerhythm-api-'));
  const storage = await openTestStorage(options.backend ?? 'sqlite', dir);
  if (options.seeded ?? true) await seed(storage);
  const app = createApp({
    storage,
    config: apiConfig(options.api ?? { token: TOKEN }, dir, options.trustedProxies),
    calendar: () => calendar,
    clock: () => NOW,
    remoteAddress: (c) => c.req.header(REMOTE_HEADER) ?? '127.0.0.1',
    ...options.deps,
  });
  return {
    storage,
    app,
    request(path, { method = 'GET', from, token, headers = {}, body } = {}) {
      const h: Record<string, string> = { ...headers };
      if (from !== undefined) h[REMOTE_HEADER] = from;
      if (token !== undefined && token !== false) h['authorization'] = `Bearer ${token === true ? TOKEN : token}`;
      return Promise.resolve(app.request(path, { method, headers: h, body }));
    },
    async close() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
