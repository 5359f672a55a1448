/** `GET /health` (is the store readable, and what the other components report) and `GET /metrics`. */
import { createRoute, z } from '@hono/zod-openapi';
import type { ComponentHealth, HealthStatus } from '../../service.js';
import { router, type Resolved } from '../context.js';
import type { ApiMetrics } from '../metrics.js';
import { iso } from '../time.js';

const componentSchema = z.object({
  status: z.enum(['ok', 'degraded', 'down', 'disabled']),
  message: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'down']).openapi({ description: 'down when any component is down (HTTP 503), degraded when any is degraded' }),
    time: z.string(),
    components: z.record(z.string(), componentSchema),
  })
  .openapi('Health');

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['health'],
  summary: 'Health of the store and of the services in this process',
  responses: {
    200: { description: 'everything up (or degraded)', content: { 'application/json': { schema: healthSchema } } },
    503: { description: 'something is down', content: { 'application/json': { schema: healthSchema } } },
  },
});

const metricsRoute = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['health'],
  summary: 'Prometheus metrics: requests by route and status, durations, records and bytes per layer',
  responses: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: z.string() } } } },
});

/** A real read, not a flag: the store answers or it is down. */
async function probeStorage(deps: Resolved): Promise<ComponentHealth> {
  try {
    const newest = await deps.storage.events.newestTime();
    deps.storage.patterns.count();
    return { status: 'ok', details: { backend: deps.storage.backend, newest_event: newest === null ? null : iso(newest) } };
  } catch (e) {
    return { status: 'down', message: `the store cannot be read: ${(e as Error).message}`, details: { backend: deps.storage.backend } };
  }
}

export function overallStatus(components: Readonly<Record<string, ComponentHealth>>): Exclude<HealthStatus, 'disabled'> {
  const statuses = Object.values(components).map((c) => c.status);
  return statuses.includes('down') ? 'down' : statuses.includes('degraded') ? 'degraded' : 'ok';
}

export function healthRoutes(deps: Resolved, metrics: ApiMetrics) {
  const app = router();
  app.openapi(healthRoute, async (c) => {
    const components: Record<string, ComponentHealth> = { ...deps.health(), storage: await probeStorage(deps) };
    const status = overallStatus(components);
    const body = { status, time: iso(deps.clock()), components };
    return status === 'down' ? c.json(body, 503) : c.json(body, 200);
  });
  app.openapi(metricsRoute, async (c) => {
    const text = await metrics.registry.metrics();
    return c.text(text, 200, { 'Content-Type': metrics.registry.contentType });
  });
  return app;
}
