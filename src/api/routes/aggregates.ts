/**
 * Layers 2/3: `GET /api/v1/aggregates/{daily|weekly|monthly}` and `GET /api/v1/aggregates/union`
 * (several kinds, each with its own measurements and range, in one response: the seed's
 * cross-layer query). With `every` (and `fn`) the numeric fields are reduced per window like
 * InfluxDB's aggregateWindow; without, the stored records are returned, paged.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, TypedResponse } from 'hono';
import type { AggregateRecord } from '../../storage/types.js';
import {
  AGGREGATES_DEFAULT_LIMIT,
  AGGREGATES_MAX_LIMIT,
  compareRecords,
  everyParam,
  fnParam,
  MAX_WINDOW_INPUT,
  partOf,
  readPart,
  recordSchema,
  seriesSchema,
  tagsOf,
  tooManyToWindow,
  windowing,
  wireRecord,
  wireSeries,
  type Part,
  type Windowing,
} from '../aggregate-read.js';
import { router, type Resolved } from '../context.js';
import { badRequest, errorResponses } from '../errors.js';
import { AGGREGATE_KINDS, checkMeasurements, KIND, measurementsOf, type AggregateKind } from '../measurements.js';
import { entityIdParam, limitParam, offsetParam, textParam } from '../params.js';
import { iso, isoOrNull, resolveRange, timeParam } from '../time.js';
import { aggregateWindow } from '../window.js';

const partSchema = z.object({
  kind: z.enum(AGGREGATE_KINDS),
  bucket: z.string(),
  measurements: z.array(z.string()).nullable().openapi({ description: 'null: every measurement of the kind' }),
  start: z.string().nullable().openapi({ description: 'start of the first period covered (the range widened to whole periods); null: from the oldest record kept' }),
  end: z.string().openapi({ description: 'end of the last period covered (exclusive)' }),
});

const resultSchema = z
  .object({
    parts: z.array(partSchema),
    every: z.string().nullable(),
    fn: z.string().nullable(),
    offset: z.number().int(),
    limit: z.number().int(),
    count: z.number().int().openapi({ description: 'records, or windows, in this response (offset and limit count them too)' }),
    truncated: z.boolean().openapi({ description: 'more after these: ask again with offset + limit' }),
    total: z.number().int().nullable().openapi({ description: 'windowed: all windows of the query; raw: null (unknown without reading them all)' }),
    records: z.array(recordSchema).optional().openapi({ description: 'without every: the stored records, by time' }),
    series: z.array(seriesSchema).optional().openapi({ description: 'with every: each series with its windows, series after series' }),
  })
  .openapi('Aggregates');

const shared = {
  entity_id: entityIdParam('only this entity (tag entity_id)'),
  area_id: textParam('only this area (tag area_id)', 'living_room'),
  every: everyParam,
  fn: fnParam,
  limit: limitParam(AGGREGATES_DEFAULT_LIMIT, AGGREGATES_MAX_LIMIT),
  offset: offsetParam,
};

function kindRoute(kind: AggregateKind) {
  const names = measurementsOf(kind).join(', ');
  return createRoute({
    method: 'get',
    path: `/api/v1/aggregates/${kind}`,
    tags: [kind === 'daily' ? 'layer 2' : 'layer 3'],
    summary: `${kind[0]!.toUpperCase()}${kind.slice(1)} aggregates (bucket ${KIND[kind].bucket}, periods like ${KIND[kind].example})`,
    request: {
      query: z.strictObject({
        measurement: z.string().optional().openapi({ description: `one or several, comma-separated: ${names}`, example: measurementsOf(kind)[0] }),
        start: timeParam('start; periods overlapping the range are returned (default: the oldest kept)'),
        end: timeParam('exclusive end (default now)'),
        ...shared,
      }),
    },
    responses: { 200: { description: 'records or windows', content: { 'application/json': { schema: resultSchema } } }, ...errorResponses(400, 401, 403) },
  });
}

const partParams = Object.fromEntries(
  AGGREGATE_KINDS.flatMap((kind) => [
    [kind, z.string().optional().openapi({ description: `${kind} measurements (comma-separated) to include`, example: `day_type_${kind}` })],
    [`${kind}_start`, timeParam(`start of the ${kind} part`)],
    [`${kind}_end`, timeParam(`end of the ${kind} part (default now)`)],
  ]),
) as Record<AggregateKind | `${AggregateKind}_start` | `${AggregateKind}_end`, ReturnType<typeof timeParam>>;

const unionRoute = createRoute({
  method: 'get',
  path: '/api/v1/aggregates/union',
  tags: ['layer 2', 'layer 3'],
  summary: 'Several kinds of aggregates, each with its own measurements and range, in one response (Flux union)',
  description:
    'Name each part by its kind: `daily=day_type_daily&daily_start=-7d&weekly=day_type_weekly&weekly_start=-4w`. ' +
    'Filters, windowing and paging apply to all parts; windows are cut per series, so daily and weekly series stay apart.',
  request: { query: z.strictObject({ ...partParams, ...shared }) },
  responses: { 200: { description: 'records or windows of all parts', content: { 'application/json': { schema: resultSchema } } }, ...errorResponses(400, 401, 403) },
});

interface Query {
  readonly limit: number;
  readonly offset: number;
}

/** Reads the parts and shapes the response: raw records paged, or windows. */
async function compute(deps: Resolved, parts: readonly Part[], win: Windowing | null, q: Query) {
  const described = parts.map((p) => ({
    kind: p.kind,
    bucket: KIND[p.kind].bucket,
    measurements: p.measurements === undefined ? null : [...p.measurements],
    start: isoOrNull(p.start),
    end: iso(p.end),
  }));
  const head = { parts: described, every: win?.everyText ?? null, fn: win?.fn ?? null, offset: q.offset, limit: q.limit };
  if (win === null) {
    const wanted = q.offset + q.limit + 1;
    let records: AggregateRecord[] = [];
    for (const part of parts) records = records.concat(await readPart(deps, part, wanted));
    if (parts.length > 1) records.sort(compareRecords);
    const page = records.slice(q.offset, q.offset + q.limit);
    return { ...head, count: page.length, truncated: records.length > q.offset + q.limit, total: null, records: page.map(wireRecord) };
  }
  let records: AggregateRecord[] = [];
  for (const part of parts) {
    records = records.concat(await readPart(deps, part, MAX_WINDOW_INPUT + 1));
    if (records.length > MAX_WINDOW_INPUT) throw tooManyToWindow();
  }
  const rows = aggregateWindow(records, win.every, win.fn, deps.calendar());
  const page = rows.slice(q.offset, q.offset + q.limit);
  return { ...head, count: page.length, truncated: rows.length > q.offset + q.limit, total: rows.length, series: wireSeries(page) };
}

type Answer = Awaited<ReturnType<typeof compute>>;

/**
 * The answer for a query as UTF-8 JSON, reused for a moment when the same one (same periods) is
 * asked again: kept encoded, so a reused answer costs neither serializing nor encoding.
 */
function answer(deps: Resolved, parts: readonly Part[], win: Windowing | null, q: Query): Promise<Uint8Array> {
  const key = JSON.stringify([deps.calendar().zone, parts, win?.everyText ?? null, win?.fn ?? null, q.offset, q.limit]);
  return deps.answers.get(key, async () => Buffer.from(JSON.stringify(await compute(deps, parts, win, q)))) as Promise<Uint8Array>;
}

/** Sends encoded JSON as c.json would send the value it came from. */
function sendJson(c: Context, json: Uint8Array): TypedResponse<Answer, 200, 'json'> {
  return c.body(json as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/json' }) as unknown as TypedResponse<Answer, 200, 'json'>;
}

export function aggregateRoutes(deps: Resolved) {
  const app = router();
  app.openapi(unionRoute, async (c) => {
    const q = c.req.valid('query');
    const now = deps.clock();
    const calendar = deps.calendar();
    const zone = calendar.zone;
    const parts: Part[] = [];
    for (const kind of AGGREGATE_KINDS) {
      const names = q[kind];
      if (names === undefined) {
        if (q[`${kind}_start`] !== undefined || q[`${kind}_end`] !== undefined) throw badRequest(`${kind}_start/${kind}_end given without ${kind}=<measurements>`);
        continue;
      }
      const range = resolveRange({ start: q[`${kind}_start`], end: q[`${kind}_end`] }, { now, zone, names: { start: `${kind}_start`, end: `${kind}_end` } });
      parts.push(partOf(kind, checkMeasurements(kind, names, kind), range, tagsOf(q), calendar));
    }
    if (parts.length === 0) throw badRequest('name at least one part: daily=, weekly= or monthly= with its measurements (e.g. daily=day_type_daily&daily_start=-7d)');
    return sendJson(c, await answer(deps, parts, windowing(q.every, q.fn), q));
  });
  for (const kind of AGGREGATE_KINDS) {
    app.openapi(kindRoute(kind), async (c) => {
      const q = c.req.valid('query');
      const calendar = deps.calendar();
      const range = resolveRange(q, { now: deps.clock(), zone: calendar.zone });
      const measurements = q.measurement === undefined ? undefined : checkMeasurements(kind, q.measurement);
      const win = windowing(q.every, q.fn);
      return sendJson(c, await answer(deps, [partOf(kind, measurements, range, tagsOf(q), calendar)], win, q));
    });
  }
  return app;
}
