/**
 * What the importer property tests share: the expected verdict of each line (blank, bad, ignored,
 * or the event it must become), a Layer 1 snapshot to prove that what was stored before an import
 * is untouched after it, and a store seeded with events an import then collides with.
 */
import fc from 'fast-check';
import type { StateEvent } from '../events/model.js';
import { normalizeStateChanged } from '../events/normalize.js';
import type { EventStore } from '../storage/types.js';
import { FUZZ_NOW, FUZZ_SEED, garbageLine, validEvent } from './hostile.js';

export type Verdict = { readonly kind: 'blank' | 'bad' | 'ignored' } | { readonly kind: 'event'; readonly event: StateEvent };

/** What a JSON line must count as, decided the way a reader of the format would. */
export function jsonLineVerdict(line: string, now = FUZZ_NOW): Verdict {
  if (line.trim() === '') return { kind: 'blank' };
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { kind: 'bad' };
  }
  const r = normalizeStateChanged(raw, { now });
  if (r.ok) return { kind: 'event', event: r.event };
  return { kind: r.kind === 'ignored' ? 'ignored' : 'bad' };
}

/** A JSON lines file's lines: valid events, garbage, blanks. */
export const jsonLines = (maxLength: number) =>
  fc.array(
    fc.oneof(
      { weight: 4, arbitrary: validEvent.map((v) => JSON.stringify(v.wire)) },
      { weight: 3, arbitrary: garbageLine },
      { weight: 1, arbitrary: fc.constantFrom('', '  ', '\t', '\u000b', '\u00a0', '\u3000') },
      { weight: 1, arbitrary: fc.constant(JSON.stringify({ event_type: 'call_service', data: {} })) },
    ),
    { maxLength },
  );

/** Every stored event, keyed by (time, entity id). */
export async function layer1Snapshot(events: EventStore): Promise<Map<string, StateEvent>> {
  const out = new Map<string, StateEvent>();
  for await (const chunk of events.read({ start: -8.64e15, end: 8.64e15 })) for (const e of chunk) out.set(keyOf(e), e);
  return out;
}

/** Layer 1's key: the time to the microsecond, as HA keys states, and the entity. */
export const keyOf = (e: Pick<StateEvent, 'time' | 'micros' | 'entityId'>) => `${e.time}.${String(e.micros ?? 0).padStart(3, '0')} ${e.entityId}`;

/** Valid events to store before the imports, fixed by the seed. */
export function existingEvents(count: number): StateEvent[] {
  const events: StateEvent[] = [];
  for (const v of fc.sample(validEvent, { seed: FUZZ_SEED + 1, numRuns: count })) {
    const r = normalizeStateChanged(v.wire, { now: FUZZ_NOW });
    if (r.ok) events.push(r.event);
  }
  return events;
}

/** The same key as a stored event, with other content: an import must count it as a duplicate and change nothing. */
export function collidingLine(e: StateEvent): string {
  // the same microsecond as the stored event: `2026-…T07:01:02.123` + its µs within the ms
  const iso = `${new Date(e.time).toISOString().slice(0, -1)}${String(e.micros ?? 0).padStart(3, '0')}Z`;
  return JSON.stringify({
    event_type: 'state_changed',
    time_fired: iso,
    data: { entity_id: e.entityId, old_state: { state: 'collision-old' }, new_state: { state: 'collision', attributes: { overwritten: true }, last_updated: iso } },
  });
}
