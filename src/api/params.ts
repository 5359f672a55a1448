/**
 * Query parameters shared by several resources, as zod schemas: they validate the request and
 * describe it in /openapi.json at once. Values reach SQL only as bound parameters; the checks
 * here are there to turn nonsense into a clear 400, not to make strings safe.
 */
import { PATTERN_TYPES } from '../detectors/index.js';
import { z } from '@hono/zod-openapi';
import { ENTITY_ID, MAX_ENTITY_ID_LENGTH } from '../events/normalize.js';

/** Most ids one `entity_id` list may name. */
export const MAX_ENTITY_IDS = 100;
/** Paging goes this far at most; past it, narrow the query. */
export const MAX_OFFSET = 1_000_000;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function limitParam(fallback: number, max: number) {
  return z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .default(fallback)
    .openapi({ description: `most rows returned (1–${max.toLocaleString('en-US')}, default ${fallback})` });
}

export const offsetParam = z.coerce.number().int().min(0).max(MAX_OFFSET).default(0).openapi({ description: 'rows to skip (paging)' });

/** A free-text filter compared for equality: an id, a pattern type, an area. */
export function textParam(description: string, example?: string) {
  return z
    .string()
    .min(1)
    .max(MAX_ENTITY_ID_LENGTH)
    .refine((s) => !CONTROL.test(s), { message: 'must not hold control characters' })
    .optional()
    .openapi({ description, ...(example === undefined ? {} : { example }) });
}

const isEntityId = (s: string) => s.length <= MAX_ENTITY_ID_LENGTH && ENTITY_ID.test(s);

export function entityIdParam(description: string) {
  return z
    .string()
    .refine(isEntityId, { message: 'not an entity id (domain.object_id: lowercase letters, digits, underscores)' })
    .optional()
    .openapi({ description, example: 'light.living_room' });
}

/** One entity id or several, comma-separated. */
export const entityIdsParam = z
  .string()
  .refine((s) => s.split(',').every(isEntityId), { message: 'not an entity id list (light.kitchen,switch.coffee_machine: lowercase letters, digits, underscores)' })
  .refine((s) => s.split(',').length <= MAX_ENTITY_IDS, { message: `at most ${MAX_ENTITY_IDS} entity ids` })
  .optional()
  .openapi({ description: 'one entity id or several, comma-separated', example: 'light.living_room' });

export const confidenceParam = z.coerce.number().min(0).max(1).optional().openapi({ description: 'lowest confidence, 0–1', example: 0.7 });

/** A pattern type: one of the ten (a typo is a 400, not an empty list). */
export function patternTypeParam(description: string) {
  return z
    .enum(PATTERN_TYPES)
    .optional()
    .openapi({ description: `${description}: ${PATTERN_TYPES.join(', ')}`, example: 'time_based' });
}
