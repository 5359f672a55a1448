import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PatternRow } from '../storage/types.js';
import { fold, SAME_MORNING_MINUTES, sameDays, savesPerWeek } from './fold.js';
import { identify, KEY_PATTERN, MATERIAL_MINUTES, minutesApart, saidAbout, sameRoutine } from './identity.js';

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
    assert.doesNotMatch('x-time:light.porch:all', KEY_PATTERN, 'anchored at the start');
    assert.doesNotMatch('time:light.porch:all:0700 ', KEY_PATTERN, 'and at the end');
    assert.equal(identify(row('time_based', 'light.x', { entity_id: '', day_type: '' }))!.key, 'time:light.x:all', 'an empty entity or day type is as good as none');
    assert.equal(identify(row('time_based', 'light.x', { typical_time: 'x18:30' }))!.minute, undefined, 'an HH:MM or nothing');
    assert.equal(identify(row('time_based', 'light.x', { typical_time: '18:30:15' }))!.minute, undefined);
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
    assert.ok(!sameRoutine(at(420), identify(time('light.door', 420))!));
  });

  it('a clock routine read on other days is the same routine while the days overlap', () => {
    const on = (dayType: string, extra: Record<string, unknown> = {}) => identify(time('light.porch', 420, dayType, extra))!;
    const mwf = on('days', { weekday_mask: [1, 3, 5] });
    assert.deepEqual([on('all').weekdays, on('weekdays').weekdays, on('weekends').weekdays, mwf.weekdays, on('some').weekdays], [undefined, [1, 2, 3, 4, 5], [6, 7], [1, 3, 5], undefined]);
    assert.ok(sameRoutine(on('all'), on('weekdays')), 'every day, then on weekdays: the day type read anew');
    assert.ok(sameRoutine(on('weekdays'), mwf) && sameRoutine(mwf, on('weekdays')));
    assert.ok(sameRoutine(on('some'), on('weekends')), 'an irregular routine may fall on any day');
    assert.ok(!sameRoutine(on('weekdays'), on('weekends')), 'no day in common: another routine');
    assert.ok(!sameRoutine(on('weekends'), mwf));
    assert.ok(!sameRoutine(on('days', { weekday_mask: [6] }), mwf));
    assert.ok(sameRoutine(on('days', { weekday_mask: [5, 6] }), mwf), 'Friday in common');
    assert.ok(!sameRoutine(on('weekdays'), identify(time('light.door', 420, 'weekdays'))!), 'another entity');
    assert.deepEqual(on('all'), { key: 'time:light.porch:all:0700', routine: 'time:light.porch:all', kind: 'time', entities: ['light.porch'], minute: 420 }, 'every day: no weekdays named');
    const untimed = identify(row('time_based', 'light.porch', { day_type: 'weekends' }))!;
    assert.deepEqual(untimed, { key: 'time:light.porch:weekends', routine: 'time:light.porch:weekends', kind: 'time', entities: ['light.porch'], weekdays: [6, 7] });
    assert.ok(sameRoutine(on('weekends'), untimed) && sameRoutine(untimed, on('weekends')), 'without a time on one side, the time does not part them');
  });

  it('what a stored word was said about, read back from its key', () => {
    const stored = (key: string, minute: number | null = 420) => saidAbout({ key, routine: key.split(':').slice(0, 3).join(':'), minute });
    assert.deepEqual(stored('time:light.porch:weekdays:0700'), { key: 'time:light.porch:weekdays:0700', routine: 'time:light.porch:weekdays', kind: 'time', entities: ['light.porch'], minute: 420, weekdays: [1, 2, 3, 4, 5] });
    assert.deepEqual(stored('time:light.porch:weekends:0700').weekdays, [6, 7]);
    assert.deepEqual(stored('time:light.porch:all:0700'), { key: 'time:light.porch:all:0700', routine: 'time:light.porch:all', kind: 'time', entities: ['light.porch'], minute: 420 });
    assert.equal(stored('time:light.porch:days:0700').weekdays, undefined, 'which weekdays a `days` key was is not stored: any');
    assert.equal(stored('time:light.porch:all', null).minute, undefined);
    const weekends = identify(time('light.porch', 425, 'weekends'))!;
    assert.ok(!sameRoutine(stored('time:light.porch:weekdays:0700'), weekends));
    assert.ok(sameRoutine(stored('time:light.porch:days:0700'), weekends));
    assert.ok(sameRoutine(stored('time:light.porch:all:0700'), weekends));
    const follows = saidAbout({ key: 'follows:light.a,switch.b', routine: 'follows:light.a,switch.b', minute: null });
    assert.deepEqual(follows, { key: 'follows:light.a,switch.b', routine: 'follows:light.a,switch.b', kind: 'follows', entities: ['light.a', 'switch.b'] });
    assert.ok(sameRoutine(follows, identify(pair('light.a', 'switch.b'))!));
    assert.ok(!sameRoutine(follows, identify(pair('light.a', 'switch.c'))!));
    assert.ok(!sameRoutine(follows, identify(time('light.a', 420))!), 'a word on a pair is not about its trigger\'s clock routine');
    assert.ok(!sameRoutine(stored('time:light.a:all:0700'), identify(pair('light.a', 'switch.b'))!), 'a clock word is not about a pair');
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
    assert.deepEqual(folded.map((f) => f.kept.pattern.id), [c.id], "the trigger's own clock time joins it (below)");
    assert.match(folded[0]!.covers.find((x) => x.pattern_id === later.id)!.why, /later step of this chain.*time:light.bedroom:weekdays:0630/);
    const p = pair('light.desk', 'switch.monitor');
    const monitor = time('switch.monitor', 541);
    assert.match(fold([p, time('light.desk', 540), monitor].map(candidate)).find((f) => f.kept.pattern.id === p.id)!.covers.find((x) => x.pattern_id === monitor.id)!.why, /later step of this pair/);
    // Not folded: too far apart, another day type, no clock time of the trigger, or the trigger itself.
    assert.equal(fold([c, first, time('fan.bath', 390 + SAME_MORNING_MINUTES + 1, 'weekdays')].map(candidate)).length, 3);
    assert.equal(fold([c, first, time('fan.bath', 391, 'weekends')].map(candidate)).length, 3);
    assert.equal(fold([c, time('fan.bath', 391, 'weekdays')].map(candidate)).length, 2);
    assert.equal(fold([c, first, time('light.hall', 391, 'weekdays'), time('light.other', 391, 'weekdays')].map(candidate)).length, 2, 'only steps of the chain (light.other, in no room, stays)');
    assert.equal(fold([c, row('time_based', 'fan.bath', { entity_id: 'fan.bath', day_type: 'weekdays' }), first].map(candidate)).length, 3, 'a step without a time is not folded');
  });

  it("a chain's trigger's own clock time joins it when the rest follows then: one automation at that time or when the trigger turns on", () => {
    const c = chain(['light.bedroom', 'light.hall', 'fan.bath']);
    const first = time('light.bedroom', 390, 'weekdays', { mask_days_matched: 17, mask_days_observed: 21 });
    const later = time('light.hall', 391, 'weekdays');
    const folded = fold([first, later, c].map(candidate));
    assert.equal(folded.length, 1);
    assert.deepEqual(folded[0]!.joins.map((j) => j.pattern.id), [first.id]);
    assert.match(folded[0]!.covers.find((x) => x.pattern_id === first.id)!.why, /^light\.bedroom turns on by the clock at 06:30 and the rest of this chain follows \(time:light\.hall:weekdays:0631\): one automation/);
    assert.equal(folded[0]!.savesPerWeek, savesPerWeek(candidate(c)) + 5 * 17 / 21, "saves the chain's later steps and the trigger's own action at its clock time");
    assert.equal(folded[0]!.covers.find((x) => x.pattern_id === later.id)!.why.startsWith('a later step'), true, 'a later step is folded, not joined');
    // two clock times of the trigger on other days: both join, earliest first
    const p = pair('light.kitchen', 'switch.coffee');
    const weekend = time('light.kitchen', 542, 'weekends');
    const weekday = time('light.kitchen', 406, 'weekdays');
    const both = fold([p, weekend, time('switch.coffee', 544, 'weekends'), weekday, time('switch.coffee', 408, 'weekdays')].map(candidate));
    assert.equal(both.length, 1);
    assert.deepEqual(both[0]!.joins.map((j) => j.pattern.id), [weekday.id, weekend.id]);
    assert.match(both[0]!.covers.find((x) => x.pattern_id === weekend.id)!.why, /rest of this pair follows/);
    // Not joined: no later step has a clock time then (the same light at night is another routine), or only on other days.
    const night = time('light.bedroom', 22 * 60, 'weekdays');
    assert.deepEqual(fold([c, night, later].map(candidate)).map((f) => f.kept.pattern.id).sort(), [c.id, night.id, later.id].sort());
    assert.equal(fold([c, first, time('light.hall', 391, 'weekends')].map(candidate)).length, 3);
    assert.equal(fold([c, first].map(candidate)).length, 2, 'no clock time of a later step at all');
    assert.equal(fold([c, time('light.other', 390, 'weekdays'), time('light.hall', 391, 'weekdays')].map(candidate)).length, 3, "only the trigger's clock time");
    assert.deepEqual(fold([c].map(candidate))[0]!.joins, []);
    assert.equal(fold([c, first, time('light.bedroom', 395)].map(candidate)).length, 3, "the trigger's other clock time is no later step");
    assert.match(fold([c, time('light.bedroom', 365), time('light.hall', 366)].map(candidate))[0]!.covers.find((x) => x.key.endsWith('0605'))!.why, / at 06:05 /);
  });

  it('clock times on compatible days: the same day type, every day, or some days within a weekday one', () => {
    const weekdays = candidate(time('a.a', 400, 'weekdays', { mask_days_matched: 17 }));
    const some = (days: number) => candidate(time('b.b', 400, 'some', { days_matched: days, mask_days_matched: days }));
    assert.ok(sameDays(weekdays, weekdays));
    assert.ok(sameDays(weekdays, candidate(time('b.b', 400, 'all'))));
    assert.ok(sameDays(candidate(time('b.b', 400, 'all')), candidate(time('a.a', 400, 'weekends'))));
    assert.ok(sameDays(some(16), weekdays), 'some days, on no more days than the weekdays');
    assert.ok(sameDays(weekdays, some(17)));
    assert.ok(sameDays(some(17), weekdays), 'as many days as the weekday one');
    assert.ok(!sameDays(some(18), weekdays), 'more days than the weekday one holds: some weekends too');
    assert.ok(!sameDays(weekdays, some(18)));
    assert.ok(!sameDays(weekdays, candidate(time('a.a', 400, 'weekends'))));
    assert.ok(!sameDays(candidate(time('a.a', 400, 'weekends')), weekdays));
    assert.ok(!sameDays(candidate(time('b.b', 400, 'some', { days_matched: undefined })), weekdays), 'an unknown count is not compatible');
    assert.ok(sameDays(some(16), some(30)));
    // folded accordingly: a "some days" coffee beside a weekday kitchen light
    const p = pair('light.kitchen', 'switch.coffee');
    const light = time('light.kitchen', 406, 'weekdays', { mask_days_matched: 17 });
    const coffee = (days: number) => time('switch.coffee', 408, 'some', { days_matched: days, days_observed: 30, mask_days_matched: days });
    assert.equal(fold([p, light, coffee(16)].map(candidate)).length, 1);
    assert.equal(fold([p, light, coffee(25)].map(candidate)).length, 3);
  });

  it('a clock time in the same room the same mornings as the trigger by the clock joins the pair', () => {
    const office = <T extends PatternRow>(p: T): T => ({ ...p, area_id: 'office' });
    const weekdays = { weekday_mask: [1, 2, 3, 4, 5], mask_days_matched: 17, mask_days_observed: 21, days_matched: 17, days_observed: 30 };
    const p = office(pair('light.desk', 'switch.monitor'));
    const desk = office(time('light.desk', 541, 'weekdays', weekdays));
    const monitor = office(time('switch.monitor', 542, 'weekdays', weekdays));
    const music = (minute: number, area: string | null = 'office', dayType = 'weekdays', extra: Record<string, unknown> = weekdays) => ({ ...time('media.speaker', minute, dayType, extra), area_id: area });
    const speaker = music(555);
    const folded = fold([p, desk, monitor, speaker].map(candidate));
    assert.equal(folded.length, 1);
    assert.deepEqual(folded[0]!.joins.map((j) => j.pattern.id), [desk.id, speaker.id]);
    assert.match(folded[0]!.covers.find((x) => x.pattern_id === speaker.id)!.why, /^the same room \(office\) the same mornings: light\.desk turns on by the clock about then \(time:light\.desk:weekdays:0901\)/);
    // Not joined: another room, no room, later than SAME_MORNING_MINUTES, other days, or no clock time of the trigger.
    assert.equal(fold([p, desk, monitor, music(555, 'kitchen')].map(candidate)).length, 2);
    assert.equal(fold([p, desk, monitor, music(555, null)].map(candidate)).length, 2);
    assert.equal(fold([{ ...p, area_id: null }, desk, monitor, music(555, null)].map(candidate)).length, 2, 'no room is not the same room');
    assert.equal(fold([p, desk, monitor, music(541 + SAME_MORNING_MINUTES + 1)].map(candidate)).length, 2);
    assert.equal(fold([p, desk, monitor, music(541 + SAME_MORNING_MINUTES)].map(candidate)).length, 1);
    assert.equal(fold([p, desk, monitor, music(555, 'office', 'weekends', { weekday_mask: [6, 7], mask_days_matched: 8, mask_days_observed: 8 })].map(candidate)).length, 2);
    assert.equal(fold([p, monitor, speaker].map(candidate)).length, 3, "without the desk lamp's clock time, neither follows it");
    // Mon/Wed/Fri music within the desk's weekdays joins, with its own days (joined.ts keeps them per trigger)
    assert.deepEqual(fold([p, desk, monitor, music(555, 'office', 'days', { weekday_mask: [1, 3, 5], mask_days_matched: 12, mask_days_observed: 13 })].map(candidate))[0]!.joins.length, 2);
  });

  it('an irregular clock time (on some days, none in particular) folds into its pair but is no trigger of it: it would fire every day', () => {
    const office = <T extends PatternRow>(p: T): T => ({ ...p, area_id: 'office' });
    const some = { days_matched: 16, days_observed: 30 };
    const p = office(pair('light.desk', 'switch.monitor'));
    const desk = office(time('light.desk', 541, 'some', some));
    const monitor = office(time('switch.monitor', 542, 'some', some));
    const speaker = { ...time('media.speaker', 555, 'some', some), area_id: 'office' };
    const folded = fold([p, desk, monitor, speaker].map(candidate));
    assert.equal(folded.length, 1, 'one suggestion for the routine');
    assert.deepEqual(folded[0]!.joins, []);
    const why = folded[0]!.covers.find((x) => x.pattern_id === speaker.id)!.why;
    assert.equal(why, 'the same room (office) the same mornings: on no particular days, so not by the clock (it would run every day); the pair does it when light.desk turns on');
    const own = folded[0]!.covers.find((x) => x.pattern_id === desk.id)!.why;
    assert.match(own, /^light\.desk turns on by the clock at 09:01 and the rest of this pair follows \(time:switch\.monitor:some:0902\): on no particular days/);
    assert.equal(folded[0]!.savesPerWeek, savesPerWeek(candidate(p)), 'saves only what the pair does');
  });

  it('a chain whose first steps switch nothing folds into its part that starts nearest what it switches', () => {
    const door = ['lock.front_door', 'binary_sensor.front_door', 'light.entrance'];
    const anna = chain(['person.anna', ...door], 19);
    const ben = chain(['person.ben', ...door], 11);
    const locked = chain(door, 54);
    const opens = pair('binary_sensor.front_door', 'light.entrance', 131);
    const annaLight = pair('person.anna', 'light.entrance', 15);
    const folded = fold([anna, ben, locked, opens, annaLight].map(candidate));
    assert.deepEqual(folded.map((f) => f.kept.pattern.id), [opens.id], 'the door opening: every arrival opens it before the light');
    assert.deepEqual(folded[0]!.covers.map((c) => c.pattern_id).sort(), [anna.id, ben.id, locked.id, annaLight.id].sort(), 'with what the chains had folded');
    assert.match(folded[0]!.covers.find((c) => c.pattern_id === anna.id)!.why, /^what it switches follows binary_sensor\.front_door in every occurrence, and its earlier steps switch nothing/);
    assert.equal(folded[0]!.savesPerWeek, savesPerWeek(candidate(opens)), 'its own evidence: every door opening');
    // without the door's pair, into the locked chain: the nearest part kept
    assert.deepEqual(fold([anna, ben, locked].map(candidate)).map((f) => f.kept.pattern.id), [locked.id]);
    // a later step's clock time goes along, and a step nothing switches has a clock time as evidence only
    const lockClock = time('lock.front_door', 441, 'weekdays', { mask_days_matched: 17 });
    const light = time('light.entrance', 443, 'some', { days_matched: 16 });
    const withClock = fold([anna, locked, opens, light].map(candidate), [anna, locked, opens, light, lockClock].map(candidate));
    assert.deepEqual(withClock.map((f) => f.kept.pattern.id), [opens.id]);
    assert.match(withClock[0]!.covers.find((c) => c.pattern_id === light.id)!.why, /lock\.front_door itself turns on about then \(time:lock\.front_door:weekdays:0721\)/);
    assert.equal(fold([anna, locked, opens, light].map(candidate)).length, 2, "without the lock's clock time as evidence, the light's stays");
    // Not folded: a chain that switches something before the nearer trigger, a part not at its end, two chains neither a part of the other.
    const morning = chain(['light.a', 'light.b', 'fan.c']);
    assert.deepEqual(fold([morning, pair('light.b', 'fan.c')].map(candidate)).map((f) => f.kept.pattern.id), [morning.id], 'light.b is switched by the chain');
    const further = chain(['person.anna', 'binary_sensor.front_door', 'light.entrance', 'light.hall']);
    assert.deepEqual(fold([further, opens].map(candidate)).map((f) => f.kept.pattern.id), [further.id], 'the door pair is not at its end');
    assert.equal(fold([anna, ben].map(candidate)).length, 2);
    const lit = chain(['person.anna', 'light.hall', 'binary_sensor.front_door', 'light.entrance']);
    assert.deepEqual(fold([lit, opens].map(candidate)).map((f) => f.kept.pattern.id), [lit.id], 'one step before the door is switched: not the same actions');
    assert.equal(fold([chain(['person.anna', 'binary_sensor.front_door', 'light.porch']), opens].map(candidate)).length, 2, 'another light');
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

  it('counts a clock routine on the days it fires and was done, and ranks one on no particular days after every other', () => {
    const mwf = time('light.m', 400, 'days', { weekday_mask: [1, 3, 5], mask_days_matched: 12, mask_days_observed: 13 });
    assert.equal(savesPerWeek(candidate(mwf)), (3 * 12) / 13, 'three days a week, done on 12 of 13 of them');
    const irregular = time('light.i', 600, 'some', { weekday_mask: [1, 2, 3, 4, 5, 6, 7], days_matched: 16, days_observed: 30, mask_days_matched: 16, mask_days_observed: 30 });
    assert.equal(savesPerWeek(candidate(irregular)), (7 * 16) / 30, 'fires every day, done on 16 of 30');
    const small = pair('c.c', 'd.d', 4);
    const [first, second, third] = fold([irregular, small, mwf].map(candidate));
    assert.deepEqual([first!.kept.pattern.id, second!.kept.pattern.id, third!.kept.pattern.id], [mwf.id, small.id, irregular.id], 'irregular last though it saves more than the pair (3.7 > 1)');
    assert.ok(third!.savesPerWeek > second!.savesPerWeek);
  });
});
