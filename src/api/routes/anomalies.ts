/**
 * `GET /api/v1/anomalies?since=-14d&limit=`: the recent anomalies, news about days, newest day
 * first and the most surprising first within a day, each with the sentence saying why. Older
 * ones stay in Layer 4 (`GET /api/v1/patterns?pattern_type=anomaly`); they are only not news.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { describeAnomaly, recentAnomalies } from '../../detectors/describe.js';
import type { EntityLookup } from '../../detectors/device-words.js';
import { metadataOf } from '../../detectors/metadata.js';
import { entityWords } from '../../jobs/entity-words.js';
import { detectorSettingsOf } from '../../config.js';
import type { PatternRow } from '../../storage/types.js';
import { router, type Resolved } from '../context.js';
import { ApiError, errorResponses } from '../errors.js';
import { limitParam } from '../params.js';
import { parseTime, timeParam } from '../time.js';

export const ANOMALIES_DEFAULT_LIMIT = 50;
export const ANOMALIES_MAX_LIMIT = 1000;
/** Anomalies are few (a handful a week): reading them all to rank them is cheap. */
const READ_AT_MOST = 100_000;

const anomalySchema = z
  .object({
    id: z.number().int(),
    day: z.string().openapi({ description: 'the local day the news is about', example: '2026-10-14' }),
    kind: z.enum(['count_high', 'count_low', 'hour', 'duration', 'home_quiet', 'stuck', 'silent']),
    device_id: z.string().openapi({ description: 'the entity, or `home` for home_quiet', example: 'switch.kettle' }),
    area_id: z.string().nullable(),
    surprise: z.number().openapi({ description: '−log10 of the chance of a day this unusual under the entity’s own normal' }),
    phase: z.enum(['start', 'ongoing', 'end']).nullable().openapi({ description: 'for home_quiet, stuck and silent: where the episode stands' }),
    start_day: z.string().nullable(),
    usual: z.record(z.string(), z.unknown()),
    observed: z.record(z.string(), z.unknown()),
    description: z.string().openapi({ example: '49 uses of switch.kettle on Wednesday 14 Oct; usually 4–7' }),
  })
  .openapi('Anomaly');

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/anomalies',
  tags: ['layer 4'],
  summary: 'Recent anomalies, newest day first, most surprising first within a day',
  request: {
    query: z.strictObject({
      since: timeParam('the first day to list (default: detectors.anomaly.recent_days ago)'),
      limit: limitParam(ANOMALIES_DEFAULT_LIMIT, ANOMALIES_MAX_LIMIT),
    }),
  },
  responses: {
    200: {
      description: 'the anomalies about days since `since`',
      content: { 'application/json': { schema: z.object({ since: z.string(), total: z.number().int(), limit: z.number().int(), anomalies: z.array(anomalySchema) }).openapi('Anomalies') } },
    },
    ...errorResponses(400, 401, 403),
  },
});

function wire(row: PatternRow, known: EntityLookup) {
  const m = metadataOf(row, 'anomaly');
  let description: string;
  try {
    description = describeAnomaly(row.device_id, m, known);
  } catch {
    description = `${m.day}: ${row.device_id} unusual`;
  }
  return {
    id: row.id,
    day: m.day,
    // recentAnomalies keeps the kinds of the schema only
    kind: m.kind as z.infer<typeof anomalySchema>['kind'],
    device_id: row.device_id,
    area_id: row.area_id,
    surprise: Number(m.surprise),
    phase: m.phase ?? null,
    start_day: m.start_day ?? null,
    usual: m.usual ?? {},
    observed: m.observed ?? {},
    description,
  };
}

export function anomalyRoutes(deps: Resolved) {
  const app = router();
  app.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const calendar = deps.calendar();
    const now = deps.clock();
    const recentDays = detectorSettingsOf(deps.config).anomaly.recentDays;
    const since = q.since === undefined ? now - recentDays * 86_400_000 : parseTime(q.since, now, calendar.zone);
    if (since === null) throw new ApiError(400, `not a time: ${q.since}`);
    const sinceDay = calendar.dayKey(since);
    const kinds = new Set<string>(anomalySchema.shape.kind.options);
    const rows = recentAnomalies(deps.storage.patterns.list({ patternType: 'anomaly', limit: READ_AT_MOST }), sinceDay).filter((r) => kinds.has(String(metadataOf(r, 'anomaly').kind)));
    const known = await entityWords(deps.storage);
    return c.json({ since: sinceDay, total: rows.length, limit: q.limit, anomalies: rows.slice(0, q.limit).map((row) => wire(row, known)) }, 200);
  });
  return app;
}

