/**
 * Compatibility with the service the seed replaces: `GET /api/patterns/list` and
 * `GET /api/patterns/stats`, in its envelope (`{success, data, message}`) and with the field
 * names of the `patterns` table, so its clients keep working.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { PatternRow } from '../../storage/types.js';
import { router, type Resolved } from '../context.js';
import { errorResponses } from '../errors.js';
import { confidenceParam, limitParam, patternTypeParam, textParam } from '../params.js';

const seedRowSchema = z
  .object({
    id: z.number().int(),
    pattern_type: z.string(),
    device_id: z.string(),
    pattern_metadata: z.record(z.string(), z.unknown()),
    confidence: z.number(),
    occurrences: z.number().int(),
    created_at: z.string(),
  })
  .openapi('SeedPattern');

const listRoute = createRoute({
  method: 'get',
  path: '/api/patterns/list',
  tags: ['compatibility'],
  summary: 'Patterns as the replaced service listed them (the seed’s patterns table columns)',
  request: {
    query: z.object({
      pattern_type: patternTypeParam('only this type'),
      device_id: textParam('only this device id', 'light.living_room'),
      min_confidence: confidenceParam,
      limit: limitParam(100, 1000),
    }),
  },
  responses: {
    200: {
      description: 'patterns, strongest first',
      content: { 'application/json': { schema: z.object({ success: z.literal(true), data: z.object({ patterns: z.array(seedRowSchema), count: z.number().int() }), message: z.string() }) } },
    },
    ...errorResponses(400, 401, 403),
  },
});

const statsSchema = z.object({
  total_patterns: z.number().int(),
  by_type: z.record(z.string(), z.number().int()),
  unique_devices: z.number().int(),
  avg_confidence: z.number(),
  avg_confidence_by_type: z.record(z.string(), z.number()),
  total_occurrences: z.number().int(),
});

const statsRoute = createRoute({
  method: 'get',
  path: '/api/patterns/stats',
  tags: ['compatibility'],
  summary: 'Pattern totals by type, distinct devices, average confidence',
  responses: {
    200: { description: 'statistics', content: { 'application/json': { schema: z.object({ success: z.literal(true), data: statsSchema, message: z.string() }) } } },
    ...errorResponses(401, 403),
  },
});

/** Exactly the seed's seven columns. */
export const seedRow = (p: PatternRow) => ({
  id: p.id,
  pattern_type: p.pattern_type,
  device_id: p.device_id,
  pattern_metadata: p.pattern_metadata,
  confidence: p.confidence,
  occurrences: p.occurrences,
  created_at: p.created_at,
});

export function patternStats(rows: readonly PatternRow[]): z.infer<typeof statsSchema> {
  const byType: Record<string, number> = {};
  const confidenceByType: Record<string, number> = {};
  const devices = new Set<string>();
  let confidence = 0;
  let occurrences = 0;
  for (const p of rows) {
    byType[p.pattern_type] = (byType[p.pattern_type] ?? 0) + 1;
    confidenceByType[p.pattern_type] = (confidenceByType[p.pattern_type] ?? 0) + p.confidence;
    // The replaced service wrote pairs as "a+b": each counts as a device.
    for (const d of p.device_id.split('+')) if (d !== '') devices.add(d);
    confidence += p.confidence;
    occurrences += p.occurrences;
  }
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    total_patterns: rows.length,
    by_type: byType,
    unique_devices: devices.size,
    avg_confidence: rows.length === 0 ? 0 : round(confidence / rows.length),
    avg_confidence_by_type: Object.fromEntries(Object.entries(confidenceByType).map(([t, sum]) => [t, round(sum / byType[t]!)])),
    total_occurrences: occurrences,
  };
}

export function compatRoutes(deps: Resolved) {
  const app = router();
  app.openapi(listRoute, (c) => {
    const q = c.req.valid('query');
    const rows = deps.storage.patterns.list({ patternType: q.pattern_type, deviceId: q.device_id, minConfidence: q.min_confidence, limit: q.limit }).map(seedRow);
    return c.json({ success: true as const, data: { patterns: rows, count: rows.length }, message: `Retrieved ${rows.length} patterns` }, 200);
  });
  app.openapi(statsRoute, (c) =>
    c.json({ success: true as const, data: patternStats(deps.storage.patterns.list()), message: 'Pattern statistics retrieved successfully' }, 200),
  );
  return app;
}
