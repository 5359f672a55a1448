/**
 * The health-dashboard service (PRODUCT §9): the dashboard app on `dashboard.port` at `bind`,
 * speaking to the data-api of this configuration (`api.port`), whether that runs in this process
 * or another.
 */
import { close, listen, type Listening } from '../api/service.js';
import { edgeLimits } from '../http/index.js';
import type { Service, ServiceContext } from '../service.js';
import { createDashboardApp, type DashboardDeps } from './server.js';

export interface DashboardService extends Service {
  /** Where it listens, e.g. `http://127.0.0.1:3000`; null until started. */
  readonly url: string | null;
}

/** The data-api as this process reaches it: a wildcard bind is reached on loopback. */
export function apiUrlOf(config: ServiceContext['config']): string {
  const host = config.bind === '0.0.0.0' || config.bind === '::' ? '127.0.0.1' : config.bind.includes(':') ? `[${config.bind}]` : config.bind;
  return `http://${host}:${config.api.port}`;
}

export function createDashboardService(ctx: ServiceContext, overrides: Partial<DashboardDeps> = {}): DashboardService {
  let listening: Listening | null = null;
  return {
    name: 'dashboard',
    get url() {
      return listening?.url ?? null;
    },
    async start() {
      const app = createDashboardApp({ storage: ctx.storage, config: ctx.config, calendar: () => ctx.calendar(), apiUrl: apiUrlOf(ctx.config), log: ctx.log, ...overrides });
      const { port } = ctx.config.dashboard;
      try {
        listening = await listen(app.fetch, port, ctx.config.bind, edgeLimits(ctx.config));
      } catch (e) {
        throw new Error(`dashboard cannot listen on ${ctx.config.bind}:${port}: ${(e as Error).message}`, { cause: e });
      }
      const url = listening.url;
      ctx.health.register('dashboard', () => ({ status: 'ok', details: { url } }));
      ctx.log.info({ url }, `dashboard listening on ${url}`);
    },
    async stop() {
      if (listening === null) return;
      ctx.health.unregister('dashboard');
      const { server } = listening;
      listening = null;
      await close(server);
    },
  };
}
