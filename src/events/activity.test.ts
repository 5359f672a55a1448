import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activeState, isActivatable, isActiveState } from './activity.js';

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

describe('the state a trigger waits for', () => {
  it("is the state HA writes when the entity becomes active, one each domain counts as active", () => {
    const table: [string, string][] = [['light', 'on'], ['binary_sensor', 'on'], ['timer', 'active'], ['lock', 'unlocked'], ['cover', 'open'], ['media_player', 'playing'], ['person', 'home'], ['vacuum', 'cleaning'], ['camera', 'recording'], ['sensor', 'on']];
    for (const [domain, state] of table) {
      assert.equal(activeState(domain), state, domain);
      if (isActivatable(domain)) assert.equal(isActiveState(domain, state), true, `${domain} ${state} is active`);
    }
  });
});
