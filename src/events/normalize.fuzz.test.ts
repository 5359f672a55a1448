/**
 * Property tests of the one edge every event passes (issue 9): whatever arrives, the normaliser
 * returns an event or a typed rejection with a reason, never throws, and what it accepts holds
 * the model's invariants. Regression tests for what the fuzzing found are at the end.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { anyInput, attributes, badEntityId, badTimeValue, FUZZ_NOW, fuzzOptions, nested, validEvent, wireTime } from '../testing/hostile.js';
import { EARLIEST_TIME, ENTITY_ID, MAX_ATTRIBUTES_BYTES, MAX_ATTRIBUTES_DEPTH, MAX_CLOCK_SKEW_MS, MAX_ENTITY_ID_LENGTH, MAX_STATE_LENGTH, normalizeStateChanged, type Normalized } from './normalize.js';
import type { StateEvent } from './model.js';

const NOW = FUZZ_NOW;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let max = 0;
  for (const v of Object.values(value)) max = Math.max(max, depthOf(v));
  return max + 1;
}

/** The model's invariants: what everything behind the edge trusts. */
function assertModel(e: StateEvent): void {
  assert.ok(ENTITY_ID.test(e.entityId) && e.entityId.length <= MAX_ENTITY_ID_LENGTH, `entity id ${JSON.stringify(e.entityId)}`);
  assert.ok(!CONTROL.test(e.entityId) && !LONE_SURROGATE.test(e.entityId));
  assert.equal(e.domain, e.entityId.slice(0, e.entityId.indexOf('.')));
  assert.ok(Number.isSafeInteger(e.time), `time ${e.time}`);
  assert.ok(e.time >= EARLIEST_TIME && e.time <= NOW + MAX_CLOCK_SKEW_MS, `time ${e.time} out of bounds`);
  for (const s of [e.state, e.oldState]) {
    if (s === null) continue;
    assert.equal(typeof s, 'string');
    assert.ok(s.length <= MAX_STATE_LENGTH && !LONE_SURROGATE.test(s), `state ${JSON.stringify(s)}`);
  }
  assert.ok(e.state !== null || e.oldState !== null);
  const json = JSON.stringify(e.attributes);
  assert.equal(typeof json, 'string');
  assert.ok(Buffer.byteLength(json) <= MAX_ATTRIBUTES_BYTES);
  assert.ok(depthOf(e.attributes) <= MAX_ATTRIBUTES_DEPTH + 1);
  assert.ok(['person', 'automation', 'system'].includes(e.cause));
}

function normalize(input: unknown, now = NOW): Normalized {
  return normalizeStateChanged(input, { now });
}

describe('normalizeStateChanged under hostile input (fuzz)', () => {
  it('never throws: an event holding the model invariants, or a rejection with a reason', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const r = normalize(input);
        if (r.ok) assertModel(r.event);
        else {
          assert.ok(r.kind === 'invalid' || r.kind === 'ignored');
          assert.ok(typeof r.reason === 'string' && r.reason.length > 0 && r.reason.length < 400);
        }
      }),
      fuzzOptions(5000),
    );
  });

  it('accepts every valid event, with its time to the ms, its entity and its states', () => {
    fc.assert(
      fc.property(validEvent, (v) => {
        const r = normalize(v.wire);
        assert.ok(r.ok, !r.ok ? r.reason : '');
        assertModel(r.event);
        assert.equal(r.event.time, v.time);
        assert.equal(r.event.entityId, v.entityId);
        assert.equal(r.event.state, v.state === null ? null : v.state.replace(new RegExp(LONE_SURROGATE, 'g'), '\ufffd'));
        // The same event through JSON (the wire) normalises the same (JSON has no -0).
        assert.equal(JSON.stringify(normalize(JSON.parse(JSON.stringify(v.wire)) as unknown)), JSON.stringify(r));
      }),
      fuzzOptions(3000),
    );
  });

  it('takes a time within [2000, now + 1 day] and rejects every other, whatever its encoding', () => {
    const anyTime = fc.integer({ min: EARLIEST_TIME - 5 * 365 * 86_400_000, max: NOW + 5 * 86_400_000 });
    fc.assert(
      fc.property(validEvent, wireTime(anyTime), (v, t) => {
        const wire = structuredClone(v.wire) as { time_fired: unknown; data: { new_state: Record<string, unknown> | null } };
        wire.time_fired = t.wire;
        if (wire.data.new_state !== null) wire.data.new_state['last_updated'] = t.wire;
        const r = normalize(wire);
        const inRange = t.time >= EARLIEST_TIME && t.time <= NOW + MAX_CLOCK_SKEW_MS;
        assert.equal(r.ok, inRange, `${String(t.wire)}: ${r.ok ? 'accepted' : r.reason}`);
        if (r.ok) assert.equal(r.event.time, t.time);
        else assert.match(r.reason, t.time < EARLIEST_TIME ? /before 2000/ : /in the future/);
      }),
      fuzzOptions(3000),
    );
  });

  it('rejects bad timestamps and bad entity ids with a reason', () => {
    fc.assert(
      fc.property(validEvent, badTimeValue, badEntityId, fc.boolean(), (v, time, entityId, breakTime) => {
        const wire = structuredClone(v.wire) as { time_fired: unknown; data: { entity_id: unknown; new_state: Record<string, unknown> | null } };
        if (breakTime) {
          wire.time_fired = time;
          if (wire.data.new_state !== null) wire.data.new_state['last_updated'] = time;
        } else wire.data.entity_id = entityId;
        const r = normalize(wire);
        assert.equal(r.ok, false);
        if (!r.ok) assert.match(r.reason, breakTime ? /timestamp|before 2000|in the future/ : /entity id|entity_id/);
      }),
      fuzzOptions(3000),
    );
  });

  it('keeps attributes up to 16 KB and HA depth as they are; stores the rest as {} and says so', () => {
    fc.assert(
      fc.property(validEvent, attributes, (v, attrs) => {
        const wire = structuredClone(v.wire) as { data: { new_state: Record<string, unknown> | null } };
        if (wire.data.new_state === null) return;
        wire.data.new_state['attributes'] = attrs;
        const r = normalize(wire);
        assert.ok(r.ok);
        const fits = Buffer.byteLength(JSON.stringify(attrs)) <= MAX_ATTRIBUTES_BYTES && depthOf(attrs) <= MAX_ATTRIBUTES_DEPTH;
        assert.equal(r.attributesDropped, !fits);
        assert.deepEqual(r.event.attributes, fits ? attrs : {});
      }),
      fuzzOptions(1500),
    );
  });
});

describe('normalizeStateChanged: regressions found by fuzzing', () => {
  const event = (newState: Record<string, unknown>) => ({
    event_type: 'state_changed',
    time_fired: '2026-11-24T07:00:00+00:00',
    data: { entity_id: 'light.a', old_state: null, new_state: { state: 'on', ...newState } },
  });

  it('epoch seconds beyond what a Date holds are a rejection, not a RangeError (1e13, -1e13, 1e303)', () => {
    for (const t of [1e13, -1e13, 1e303]) {
      const r = normalize(event({ last_updated: t }));
      assert.ok(!r.ok && /not a timestamp/.test(r.reason), String(t));
    }
  });

  it('attributes nested deeper than HA serialises are stored as {} instead of overflowing the stack', () => {
    for (const arrays of [false, true]) {
      const r = normalize(event({ attributes: { deep: nested(100_000, arrays) } }));
      assert.ok(r.ok && r.attributesDropped && Object.keys(r.event.attributes).length === 0);
    }
    const fine = normalize(event({ attributes: { deep: nested(50) } }));
    assert.ok(fine.ok && !fine.attributesDropped);
  });

  it('attributes that are not JSON (a cycle, a BigInt, a throwing toJSON) are stored as {}', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    for (const attrs of [cycle, { n: 10n }, { toJSON: () => { throw new Error('boom'); } }, { toJSON: () => undefined }]) {
      const r = normalize(event({ attributes: attrs }));
      assert.ok(r.ok && r.attributesDropped);
    }
  });

  it('reads only ISO-8601 date-times: no 30 February, no 24:00, no bare numbers, naive times are UTC', () => {
    for (const t of ['2026-02-30T10:00:00Z', '2026-11-24T24:00:00Z', '1', '2026', '2026-11-24', 'Tue Nov 24 2026 07:00:00 GMT', '2026-11-24T07:00:00+24:00']) {
      assert.equal(normalize(event({ last_updated: t })).ok, false, t);
    }
    const naive = normalize(event({ last_updated: '2026-11-24 07:00:00.123456' }));
    assert.ok(naive.ok && naive.event.time === Date.parse('2026-11-24T07:00:00.123Z'));
    const offset = normalize(event({ last_updated: '2026-11-24T08:30:00-01:30' }));
    assert.ok(offset.ok && offset.event.time === Date.parse('2026-11-24T10:00:00Z'));
  });

  it('a null last_updated falls back to time_fired', () => {
    const r = normalize(event({ last_updated: null }));
    assert.ok(r.ok && r.event.time === Date.parse('2026-11-24T07:00:00Z'));
  });

  it('a rejection quotes at most 80 characters of an unknown event_type', () => {
    const r = normalize({ event_type: '\u0000'.repeat(10_000), data: {} });
    assert.ok(!r.ok && r.kind === 'ignored' && r.reason.length < 600);
  });

  it('a lone surrogate in a state becomes U+FFFD, as it is stored', () => {
    const r = normalize(event({ state: 'a\ud800b' }));
    assert.ok(r.ok && r.event.state === 'a\ufffdb');
  });
});
