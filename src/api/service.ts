/**
 * The data-api service (PRODUCT §8): the app served by @hono/node-server on `api.port` at
 * `bind` (127.0.0.1 unless configured), with a start/stop lifecycle and its health registered.
 */
import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { type EdgeLimits, edgeLimits, edgeServer } from '../http/index.js';
import type { Service, ServiceContext } from '../service.js';
import { createApp } from './app.js';
import type { ApiDeps } from './context.js';

export interface ApiService extends Service {
  /** Where it listens, e.g. `http://127.0.0.1:8006`; null until started. */
  readonly url: string | null;
}

export interface Listening {
  readonly server: ServerType;
  readonly url: string;
}

/** Serves an app behind the edge's limits; resolves once listening (port 0 picks a free one), rejects when the port is taken. */
export function listen(fetch: (request: Request, env: never) => Response | Promise<Response>, port: number, hostname: string, limits: EdgeLimits): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = edgeServer(fetch, limits);
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      const info = server.address() as AddressInfo;
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({ server, url: `http://${host}:${info.port}` });
    });
  });
}

export function close(server: ServerType): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // Keep-alive connections would hold close() open until they time out.
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

export function createApiService(ctx: ServiceContext, overrides: Partial<ApiDeps> = {}): ApiService {
  let listening: Listening | null = null;
  return {
    name: 'api',
    get url() {
      return listening?.url ?? null;
    },
    async start() {
      const app = createApp({
        storage: ctx.storage,
        config: ctx.config,
        calendar: () => ctx.calendar(),
        health: () => ctx.health.snapshot(),
        log: ctx.log,
        ...overrides,
      });
      const { port } = ctx.config.api;
      try {
        listening = await listen(app.fetch, port, ctx.config.bind, edgeLimits(ctx.config));
      } catch (e) {
        throw new Error(`data-api cannot listen on ${ctx.config.bind}:${port}: ${(e as Error).message}`, { cause: e });
      }
      const url = listening.url;
      ctx.health.register('api', () => ({ status: 'ok', details: { url } }));
      ctx.log.info({ url, token: ctx.config.api.token !== undefined }, `data-api listening on ${url}`);
    },
    async stop() {
      if (listening === null) return;
      ctx.health.unregister('api');
      const { server } = listening;
      listening = null;
      await close(server);
    },
  };
}
