/**
 * `GET /api/v1/suggestions?show=new&limit=`: the suggested automations, one per routine, ranked by
 * the manual actions a week they would save, each with the user's feedback state.
 * `POST /api/v1/suggestions/{key}/feedback` `{"verdict": "accept"|"dismiss"|"snooze"|"undo", "days": 7}`:
 * what the user says about one. The POST reads as the GETs do (a token off loopback), and takes
 * only `application/json`: a browser sends that cross-origin only after a CORS preflight, which
 * this API answers for configured origins alone, so another site cannot post feedback for you.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { detectorSettingsOf } from '../../config.js';
import { giveFeedback, listSuggestions, SHOW, UnknownSuggestionError, type ListedSuggestion } from '../../suggestions/list.js';
import { HaRestError } from '../../ha/rest.js';
import { ConfirmationError, createInHa, NotListedError, review } from '../../suggestions/apply.js';
import { KEY_PATTERN } from '../../suggestions/identity.js';
import type { Verdict } from '../../storage/types.js';
import { router, type Resolved } from '../context.js';
import { requireAdmin } from '../auth.js';
import { ApiError, errorResponses, errorSchema } from '../errors.js';
import { limitParam } from '../params.js';

const STATES = ['new', 'automated', 'accepted', 'dismissed', 'snoozed'] as const;
const VERDICTS: Readonly<Record<string, Verdict | 'undo'>> = { accept: 'accepted', dismiss: 'dismissed', snooze: 'snoozed', undo: 'undo' };

const keyParam = z.object({ key: z.string().regex(KEY_PATTERN).openapi({ description: 'the suggestion’s key, as listed' }) });

const suggestionSchema = z
  .object({
    key: z.string().openapi({ example: 'chain:binary_sensor.hall_motion,light.hall,light.kitchen' }),
    state: z.enum(STATES),
    until: z.string().nullable().openapi({ description: 'when a snooze ends' }),
    saves_per_week: z.number().nullable().openapi({ description: 'manual actions a week the automation would take over' }),
    pattern: z.record(z.string(), z.unknown()),
    suggestion: z.record(z.string(), z.unknown()).openapi({ description: 'the automation (as HA reads it) and its YAML' }),
    covers: z.array(z.object({ pattern_id: z.number().int(), key: z.string(), why: z.string() })).openapi({ description: 'patterns this suggestion already does, folded into it' }),
    covered_by: z
      .object({ entity_id: z.string(), automation_id: z.string().nullable(), alias: z.string(), state: z.string(), by: z.enum(['configuration', 'changes']) })
      .nullable()
      .openapi({ description: 'the Home Assistant automation that already does it (state `automated`): its configuration does what the suggestion would, or its runs made the routine’s changes' }),
    causes: z
      .object({ person: z.number(), automation: z.number(), system: z.number() })
      .nullable()
      .openapi({ description: 'the share of the routine’s changes made by a person, an HA automation, or no known cause; at detectors.overrides.automated_share (0.8) by an automation it is `automated`, not suggested' }),
  })
  .openapi('Suggestion');

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/suggestions',
  tags: ['layer 4'],
  summary: 'Suggested automations, one per routine, most manual actions saved first',
  request: {
    query: z.strictObject({
      show: z.enum(SHOW).default('new').openapi({ description: 'new (not yet answered, or a snooze that ended), all, or one state (automated: Home Assistant already does it)' }),
      limit: limitParam(50, 1000),
    }),
  },
  responses: {
    200: {
      description: 'the suggestions',
      content: { 'application/json': { schema: z.object({ show: z.enum(SHOW), counts: z.record(z.enum(STATES), z.number().int()), suggestions: z.array(suggestionSchema) }).openapi('Suggestions') } },
    },
    ...errorResponses(400, 401, 403),
  },
});

const feedbackRoute = createRoute({
  method: 'post',
  path: '/api/v1/suggestions/{key}/feedback',
  tags: ['layer 4'],
  summary: 'Accept, dismiss or snooze a suggestion, or undo what was said (a dismissed one stays dismissed until its routine changes)',
  request: {
    params: keyParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.strictObject({
            verdict: z.enum(['accept', 'dismiss', 'snooze', 'undo']),
            days: z.number().int().min(1).max(365).default(7).openapi({ description: 'how long a snooze lasts' }),
          }),
        },
      },
    },
  },
  responses: {
    200: { description: 'the suggestion in its new state', content: { 'application/json': { schema: suggestionSchema } } },
    ...errorResponses(400, 401, 403, 404, 415),
  },
});

/** Before the validator: a POST that is not JSON (a cross-site form) is not even parsed. */
const jsonOnly: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'POST' && !/^application\/json\b/i.test(c.req.header('content-type') ?? '')) throw new ApiError(415, 'send it as Content-Type: application/json');
  await next();
};

type Wire = z.infer<typeof suggestionSchema>;
/** The listed suggestion as JSON: its automation is plain data (readonly arrays included). */
const wire = (s: ListedSuggestion): Wire => ({ ...s, pattern: { ...s.pattern }, suggestion: { ...s.suggestion } as Record<string, unknown>, covers: [...s.covers], causes: s.causes === null ? null : { ...s.causes } });

const reviewSchema = z
  .object({
    key: z.string(),
    automation_id: z.string().openapi({ description: 'the id it gets in HA; send it as `confirm` to create it' }),
    alias: z.string(),
    yaml: z.string(),
    touches: z.array(z.string()).openapi({ description: 'the entities it switches' }),
    listens_to: z.array(z.string()).openapi({ description: 'what starts it' }),
    state: z.enum(STATES),
  })
  .openapi('SuggestionReview');

const reviewRoute = createRoute({
  method: 'get',
  path: '/api/v1/suggestions/{key}/review',
  tags: ['layer 4'],
  summary: 'What "create in Home Assistant" would create: the YAML, the entities it touches, its id',
  request: { params: keyParam },
  responses: { 200: { description: 'the review', content: { 'application/json': { schema: reviewSchema } } }, ...errorResponses(400, 401, 403, 404) },
});

const createInHaRoute = (token: string | undefined) =>
  createRoute({
    method: 'post',
    path: '/api/v1/suggestions/{key}/create',
    tags: ['layer 4', 'admin'],
    summary: 'Create the reviewed automation in Home Assistant (admin): `confirm` must be the review’s automation_id',
    security: [{ bearer: [] }],
    middleware: [requireAdmin(token)] as const,
    request: {
      params: keyParam,
      body: { required: true, content: { 'application/json': { schema: z.strictObject({ confirm: z.string().max(100), enabled: z.boolean() }) } } },
    },
    responses: {
      200: { description: 'created', content: { 'application/json': { schema: z.object({ automation_id: z.string(), entity_id: z.string().nullable(), enabled: z.boolean() }).openapi('CreatedAutomation') } } },
      ...errorResponses(400, 401, 403, 404, 409, 415),
      502: { description: 'Home Assistant refused or did not answer', content: { 'application/json': { schema: errorSchema } } },
    },
  });

export function suggestionRoutes(deps: Resolved) {
  const app = router();
  app.openapi(reviewRoute, async (c) => {
    const { key } = c.req.valid('param');
    try {
      const r = await review(deps.storage, deps.calendar(), deps.clock(), key);
      return c.json({ ...r, touches: [...r.touches], listens_to: [...r.listens_to] }, 200);
    } catch (e) {
      if (e instanceof UnknownSuggestionError) throw new ApiError(404, e.message);
      throw e;
    }
  });
  const creating = createInHaRoute(deps.config.api.token);
  app.use(creating.path.replace('{key}', ':key'), jsonOnly);
  app.openapi(creating, async (c) => {
    const { key } = c.req.valid('param');
    const { confirm, enabled } = c.req.valid('json');
    const ha = deps.homeAssistant();
    if (ha === null) throw new ApiError(409, 'Home Assistant is not configured (HA_URL and HA_TOKEN): copy the YAML into its automation editor instead');
    try {
      return c.json(await createInHa(deps.storage, deps.calendar(), deps.clock(), key, ha, { confirm, enabled }), 200);
    } catch (e) {
      if (e instanceof UnknownSuggestionError) throw new ApiError(404, e.message);
      if (e instanceof ConfirmationError) throw new ApiError(409, e.message);
      if (e instanceof HaRestError || e instanceof NotListedError) throw new ApiError(502, e.message, { code: 'home_assistant' });
      throw e;
    }
  });
  app.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const listed = await listSuggestions(deps.storage, deps.calendar(), deps.clock(), q.show, q.limit, detectorSettingsOf(deps.config).overrides.automatedShare);
    return c.json({ show: q.show, counts: listed.counts, suggestions: listed.suggestions.map(wire) }, 200);
  });
  app.use(feedbackRoute.path.replace('{key}', ':key'), jsonOnly);
  app.openapi(feedbackRoute, async (c) => {
    const { key } = c.req.valid('param');
    const { verdict, days } = c.req.valid('json');
    try {
      return c.json(wire(await giveFeedback(deps.storage, deps.calendar(), deps.clock(), key, VERDICTS[verdict]!, days)), 200);
    } catch (e) {
      if (e instanceof UnknownSuggestionError) throw new ApiError(404, e.message);
      throw e;
    }
  });
  return app;
}
