import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, calendar, HomeBuilder } from '../testing/home.js';
import { carriedFromEvents, scanDay } from './activity.js';
import { carriedFromRecord, carryRecord, knownFromRecord } from './carry.js';

const DAY = '2026-11-10';
const day = calendar.day(DAY);
const scan = (b: HomeBuilder, carried = carriedFromEvents(new Map())) => scanDay({ day, calendar, events: b.build(), lookbackStart: day.start - 3600_000, carried });

describe('the carry record keeps what a sentence needs of each entity', () => {
  it('names and device classes, and none for an entity without one', () => {
    const b = new HomeBuilder()
      .set('binary_sensor.front_door', at(DAY, '07:00'), 'on', { device_class: 'door', friendly_name: 'Front door' })
      .set('binary_sensor.front_door', at(DAY, '07:01'), 'off', { device_class: 'door', friendly_name: 'Front door' })
      .set('light.kitchen', at(DAY, '07:02'), 'on', { friendly_name: 'Kitchen lights' })
      .set('switch.imported', at(DAY, '07:03'), 'on');
    const record = carryRecord(scan(b));
    const known = knownFromRecord(record);
    assert.deepEqual(known.get('binary_sensor.front_door'), { name: 'Front door', deviceClass: 'door' });
    assert.deepEqual(known.get('light.kitchen'), { name: 'Kitchen lights', deviceClass: null });
    assert.deepEqual(known.get('switch.imported'), { name: 'switch.imported', deviceClass: null });
    // carried into the next day as it was
    assert.equal(carriedFromRecord(record).get('binary_sensor.front_door')!.info.deviceClass, 'door');
    assert.equal('deviceClass' in carriedFromRecord(record).get('light.kitchen')!.info, false);
  });

  it('learns a class an entity carried from before did not have, and keeps one a later event leaves out', () => {
    // yesterday's carry, written before classes were kept: seven fields
    const before = carryRecord(scan(new HomeBuilder().set('binary_sensor.hall', at(DAY, '06:00'), 'off', { friendly_name: 'Hall' }).set('binary_sensor.door', at(DAY, '06:00'), 'off', { friendly_name: 'Door', device_class: 'door' })));
    const carried = carriedFromRecord(before);
    assert.equal(carried.get('binary_sensor.hall')!.info.deviceClass, undefined);
    const b = new HomeBuilder()
      .set('binary_sensor.hall', at(DAY, '08:00'), 'on', { friendly_name: 'Hall', device_class: 'motion' })
      // renamed, without repeating its class
      .area('binary_sensor.door', 'hallway')
      .set('binary_sensor.door', at(DAY, '08:00'), 'on', { friendly_name: 'Front door' });
    const known = knownFromRecord(carryRecord(scan(b, carried)));
    assert.deepEqual(known.get('binary_sensor.hall'), { name: 'Hall', deviceClass: 'motion' });
    assert.deepEqual(known.get('binary_sensor.door'), { name: 'Front door', deviceClass: 'door' });
  });
});
