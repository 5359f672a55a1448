/**
 * Hostile input for the property tests (issue 9): HA state_changed events that are valid, with
 * what they must normalise to, and everything else that can reach the edge — malformed JSON,
 * missing fields, wrong types, timestamps far off, unicode and control characters in entity ids,
 * attributes over 16 KB or nested deeper than HA can serialise. One fixed seed (FUZZ_SEED to
 * replay another); fast-check prints the seed and the shrunk case on a failure.
 */
import fc from 'fast-check';
import { EARLIEST_TIME, MAX_CLOCK_SKEW_MS } from '../events/normalize.js';

export const FUZZ_SEED = Number(process.env['FUZZ_SEED'] ?? 20261125);

/** Runs per property: `base`, scaled by FUZZ_SCALE (e.g. 10 for a long local run). */
export function fuzzRuns(base: number): number {
  return Math.max(1, Math.round(base * Number(process.env['FUZZ_SCALE'] ?? 1)));
}

export const fuzzOptions = (base: number) => ({ seed: FUZZ_SEED, numRuns: fuzzRuns(base) });

/** The receive clock of the tests: Wednesday 2026-11-25 12:00 UTC. */
export const FUZZ_NOW = Date.parse('2026-11-25T12:00:00Z');

const DOMAINS = ['light', 'binary_sensor', 'sensor', 'switch', 'person', 'media_player', 'zz_unknown_domain'] as const;
const objectId = fc.stringMatching(/^[a-z0-9_]{1,24}$/);

export const validEntityId = fc.tuple(fc.constantFrom(...DOMAINS), objectId).map(([d, o]) => `${d}.${o}`);

/** Entity ids HA never makes: unicode, control characters, upper case, no dot, too long, a trailing newline. */
export const badEntityId = fc.oneof(
  fc.tuple(validEntityId, fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }), fc.nat()).map(([id, junk, at]) => {
    const i = at % (id.length + 1);
    return `${id.slice(0, i)}${junk}${id.slice(i)}`;
  }),
  validEntityId.map((id) => `${id}\n`),
  validEntityId.map((id) => id.toUpperCase()),
  validEntityId.map((id) => id.replace('.', '')),
  validEntityId.map((id) => `${id}${'x'.repeat(256)}`),
  fc.constantFrom('light.kü che', 'light.\u0000', 'light.\ud800', '.light', 'light.', 'light..a', ''),
).filter((id) => !/^[a-z0-9_]+\.[a-z0-9_]+$/.test(id) || id.length > 255);

/** A time HA would send (UTC ms), and the two ways it arrives: ISO text with an offset, or epoch seconds. */
export const plausibleTime = fc.integer({ min: EARLIEST_TIME, max: FUZZ_NOW + MAX_CLOCK_SKEW_MS });
const offsetMinutes = fc.integer({ min: -14 * 60, max: 14 * 60 });

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `time` (ms) plus `micros` (0–999 µs) as ISO-8601 in another offset, e.g. `2026-11-24T08:01:02.123456+01:00`. */
export function isoAt(time: number, micros: number, offset: number, separator = 'T'): string {
  const wall = new Date(time + offset * 60_000);
  const date = `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
  const clock = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}.${pad(wall.getUTCMilliseconds(), 3)}${pad(micros, 3)}`;
  const sign = offset < 0 ? '-' : '+';
  const zone = offset === 0 && micros % 2 === 0 ? 'Z' : `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${date}${separator}${clock}${zone}`;
}

/** An encoding of `time` as HA sends it; every one must normalise back to `time`. */
export const wireTime = (time: fc.Arbitrary<number>) =>
  fc.oneof(
    fc.tuple(time, fc.integer({ min: 0, max: 999 }), offsetMinutes, fc.constantFrom('T', ' ')).map(([t, us, off, sep]) => ({ time: t, wire: isoAt(t, us, off, sep) as string | number })),
    fc.tuple(time, fc.integer({ min: 0, max: 999 })).map(([t, us]) => ({ time: t, wire: (t * 1000 + us) / 1e6 })),
  );

/** Timestamps nobody should accept: not a time, no real date, or beyond what a Date holds. */
export const badTimeValue = fc.oneof(
  fc.constantFrom('yesterday', '1', '0', '2026', '2026-02-30T10:00:00Z', '2026-11-24T24:00:00Z', '2026-13-01T00:00:00Z', '+275760-09-13T00:00:00Z', '', 'NaN', '2026-11-24T07:00:00+25:00'),
  fc.constantFrom(1e13, -1e13, 1e303, -1e308, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(null, true, {}, [], [1]),
);

/** Attributes as HA writes them: JSON objects, sometimes with unicode, sometimes big, sometimes deep. */
export const attributes = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(fc.string({ unit: 'binary', maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6, noNullPrototype: true }) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 16_000, max: 16_500 }), fc.constantFrom('x', 'é', '😀', '\\')).map(([n, c]) => ({ blob: c.repeat(Math.ceil(n / Buffer.byteLength(c))) })) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 600 }), fc.boolean()).map(([depth, arrays]) => ({ deep: nested(depth, arrays) })) },
);

/** A value nested `depth` levels deep: {a:{a:…}} or [[…]]. */
export function nested(depth: number, arrays = false): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
  return v;
}

const stateText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('on', 'off', 'open', 'closed', 'home', 'not_home', 'unavailable', 'unknown', '21.5', 'playing') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 255 }).filter((s) => s.length <= 255) },
);

export interface ValidEvent {
  /** The event as HA sends it (JSON-safe). */
  readonly wire: Record<string, unknown>;
  readonly time: number;
  readonly entityId: string;
  readonly state: string | null;
  readonly oldState: string | null;
}

/** A valid state_changed event and what it must normalise to. */
export const validEvent: fc.Arbitrary<ValidEvent> = fc
  .record({
    entityId: validEntityId,
    time: wireTime(plausibleTime),
    state: fc.option(stateText, { freq: 8 }),
    oldState: fc.option(stateText, { freq: 3 }),
    attrs: fc.option(attributes, { freq: 5 }),
    extra: fc.dictionary(fc.constantFrom('origin', 'unexpected', 'v2_field', 'zzz'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2, noNullPrototype: true }),
    user: fc.option(fc.stringMatching(/^[0-9a-f]{8}$/)),
  })
  .filter((r) => r.state !== null || r.oldState !== null)
  .map(({ entityId, time, state, oldState, attrs, extra, user }) => {
    const context = { id: '01JDX', parent_id: null, user_id: user };
    const newState = state === null ? null : { entity_id: entityId, state, attributes: attrs ?? {}, last_changed: time.wire, last_updated: time.wire, context, ...extra };
    const wire = {
      ...extra,
      event_type: 'state_changed',
      time_fired: time.wire,
      origin: 'LOCAL',
      context,
      data: { entity_id: entityId, old_state: oldState === null ? null : { entity_id: entityId, state: oldState, attributes: {} }, new_state: newState },
    };
    return { wire, time: time.time, entityId, state, oldState };
  });

type Json = unknown;

/** Replaces the value at a path of an object (a copy), or deletes it when `value` is undefined. */
function setAt(root: Json, path: readonly string[], value: Json): Json {
  if (path.length === 0) return value;
  const node = typeof root === 'object' && root !== null && !Array.isArray(root) ? { ...(root as Record<string, Json>) } : {};
  const [head, ...rest] = path as [string, ...string[]];
  const next = setAt(node[head], rest, value);
  if (next === undefined) delete node[head];
  else node[head] = next;
  return node;
}

const PATHS: readonly (readonly string[])[] = [
  ['event_type'],
  ['time_fired'],
  ['data'],
  ['data', 'entity_id'],
  ['data', 'new_state'],
  ['data', 'old_state'],
  ['data', 'new_state', 'state'],
  ['data', 'new_state', 'attributes'],
  ['data', 'new_state', 'last_updated'],
  ['data', 'new_state', 'entity_id'],
  ['data', 'new_state', 'context'],
  ['data', 'old_state', 'state'],
  ['context'],
];

/** A valid event with one or more fields broken: removed, of another type, or hostile. */
export const hostileEvent: fc.Arbitrary<Json> = fc
  .tuple(
    validEvent,
    fc.array(
      fc.tuple(
        fc.constantFrom(...PATHS),
        fc.oneof(
          fc.constant(undefined),
          fc.jsonValue({ maxDepth: 2 }),
          badEntityId,
          badTimeValue,
          attributes,
          fc.string({ unit: 'binary', minLength: 256, maxLength: 300 }),
        ),
      ),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([valid, edits]) => edits.reduce<Json>((event, [path, value]) => setAt(event, path, value), valid.wire));

/** Anything at all that may arrive where an event is expected. */
export const anyInput: fc.Arbitrary<unknown> = fc.oneof(
  hostileEvent,
  validEvent.map((v) => v.wire),
  fc.jsonValue({ maxDepth: 4 }),
  fc.anything({ maxDepth: 3 }),
  validEvent.map((v) => ({ id: 7, type: 'event', event: v.wire })),
);

/** A line that is not a valid state_changed event: broken JSON, other JSON, hostile events. */
export const garbageLine: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 80 }),
    validEvent.map((v) => JSON.stringify(v.wire)).chain((s) => fc.nat({ max: s.length - 1 }).map((n) => s.slice(0, n))),
    fc.json({ maxDepth: 3 }),
    hostileEvent.map((e) => JSON.stringify(e) ?? 'undefined'),
    fc.constantFrom('{', '}', 'null', '[]', '{"event_type":"state_changed"}', '\u0000\u0001', '\ufeff{'),
  )
  .map((s) => s.replace(/[\n\r]/g, ' '));
