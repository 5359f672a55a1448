/** Layer 1: `GET /api/v1/events` — raw state changes in a time range, oldest first, with a cursor. */
import { createRoute, z } from '@hono/zod-openapi';
import type { StateEvent } from '../../events/model.js';
import { router, type Resolved } from '../context.js';
import { errorResponses } from '../errors.js';
import { entityIdsParam, limitParam } from '../params.js';
import { iso, resolveRange, timeParam } from '../time.js';

export const EVENTS_DEFAULT_LIMIT = 100;
export const EVENTS_MAX_LIMIT = 10_000;
/** Without a start, the day before the end. */
const DEFAULT_SPAN_MS = 86_400_000;

const eventSchema = z
  .object({
    time: z.string().openapi({ example: '2026-11-24T06:58:12.345Z' }),
    entity_id: z.string(),
    domain: z.string(),
    state: z.string().nullable(),
    old_state: z.string().nullable(),
    attributes: z.record(z.string(), z.unknown()),
    device_id: z.string().nullable(),
    area_id: z.string().nullable(),
    cause: z.enum(['person', 'automation', 'system']),
  })
  .openapi('Event');

const eventsSchema = z
  .object({
    start: z.string(),
    end: z.string(),
    count: z.number().int(),
    truncated: z.boolean().openapi({ description: 'more events in the range than the limit' }),
    next_start: z.string().nullable().openapi({ description: 'when truncated: ask again with start=next_start for the next page (no event lost or repeated)' }),
    events: z.array(eventSchema),
  })
  .openapi('Events');

const eventsRoute = createRoute({
  method: 'get',
  path: '/api/v1/events',
  tags: ['layer 1'],
  summary: 'Raw state_changed events (Layer 1), oldest first',
  request: {
    query: z.strictObject({
      entity_id: entityIdsParam,
      start: timeParam('inclusive start (default: 24 h before the end)'),
      end: timeParam('exclusive end (default now)'),
      limit: limitParam(EVENTS_DEFAULT_LIMIT, EVENTS_MAX_LIMIT),
    }),
  },
  responses: { 200: { description: 'events', content: { 'application/json': { schema: eventsSchema } } }, ...errorResponses(400, 401, 403) },
});

const wire = (e: StateEvent) => ({
  time: iso(e.time),
  entity_id: e.entityId,
  domain: e.domain,
  state: e.state,
  old_state: e.oldState,
  attributes: { ...e.attributes },
  device_id: e.deviceId,
  area_id: e.areaId,
  cause: e.cause,
});

/**
 * A page ends on a whole millisecond: events of the millisecond the limit cut through are left
 * for the next page, so `start=next_start` continues exactly (unless one millisecond alone holds
 * more than the limit: then that page ends inside it and next_start skips past it).
 */
export function pageOf(events: readonly StateEvent[], limit: number): { page: readonly StateEvent[]; nextStart: number | null } {
  if (events.length <= limit) return { page: events, nextStart: null };
  const cutTime = events[limit]!.time;
  let end = limit;
  while (end > 0 && events[end - 1]!.time === cutTime) end--;
  if (end === 0) return { page: events.slice(0, limit), nextStart: cutTime + 1 };
  return { page: events.slice(0, end), nextStart: cutTime };
}

export function eventRoutes(deps: Resolved) {
  const app = router();
  app.openapi(eventsRoute, async (c) => {
    const q = c.req.valid('query');
    const range = resolveRange(q, { now: deps.clock(), zone: deps.calendar().zone, defaultSpanMs: DEFAULT_SPAN_MS });
    const start = range.start!;
    const events: StateEvent[] = [];
    const entityIds = q.entity_id === undefined ? undefined : [...new Set(q.entity_id.split(','))];
    if (start < range.end) {
      for await (const chunk of deps.storage.events.read({ start, end: range.end, entityIds, limit: q.limit + 1 })) events.push(...chunk);
    }
    const { page, nextStart } = pageOf(events, q.limit);
    return c.json(
      {
        start: iso(start),
        end: iso(range.end),
        count: page.length,
        truncated: nextStart !== null,
        next_start: nextStart === null ? null : iso(nextStart),
        events: page.map(wire),
      },
      200,
    );
  });
  return app;
}
