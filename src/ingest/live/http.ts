/**
 * The websocket-ingestion service's HTTP side: `/health` (JSON) and `/metrics` (Prometheus text),
 * behind the same access policy and limits as the data-api (src/http/).
 */
import { Hono } from 'hono';
import { type AccessPolicy, type EdgeLimits, edgeServer, guard, type GuardEnv, type PeerSource } from '../../http/index.js';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { ComponentHealth } from '../../service.js';

export interface HealthView {
  /** This service's health. */
  ingest(): ComponentHealth;
  /** Every component in the process, by name. */
  all(): Record<string, ComponentHealth>;
}

export interface IngestAccess {
  readonly policy: AccessPolicy;
  /** Default: the socket's peer. Tests inject one to act as another client. */
  readonly peer?: PeerSource;
}

export function ingestApp(health: HealthView, metrics: Registry, access: IngestAccess): Hono<GuardEnv> {
  const app = new Hono<GuardEnv>();
  app.use('*', guard<GuardEnv>(access.policy, access.peer));
  app.get('/health', (c) => {
    const own = health.ingest();
    const body = { status: own.status, ...(own.message === undefined ? {} : { message: own.message }), ...own.details, components: health.all() };
    return c.json(body, own.status === 'down' ? 503 : 200);
  });
  app.get('/metrics', async (c) => c.body(await metrics.metrics(), 200, { 'Content-Type': metrics.contentType }));
  app.notFound((c) => c.json({ error: 'not_found', message: `no such endpoint: ${c.req.method} ${c.req.path} (try /health or /metrics)` }, 404));
  app.onError((error, c) => c.json({ error: 'internal_error', message: error.message }, 500));
  return app;
}

export interface Listening {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on host:port (0: any free port) behind the edge's limits; a busy port is one clear error. */
export function listen(app: Hono<GuardEnv>, host: string, port: number, limits: EdgeLimits): Promise<Listening> {
  const server = edgeServer(app.fetch, limits);
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'is in use (set ingest.port or HOMERHYTHM_INGEST_PORT)' : `cannot be used: ${error.message}`;
      reject(new Error(`ingest port ${host}:${port} ${why}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const close = () =>
        new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        });
      resolve({ server, port: (server.address() as AddressInfo).port, close });
    });
  });
}
