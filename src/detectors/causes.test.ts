import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import { at, calendar, HomeBuilder } from '../testing/home.js';
import { carriedFromEvents, scanDay } from './activity.js';
import { AUTOMATION_LINK_MS, AutomationRuns, isRunStart, SYSTEM_LINK_MS } from './automation-runs.js';
import { actorOf, causesOf, hoursNear, withCauses } from './causes.js';
import { ACTIVITY_DAILY, summarizeDayFacts } from './day-facts.js';
import { ReadReport } from './registry.js';

const D = '2026-10-06';
const day = calendar.day(D);
const runEvent = (entityId: string, time: number, triggered = time) => ({ entityId, domain: entityId.split('.')[0]!, state: 'on', time, attributes: { last_triggered: new Date(triggered).toISOString() } });

describe('which automation caused a change', () => {
  it('a run start is an automation entity written on, with last_triggered within a second of the write', () => {
    const t = at(D, '07:00');
    assert.equal(isRunStart(runEvent('automation.hall', t)), true);
    assert.equal(isRunStart(runEvent('automation.hall', t, t - 1000)), true, 'a second late is still the start');
    assert.equal(isRunStart(runEvent('automation.hall', t, t - 1001)), false, 'the end of an older run');
    assert.equal(isRunStart(runEvent('automation.hall', t, t + 1001)), false);
    assert.equal(isRunStart({ ...runEvent('automation.hall', t), state: 'off' }), false, 'a disabled automation does not run');
    assert.equal(isRunStart({ ...runEvent('script.hall', t), domain: 'script' }), false);
    assert.equal(isRunStart({ ...runEvent('automation.hall', t), attributes: {} }), false);
  });

  it('links an automation’s change to the last run within a minute, a system change within 2 s, never a person’s', () => {
    const runs = new AutomationRuns();
    const t = at(D, '07:00');
    assert.deepEqual(runs.attribute({ cause: 'automation', time: t }), { cause: 'automation', automation: null }, 'no run seen');
    assert.deepEqual(runs.attribute({ cause: 'system', time: t }), { cause: 'system', automation: null });
    runs.note(runEvent('automation.a', t - 5000));
    runs.note(runEvent('automation.b', t));
    runs.note({ ...runEvent('automation.c', t + 1), attributes: {} });
    assert.deepEqual(runs.attribute({ cause: 'automation', time: t + AUTOMATION_LINK_MS }), { cause: 'automation', automation: 'automation.b' });
    assert.deepEqual(runs.attribute({ cause: 'automation', time: t + AUTOMATION_LINK_MS + 1 }), { cause: 'automation', automation: null });
    assert.deepEqual(runs.attribute({ cause: 'system', time: t + SYSTEM_LINK_MS }), { cause: 'automation', automation: 'automation.b' }, 'a clock-triggered automation’s action has no parent context');
    assert.deepEqual(runs.attribute({ cause: 'system', time: t + SYSTEM_LINK_MS + 1 }), { cause: 'system', automation: null });
    assert.deepEqual(runs.attribute({ cause: 'person', time: t }), { cause: 'person', automation: null });
  });
});

describe('the day scan’s facts by cause', () => {
  it('counts each entity’s activations by cause and hour, and by the automation that ran', () => {
    const b = new HomeBuilder().set('automation.hall', day.start - 3600_000, 'on');
    b.run('automation.hall', at(D, '07:00'));
    b.set('light.hall', at(D, '07:00:01'), 'on', {}, 'automation').set('light.hall', at(D, '07:03'), 'off', {}, 'person');
    b.set('light.hall', at(D, '19:00'), 'on', {}, 'person').set('light.hall', at(D, '19:30'), 'off', {}, 'person');
    b.set('light.hall', at(D, '20:00'), 'on', {}, 'system').set('light.hall', at(D, '20:30'), 'off', {}, 'system');
    b.set('light.hall', at(D, '21:00'), 'on', {}, 'automation');
    const events = b.build();
    const activity = scanDay({ day, calendar, events, lookbackStart: day.start - 3600_000, carried: carriedFromEvents(new Map()) });
    const facts = summarizeDayFacts(activity);
    // the automation itself is no activity: "on" is enabled, its runs are read from last_triggered
    assert.deepEqual(facts.map((r) => r.tags['entity_id']), ['light.hall']);
    const f = ACTIVITY_DAILY.decode(facts[0]!);
    assert.equal(f.count, 4);
    const causes = JSON.parse(f.causes!) as Record<string, number[]>;
    const hoursOf = (list: number[] | undefined) => list!.flatMap((n, h) => (n > 0 ? [`${h}:${n}`] : [])).join(' ');
    assert.deepEqual(Object.keys(causes).sort(), ['automation', 'person', 'system']);
    assert.equal(hoursOf(causes['automation']), '7:1 21:1');
    assert.equal(hoursOf(causes['person']), '19:1');
    assert.equal(hoursOf(causes['system']), '20:1');
    assert.deepEqual(JSON.parse(f.automations!), { 'automation.hall': 1 }, 'the 21:00 change came long after the run');
  });

  it('an activation of unknown cause counts, in no cause', () => {
    const activity = scanDay({ day, calendar, events: new HomeBuilder().pulse('light.a', at(D, '08:00')).build(), lookbackStart: day.start, carried: carriedFromEvents(new Map()) });
    const [facts] = summarizeDayFacts({ ...activity, activations: activity.activations.map(({ cause: _cause, ...a }) => a) });
    assert.deepEqual([ACTIVITY_DAILY.decode(facts!).count, facts!.fields['causes']], [1, '{}']);
  });

  it('a version 1 record (no causes) is read as it is: its activations count, their causes are unknown', () => {
    const v1: AggregateRecord = { measurement: 'activity_daily', period: D, time: day.start, tags: { entity_id: 'light.a' }, fields: { count: 2, hours: JSON.stringify(new Array(24).fill(0)) }, version: 1 };
    const read = new ReadReport();
    assert.deepEqual(read.read([v1]), [v1]);
    assert.equal(read.counts()['old_records'], 1);
    assert.equal(causesOf([v1], 'light.a', null), null);
  });
});

const facts = (period: string, entityId: string, causes: Record<string, Record<number, number>>, automations: Record<string, number> = {}): AggregateRecord => {
  const byCause = Object.fromEntries(Object.entries(causes).map(([c, hours]) => [c, Array.from({ length: 24 }, (_, h) => hours[h] ?? 0)]));
  return { measurement: 'activity_daily', period, time: 0, tags: { entity_id: entityId }, fields: { count: 0, hours: '[]', causes: JSON.stringify(byCause), automations: JSON.stringify(automations) } };
};
const pattern = (patternType: string, metadata: Record<string, unknown>): PatternUpsert => ({ patternType, deviceId: 'x', key: 'k', metadata, confidence: 1, occurrences: 1, lastSeen: 0 });

describe('a pattern’s causes', () => {
  it('the entity that acts: the time routine’s near its time, the follower, the last step, the entity', () => {
    assert.deepEqual(actorOf(pattern('time_based', { entity_id: 'light.a', typical_minute: 7 * 60 + 10 })), { entityId: 'light.a', hours: new Set([6, 7]) });
    assert.deepEqual(actorOf(pattern('time_based', { entity_id: 'light.a' })), { entityId: 'light.a', hours: null });
    assert.deepEqual(actorOf(pattern('co_occurrence', { trigger: 'a.a', follower: 'b.b' })), { entityId: 'b.b', hours: null });
    assert.deepEqual(actorOf(pattern('sequence', { steps: ['a.a', 'b.b', 'c.c'] })), { entityId: 'c.c', hours: null });
    assert.deepEqual(actorOf(pattern('sequence', { steps: 'a.a' })), null);
    assert.deepEqual(actorOf(pattern('duration', { entity_id: 'd.d' })), { entityId: 'd.d', hours: null });
    assert.deepEqual(actorOf(pattern('contextual', { entity_id: 'e.e' })), { entityId: 'e.e', hours: null });
    assert.equal(actorOf(pattern('room_based', { entity_id: 'e.e' })), null);
    assert.equal(actorOf(pattern('duration', { entity_id: 3 })), null);
  });

  it('hours within 30 min of a time of day, across midnight', () => {
    assert.deepEqual([...hoursNear(7 * 60 + 30)].sort((a, b) => a - b), [7]);
    assert.deepEqual([...hoursNear(7 * 60 + 29)].sort((a, b) => a - b), [6, 7]);
    assert.deepEqual([...hoursNear(7 * 60 + 31)].sort((a, b) => a - b), [7, 8]);
    assert.deepEqual([...hoursNear(10)].sort((a, b) => a - b), [0, 23]);
  });

  it('shares of the window’s activations by cause, the automations most first; the look-back’s days left out', () => {
    const records = [
      facts('2026-10-05', 'light.a', { automation: { 7: 4, 20: 9 }, person: { 7: 1 } }, { 'automation.z': 2, 'automation.y': 2, 'automation.x': 9 }),
      facts('2026-10-06', 'light.a', { automation: { 6: 3 }, system: { 12: 5 } }, { 'automation.x': 3 }),
      facts('2026-10-04', 'light.a', { person: { 7: 50 } }),
      facts('2026-10-06', 'light.b', { person: { 7: 1 } }),
    ];
    const [time, other, pair] = withCauses(
      [pattern('time_based', { entity_id: 'light.a', typical_minute: 7 * 60 }), pattern('room_based', {}), pattern('co_occurrence', { follower: 'light.a' })],
      records,
      ['2026-10-05', '2026-10-06'],
    );
    assert.deepEqual(time!.metadata['causes'], { person: 1, automation: 7, system: 0, shares: { person: 0.125, automation: 0.875, system: 0 }, automations: [{ entity_id: 'automation.x', activations: 12 }, { entity_id: 'automation.y', activations: 2 }, { entity_id: 'automation.z', activations: 2 }] });
    assert.equal(other!.metadata['causes'], undefined);
    assert.deepEqual((pair!.metadata['causes'] as { shares: unknown }).shares, { person: 0.045, automation: 0.727, system: 0.227 });
    assert.equal(withCauses([pattern('duration', { entity_id: 'light.c' })], records, ['2026-10-06'])[0]!.metadata['causes'], undefined, 'no activation of known cause');
    assert.deepEqual(causesOf(records, 'light.b', null), { person: 1, automation: 0, system: 0, shares: { person: 1, automation: 0, system: 0 }, automations: [] }, 'of the entity asked for only');
  });
});
