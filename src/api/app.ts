/**
 * The data-api as a Hono app, built from injected dependencies: metrics (outermost, so refused
 * requests count), CORS only for configured origins, the body limit, access control, then one
 * router per resource. Every error leaves through one handler as `{error, message}`; unknown
 * paths are a JSON 404. `GET /openapi.json` is generated from the same schemas that validate.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { access } from './auth.js';
import { resolveDeps, router, type ApiDeps, type ApiEnv } from './context.js';
import { errorHandler, notFound } from './errors.js';
import { createMetrics } from './metrics.js';
import { aggregateRoutes } from './routes/aggregates.js';
import { anomalyRoutes } from './routes/anomalies.js';
import { compatRoutes } from './routes/compat.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { jobRoutes } from './routes/jobs.js';
import { patternRoutes } from './routes/patterns.js';
import { storageRoutes } from './routes/storage.js';
import { fixRoutes } from './routes/fixes.js';
import { suggestionRoutes } from './routes/suggestions.js';

export const OPENAPI_PATH = '/openapi.json';

const hasNoBody = (method: string, length: string | undefined, encoding: string | undefined) =>
  (method === 'GET' || method === 'HEAD') && (length === undefined || length === '0') && encoding === undefined;

export function createApp(deps: ApiDeps): OpenAPIHono<ApiEnv> {
  const resolved = resolveDeps(deps);
  const { api } = deps.config;
  const app = router();
  const metrics = createMetrics(deps.storage);

  app.use('*', metrics.middleware);
  if (api.cors_origins.length > 0) {
    const allowed = new Set(api.cors_origins);
    app.use(
      '*',
      cors({
        origin: (origin) => (allowed.has(origin) || allowed.has('*') ? origin : null),
        allowMethods: ['GET', 'POST', 'DELETE'],
        allowHeaders: ['Authorization', 'Content-Type'],
        maxAge: 600,
      }),
    );
  }
  const limitBody = bodyLimit({
    maxSize: api.max_body_bytes,
    onError: (c) => c.json({ error: 'payload_too_large', message: `request body over ${api.max_body_bytes} bytes (api.max_body_bytes)` }, 413),
  });
  // On a socket the edge (src/http/edge.ts) has refused an oversized body before this runs; this
  // keeps the same limit for in-process callers. A GET without a body skips it: looking for one
  // would build the full Request object.
  app.use('*', (c, next) => (hasNoBody(c.req.method, c.req.header('content-length'), c.req.header('transfer-encoding')) ? next() : limitBody(c, next)));
  app.use('*', access(deps.config, resolved.remoteAddress));

  app.route('/', healthRoutes(resolved, metrics));
  app.route('/', eventRoutes(resolved));
  app.route('/', aggregateRoutes(resolved));
  app.route('/', patternRoutes(resolved));
  app.route('/', anomalyRoutes(resolved));
  app.route('/', fixRoutes(resolved));
  app.route('/', suggestionRoutes(resolved));
  app.route('/', jobRoutes(resolved));
  app.route('/', storageRoutes(resolved));
  app.route('/', compatRoutes(resolved));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'api.token (HOMERHYTHM_API_TOKEN)' });
  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: {
      title: 'homerhythm data-api',
      version: 'v1',
      description:
        'The four storage layers of homerhythm over HTTP. Loopback clients read without a token; other addresses, and every admin endpoint, ' +
        'need Authorization: Bearer <api.token>. Errors are {error, message}.',
    },
  });
  app.notFound(notFound);
  app.onError(errorHandler(deps.log));
  return app;
}
