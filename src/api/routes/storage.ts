/** `GET /api/v1/storage`: per layer, what it holds, its bytes on disk, its time span and retention. */
import { createRoute, z } from '@hono/zod-openapi';
import type { LayerStats } from '../../storage/types.js';
import { router, type Resolved } from '../context.js';
import { errorResponses } from '../errors.js';
import { isoOrNull } from '../time.js';

const layerSchema = z
  .object({
    layer: z.number().int().openapi({ example: 2 }),
    name: z.string().openapi({ example: 'pattern_aggregates_daily' }),
    records: z.number().int(),
    bytes: z.number().int().openapi({ description: 'on disk, indexes included, as exact as the backend can tell' }),
    oldest: z.string().nullable(),
    newest: z.string().nullable(),
    retention_days: z.number().int().nullable().openapi({ description: 'null: kept forever' }),
  })
  .openapi('Layer');

const storageRoute = createRoute({
  method: 'get',
  path: '/api/v1/storage',
  tags: ['storage'],
  summary: 'The four storage layers: records, bytes, oldest, newest, retention',
  responses: {
    200: { description: 'one entry per layer', content: { 'application/json': { schema: z.object({ backend: z.string(), layers: z.array(layerSchema) }).openapi('Storage') } } },
    ...errorResponses(401, 403),
  },
});

export const wireLayer = (s: LayerStats) => ({
  layer: s.layer,
  name: s.name,
  records: s.records,
  bytes: s.bytes,
  oldest: isoOrNull(s.oldest),
  newest: isoOrNull(s.newest),
  retention_days: s.retentionDays,
});

export function storageRoutes(deps: Resolved) {
  const app = router();
  app.openapi(storageRoute, async (c) => c.json({ backend: deps.storage.backend, layers: (await deps.storage.stats()).map(wireLayer) }, 200));
  return app;
}
