import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { windowOf } from '../jobs/group-a.js';
import type { PatternUpsert } from '../storage/types.js';
import { HomeBuilder, at, calendar, dayKeys } from '../testing/home.js';
import { seeded, summarizeOnly } from '../testing/routines.js';
import { binomialTail } from './binomial.js';
import { roomBased } from './room-based.js';
import { DEFAULT_DETECTOR_SETTINGS, type DetectorSettings } from './settings.js';

const DAYS = dayKeys('2026-09-01', 21);

function rooms(home: HomeBuilder, tweak: Partial<DetectorSettings['roomBased']> = {}): PatternUpsert[] {
  const settings = { ...DEFAULT_DETECTOR_SETTINGS, roomBased: { ...DEFAULT_DETECTOR_SETTINGS.roomBased, ...tweak } };
  return roomBased.derive(windowOf(summarizeOnly(roomBased, home.build(), DAYS, settings), calendar), settings);
}

const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(Math.floor(minute % 60)).padStart(2, '0')}`;

/** The study: its lamp at 07:30 on the first `mornings` days, and at 20:00 every day. */
function study(mornings: number): HomeBuilder {
  const home = new HomeBuilder().area('light.study', 'study');
  DAYS.forEach((d, i) => {
    if (i < mornings) home.pulse('light.study', at(d, '07:30'), 60);
    home.pulse('light.study', at(d, '20:00'), 60);
  });
  return home;
}

describe('room-based: peak hours that recur', () => {
  it('finds nothing for a room used at random times of day, whatever hours it happens to be busier in', () => {
    const random = seeded(5);
    const home = new HomeBuilder().area('light.guest', 'guest_room').area('binary_sensor.guest_motion', 'guest_room');
    DAYS.forEach((d) => {
      for (let n = 1 + Math.floor(random() * 4); n > 0; n--) home.pulse('light.guest', at(d, clock(7 * 60 + random() * 15 * 60)), 120);
      for (let n = 1 + Math.floor(random() * 4); n > 0; n--) home.pulse('binary_sensor.guest_motion', at(d, clock(random() * 1439)), 30);
    });
    assert.deepEqual(rooms(home), []);
    // the daytime hours are busier than the average one: the factor, the recurrence and the test hold them back
    assert.equal(rooms(home, { minHourShare: 0, maxPValue: 1, peakFactor: 1 }).length, 1);
    assert.deepEqual(rooms(home, { minHourShare: 0, peakFactor: 1 }), []);
    assert.deepEqual(rooms(home, { maxPValue: 1, peakFactor: 1 }), []);
  });

  it('keeps an hour in use on the configured share of the days, at its exact edge', () => {
    // 07:30 on 11 of 21 days, 20:00 on all
    const [p] = rooms(study(11));
    assert.deepEqual(p!.metadata['peak_hours'], [7, 20]);
    assert.deepEqual(p!.metadata['peak_hour_days'], [11, 21]);
    assert.deepEqual(rooms(study(11), { minHourShare: 11 / 21 })[0]!.metadata['peak_hours'], [7, 20]);
    assert.deepEqual(rooms(study(11), { minHourShare: 11.01 / 21 })[0]!.metadata['peak_hours'], [20]);
    assert.deepEqual(rooms(study(11), { minHourShare: 1.01 }), [], 'no peak hour: no pattern');
  });

  it('tests the days an hour is in use against the room\'s average hour, for 24 hours and two tests, at the exact edge', () => {
    // hour 7: in use on 11 of 21 days, the room's hours on 32 of 24 * 21; busier than its day on 11 days, quieter on 10
    const presence = 32 / (24 * 21);
    const expected = 2 * 24 * Math.min(binomialTail(11, 21, presence), binomialTail(11, 21, 0.5));
    assert.ok(binomialTail(11, 21, presence) < binomialTail(11, 21, 0.5));
    assert.deepEqual(rooms(study(11), { maxPValue: expected })[0]!.metadata['peak_hours'], [7, 20]);
    assert.deepEqual(rooms(study(11), { maxPValue: expected * 0.99 })[0]!.metadata['peak_hours'], [20]);
  });

  it('finds the peak of a room in use all day by the days its hour beats the rest of the day', () => {
    // a motion sensor three times an hour all day, and ten more times around 08:20 on 18 of 21 days
    const home = new HomeBuilder().area('binary_sensor.hall', 'hall');
    DAYS.forEach((d, i) => {
      for (let h = 0; h < 24; h++) for (const m of [5, 25, 45]) home.pulse('binary_sensor.hall', at(d, clock(h * 60 + m)), 20);
      if (i % 7 !== 3) for (let k = 0; k < 10; k++) home.pulse('binary_sensor.hall', at(d, clock(8 * 60 + 10 + 2 * k)), 20);
    });
    const [p] = rooms(home);
    assert.deepEqual(p!.metadata['peak_hours'], [8]);
    // in use in every hour of every day: only the days its hour is busier than the rest of the day speak
    const expected = 2 * 24 * binomialTail(18, 18, 0.5);
    assert.deepEqual(rooms(home, { maxPValue: expected }).length, 1);
    assert.deepEqual(rooms(home, { maxPValue: expected * 0.99 }), []);
  });

  it('needs each peak hour busier than the room\'s average hour by the configured factor', () => {
    // hour 7: 11 uses; the average hour 32 / 24
    assert.deepEqual(rooms(study(11), { peakFactor: (11 * 24) / 32 })[0]!.metadata['peak_hours'], [7, 20]);
    assert.deepEqual(rooms(study(11), { peakFactor: (11.01 * 24) / 32 })[0]!.metadata['peak_hours'], [20]);
  });
});
