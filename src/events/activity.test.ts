import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isActivatable, isActiveState } from './activity.js';

describe('what "active" means', () => {
  it('is on for a light, open for a door, home for a person, anything but off for a thermostat', () => {
    assert.deepEqual([isActiveState('light', 'on'), isActiveState('light', 'off'), isActiveState('binary_sensor', 'open'), isActiveState('person', 'home'), isActiveState('person', 'work'), isActiveState('climate', 'heat'), isActiveState('climate', 'off')], [true, false, true, true, false, true, false]);
  });
  it('is nothing for unknown or unavailable, nor for a sensor', () => {
    assert.deepEqual([isActiveState('light', 'unavailable'), isActiveState('light', null), isActiveState('sensor', '21.5')], [null, null, null]);
  });
  it('is nothing for an automation or an update: "on" is enabled, or an update offered, for weeks', () => {
    assert.deepEqual([isActiveState('automation', 'on'), isActiveState('update', 'on'), isActivatable('automation'), isActivatable('update'), isActivatable('script')], [null, null, false, false, true]);
  });
});
