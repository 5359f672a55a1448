import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayConditions, dayWords, doneDaysPerWeek, firesPerWeek, isMondayToFriday, routineDays, usesWorkday, workdaySensor } from './days.js';

describe('the days a clock routine holds on', () => {
  it('reads the day set from the day type and the weekday mask', () => {
    assert.deepEqual(routineDays({ day_type: 'some', weekday_mask: [1, 2] }), { kind: 'irregular' }, "'some' is irregular whatever its mask");
    assert.deepEqual(routineDays({ day_type: 'days', weekday_mask: [5, 3, 1, 3, 0, 8, 2.5] }), { kind: 'weekdays', weekdays: [1, 3, 5] }, 'in order, once each, real weekdays only');
    assert.deepEqual(routineDays({ day_type: 'all', weekday_mask: [1, 2, 3, 4, 5, 6, 7] }), { kind: 'every' });
    assert.deepEqual(routineDays({ day_type: 'all', weekday_mask: [] }), { kind: 'every' });
    assert.deepEqual(routineDays({ day_type: 'weekdays' }), { kind: 'weekdays', weekdays: [1, 2, 3, 4, 5] }, 'a row without a mask: its day type');
    assert.deepEqual(routineDays({ day_type: 'weekends' }), { kind: 'weekdays', weekdays: [6, 7] });
    assert.deepEqual(routineDays({ day_type: 'holidays' }), { kind: 'every' }, 'a day type this version does not know, without a mask');
  });

  it('reads a row from before day types by its share of days, at exactly the word share', () => {
    assert.deepEqual(routineDays({ days_matched: 24, days_observed: 30 }), { kind: 'every' });
    assert.deepEqual(routineDays({ days_matched: 23, days_observed: 30 }), { kind: 'irregular' });
    assert.deepEqual(routineDays({ days_matched: 23, days_observed: 30 }, 0.75), { kind: 'every' });
    assert.deepEqual(routineDays({ day_type: '', days_matched: 30, days_observed: 30 }), { kind: 'every' });
    assert.deepEqual(routineDays({ day_type: '', days_matched: 16, days_observed: 30 }), { kind: 'irregular' }, 'an empty day type is none');
    assert.deepEqual(routineDays({ days_matched: 0, days_observed: 0 }), { kind: 'irregular' });
    assert.deepEqual(routineDays({ days_matched: 5, days_observed: 0 }), { kind: 'irregular' }, 'no day observed is no share');
    assert.deepEqual(routineDays({}), { kind: 'irregular' });
  });

  it('keeps the automation to those days: a weekday list, or the Workday sensor for Monday to Friday', () => {
    const weekdays = routineDays({ day_type: 'weekdays' });
    assert.deepEqual(dayConditions(weekdays), [{ condition: 'time', weekday: ['mon', 'tue', 'wed', 'thu', 'fri'] }]);
    assert.deepEqual(dayConditions(weekdays, 'binary_sensor.workday_sensor'), [{ condition: 'state', entity_id: 'binary_sensor.workday_sensor', state: 'on' }]);
    const workday = { condition: 'state', entity_id: 'binary_sensor.workday_sensor', state: 'on' };
    assert.deepEqual(dayConditions({ kind: 'weekdays', weekdays: [1, 2, 3, 4] }, 'binary_sensor.workday_sensor'), [{ condition: 'time', weekday: ['mon', 'tue', 'wed', 'thu'] }, workday], 'some weekdays: the list, and not on holidays');
    assert.deepEqual(dayConditions({ kind: 'weekdays', weekdays: [5] }, 'binary_sensor.workday_sensor'), [{ condition: 'time', weekday: ['fri'] }, workday]);
    assert.deepEqual(dayConditions({ kind: 'weekdays', weekdays: [5, 6] }, 'binary_sensor.workday_sensor'), [{ condition: 'time', weekday: ['fri', 'sat'] }], 'the sensor is off on Saturdays');
    assert.deepEqual(dayConditions({ kind: 'weekdays', weekdays: [6, 7] }, 'binary_sensor.workday_sensor'), [{ condition: 'time', weekday: ['sat', 'sun'] }]);
    assert.deepEqual(dayConditions({ kind: 'every' }, 'binary_sensor.workday_sensor'), []);
    assert.deepEqual(dayConditions({ kind: 'irregular' }), []);
  });

  it('uses the Workday sensor only for a day set of weekdays', () => {
    assert.equal(isMondayToFriday({ kind: 'every' }), false);
    assert.equal(isMondayToFriday({ kind: 'weekdays', weekdays: [1, 2, 3, 4, 5] }), true);
    assert.equal(isMondayToFriday({ kind: 'weekdays', weekdays: [1, 2, 3, 4] }), false);
    assert.equal(usesWorkday({ kind: 'every' }, 'binary_sensor.workday_sensor'), false);
    assert.equal(usesWorkday({ kind: 'irregular' }, 'binary_sensor.workday_sensor'), false);
    assert.equal(usesWorkday({ kind: 'weekdays', weekdays: [2] }, 'binary_sensor.workday_sensor'), true);
    assert.equal(usesWorkday({ kind: 'weekdays', weekdays: [2] }, undefined), false);
  });

  it('says the days in words', () => {
    assert.equal(dayWords({ kind: 'every' }), 'every day');
    assert.equal(dayWords({ kind: 'irregular' }), 'on some days');
    assert.equal(dayWords({ kind: 'weekdays', weekdays: [1, 2, 3, 4, 5] }), 'on weekdays');
    assert.equal(dayWords({ kind: 'weekdays', weekdays: [1, 2, 3, 4, 5] }, 'binary_sensor.workday_sensor'), 'on workdays');
    assert.equal(dayWords({ kind: 'weekdays', weekdays: [6, 7] }, 'binary_sensor.workday_sensor'), 'at weekends');
    assert.equal(dayWords({ kind: 'weekdays', weekdays: [1, 3, 5] }), 'on Mon, Wed and Fri');
    assert.equal(dayWords({ kind: 'weekdays', weekdays: [2, 4] }), 'on Tue and Thu');
    assert.equal(dayWords({ kind: 'weekdays', weekdays: [6] }), 'on Sat');
  });

  it('counts the days a week it fires, and those it fires and was done', () => {
    assert.deepEqual([firesPerWeek({ kind: 'every' }), firesPerWeek({ kind: 'irregular' }), firesPerWeek({ kind: 'weekdays', weekdays: [1, 3] })], [7, 7, 2]);
    assert.equal(doneDaysPerWeek({ mask_days_matched: 20, mask_days_observed: 21, days_matched: 20, days_observed: 30 }, { kind: 'weekdays', weekdays: [1, 2, 3, 4, 5] }), (5 * 20) / 21);
    assert.equal(doneDaysPerWeek({ days_matched: 16, days_observed: 30 }, { kind: 'irregular' }), (7 * 16) / 30);
    assert.ok(Number.isNaN(doneDaysPerWeek({ days_matched: 16, days_observed: 0 }, { kind: 'every' })));
    assert.ok(Number.isNaN(doneDaysPerWeek({}, { kind: 'every' })));
  });

  it("finds the home's Workday sensor by its entity id", () => {
    assert.equal(workdaySensor(['light.a', 'binary_sensor.workday_sensor_2', 'binary_sensor.workday_sensor']), 'binary_sensor.workday_sensor');
    assert.equal(workdaySensor(['binary_sensor.workday']), 'binary_sensor.workday');
    assert.equal(workdaySensor(['binary_sensor.workdays', 'sensor.workday_sensor', 'binary_sensor.not_workday', 'input_binary_sensor.workday']), undefined);
    assert.equal(workdaySensor([]), undefined);
  });
});
