import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PatternRow } from '../storage/types.js';
import { fold, SAME_MORNING_MINUTES, savesPerWeek } from './fold.js';
import { identify, KEY_PATTERN, MATERIAL_MINUTES, minutesApart, sameRoutine } from './identity.js';

let nextId = 1;
function row(pattern_type: string, device_id: string, pattern_metadata: Record<string, unknown>, extra: Partial<PatternRow> = {}): PatternRow {
  const t = '2026-11-24T00:00:00.000Z';
  return { id: nextId++, pattern_type, device_id, pattern_metadata, confidence: 0.9, occurrences: 20, created_at: t, pattern_key: 'k', area_id: null, updated_at: t, last_seen: t, ...extra };
}
const candidate = (p: PatternRow) => ({ pattern: p, identity: identify(p)! });
const time = (entity: string, minute: number, dayType = 'all', extra: Record<string, unknown> = {}) => row('time_based', entity, { entity_id: entity, typical_minute: minute, day_type: dayType, days_matched: 28, days_observed: 28, ...extra });
const pair = (a: string, b: string, occurrences = 20) => row('co_occurrence', a, { trigger: a, follower: b, days_observed: 28 }, { occurrences });
const chain = (steps: string[], occurrences = 20) => row('sequence', steps[0]!, { steps, days_observed: 28 }, { occurrences });
const sun = (entity: string, follows = true) => row('contextual', entity, { entity_id: entity, context: { kind: 'sun', value: 'below_horizon' }, follows_change: follows, days: 28, after_change_minutes: { n: 28 } });

describe('suggestion identity', () => {
  it('names a routine by kind and entities in order; a clock routine also by its minute', () => {
    const t = identify(time('light.porch', 7 * 60 + 5.4, 'weekdays'))!;
    assert.deepEqual([t.key, t.routine, t.kind, t.entities, t.minute], ['time:light.porch:weekdays:0705', 'time:light.porch:weekdays', 'time', ['light.porch'], 425]);
    assert.equal(identify(time('light.porch', 23 * 60 + 59.7))!.minute, 0, 'rounds across midnight');
    assert.equal(identify(row('time_based', 'light.x', { typical_time: '18:30' }))!.key, 'time:light.x:all:1830', 'falls back to the HH:MM and the device');
    assert.equal(identify(row('time_based', 'light.x', {}))!.key, 'time:light.x:all', 'no time: the routine alone');
    assert.equal(identify(row('time_based', 'light.x', {}))!.minute, undefined);
    assert.deepEqual(identify(pair('light.a', 'switch.b')), { key: 'follows:light.a,switch.b', routine: 'follows:light.a,switch.b', kind: 'follows', entities: ['light.a', 'switch.b'] });
    assert.equal(identify(chain(['a.a', 'b.b', 'c.c']))!.key, 'chain:a.a,b.b,c.c');
    assert.deepEqual(identify(chain([]))!.entities, []);
    assert.equal(identify(sun('light.garden'))!.key, 'context:light.garden:sun:below_horizon');
    assert.equal(identify(row('duration', 'light.x', {})), null);
    for (const p of [time('light.porch', 425), pair('light.a', 'switch.b'), chain(['a.a', 'b.b']), sun('light.garden'), row('contextual', 'sensor.x', { context: { kind: 'temperature', value: '-5..0' } })]) {
      assert.match(identify(p)!.key, KEY_PATTERN);
    }
    assert.doesNotMatch('time:Light X', KEY_PATTERN);
    assert.doesNotMatch('duration:light.x', KEY_PATTERN);
  });

  it('the same routine: same kind and entities, and a time within MATERIAL_MINUTES (circular)', () => {
    assert.equal(minutesApart(1430, 10), 20);
    assert.equal(minutesApart(10, 1430), 20);
    assert.equal(minutesApart(100, 160), 60);
    const at = (m: number) => identify(time('light.porch', m))!;
    assert.ok(sameRoutine(at(420), at(420 + MATERIAL_MINUTES)));
    assert.ok(!sameRoutine(at(420), at(420 + MATERIAL_MINUTES + 1)));
    assert.ok(sameRoutine(at(1430), at(10)), 'across midnight');
    assert.ok(!sameRoutine(at(420), identify(time('light.porch', 420, 'weekdays'))!), 'another day type is another routine');
    assert.ok(!sameRoutine(at(420), identify(time('light.door', 420))!));
    assert.ok(sameRoutine(identify(pair('a.a', 'b.b'))!, identify(pair('a.a', 'b.b'))!));
    assert.ok(!sameRoutine(identify(pair('a.a', 'b.b'))!, identify(pair('b.b', 'a.a'))!));
  });
});

describe('one suggestion per routine', () => {
  it('a chain takes in its pairs and its shorter chains, in order only', () => {
    const long = chain(['light.a', 'light.b', 'light.c', 'fan.d']);
    const parts = [pair('light.a', 'light.b'), pair('light.b', 'fan.d'), chain(['light.b', 'light.c', 'fan.d'])];
    const backwards = pair('light.c', 'light.a');
    const other = pair('light.a', 'switch.x');
    const folded = fold([...parts, backwards, long, other].map(candidate));
    assert.deepEqual(folded.map((f) => f.kept.pattern.id).sort(), [long.id, backwards.id, other.id].sort());
    const kept = folded.find((f) => f.kept.pattern.id === long.id)!;
    assert.deepEqual(kept.covers.map((c) => c.pattern_id).sort(), parts.map((p) => p.id).sort());
    assert.match(kept.covers.find((c) => c.pattern_id === parts[0]!.id)!.why, /step of this chain/);
    assert.match(kept.covers.find((c) => c.pattern_id === parts[2]!.id)!.why, /shorter part/);
  });

  it('a chain does not take in a chain as long as itself, nor a pair its equal', () => {
    const a = chain(['a.a', 'b.b', 'c.c']);
    const b = chain(['a.a', 'c.c', 'b.b']);
    assert.equal(fold([a, b].map(candidate)).length, 2);
    const two = chain(['a.a', 'b.b']);
    assert.equal(fold([pair('a.a', 'b.b'), two].map(candidate)).length, 2, 'a pair is not folded into a two-step chain of the same length');
    assert.equal(fold([two, pair('a.a', 'b.b')].map(candidate)).length, 2, 'whichever comes first');
  });

  it('a clock time that follows sunset folds into the sun trigger of the same entity, only when it follows the change', () => {
    const t = time('light.garden', 16 * 60 + 9);
    const s = sun('light.garden');
    const folded = fold([t, s].map(candidate));
    assert.equal(folded.length, 1);
    assert.equal(folded[0]!.kept.pattern.id, s.id);
    assert.match(folded[0]!.covers[0]!.why, /follows the sun/);
    assert.equal(fold([time('light.garden', 969), sun('light.garden', false)].map(candidate)).length, 2, 'not following the change');
    assert.equal(fold([time('light.porch', 969), sun('light.garden')].map(candidate)).length, 2, 'another entity');
    const temperature = row('contextual', 'light.garden', { entity_id: 'light.garden', context: { kind: 'temperature', value: '0..5' }, follows_change: true, days: 28 });
    assert.equal(fold([time('light.garden', 969), temperature].map(candidate)).length, 2, 'only the sun');
  });

  it("a later step's own clock time folds into its chain when the chain's trigger turns on by the clock then", () => {
    const c = chain(['light.bedroom', 'light.hall', 'fan.bath']);
    const first = time('light.bedroom', 390, 'weekdays');
    const later = time('fan.bath', 390 + SAME_MORNING_MINUTES, 'weekdays');
    const folded = fold([c, first, later].map(candidate));
    assert.deepEqual(folded.map((f) => f.kept.pattern.id).sort(), [c.id, first.id].sort(), "the trigger's own clock time stays: nothing else turns it on");
    assert.match(folded.find((f) => f.kept.pattern.id === c.id)!.covers[0]!.why, /later step of this chain.*time:light.bedroom:weekdays:0630/);
    const p = pair('light.desk', 'switch.monitor');
    assert.match(fold([p, time('light.desk', 540), time('switch.monitor', 541)].map(candidate)).find((f) => f.kept.pattern.id === p.id)!.covers[0]!.why, /later step of this pair/);
    // Not folded: too far apart, another day type, no clock time of the trigger, or the trigger itself.
    assert.equal(fold([c, first, time('fan.bath', 390 + SAME_MORNING_MINUTES + 1, 'weekdays')].map(candidate)).length, 3);
    assert.equal(fold([c, first, time('fan.bath', 391, 'weekends')].map(candidate)).length, 3);
    assert.equal(fold([c, time('fan.bath', 391, 'weekdays')].map(candidate)).length, 2);
    assert.equal(fold([c, first, time('light.hall', 391, 'weekdays'), time('light.other', 391, 'weekdays')].map(candidate)).length, 3, 'only steps of the chain');
    assert.equal(fold([c, row('time_based', 'fan.bath', { entity_id: 'fan.bath', day_type: 'weekdays' }), first].map(candidate)).length, 3, 'a step without a time is not folded');
  });

  it('ranks what is left by the manual actions a week it saves, then by confidence', () => {
    const weekly = savesPerWeek(candidate(time('light.a', 400, 'weekdays', { mask_days_matched: 20, mask_days_observed: 20 })));
    assert.equal(weekly, 5);
    assert.equal(savesPerWeek(candidate(time('light.a', 400, 'weekends', { mask_days_matched: 4, mask_days_observed: 8 }))), 1);
    assert.equal(savesPerWeek(candidate(time('light.a', 400, 'some', { days_matched: 14, days_observed: 28 }))), 3.5, 'a routine of some days: 7 a week × its share');
    assert.equal(savesPerWeek(candidate(time('light.a', 400, 'all', { weekday_mask: [1, 3], mask_days_matched: 8, mask_days_observed: 8 }))), 2, 'a weekday mask');
    assert.equal(savesPerWeek(candidate(time('light.a', 400, 'all', { weekday_mask: [1, 2, 3, 4, 5, 6, 7], days_matched: 14, days_observed: 28 }))), 3.5, 'a mask of every day is every day');
    assert.ok(Number.isNaN(savesPerWeek(candidate(time('light.a', 400, 'all', { days_observed: 0 })))));
    assert.throws(() => savesPerWeek(candidate(time('light.a', 400, 'all', { days_observed: '28' }))), /^Error: time_based pattern metadata: field days_observed: /, 'a count that is not a number is a wrong shape');
    assert.equal(savesPerWeek(candidate(time('light.a', 400, 'all', { weekday_mask: [], days_matched: 28, days_observed: 28 }))), 7, 'an empty mask is every day');
    assert.equal(savesPerWeek(candidate(pair('a.a', 'b.b', 14))), 3.5);
    assert.equal(savesPerWeek(candidate(chain(['a.a', 'b.b', 'c.c'], 14))), 7, 'two later steps per occurrence');
    assert.ok(Number.isNaN(savesPerWeek(candidate(row('co_occurrence', 'a.a', { trigger: 'a.a', follower: 'b.b' })))), 'no days observed');
    assert.ok(Number.isNaN(savesPerWeek(candidate(row('co_occurrence', 'a.a', { trigger: 'a.a', follower: 'b.b', days_observed: 0 })))), 'no days observed');
    assert.equal(savesPerWeek(candidate(row('co_occurrence', 'a.a', { trigger: 'a.a', follower: 'b.b', days_observed: 0.5 }, { occurrences: 1 }))), 7, 'at least a day');
    assert.equal(savesPerWeek(candidate(sun('light.g'))), 7);
    assert.ok(Number.isNaN(savesPerWeek(candidate(row('contextual', 'light.g', { entity_id: 'light.g', context: { kind: 'sun', value: 'x' }, days: 0 })))));
    const many = pair('a.a', 'b.b', 40);
    const few = pair('c.c', 'd.d', 10);
    const unknown = row('co_occurrence', 'e.e', { trigger: 'e.e', follower: 'f.f' });
    const same1 = pair('g.g', 'h.h', 10);
    const same2 = { ...pair('i.i', 'j.j', 10), confidence: 0.95 };
    const order = fold([unknown, few, same1, many, same2].map(candidate)).map((f) => f.kept.pattern.id);
    assert.deepEqual(order, [many.id, same2.id, few.id, same1.id, unknown.id], 'most saved first; equal savings by confidence, then id; unknown savings last');
    assert.deepEqual(fold([many].map(candidate)).map((f) => f.savesPerWeek), [10]);
  });
});
