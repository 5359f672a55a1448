/**
 * Layer 4: `GET /api/v1/patterns` (filters, paging, total), `GET /api/v1/patterns/{id}`, and
 * `DELETE /api/v1/patterns?older_than_days=` (admin): patterns not seen for that many days.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { describeSafely } from '../../detectors/describe.js';
import type { EntityLookup } from '../../detectors/device-words.js';
import { entityWords } from '../../jobs/entity-words.js';
import type { PatternRow } from '../../storage/types.js';
import { requireAdmin } from '../auth.js';
import { router, type Resolved } from '../context.js';
import { ApiError, errorResponses } from '../errors.js';
import { confidenceParam, limitParam, offsetParam, patternTypeParam, textParam } from '../params.js';
import { iso } from '../time.js';

export const PATTERNS_DEFAULT_LIMIT = 100;
export const PATTERNS_MAX_LIMIT = 1000;
const DAY_MS = 86_400_000;

const patternSchema = z
  .object({
    id: z.number().int(),
    pattern_type: z.string().openapi({ example: 'time_based' }),
    device_id: z.string().openapi({ example: 'light.living_room' }),
    pattern_metadata: z.record(z.string(), z.unknown()).openapi({ description: 'the evidence: what a person needs to believe the pattern' }),
    confidence: z.number(),
    occurrences: z.number().int(),
    created_at: z.string(),
    pattern_key: z.string(),
    area_id: z.string().nullable(),
    updated_at: z.string(),
    last_seen: z.string(),
    description: z.string().openapi({
      description:
        'one sentence in the home’s language: the friendly names and, per domain and device class, Home Assistant’s words (a door opens, a motion sensor detects motion), as the daily job last knew them; the entity id and its domain’s words for an entity it does not know',
      example: 'Living room light turns on around 18:30 every day, give or take 12 min (on 27 of 30 days)',
    }),
  })
  .openapi('Pattern');

const filters = {
  pattern_type: patternTypeParam('only this type'),
  device_id: textParam('only this device id (an entity id, or an area for room_based)', 'light.living_room'),
  area_id: textParam('only patterns in this area', 'living_room'),
  min_confidence: confidenceParam,
};

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/patterns',
  tags: ['layer 4'],
  summary: 'Patterns found, strongest first',
  request: { query: z.strictObject({ ...filters, limit: limitParam(PATTERNS_DEFAULT_LIMIT, PATTERNS_MAX_LIMIT), offset: offsetParam }) },
  responses: {
    200: {
      description: 'a page of patterns and how many match in all',
      content: { 'application/json': { schema: z.object({ total: z.number().int(), offset: z.number().int(), limit: z.number().int(), patterns: z.array(patternSchema) }).openapi('Patterns') } },
    },
    ...errorResponses(400, 401, 403),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/api/v1/patterns/{id}',
  tags: ['layer 4'],
  summary: 'One pattern with its evidence',
  request: { params: z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).openapi({ param: { name: 'id', in: 'path' }, example: 42 }) }) },
  responses: { 200: { description: 'the pattern', content: { 'application/json': { schema: patternSchema } } }, ...errorResponses(400, 401, 403, 404) },
});

const deleteRoute = (token: string | undefined) =>
  createRoute({
    method: 'delete',
    path: '/api/v1/patterns',
    tags: ['layer 4', 'admin'],
    summary: 'Delete patterns not seen for N days (admin)',
    security: [{ bearer: [] }],
    middleware: [requireAdmin(token)] as const,
    request: {
      query: z.strictObject({
        older_than_days: z.coerce.number().int().min(1).max(36_500).openapi({ description: 'delete patterns whose evidence was last seen more than this many days ago', example: 90 }),
        pattern_type: filters.pattern_type,
      }),
    },
    responses: {
      200: { description: 'how many were deleted', content: { 'application/json': { schema: z.object({ deleted: z.number().int(), before: z.string() }) } } },
      ...errorResponses(400, 401, 403),
    },
  });

const wire = (row: PatternRow, known: EntityLookup) => ({ ...row, description: describeSafely(row, known) });

export function patternRoutes(deps: Resolved) {
  const app = router();
  const patterns = () => deps.storage.patterns;
  app.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const query = { patternType: q.pattern_type, deviceId: q.device_id, areaId: q.area_id, minConfidence: q.min_confidence };
    const rows = patterns().list({ ...query, limit: q.limit, offset: q.offset });
    const known = await entityWords(deps.storage);
    return c.json({ total: patterns().count(query), offset: q.offset, limit: q.limit, patterns: rows.map((row) => wire(row, known)) }, 200);
  });
  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const row = patterns().get(id);
    if (row === undefined) throw new ApiError(404, `no pattern with id ${id}`);
    return c.json(wire(row, await entityWords(deps.storage)), 200);
  });
  app.openapi(deleteRoute(deps.config.api.token), (c) => {
    const q = c.req.valid('query');
    const before = deps.clock() - q.older_than_days * DAY_MS;
    const deleted = patterns().deleteNotSeenSince(before, q.pattern_type === undefined ? undefined : [q.pattern_type]);
    deps.log?.info({ deleted, before: iso(before), patternType: q.pattern_type }, 'patterns deleted through the data-api');
    return c.json({ deleted, before: iso(before) }, 200);
  });
  return app;
}
