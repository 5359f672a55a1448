import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AggregateRecord } from '../storage/types.js';
import { at, calendar, HomeBuilder } from '../testing/home.js';
import { carriedFromEvents, scanDay } from './activity.js';
import { OverrideTracker } from './override-tracker.js';
import { findOverrides, OVERRIDE_DAILY, summarizeOverrides } from './overrides.js';
import { DEFAULT_DETECTOR_SETTINGS } from './settings.js';

const D = '2026-10-06';
const day = calendar.day(D);
const S = DEFAULT_DETECTOR_SETTINGS.overrides;

describe('overrides in a day’s scan', () => {
  it('an automated change is undone when the entity’s next change is a person’s; the next change closes it either way', () => {
    const t = new OverrideTracker();
    t.change('light.a', 100, true, 'automation', 'automation.x', true);
    t.change('light.a', 400, false, 'person', null, true);
    t.change('light.a', 500, true, 'automation', 'automation.x', true);
    t.change('light.a', 900, false, 'automation', 'automation.x', true);
    t.change('light.a', 950, true, 'system', null, true);
    t.change('light.b', 50, false, 'automation', null, false); // the look-back: the day before’s
    t.change('light.b', 60, true, 'person', null, true);
    t.change('light.c', 70, true, 'automation', null, true);
    t.change('light.d', 80, true, 'person', null, true);
    t.change('light.f', 70, true, 'automation', null, true);
    t.change('light.e', 70, true, 'automation', null, true);
    assert.deepEqual(t.finish(), [
      { entityId: 'light.c', automation: null, on: true, time: 70, undoneAfterMs: null },
      { entityId: 'light.e', automation: null, on: true, time: 70, undoneAfterMs: null },
      { entityId: 'light.f', automation: null, on: true, time: 70, undoneAfterMs: null },
      { entityId: 'light.a', automation: 'automation.x', on: true, time: 100, undoneAfterMs: 300 },
      { entityId: 'light.a', automation: 'automation.x', on: true, time: 500, undoneAfterMs: null },
      { entityId: 'light.a', automation: 'automation.x', on: false, time: 900, undoneAfterMs: null },
    ]);
  });

  it('the day scan finds them; the day’s record per automation, entity and direction', () => {
    const b = new HomeBuilder().set('automation.hall', day.start - 3600_000, 'on').set('light.hall', day.start - 3600_000, 'off');
    for (const [clock, offAfter] of [['07:00', 300], ['08:00', 120], ['09:00', 1200]] as const) {
      b.run('automation.hall', at(D, clock));
      b.set('light.hall', at(D, clock) + 500, 'on', {}, 'automation').set('light.hall', at(D, clock) + 500 + offAfter * 1000, 'off', {}, 'person');
    }
    b.set('light.hall', at(D, '22:00'), 'on', {}, 'person').set('light.hall', at(D, '22:30'), 'off', {}, 'automation');
    b.run('automation.hall', at(D, '23:00')).set('light.hall', at(D, '23:00') + 500, 'on', {}, 'automation');
    b.run('automation.hall', at(D, '23:10')).set('light.hall', at(D, '23:10') + 500, 'off', {}, 'automation').set('light.hall', at(D, '23:12') + 500, 'on', {}, 'person');
    const activity = scanDay({ day, calendar, events: b.build(), lookbackStart: day.start - 3600_000, carried: carriedFromEvents(new Map()) });
    const records = summarizeOverrides(activity);
    assert.deepEqual(
      records.map((r) => [r.tags, OVERRIDE_DAILY.decode(r)]),
      [
        [{ entity_id: 'light.hall', automation: 'automation.hall', set: 'off' }, { runs: 1, undone_seconds: '[120]' }],
        [{ entity_id: 'light.hall', automation: 'automation.hall', set: 'on' }, { runs: 4, undone_seconds: '[120,300,1200]' }],
        [{ entity_id: 'light.hall', set: 'off' }, { runs: 1, undone_seconds: '[]' }],
      ],
    );
    assert.equal(records[0]!.period, D);
  });
});

const hallTags = { entity_id: 'light.hall', automation: 'automation.hall', set: 'on' };
const rec = (period: string, runs: number, undone: number[], tags: Record<string, string> = { entity_id: 'light.hall', automation: 'automation.hall', set: 'on' }): AggregateRecord => ({ measurement: 'override_daily', period, time: 0, tags, fields: { runs, undone_seconds: JSON.stringify(undone) } });

describe('automations to fix', () => {
  it('sums the newest days back to the recent runs; reports a majority undone within the limit', () => {
    const records = [
      rec('2026-10-03', 3, [60, 240, 601]),
      rec('2026-10-01', 5, [10, 10, 10, 10, 10]), // beyond the last 10 runs: not counted
      rec('2026-10-04', 3, [30, 200]),
      rec('2026-10-02', 4, []),
    ];
    assert.deepEqual(findOverrides(records, S), [], '4 of the last 10 is not half');
    const more = [...records, rec('2026-10-05', 2, [20, 500])];
    assert.deepEqual(findOverrides(more, S), [{ entityId: 'light.hall', automation: 'automation.hall', sets: 'on', runs: 12, undone: 6, withinMinutes: 9, from: '2026-10-02', to: '2026-10-05' }]);
    assert.deepEqual(findOverrides(more, { ...S, undoMinutes: 5 }), [], 'the limit is the setting');
    assert.equal(findOverrides([rec('2026-10-04', 4, [600, 600])], S).length, 1, 'at the limit is within it');
    const both = findOverrides([rec('2026-10-04', 4, [30, 30]), rec('2026-10-04', 4, [30, 30, 30], { ...hallTags, set: 'off' })], S);
    assert.deepEqual(both.map((o) => [o.sets, o.undone]), [['off', 3], ['on', 2]], 'on and off are two overrides');
    const two = findOverrides([rec('2026-10-04', 4, [30, 30]), rec('2026-10-04', 4, [30, 30, 30], { ...hallTags, automation: 'automation.other' })], S);
    assert.deepEqual(two.map((o) => [o.automation, o.undone]), [['automation.other', 3], ['automation.hall', 2]], 'two automations of one entity are two');
  });

  it('needs the minimum of runs; an unseen automation and an off-switching one are their own', () => {
    assert.deepEqual(findOverrides([rec('2026-10-04', 3, [30, 30, 30])], S), []);
    const four = findOverrides([rec('2026-10-04', 4, [30, 30])], S);
    assert.deepEqual(four.map((o) => [o.runs, o.undone, o.withinMinutes]), [[4, 2, 1]]);
    const five = [30, 30, 30, 30, 30];
    const found = findOverrides(
      [
        rec('2026-10-04', 8, five, { entity_id: 'light.c', set: 'on' }),
        rec('2026-10-04', 10, five, { entity_id: 'light.e', set: 'on' }),
        rec('2026-10-04', 10, five, { entity_id: 'light.d', set: 'on' }),
        rec('2026-10-04', 6, five, { entity_id: 'light.b', set: 'on' }),
        rec('2026-10-04', 4, [30, 30, 30, 30], { entity_id: 'light.a', set: 'off' }),
        rec('2026-10-04', 8, [30, 30, 30, 30], { entity_id: 'light.f', set: 'on' }),
      ],
      S,
    );
    assert.deepEqual(found.map((o) => [o.entityId, o.automation, o.sets, o.undone, o.runs]), [
      ['light.a', null, 'off', 4, 4],
      ['light.b', null, 'on', 5, 6],
      ['light.c', null, 'on', 5, 8],
      ['light.d', null, 'on', 5, 10],
      ['light.e', null, 'on', 5, 10],
      ['light.f', null, 'on', 4, 8],
    ], 'most undone share first, then more runs, then by entity');
  });
});
