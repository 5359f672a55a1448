import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { entityFilter } from './filters.js';

const ids = ['light.kitchen', 'light.hall', 'sensor.phone_battery', 'sensor.door_battery', 'sensor.living_temperature', 'binary_sensor.door', 'switch.fan'];
const kept = (f: (id: string) => boolean) => ids.filter(f);

describe('entityFilter', () => {
  it('keeps everything without include and exclude', () => {
    assert.deepEqual(kept(entityFilter(undefined, undefined)), ids);
    assert.deepEqual(kept(entityFilter({ domains: [], entities: [], entity_globs: [] }, {})), ids);
  });

  it('includes by domain, entity id or glob (any of them)', () => {
    assert.deepEqual(kept(entityFilter({ domains: ['light'], entities: ['switch.fan'], entity_globs: ['sensor.*_battery'] }, undefined)), [
      'light.kitchen',
      'light.hall',
      'sensor.phone_battery',
      'sensor.door_battery',
      'switch.fan',
    ]);
  });

  it('excludes by domain, entity id or glob', () => {
    assert.deepEqual(kept(entityFilter(undefined, { domains: ['binary_sensor'], entities: ['light.hall'], entity_globs: ['sensor.*_battery'] })), ['light.kitchen', 'sensor.living_temperature', 'switch.fan']);
  });

  it('lets exclude win over include', () => {
    const f = entityFilter({ domains: ['sensor'], entities: ['sensor.door_battery'] }, { entity_globs: ['*_battery'] });
    assert.deepEqual(kept(f), ['sensor.living_temperature']);
  });

  it('matches globs on the whole id, with character classes', () => {
    const f = entityFilter({ entity_globs: ['light.[hk]*', 'sensor.living_*'] }, undefined);
    assert.deepEqual(kept(f), ['light.kitchen', 'light.hall', 'sensor.living_temperature']);
    assert.equal(entityFilter({ entity_globs: ['light'] }, undefined)('light.kitchen'), false);
  });
});
