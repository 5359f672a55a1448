/**
 * Wiring: config → storage → ingest → jobs → api → dashboard, started in that order and stopped
 * in reverse. `homerhythm serve` runs all of them in one process; `--only` runs one.
 */
import { createApiService } from './api/service.js';
import type { Config } from './config.js';
import { DEFAULT_TIME_ZONE } from './config.js';
import { createIngestService } from './ingest/service.js';
import { createJobsService } from './jobs/service.js';
import type { Logger } from './log.js';
import { HealthRegistry, type Service, type ServiceContext, type ServiceName } from './service.js';
import { openStorage } from './storage/index.js';
import type { Storage } from './storage/types.js';
import { Calendar } from './time/calendar.js';

/** Services in start order; a factory returns null when the service has nothing to do (e.g. no HA configured). */
const FACTORIES: readonly [ServiceName, (ctx: ServiceContext) => Service | null][] = [
  ['ingest', createIngestService],
  ['jobs', createJobsService],
  ['api', createApiService],
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
  const storage = options.storage ?? (await openStorage(config));
  const health = new HealthRegistry();
  health.register('storage', () => ({ status: 'ok', details: { backend: storage.backend } }));
  const ctx = contextFor(config, storage, log, health);
  const started: Service[] = [];
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
      const service = create(ctx);
      if (service === null) continue;
      await service.start();
      started.push(service);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { storage, health, services: started, stop };
}
