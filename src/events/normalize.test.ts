import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { epochSecondsToMicros, epochSecondsToMs, normalizeStateChanged, parseHaMicros, parseIsoMicros, parseIsoTime } from './normalize.js';
import { compareEvents, eventMicros, splitMicros } from './model.js';
import { isActiveState, transitionOf } from './activity.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');

function haEvent(over: Record<string, unknown> = {}, newState: Record<string, unknown> | null = {}) {
  return {
    event_type: 'state_changed',
    time_fired: '2026-11-24T07:01:02.123456+00:00',
    origin: 'LOCAL',
    context: { id: '01JDX', parent_id: null, user_id: 'abc' },
    data: {
      entity_id: 'light.kitchen',
      old_state: { entity_id: 'light.kitchen', state: 'off', attributes: {}, last_changed: '2026-11-24T06:00:00+00:00', last_updated: '2026-11-24T06:00:00+00:00' },
      new_state: newState === null ? null : { entity_id: 'light.kitchen', state: 'on', attributes: { friendly_name: 'Kitchen', brightness: 200 }, last_changed: '2026-11-24T07:01:02.123456+00:00', last_updated: '2026-11-24T07:01:02.123456+00:00', context: { id: '01JDX', parent_id: null, user_id: 'abc' }, ...newState },
    },
    ...over,
  };
}

describe('normalizeStateChanged', () => {
  it('turns an HA event into the model: UTC ms and its microseconds, domain, states, cause', () => {
    const r = normalizeStateChanged(haEvent(), { now: NOW });
    assert.ok(r.ok);
    assert.deepEqual(r.event, {
      time: Date.parse('2026-11-24T07:01:02.123Z'), micros: 456, entityId: 'light.kitchen', domain: 'light', state: 'on', oldState: 'off',
      attributes: { friendly_name: 'Kitchen', brightness: 200 }, deviceId: null, areaId: null, cause: 'person',
    });
  });

  it('accepts the whole WebSocket message, removals and registry enrichment', () => {
    const wrapped = normalizeStateChanged({ id: 5, type: 'event', event: haEvent() }, { now: NOW });
    assert.ok(wrapped.ok);
    const removed = normalizeStateChanged(haEvent({}, null), { now: NOW, registry: { lookup: () => ({ deviceId: 'd1', areaId: 'kitchen' }) } });
    assert.ok(removed.ok);
    assert.equal(removed.event.state, null);
    assert.equal(removed.event.areaId, 'kitchen');
    assert.equal(removed.event.time, Date.parse('2026-11-24T07:01:02.123Z'));
  });

  it('stores attributes over 16 KB as {} like the recorder, and says so', () => {
    const r = normalizeStateChanged(haEvent({}, { attributes: { blob: 'x'.repeat(20_000) } }), { now: NOW });
    assert.ok(r.ok);
    assert.deepEqual(r.event.attributes, {});
    assert.equal(r.attributesDropped, true);
  });

  it('gives a clear reason for each kind of bad input', () => {
    const cases: [unknown, RegExp][] = [
      ['text', /JSON object/],
      [{ ...haEvent(), event_type: undefined }, /event_type is missing/],
      [haEvent({ data: { entity_id: 'Light.Küche', new_state: { state: 'on' } } }), /not a valid entity id/],
      [haEvent({ data: { entity_id: 'light.a\nb', new_state: { state: 'on' } } }), /not a valid entity id/],
      [haEvent({ data: { entity_id: 'light.a' } }), /both missing/],
      [haEvent({}, { state: { nested: true } }), /state must be a string/],
      [haEvent({}, { state: 'x'.repeat(300) }), /longer than 255/],
      [haEvent({}, { last_updated: 'yesterday' }), /not a timestamp/],
      [haEvent({}, { last_updated: '2099-01-01T00:00:00Z' }), /in the future/],
      [haEvent({}, { last_updated: '1999-12-31T00:00:00Z' }), /before 2000/],
      [haEvent({}, { attributes: [1, 2] }), /attributes must be an object/],
    ];
    for (const [input, reason] of cases) {
      const r = normalizeStateChanged(input, { now: NOW });
      assert.equal(r.ok, false, JSON.stringify(input).slice(0, 100));
      if (!r.ok) assert.match(r.reason, reason);
    }
    const other = normalizeStateChanged({ event_type: 'call_service', data: {} }, { now: NOW });
    assert.ok(!other.ok && other.kind === 'ignored');
  });

  it('never throws on hostile input (fuzz)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), fc.record({ event_type: fc.constant('state_changed'), time_fired: fc.oneof(fc.string(), fc.double(), fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString()))), data: fc.record({ entity_id: fc.string(), old_state: fc.anything(), new_state: fc.oneof(fc.constant(null), fc.record({ state: fc.anything(), attributes: fc.anything(), last_updated: fc.anything() })) }) })), (input) => {
        const r = normalizeStateChanged(input, { now: NOW });
        if (r.ok) {
          assert.match(r.event.entityId, /^[a-z0-9_]+\.[a-z0-9_]+$/);
          assert.ok(Number.isSafeInteger(r.event.time) && r.event.time <= NOW + 86_400_000);
        } else assert.ok(r.reason.length > 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('converts float epoch seconds without rounding a millisecond down', () => {
    assert.equal(epochSecondsToMs(1700000000.123), 1700000000123);
    assert.equal(epochSecondsToMs(1700000000.1239), 1700000000123);
    assert.equal(epochSecondsToMs(Number('1700000000.9999996')), 1700000001000);
  });

  it('converts float epoch seconds to integer microseconds by rounding, not truncating', () => {
    assert.equal(epochSecondsToMicros(1700000000.123456), 1700000000123456);
    // a double holds …123457 as …1234569988: the fraction times 1e6, truncated, would be …123456
    assert.equal(Math.floor((1700000000.123457 % 1) * 1e6), 123456);
    assert.equal(epochSecondsToMicros(1700000000.123457), 1700000000123457);
    assert.equal(epochSecondsToMicros(Number('1700000000.1234567')), 1700000000123457);
    assert.equal(epochSecondsToMicros(Number('1700000000.9999996')), 1700000001000000);
    // a raw time.time() float as HA's recorder keeps it: Python's datetime makes …727 of it
    const raw = Number('1796519837.46772749');
    assert.equal(epochSecondsToMicros(raw), 1796519837467727);
    assert.equal(raw * 1e6, Number('1796519837467727.5'), 'the double rounding that once made it …728');
    // half to even, as Python rounds the fraction
    assert.equal(epochSecondsToMicros(0.0000025), 2);
    assert.equal(epochSecondsToMicros(0.0000035), 4);
    assert.equal(parseHaMicros(1700000000.000001), 1700000000000001);
  });

  it('reads ISO times to the microsecond, in any offset', () => {
    assert.equal(parseIsoMicros('2026-11-24T07:01:02.123456+00:00'), Date.parse('2026-11-24T07:01:02.123Z') * 1000 + 456);
    assert.equal(parseIsoMicros('2026-11-24T08:01:02.000001+01:00'), Date.parse('2026-11-24T07:01:02Z') * 1000 + 1);
    assert.equal(parseIsoMicros('2026-11-24T07:01:02.1234567Z'), Date.parse('2026-11-24T07:01:02.123Z') * 1000 + 456);
    assert.equal(parseIsoMicros('2026-11-24T07:01:02.5Z'), Date.parse('2026-11-24T07:01:02.5Z') * 1000);
    assert.equal(parseIsoMicros('2026-11-24T07:01Z'), Date.parse('2026-11-24T07:01:00Z') * 1000);
    assert.equal(parseIsoTime('1969-12-31T23:59:59.999999Z'), -1, 'ms are floored, also before 1970');
    assert.equal(parseIsoMicros('2026-02-30T07:01:02Z'), null);
    assert.equal(parseHaMicros('2026-11-24T07:01:02.123456+24:00'), null);
    assert.equal(parseHaMicros(Number.POSITIVE_INFINITY), null);
    assert.equal(parseHaMicros(9e12), null, 'beyond what a Date holds');
    assert.equal(parseHaMicros(8.64e12), 8.64e18);
    assert.equal(parseHaMicros({}), null);
  });

  it('keeps two states of one entity within one millisecond apart, in their order', () => {
    const at = (lu: string, state: string) => {
      const r = normalizeStateChanged(haEvent({}, { state, last_updated: lu }), { now: NOW });
      assert.ok(r.ok);
      return r.event;
    };
    const first = at('2026-11-24T07:01:02.123100+00:00', '876.4');
    const second = at('2026-11-24T07:01:02.123900+00:00', '854.2');
    assert.equal(first.time, second.time);
    assert.deepEqual([first.micros, second.micros], [100, 900]);
    assert.ok(compareEvents(first, second) < 0 && compareEvents(second, first) > 0);
    assert.equal(eventMicros(second) - eventMicros(first), 800);
    const whole = at('2026-11-24T07:01:02.123000+00:00', 'x');
    assert.equal('micros' in whole, false, 'a whole millisecond has no micros, as a store reads it back');
    assert.deepEqual(splitMicros(-1), { time: -1, micros: 999 });
    assert.deepEqual(splitMicros(5000), { time: 5 });
  });
});

describe('active states, in one place', () => {
  it('knows each domain\'s active state and ignores unknown/unavailable', () => {
    assert.equal(isActiveState('light', 'on'), true);
    assert.equal(isActiveState('cover', 'open'), true);
    assert.equal(isActiveState('lock', 'unlocked'), true);
    assert.equal(isActiveState('person', 'not_home'), false);
    assert.equal(isActiveState('climate', 'heat'), true);
    assert.equal(isActiveState('climate', 'off'), false);
    assert.equal(isActiveState('light', 'unavailable'), null);
    assert.equal(isActiveState('sensor', '21.5'), null);
  });
  it('does not count on → unavailable → on as a new activation', () => {
    assert.equal(transitionOf('light', 'off', 'on'), 'activation');
    assert.equal(transitionOf('light', null, 'on'), 'activation');
    assert.equal(transitionOf('light', 'on', 'on'), null);
    assert.equal(transitionOf('light', 'on', 'unavailable'), null);
    assert.equal(transitionOf('light', 'on', 'off'), 'deactivation');
  });
});
