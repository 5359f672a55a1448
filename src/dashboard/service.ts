/**
 * The health-dashboard service (PRODUCT §9): the dashboard app on `dashboard.port` at
 * `dashboard.bind` (default `bind`), speaking to the data-api of this configuration (`api.port`),
 * whether that runs in this process or another. As a Home Assistant App it is the ingress port:
 * bound to the container, it serves only the ingress proxy (`dashboard.ingress_proxy`).
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
      const { port, ingress_proxy: ingressProxy } = ctx.config.dashboard;
      const bind = ctx.config.dashboard.bind ?? ctx.config.bind;
      const limits = edgeLimits(ctx.config);
      const onlyPeer = ingressProxy === undefined ? {} : { onlyPeer: { address: ingressProxy, refused: (peer: string) => ctx.log.warn({ peer }, `refused a request from ${peer}: the dashboard serves only Home Assistant's ingress proxy (${ingressProxy})`) } };
      try {
        listening = await listen(app.fetch, port, bind, { ...limits, ...onlyPeer });
      } catch (e) {
        throw new Error(`dashboard cannot listen on ${bind}:${port}: ${(e as Error).message}`, { cause: e });
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
