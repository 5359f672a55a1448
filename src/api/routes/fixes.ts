/**
 * `GET /api/v1/suggestions/fixes`: "automations to fix", Home Assistant automations whose action
 * people undo by hand on most of their recent runs, with the evidence (suggestions/fixes.ts). Its
 * own list beside the suggestions: a fix is a change to an existing automation, not a new one.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { detectorSettingsOf } from '../../config.js';
import { listFixes } from '../../suggestions/fixes.js';
import { router, type Resolved } from '../context.js';
import { errorResponses } from '../errors.js';

const fixSchema = z
  .object({
    automation: z
      .object({ entity_id: z.string(), automation_id: z.string().nullable(), alias: z.string(), state: z.string() })
      .nullable()
      .openapi({ description: 'the automation; null when only its changes’ cause was seen, not its runs' }),
    entity_id: z.string(),
    entity_name: z.string(),
    sets: z.enum(['on', 'off']).openapi({ description: 'what the automation does to the entity (people switch it back)' }),
    runs: z.number().int().openapi({ description: 'its recent runs counted (newest days back to detectors.overrides.recent_runs)' }),
    undone: z.number().int().openapi({ description: 'of those, switched back by hand within detectors.overrides.undo_minutes' }),
    within_minutes: z.number().int(),
    from: z.string().openapi({ description: 'first local day counted' }),
    to: z.string().openapi({ description: 'last local day counted' }),
    sentence: z.string().openapi({ example: "'Hallway lights at sunset' switches Hallway light on, and it is switched off by hand within 4 min on 6 of its last 9 runs" }),
  })
  .openapi('AutomationToFix');

const fixesRoute = createRoute({
  method: 'get',
  path: '/api/v1/suggestions/fixes',
  tags: ['layer 4'],
  summary: 'Automations to fix: those people undo by hand on most of their recent runs',
  request: { query: z.strictObject({}) },
  responses: {
    200: { description: 'the automations to fix, most often undone first', content: { 'application/json': { schema: z.object({ fixes: z.array(fixSchema) }).openapi('AutomationsToFix') } } },
    ...errorResponses(400, 401, 403),
  },
});

export function fixRoutes(deps: Resolved) {
  const app = router();
  app.openapi(fixesRoute, async (c) => {
    const fixes = await listFixes(deps.storage, deps.calendar(), deps.clock(), detectorSettingsOf(deps.config).overrides);
    return c.json({ fixes: fixes.map((f) => ({ ...f })) }, 200);
  });
  return app;
}
