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

describe('room-based: records and pattern fields', () => {
  /** The study lamp at 07:30 on 11 days, lamp and fan together at 20:00 every day; a hall light without an area. */
  function together(): HomeBuilder {
    const home = study(11).area('switch.study_fan', 'study').area('light.attic', 'attic');
    DAYS.forEach((d, i) => {
      // the fan before the lamp on even days, after it on odd ones: one pair either way
      home.pulse('switch.study_fan', at(d, i % 2 === 0 ? '19:58' : '20:02'), 60);
      home.pulse('light.hall', at(d, '12:00'), 60);
      if (i === 0) home.pulse('light.attic', at(d, '15:00'), 60);
    });
    return home;
  }

  it('keeps per area and day its hours, entities and pairs, areas and keys in order, entities without an area left out', () => {
    const records = summarizeOnly(roomBased, together().build(), DAYS.slice(0, 1), DEFAULT_DETECTOR_SETTINGS);
    assert.deepEqual(records.map((r) => [r.measurement, r.tags['area_id']]), [['room_based_daily', 'attic'], ['room_based_daily', 'study']]);
    const study = records[1]!.fields;
    assert.equal(study['count'], 3);
    const hours = new Array<number>(24).fill(0);
    hours[7] = 1;
    hours[19] = 1;
    hours[20] = 1;
    assert.equal(study['hours'], JSON.stringify(hours));
    assert.equal(study['entities'], JSON.stringify({ 'light.study': 2, 'switch.study_fan': 1 }));
    assert.equal(study['together'], JSON.stringify({ 'light.study|switch.study_fan': 1 }));
    const second = summarizeOnly(roomBased, together().build(), DAYS.slice(1, 2), DEFAULT_DETECTOR_SETTINGS)[0]!;
    assert.equal(second.tags['area_id'], 'study', 'the attic was used on the first day only');
    assert.equal(second.fields['together'], JSON.stringify({ 'light.study|switch.study_fan': 1 }), 'the lamp first, then the fan: the same pair');
  });

  it('fills the pattern with its evidence', () => {
    const [p, ...rest] = rooms(together());
    assert.equal(rest.length, 0, 'the attic, used once, has no peak hour');
    assert.equal(p!.patternType, 'room_based');
    assert.equal(p!.deviceId, 'study');
    assert.equal(p!.key, 'area');
    assert.equal(p!.areaId, 'study');
    assert.equal(p!.occurrences, 21);
    assert.equal(p!.lastSeen, calendar.day(DAYS[20]!).start);
    // 11 at 07:30, 11 fans at 19:58, 21 lamps and 10 fans at 20:0x: every use in a peak hour
    assert.deepEqual(p!.metadata['peak_hours'], [7, 19, 20]);
    assert.deepEqual(p!.metadata['peak_hour_days'], [11, 11, 21]);
    assert.equal(p!.confidence, 1);
    assert.equal(rooms(together(), { minHourShare: 0.6 })[0]!.confidence, Math.round((31 / 53) * 1e4) / 1e4, 'only 20:00 left');
    assert.equal(p!.metadata['activations'], 53);
    assert.equal(p!.metadata['days_active'], 21);
    assert.equal(p!.metadata['days_observed'], 21);
    assert.deepEqual(p!.metadata['entities'], [{ entity_id: 'light.study', count: 32 }, { entity_id: 'switch.study_fan', count: 21 }].sort((a, b) => b.count - a.count));
    assert.deepEqual(p!.metadata['used_together'], [{ entities: ['light.study', 'switch.study_fan'], count: 21, days: 21 }]);
    assert.equal((p!.metadata['hour_profile'] as number[])[19], 11);
  });

  it('lists pairs used together from the configured count, on at least three days (or the minimum days if fewer)', () => {
    assert.equal((rooms(together(), { minTogether: 21 })[0]!.metadata['used_together'] as unknown[]).length, 1);
    assert.equal((rooms(together(), { minTogether: 22 })[0]!.metadata['used_together'] as unknown[]).length, 0);
  });

  it('needs the configured days of the area', () => {
    assert.equal(rooms(together(), { minDays: 21 }).length, 1);
    assert.deepEqual(rooms(together(), { minDays: 22 }), []);
  });
});
