import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HomeBuilder, at, calendar, dayKeys } from '../testing/home.js';
import { summarizeDays } from '../testing/run-days.js';
import { windowOf, deriveGroupA } from '../jobs/group-a.js';
import { DEFAULT_DETECTOR_SETTINGS as S } from './settings.js';
import type { PatternUpsert } from '../storage/types.js';

const DAYS = dayKeys('2026-09-01', 21);

function patternsOf(home: HomeBuilder, days = DAYS): PatternUpsert[] {
  const records = summarizeDays(home.build(), days, calendar, S);
  const { patterns, errors } = deriveGroupA(windowOf(records, calendar), S);
  assert.deepEqual(errors, []);
  return patterns;
}

const ofType = (ps: PatternUpsert[], t: string) => ps.filter((p) => p.patternType === t);

describe('time-based', () => {
  it('treats 23:52 and 00:08 as one routine around midnight', () => {
    const home = new HomeBuilder();
    // every night a few minutes before midnight, or after it (then on the next day)
    DAYS.forEach((d, i) => {
      const offset = [-5, 5, -2, 2, -8, 8][i % 6]!;
      const day = offset < 0 ? d : DAYS[i + 1];
      const minute = (1440 + offset) % 1440;
      if (day !== undefined) home.pulse('light.porch', at(day, `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`), 600);
    });
    const found = ofType(patternsOf(home), 'time_based').filter((p) => p.deviceId === 'light.porch');
    assert.equal(found.length, 1, JSON.stringify(found.map((p) => p.key)));
    const m = found[0]!.metadata;
    assert.ok(m['typical_time'] === '23:59' || m['typical_time'] === '00:00' || m['typical_time'] === '00:01', String(m['typical_time']));
    assert.ok((m['spread_minutes'] as number) <= 11);
    assert.ok((m['days_matched'] as number) >= 19);
  });

  it('finds a 07:00 routine with its weekday mask, and not a sensor that fires all day', () => {
    const home = new HomeBuilder();
    DAYS.forEach((d) => {
      if (calendar.weekday(d) <= 5) home.pulse('light.kitchen', at(d, `07:0${calendar.weekday(d) % 5}`), 900);
      for (let h = 0; h < 24; h++) home.pulse('binary_sensor.hall_motion', at(d, `${String(h).padStart(2, '0')}:${(h * 7) % 60}`), 30);
    });
    const found = ofType(patternsOf(home), 'time_based');
    assert.deepEqual(found.map((p) => p.deviceId), ['light.kitchen']);
    assert.deepEqual(found[0]!.metadata['weekday_mask'], [1, 2, 3, 4, 5]);
    assert.equal(found[0]!.metadata['days_observed'], 21);
  });
});

describe('co-occurrence', () => {
  it('finds B within 5 minutes after A, with lift and typical lag, and not the reverse', () => {
    const home = new HomeBuilder();
    DAYS.forEach((d, i) => {
      const t = at(d, `${10 + (i % 8)}:17`);
      home.pulse('binary_sensor.front_door', t, 5).pulse('light.hall', t + 90_000, 300);
    });
    const found = ofType(patternsOf(home), 'co_occurrence');
    assert.deepEqual(found.map((p) => `${p.deviceId} ${p.key}`), ['binary_sensor.front_door then:light.hall']);
    assert.equal(found[0]!.occurrences, 21);
    assert.equal(found[0]!.metadata['typical_lag_seconds'], 90);
    assert.ok((found[0]!.metadata['lift'] as number) > 10);
  });

  it('counts across midnight once, on the day of the follower', () => {
    const home = new HomeBuilder();
    DAYS.forEach((d) => home.pulse('switch.a', at(d, '23:58'), 5).pulse('switch.b', at(d, '24:01'), 5));
    const records = summarizeDays(home.build(), DAYS, calendar, S).filter((r) => r.measurement === 'co_occurrence_daily');
    assert.equal(records.reduce((n, r) => n + (r.fields['support'] as number), 0), DAYS.length - 1);
    assert.equal(records[0]!.period, DAYS[1]);
  });
});

describe('sequence', () => {
  it('counts a chain once per real occurrence, even when its steps flap', () => {
    const home = new HomeBuilder();
    DAYS.forEach((d, i) => {
      const t = at(d, `${6 + (i % 3)}:30`);
      // The motion sensor retriggers on every third day (each retrigger is an activation of the
      // first step, so flapping every day would halve the chain's confidence below minConfidence).
      home.pulse('binary_sensor.bedroom_motion', t, 10);
      if (i % 3 === 0) home.pulse('binary_sensor.bedroom_motion', t + 20_000, 10);
      home.pulse('light.hallway', t + 120_000, 60).pulse('switch.coffee', t + 240_000, 600).pulse('switch.coffee', t + 300_000, 60);
    });
    const found = ofType(patternsOf(home), 'sequence');
    assert.deepEqual(found.map((p) => p.key), ['binary_sensor.bedroom_motion>light.hallway>switch.coffee']);
    assert.equal(found[0]!.occurrences, DAYS.length);
  });

  it('reports the longest chain, not its parts', () => {
    const home = new HomeBuilder();
    DAYS.forEach((d, i) => {
      const t = at(d, `${12 + (i % 5)}:05`);
      ['switch.blind', 'light.desk', 'media_player.radio', 'fan.office'].forEach((e, k) => home.pulse(e, t + k * 60_000, 30));
    });
    assert.deepEqual(ofType(patternsOf(home), 'sequence').map((p) => p.key), ['switch.blind>light.desk>media_player.radio>fan.office']);
  });
});

describe('room-based', () => {
  it('finds when an area is used and which entities are used together there', () => {
    const home = new HomeBuilder().area('light.bath', 'bathroom').area('fan.bath', 'bathroom').area('light.garage', 'garage');
    DAYS.forEach((d, i) => {
      home.pulse('light.bath', at(d, `07:${10 + (i % 20)}`), 600).pulse('fan.bath', at(d, `07:${12 + (i % 20)}`), 900);
      home.pulse('light.bath', at(d, `22:${10 + (i % 20)}`), 300);
    });
    const found = ofType(patternsOf(home), 'room_based');
    assert.deepEqual(found.map((p) => p.deviceId), ['bathroom']);
    assert.deepEqual(found[0]!.metadata['peak_hours'], [7, 22]);
    const together = found[0]!.metadata['used_together'] as { entities: string[] }[];
    assert.deepEqual(together[0]!.entities, ['fan.bath', 'light.bath']);
  });
});

describe('duration', () => {
  it('counts an interval crossing midnight once, on the day it ends', () => {
    const home = new HomeBuilder();
    DAYS.forEach((d) => home.set('media_player.tv', at(d, '23:00'), 'playing').set('media_player.tv', at(d, '25:00'), 'off'));
    const records = summarizeDays(home.build(), DAYS, calendar, S).filter((r) => r.measurement === 'duration_daily');
    assert.equal(records.reduce((n, r) => n + (r.fields['intervals'] as number), 0), DAYS.length - 1);
    assert.ok(records.every((r) => r.fields['seconds'] === 7200));
    const found = ofType(patternsOf(home), 'duration');
    assert.equal(found.length, 1);
    assert.ok(Math.abs((found[0]!.metadata['typical_seconds'] as number) - 7200) <= 7200 * 0.025);
  });

  it('keeps "on since" across an attribute-only update and an unavailable blip', () => {
    const home = new HomeBuilder();
    const d = DAYS[0]!;
    home.set('light.lamp', at(d, '20:00'), 'on').set('light.lamp', at(d, '21:00'), 'on', { brightness: 10 });
    home.set('light.lamp', at(d, '21:30'), 'unavailable').set('light.lamp', at(d, '21:31'), 'on').set('light.lamp', at(DAYS[1]!, '01:00'), 'off');
    const records = summarizeDays(home.build(), DAYS.slice(0, 2), calendar, S).filter((r) => r.measurement === 'duration_daily');
    assert.deepEqual(records.map((r) => [r.period, r.fields['seconds']]), [[DAYS[1], 5 * 3600]]);
  });
});

describe('anomaly', () => {
  it('flags a day with ten times the usual activations, against a baseline from earlier days', () => {
    const home = new HomeBuilder();
    DAYS.forEach((d, i) => {
      const n = i === 17 ? 30 : 3;
      for (let k = 0; k < n; k++) home.pulse('light.pantry', at(d, `${8 + (k % 3)}:${(k * 7) % 60}`), 60);
    });
    const found = ofType(patternsOf(home), 'anomaly');
    assert.deepEqual(found.map((p) => p.key), [`${DAYS[17]}:count_high`]);
    assert.equal((found[0]!.metadata['usual'] as { mean: number }).mean, 3);
  });

  it('flags activity at an hour the entity has never been used near', () => {
    const home = new HomeBuilder();
    DAYS.forEach((d, i) => {
      const unlock = (clock: string) => home.set('lock.front', at(d, clock), 'unlocked').set('lock.front', at(d, clock) + 60_000, 'locked');
      ['09:00', '12:00', '18:00'].forEach(unlock);
      if (i === 15) unlock('03:12');
    });
    assert.deepEqual(ofType(patternsOf(home), 'anomaly').map((p) => p.key), [`${DAYS[15]}:hour`]);
  });

  it('does not flag a rare hour again once it has been seen: it is no longer "never at this hour"', () => {
    const home = new HomeBuilder();
    DAYS.forEach((d, i) => {
      const unlock = (clock: string) => home.set('lock.front', at(d, clock), 'unlocked').set('lock.front', at(d, clock) + 60_000, 'locked');
      ['09:00', '18:00'].forEach(unlock);
      if (i === 15 || i === 19) unlock('03:12');
    });
    assert.deepEqual(ofType(patternsOf(home), 'anomaly').map((p) => p.key), [`${DAYS[15]}:hour`]);
  });
});
