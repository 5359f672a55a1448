/**
 * Wiring: config → storage → ingest → jobs → api → dashboard, started in that order and stopped
 * in reverse. `homerhythm serve` runs all of them in one process; `--only` runs one.
 */
import { createApiService } from './api/service.js';
import { createDashboardService } from './dashboard/service.js';
import { exposureCheck } from './http/index.js';
import type { Config } from './config.js';
import { DEFAULT_TIME_ZONE, homeSettingsOf } from './config.js';
import { createIngestService } from './ingest/service.js';
import { createJobsService, JobsService } from './jobs/service.js';
import type { Logger } from './log.js';
import { HealthRegistry, type Service, type ServiceContext, type ServiceName } from './service.js';
import { openStorage } from './storage/index.js';
import type { Storage } from './storage/types.js';
import { Calendar } from './time/calendar.js';

type Factory = (ctx: ServiceContext, running: ReadonlyMap<ServiceName, Service>) => Service | null;

/** Services in start order; a factory returns null when the service has nothing to do (e.g. no HA configured). */
const FACTORIES: readonly [ServiceName, Factory][] = [
  ['ingest', (ctx) => createIngestService(ctx)],
  ['jobs', (ctx) => createJobsService(ctx)],
  // "run now" from the API goes through the jobs service's queue when it runs in this process
  ['api', (ctx, running) => {
    const jobs = running.get('jobs');
    return createApiService(ctx, jobs instanceof JobsService ? { serialize: (work) => jobs.enqueue(work) } : {});
  }],
  ['dashboard', (ctx) => createDashboardService(ctx)],
];

export interface RunningHome {
  readonly storage: Storage;
  readonly health: HealthRegistry;
  readonly services: readonly Service[];
  stop(): Promise<void>;
}

export function contextFor(config: Config, storage: Storage, log: Logger, health: HealthRegistry): ServiceContext {
  let cached: Calendar | null = null;
  return {
    config,
    storage,
    log,
    health,
    calendar() {
      const zone = config.time_zone ?? storage.home.get().timeZone ?? DEFAULT_TIME_ZONE;
      if (cached?.zone !== zone) cached = new Calendar(zone);
      return cached;
    },
  };
}

export async function serve(config: Config, log: Logger, options: { only?: ServiceName; storage?: Storage } = {}): Promise<RunningHome> {
  if (options.only !== 'jobs') {
    const warning = exposureCheck(config);
    if (warning !== null) log.warn({ bind: config.bind }, warning);
  }
  const storage = options.storage ?? (await openStorage(config));
  // The config's location for sun context; a connected HA's get_config fills the record again.
  const home = homeSettingsOf(config);
  if (Object.keys(home).length > 0) storage.home.set(home);
  const health = new HealthRegistry();
  health.register('storage', () => storage.health?.() ?? { status: 'ok', details: { backend: storage.backend } });
  const ctx = contextFor(config, storage, log, health);
  const started: Service[] = [];
  const running = new Map<ServiceName, Service>();
  const stop = async () => {
    for (const service of [...started].reverse()) {
      try {
        await service.stop();
      } catch (e) {
        log.error({ service: service.name, err: e }, 'stopping failed');
      }
    }
    started.length = 0;
    if (options.storage === undefined) await storage.close();
  };
  try {
    for (const [name, create] of FACTORIES) {
      if (options.only !== undefined && options.only !== name) continue;
      const service = create(ctx, running);
      if (service === null) continue;
      await service.start();
      started.push(service);
      running.set(name, service);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { storage, health, services: started, stop };
}
