/**
 * The services `homerhythm serve` runs (PRODUCT §2): each has one start/stop lifecycle and
 * reports its health; main.ts registers them in one place and stops them in reverse order.
 */
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { Storage } from './storage/types.js';
import type { Calendar } from './time/calendar.js';

export type ServiceName = 'ingest' | 'jobs' | 'api' | 'dashboard';
export const SERVICE_NAMES: readonly ServiceName[] = ['ingest', 'jobs', 'api', 'dashboard'];

export type HealthStatus = 'ok' | 'degraded' | 'down' | 'disabled';

export interface ComponentHealth {
  readonly status: HealthStatus;
  /** One sentence a person can act on when the status is not ok. */
  readonly message?: string;
  readonly details?: Record<string, unknown>;
}

/** The health of every component running in this process, by name. */
export class HealthRegistry {
  private readonly sources = new Map<string, () => ComponentHealth>();

  register(name: string, source: () => ComponentHealth): void {
    this.sources.set(name, source);
  }

  unregister(name: string): void {
    this.sources.delete(name);
  }

  snapshot(): Record<string, ComponentHealth> {
    const out: Record<string, ComponentHealth> = {};
    for (const [name, source] of this.sources) {
      try {
        out[name] = source();
      } catch (e) {
        out[name] = { status: 'down', message: `health check failed: ${(e as Error).message}` };
      }
    }
    return out;
  }
}

/** What every service is given: nothing global, everything passed in. */
export interface ServiceContext {
  readonly config: Config;
  readonly storage: Storage;
  readonly log: Logger;
  readonly health: HealthRegistry;
  /** The home's calendar; may change once HA's get_config tells the zone. */
  calendar(): Calendar;
}

export interface Service {
  readonly name: ServiceName;
  start(): Promise<void>;
  stop(): Promise<void>;
}
