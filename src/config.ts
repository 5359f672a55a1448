/**
 * One schema is the source of configuration: the YAML file, environment variables (which win),
 * and documented defaults, validated once at start into a frozen Config passed to whoever needs it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type DetectorSettings, detectorSettingsFrom, detectorSettingsSchema } from './detectors/settings.js';
import { isAddressOrNetwork } from './http/address.js';
import { isValidTimeZone } from './time/calendar.js';
import { urlsWithoutCredentials } from './redact.js';
import { AppOptionsError, appConfig, appDataDir, readAppOptions, runningAsApp } from './app-options.js';

export const DEFAULT_CONFIG_FILE = 'homerhythm.yaml';
export const DEFAULT_DATA_DIR = './data';
/** The demo home's zone when neither HA nor the config names one. */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

const port = z.number().int().min(1).max(65535);
const timeZone = z.string().refine(isValidTimeZone, { message: 'not an IANA time zone (e.g. Europe/Berlin)' });
const filters = z
  .object({
    domains: z.array(z.string()).default([]).describe('whole domains, e.g. sensor'),
    entities: z.array(z.string()).default([]).describe('exact entity ids'),
    entity_globs: z.array(z.string()).default([]).describe('globs such as sensor.*_battery'),
  })
  .strict();

export const configSchema = z
  .object({
    homeassistant: z
      .object({
        url: z.url().optional().describe('HA base URL, e.g. http://homeassistant.local:8123 (env HA_URL)'),
        token: z.string().min(1).optional().describe('long-lived access token: only from env HA_TOKEN or token_file'),
        token_file: z.string().optional().describe('file holding the token, mode 0600 (env HA_TOKEN_FILE)'),
      })
      .strict()
      .default({}),
    data_dir: z.string().default(DEFAULT_DATA_DIR).describe('where the embedded store lives (env HOMERHYTHM_DATA_DIR)'),
    time_zone: timeZone.optional().describe("the home's zone; default: HA's get_config time_zone (env HOMERHYTHM_TIME_ZONE)"),
    // Where the home is, for sun context: HA's get_config tells a live home; an imported one has only this.
    latitude: z.number().min(-90).max(90).optional().describe("the home's latitude in degrees; default: HA's get_config latitude"),
    longitude: z.number().min(-180).max(180).optional().describe("the home's longitude in degrees; default: HA's get_config longitude"),
    elevation: z.number().optional().describe("the home's elevation in metres; default: HA's get_config elevation"),
    storage: z
      .object({
        backend: z.enum(['sqlite', 'influxdb']).default('sqlite').describe('Layers 1-3 backend (env HOMERHYTHM_STORAGE)'),
        influxdb: z
          .object({
            url: z.url().default('http://127.0.0.1:8086').describe('InfluxDB v1 API (env HOMERHYTHM_INFLUX_URL)'),
            username: z.string().optional().describe('1.x with auth enabled (env HOMERHYTHM_INFLUX_USERNAME)'),
            password: z.string().optional().describe('1.x with auth enabled (env HOMERHYTHM_INFLUX_PASSWORD; keep it out of the YAML file)'),
            token: z.string().optional().describe('InfluxDB 2.x/3.x token for the v1 compatibility API (env HOMERHYTHM_INFLUX_TOKEN)'),
            database_prefix: z.string().regex(/^[A-Za-z0-9_]*$/).default('').describe('prepended to the three database names'),
            retention_policy: z.string().min(1).default('homerhythm').describe('the retention policy in each database'),
            retention_grace_days: z.number().int().min(1).nullable().default(35).describe('days each policy keeps beyond its layer\'s retention (room to import history); null: INF'),
            manage_databases: z.boolean().default(true).describe('create databases and policies on start (1.x); false for 2.x/3.x (buckets + DBRP mappings)'),
            timeout_ms: z.number().int().min(100).default(10_000).describe('a request slower than this fails (Layer 1 writes then spool)'),
            spool_dir: z.string().optional().describe('where Layer 1 writes wait while InfluxDB is down (default <data_dir>/influx-spool)'),
            spool_max_bytes: z.number().int().min(65_536).default(256 * 1024 * 1024).describe('the spool\'s bound; beyond it writes are refused, never dropped silently'),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    retention: z
      .object({
        raw_days: z.number().int().min(1).default(7),
        daily_days: z.number().int().min(1).default(90),
        weekly_weeks: z.number().int().min(1).default(52),
        pattern_days: z.number().int().min(1).nullable().default(null).describe('null: keep patterns forever'),
      })
      .strict()
      .default({ raw_days: 7, daily_days: 90, weekly_weeks: 52, pattern_days: null }),
    bind: z.string().default('127.0.0.1').describe('address every service binds to (env HOMERHYTHM_BIND)'),
    trusted_proxies: z
      .array(z.string().refine(isAddressOrNetwork, { message: 'not an IP address or CIDR network (e.g. 127.0.0.1 or 172.30.32.0/23)' }))
      .default([])
      .describe('reverse proxies whose Forwarded / X-Forwarded-For / X-Real-IP are believed (IPs or CIDRs); from any other peer those headers make a request remote'),
    allow_unauthenticated_lan: z.boolean().default(false).describe('bound off loopback without api.token: serve reads to private-network clients anyway (warned at every start)'),
    ingest: z
      .object({
        port: port.default(8001).describe('websocket-ingestion health/metrics (env HOMERHYTHM_INGEST_PORT)'),
        include: filters.optional().describe('only these (empty: everything)'),
        exclude: filters.optional().describe('never these (wins over include)'),
        heartbeat_seconds: z.number().min(1).default(30).describe('ping HA this often'),
        pong_timeout_seconds: z.number().min(1).default(10).describe('no pong within this → reconnect'),
        batch_size: z.number().int().min(1).default(500).describe('events per Layer 1 write'),
        flush_ms: z.number().int().min(1).default(250).describe('longest an event waits before it is written'),
        history_margin_seconds: z.number().min(0).default(60).describe('gap fill starts this long before the last stored event'),
      })
      .strict()
      .prefault({}),
    api: z
      .object({
        port: port.default(8006).describe('data-api (env HOMERHYTHM_API_PORT)'),
        token: z.string().min(16).optional().describe('bearer token for admin and off-loopback requests (env HOMERHYTHM_API_TOKEN)'),
        cors_origins: z.array(z.string()).default([]).describe('origins allowed by CORS (none by default)'),
        max_body_bytes: z.number().int().min(1024).default(65536).describe('largest request body accepted, on every port'),
        max_requests_per_client: z.number().int().min(1).default(64).describe('requests one client may have open at once on each port; more get 429'),
      })
      .strict()
      .prefault({}),
    dashboard: z
      .object({
        port: port.default(3000).describe('health-dashboard (env HOMERHYTHM_DASHBOARD_PORT)'),
        bind: z.string().min(1).optional().describe('address the dashboard alone binds to; default: bind (a Home Assistant App: 0.0.0.0, the container)'),
        ingress_proxy: z
          .string()
          .refine((a) => isIP(a) !== 0, { message: 'not an IP address' })
          .optional()
          .describe("the only client the dashboard serves, a Home Assistant App's ingress proxy (172.30.32.2); any other gets 403"),
      })
      .strict()
      .default({ port: 3000 }),
    demo: z
      .object({
        days: z.number().int().min(1).max(400).default(62).describe("two months: enough for the monthly detectors to have a whole month (and a part) to compare"),
        events_per_day: z.number().int().min(100).max(1_000_000).default(3000),
        seed: z.number().int().default(42),
      })
      .strict()
      .default({ days: 62, events_per_day: 3000, seed: 42 }),
    detectors: detectorSettingsSchema().describe('thresholds of the ten detectors (see src/detectors/settings.ts for defaults)'),
    holidays: z.array(z.iso.date()).default([]).describe('local dates (YYYY-MM-DD) that count as weekend days for day types, e.g. public holidays'),
    log_level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info').describe('env HOMERHYTHM_LOG_LEVEL'),
  })
  .strict();

export type Config = Readonly<z.infer<typeof configSchema>>;

export class ConfigError extends Error {}

type Env = Readonly<Record<string, string | undefined>>;

/** Environment variables and the config path each one sets. */
const ENV_PATHS: Readonly<Record<string, { path: readonly string[]; type?: 'number' }>> = {
  HA_URL: { path: ['homeassistant', 'url'] },
  HA_TOKEN: { path: ['homeassistant', 'token'] },
  HA_TOKEN_FILE: { path: ['homeassistant', 'token_file'] },
  HOMERHYTHM_DATA_DIR: { path: ['data_dir'] },
  HOMERHYTHM_STORAGE: { path: ['storage', 'backend'] },
  HOMERHYTHM_INFLUX_URL: { path: ['storage', 'influxdb', 'url'] },
  HOMERHYTHM_INFLUX_TOKEN: { path: ['storage', 'influxdb', 'token'] },
  HOMERHYTHM_INFLUX_USERNAME: { path: ['storage', 'influxdb', 'username'] },
  HOMERHYTHM_INFLUX_PASSWORD: { path: ['storage', 'influxdb', 'password'] },
  HOMERHYTHM_API_TOKEN: { path: ['api', 'token'] },
  HOMERHYTHM_TIME_ZONE: { path: ['time_zone'] },
  HOMERHYTHM_BIND: { path: ['bind'] },
  HOMERHYTHM_INGEST_PORT: { path: ['ingest', 'port'], type: 'number' },
  HOMERHYTHM_API_PORT: { path: ['api', 'port'], type: 'number' },
  HOMERHYTHM_DASHBOARD_PORT: { path: ['dashboard', 'port'], type: 'number' },
  HOMERHYTHM_LOG_LEVEL: { path: ['log_level'] },
};

export const ENV_VARS = Object.keys(ENV_PATHS);

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : (node[key] = {});
  }
  node[path.at(-1)!] = value;
}

/** `extra` laid over `base`, mappings merged key by key (a file's `ingest.port` survives the App's `ingest.include`). */
function mergeInto(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const under = out[key];
    const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    out[key] = isMapping(value) && isMapping(under) ? mergeInto(under, value) : value;
  }
  return out;
}

/** One problem a line on a terminal; all in one line for an App, whose log tab shows lines apart. */
function formatIssues(error: z.ZodError, source: string, oneLine: boolean): string {
  const problems = error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`);
  return oneLine ? `invalid configuration (${source}): ${problems.join('; ')}` : `invalid configuration (${source}):\n${problems.map((p) => `  ${p}`).join('\n')}`;
}

export interface LoadOptions {
  /** --config FILE; when absent, homerhythm.yaml in the working directory if present. */
  readonly file?: string;
  readonly env?: Env;
  /** Command-line overrides (e.g. --data-dir), applied last. */
  readonly overrides?: { readonly dataDir?: string };
  readonly cwd?: string;
}

export function loadConfig(options: LoadOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const file = options.file ?? (existsSync(resolve(cwd, DEFAULT_CONFIG_FILE)) ? DEFAULT_CONFIG_FILE : undefined);
  let raw: Record<string, unknown> = {};
  const sources: string[] = [];
  if (file !== undefined) {
    const path = resolve(cwd, file);
    if (!existsSync(path)) throw new ConfigError(`config file not found: ${path}`);
    let parsed: unknown;
    try {
      parsed = parseYaml(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new ConfigError(`config file ${path} is not valid YAML: ${(e as Error).message}`);
    }
    if (parsed !== null && parsed !== undefined) {
      if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`config file ${path} must hold a mapping`);
      raw = parsed as Record<string, unknown>;
    }
    if (typeof (raw['homeassistant'] as Record<string, unknown> | undefined)?.['token'] === 'string') {
      throw new ConfigError(`config file ${path}: homeassistant.token must not be in a file; use HA_TOKEN or homeassistant.token_file`);
    }
    sources.push(path);
  }
  if (runningAsApp(env)) {
    // A Home Assistant App: the Supervisor's options, its token and its /data, over the file, under the env.
    const dataDir = appDataDir(env);
    try {
      raw = mergeInto(raw, appConfig(readAppOptions(dataDir), env));
    } catch (e) {
      if (e instanceof AppOptionsError) throw new ConfigError(e.message);
      throw e;
    }
    sources.push(`App options in ${dataDir}, SUPERVISOR_TOKEN`);
  }
  for (const [name, { path, type }] of Object.entries(ENV_PATHS)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    setPath(raw, path, type === 'number' ? Number(value) : value);
    sources.push(name);
  }
  if (options.overrides?.dataDir !== undefined) setPath(raw, ['data_dir'], options.overrides.dataDir);
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(formatIssues(result.error, sources.join(', ') || 'defaults', runningAsApp(env)));
  const config = result.data;
  config.data_dir = resolve(cwd, config.data_dir);
  if (config.homeassistant.token === undefined && config.homeassistant.token_file !== undefined) {
    config.homeassistant.token = readTokenFile(resolve(cwd, config.homeassistant.token_file));
  }
  return deepFreeze(config);
}

/** Reads the HA token from a file; a file group or others may read is refused, like a token in the YAML. */
export function readTokenFile(path: string): string {
  let token: string;
  try {
    token = readFileSync(path, 'utf8').trim();
    if (tokenFileIsOpen(path)) {
      const mode = (statSync(path).mode & 0o777).toString(8).padStart(3, '0');
      throw new ConfigError(`HA token file ${path} can be read by other users (mode 0${mode}): chmod 600 ${path}`);
    }
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`cannot read HA token file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (token === '') throw new ConfigError(`HA token file ${path} is empty`);
  return token;
}

/** Whether a token file can be read by group or others (it should be 0600). */
export function tokenFileIsOpen(path: string): boolean {
  return (statSync(path).mode & 0o077) !== 0;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Config keys whose values are secrets. */
const SECRET_KEYS = new Set(['token', 'password']);

/** The config as anyone may see it (a backup's copy): secret keys dropped, credentials stripped from URLs (HA_URL behind a proxy, InfluxDB). */
export function configWithoutSecrets(config: Config): unknown {
  return urlsWithoutCredentials(JSON.parse(JSON.stringify(config, (key, value: unknown) => (SECRET_KEYS.has(key) ? undefined : value))) as unknown);
}

/** The home record fields (as HA's get_config fills them live) that the config sets. */
export function homeSettingsOf(config: Config): { timeZone?: string; latitude?: number; longitude?: number; elevation?: number } {
  const { time_zone: timeZone, latitude, longitude, elevation } = config;
  return Object.fromEntries(Object.entries({ timeZone, latitude, longitude, elevation }).filter(([, v]) => v !== undefined));
}

/** The detector thresholds of a config, as the detectors take them. */
export function detectorSettingsOf(config: Config): DetectorSettings {
  return { ...detectorSettingsFrom(config.detectors as never), holidays: config.holidays };
}
