import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMetadata, metadataOf, type PatternType } from './metadata.js';

/** A wrong shape of each type, and the field its decoder names. */
const WRONG: Record<PatternType, [metadata: Record<string, unknown>, field: string]> = {
  // every field of a routine has a reader's fallback: a wrong type is what is wrong
  time_based: [{ typical_time: '07:00', typical_minute: '420' }, 'typical_minute'],
  co_occurrence: [{}, 'trigger'],
  sequence: [{}, 'steps'],
  room_based: [{}, 'area_id'],
  duration: [{}, 'typical_seconds'],
  anomaly: [{}, 'day'],
  session: [{}, 'start_time'],
  day_type: [{}, 'aspect'],
  contextual: [{}, 'context'],
  seasonal: [{}, 'entity_id'],
};

describe('pattern metadata decoders', () => {
  for (const [type, [wrong, field]] of Object.entries(WRONG) as [PatternType, [Record<string, unknown>, string]][]) {
    it(`${type}: a wrong shape throws naming the type and the field`, () => {
      assert.throws(() => decodeMetadata(type, wrong), new RegExp(`^Error: ${type} pattern metadata: field ${field}: `));
      assert.throws(() => decodeMetadata(type, 'not an object'), new RegExp(`^Error: ${type} pattern metadata: field \\(the whole metadata\\): `));
    });
  }

  it('names a nested field by its path', () => {
    const context = { entity_id: 'light.hall', context: { kind: 'sun', value: 7 }, activations_in_context: 3 };
    assert.throws(() => decodeMetadata('contextual', context), /^Error: contextual pattern metadata: field context\.value: /);
    const steps = { steps: ['light.a', 2], first_step_activations: 4, step_minutes: 5 };
    assert.throws(() => decodeMetadata('sequence', steps), /^Error: sequence pattern metadata: field steps\.1: /);
  });

  it('a wrong field type throws, not only a missing one', () => {
    const routine = { entity_id: 'light.hall', typical_time: '07:00', typical_minute: '420', spread_minutes: 5, days_matched: 10, days_observed: 14 };
    assert.throws(() => decodeMetadata('time_based', routine), /^Error: time_based pattern metadata: field typical_minute: /);
  });

  it('reads a day_type finding by its aspect', () => {
    assert.throws(() => decodeMetadata('day_type', { entity_id: 'light.hall', aspect: 'colour' }), /^Error: day_type pattern metadata: field aspect: /);
    assert.throws(() => decodeMetadata('day_type', { entity_id: 'light.hall', weekday_days: 20, weekend_days: 8, aspect: 'time', weekday_first: '07:00' }), /field weekend_first: /);
  });

  it('reads rows of older versions, which lack the fields added since, and the partial rows readers fall back from', () => {
    // a routine from before day types and weekday masks, a day_type from before weeks were counted
    const routine = { entity_id: 'light.hall', typical_time: '07:00', typical_minute: 420, spread_minutes: 5, days_matched: 10, days_observed: 14 };
    assert.deepEqual(decodeMetadata('time_based', routine), routine);
    const amount = { entity_id: 'light.hall', weekday_days: 20, weekend_days: 8, aspect: 'amount', more_on: 'weekends', weekday_per_day: 1, weekend_per_day: 3 };
    assert.deepEqual(decodeMetadata('day_type', amount), amount);
    const anomaly = { day: '2026-10-01' };
    assert.deepEqual(decodeMetadata('anomaly', anomaly), anomaly);
    assert.deepEqual(decodeMetadata('time_based', {}), {});
    // a routine with day types and per-weekday tallies from before holidays were kept apart (2026-12), and one of particular weekdays since
    const weekdays = { ...routine, day_type: 'weekdays', weekday_mask: [1, 2, 3, 4, 5], weekdays: { 1: [2, 2], 6: [0, 2] }, mask_days_matched: 10, mask_days_observed: 10 };
    assert.deepEqual(decodeMetadata('time_based', weekdays), weekdays);
    const mwf = { ...weekdays, day_type: 'days', weekday_mask: [1, 3, 5], holidays_skipped: ['2026-09-14'] };
    assert.deepEqual(decodeMetadata('time_based', mwf), mwf);
    assert.throws(() => decodeMetadata('time_based', { ...mwf, holidays_skipped: '2026-09-14' }), /field holidays_skipped: /);
    const sun = { context: { kind: 'sun', value: 'below_horizon' }, after_change_minutes: { n: 28 } };
    assert.deepEqual(decodeMetadata('contextual', sun), sun);
  });

  it('metadataOf refuses a row of another type', () => {
    assert.throws(() => metadataOf({ pattern_type: 'session', pattern_metadata: {} }, 'time_based'), /^Error: time_based pattern metadata: the row is a session pattern$/);
  });
});
