/**
 * Running as a Home Assistant App (add-on): the Supervisor sets `SUPERVISOR_TOKEN`, writes what
 * the user chose in the App's configuration tab to `/data/options.json`, and keeps `/data` in HA's
 * backups. This turns those options into the part of our config they set; `loadConfig` validates
 * the result like any other source. The keys and their types mirror `ha-app/homerhythm/config.yaml`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** The App's persistent folder; `HOMERHYTHM_APP_DATA` moves it (tests). */
export const DEFAULT_APP_DATA_DIR = '/data';
/** The Supervisor's proxy to HA's WebSocket API; `HOMERHYTHM_SUPERVISOR_URL` moves it (tests). */
export const DEFAULT_SUPERVISOR_WEBSOCKET = 'ws://supervisor/core/websocket';
export const APP_OPTIONS_FILE = 'options.json';
/** config.yaml's `ingress_port`: the dashboard's port in the App. */
export const INGRESS_PORT = 3000;
/**
 * The Supervisor's ingress proxy, the only client HA allows on the ingress port ("Only connections
 * from 172.30.32.2 must be allowed", developers.home-assistant.io/docs/apps/presentation#ingress);
 * `HOMERHYTHM_INGRESS_PROXY` moves it (tests).
 */
export const DEFAULT_INGRESS_PROXY = '172.30.32.2';

type Env = Readonly<Record<string, string | undefined>>;

/** An App: the Supervisor gave us its token, and nobody named another Home Assistant. */
export function runningAsApp(env: Env): boolean {
  return nonEmpty(env['SUPERVISOR_TOKEN']) && !nonEmpty(env['HA_URL']);
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

/** Whether a Home Assistant URL is the Supervisor's proxy (`…/core/websocket`), as an App uses. */
export function isSupervisorProxy(url: string): boolean {
  try {
    return new URL(url).pathname.replace(/\/+$/, '') === '/core/websocket';
  } catch {
    return false;
  }
}

export function appDataDir(env: Env): string {
  return nonEmpty(env['HOMERHYTHM_APP_DATA']) ? env['HOMERHYTHM_APP_DATA'] : DEFAULT_APP_DATA_DIR;
}

const names = z.array(z.string().min(1)).default([]);

/** What the App's `schema` allows; the Supervisor checks it first, this checks it again (a hand-edited file, an old version). */
export const appOptionsSchema = z
  .object({
    include_domains: names,
    include_entities: names,
    include_entity_globs: names,
    exclude_domains: names,
    exclude_entities: names,
    exclude_entity_globs: names,
    raw_days: z.number().int().min(1).default(7),
    daily_days: z.number().int().min(1).default(90),
    weekly_weeks: z.number().int().min(1).default(52),
    pattern_days: z.number().int().min(1).optional(),
    time_zone: z.string().min(1).optional(),
    api_token: z.string().min(16).optional(),
    storage_backend: z.enum(['sqlite', 'influxdb']).default('sqlite'),
    influxdb_url: z.url().optional(),
    influxdb_token: z.string().min(1).optional(),
    influxdb_username: z.string().min(1).optional(),
    influxdb_password: z.string().min(1).optional(),
    log_level: z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
  })
  .strict()
  .refine((o) => o.storage_backend !== 'influxdb' || o.influxdb_url !== undefined, {
    message: 'storage_backend influxdb needs influxdb_url (e.g. http://a0d7b954-influxdb:8086)',
    path: ['influxdb_url'],
  });

export type AppOptions = z.infer<typeof appOptionsSchema>;

export class AppOptionsError extends Error {}

/**
 * The options file's problems in one line (the App's log tab shows each line on its own), naming
 * each option as the App's configuration tab does.
 */
function describeIssues(error: z.ZodError, file: string): string {
  const problems = error.issues.map((i) => {
    if (i.code === 'unrecognized_keys') return `${i.keys.join(', ')}: not an option of this App`;
    return `${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`;
  });
  return `invalid App options (${file}): ${problems.join('; ')}`;
}

/** Reads and checks `<data>/options.json`; a missing file means every default. */
export function readAppOptions(dataDir: string): AppOptions {
  const file = join(dataDir, APP_OPTIONS_FILE);
  let raw: unknown = {};
  if (existsSync(file)) {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new AppOptionsError(`invalid App options (${file}): not JSON: ${(e as Error).message}`);
    }
  }
  const result = appOptionsSchema.safeParse(raw);
  if (!result.success) throw new AppOptionsError(describeIssues(result.error, file));
  return result.data;
}

function filter(domains: string[], entities: string[], globs: string[]) {
  return domains.length + entities.length + globs.length === 0 ? undefined : { domains, entities, entity_globs: globs };
}

/** The config (in the config file's shape) that the App's options, its token and its folder give. */
export function appConfig(options: AppOptions, env: Env): Record<string, unknown> {
  const o = options;
  const defined = (value: Record<string, unknown>) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
  return defined({
    homeassistant: {
      url: nonEmpty(env['HOMERHYTHM_SUPERVISOR_URL']) ? env['HOMERHYTHM_SUPERVISOR_URL'] : DEFAULT_SUPERVISOR_WEBSOCKET,
      token: env['SUPERVISOR_TOKEN'],
    },
    data_dir: appDataDir(env),
    // The data-api and ingestion's health stay inside the container (config.yaml publishes no
    // `ports`); the dashboard is the ingress port, on the container's address, for the proxy only.
    bind: '127.0.0.1',
    dashboard: {
      port: INGRESS_PORT,
      bind: '0.0.0.0',
      ingress_proxy: nonEmpty(env['HOMERHYTHM_INGRESS_PROXY']) ? env['HOMERHYTHM_INGRESS_PROXY'] : DEFAULT_INGRESS_PROXY,
    },
    time_zone: o.time_zone,
    storage: {
      backend: o.storage_backend,
      influxdb: defined({ url: o.influxdb_url, token: o.influxdb_token, username: o.influxdb_username, password: o.influxdb_password }),
    },
    retention: { raw_days: o.raw_days, daily_days: o.daily_days, weekly_weeks: o.weekly_weeks, pattern_days: o.pattern_days ?? null },
    ingest: defined({
      include: filter(o.include_domains, o.include_entities, o.include_entity_globs),
      exclude: filter(o.exclude_domains, o.exclude_entities, o.exclude_entity_globs),
    }),
    api: defined({ token: o.api_token }),
    log_level: o.log_level,
  });
}
