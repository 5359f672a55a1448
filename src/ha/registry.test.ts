import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { HomeRegistry, loadRegistryFile, RegistryError } from './registry.js';

// Shaped like HA's replies, with fields we do not model (HA adds some every release).
const lists = {
  entities: [
    { entity_id: 'light.kitchen_ceiling', device_id: 'dev-hue-1', area_id: null, platform: 'hue', unique_id: 'x1', options: {} },
    { entity_id: 'binary_sensor.hall_motion', device_id: 'dev-motion', area_id: 'hallway', platform: 'zha', labels: ['security'] },
    { entity_id: 'sun.sun', device_id: null, area_id: null, platform: 'sun' },
    { entity_id: 'sensor.orphan', device_id: 'dev-gone', area_id: null },
  ],
  devices: [
    { id: 'dev-hue-1', area_id: 'kitchen', name: 'Hue bulb', name_by_user: 'Ceiling', manufacturer: 'Signify', identifiers: [['hue', '1']] },
    { id: 'dev-motion', area_id: 'living_room', name: 'Motion', name_by_user: null },
  ],
  areas: [
    { area_id: 'kitchen', name: 'Kitchen', floor_id: 'ground', aliases: [] },
    { area_id: 'hallway', name: 'Hallway', floor_id: null },
  ],
};

describe('HomeRegistry', () => {
  const registry = HomeRegistry.fromLists(lists);

  it("takes the device's area when the entity has none", () => {
    assert.deepEqual(registry.lookup('light.kitchen_ceiling'), { deviceId: 'dev-hue-1', areaId: 'kitchen' });
  });

  it("prefers the entity's own area over its device's", () => {
    assert.deepEqual(registry.lookup('binary_sensor.hall_motion'), { deviceId: 'dev-motion', areaId: 'hallway' });
  });

  it('knows entities without a device, and devices missing from the list', () => {
    assert.deepEqual(registry.lookup('sun.sun'), { deviceId: null, areaId: null });
    assert.deepEqual(registry.lookup('sensor.orphan'), { deviceId: 'dev-gone', areaId: null });
    assert.equal(registry.lookup('light.unknown'), undefined);
  });

  it('names areas and devices as HA shows them, and lists an area’s entities', () => {
    assert.equal(registry.areaName('kitchen'), 'Kitchen');
    assert.equal(registry.areaName('attic'), undefined);
    assert.equal(registry.deviceName('dev-hue-1'), 'Ceiling');
    assert.equal(registry.deviceName('dev-motion'), 'Motion');
    assert.deepEqual(registry.entitiesInArea('kitchen'), ['light.kitchen_ceiling']);
    assert.deepEqual(registry.size, { entities: 4, devices: 2, areas: 2 });
  });

  it('drops fields it does not model', () => {
    assert.deepEqual(Object.keys(registry.entity('light.kitchen_ceiling')!).sort(), ['area_id', 'device_id', 'entity_id', 'platform']);
    assert.equal('identifiers' in registry.device('dev-hue-1')!, false);
    assert.deepEqual(registry.entity('binary_sensor.hall_motion')!.labels, ['security']);
  });

  it('reads missing device_id / area_id as null and missing devices / areas as empty', () => {
    const small = HomeRegistry.fromLists({ entities: [{ entity_id: 'switch.fan' }], devices: undefined, areas: undefined });
    assert.deepEqual(small.lookup('switch.fan'), { deviceId: null, areaId: null });
  });

  it('accepts the WebSocket reply saved whole', () => {
    const r = HomeRegistry.fromLists({
      entities: { id: 3, type: 'result', success: true, result: lists.entities },
      devices: { id: 4, type: 'result', success: true, result: lists.devices },
      areas: lists.areas,
    });
    assert.deepEqual(r.lookup('light.kitchen_ceiling'), { deviceId: 'dev-hue-1', areaId: 'kitchen' });
  });

  it('says which entry and field is wrong', () => {
    const bad = (l: { entities: unknown; devices?: unknown; areas?: unknown }) => () =>
      HomeRegistry.fromLists({ devices: [], areas: [], ...l });
    assert.throws(bad({ entities: [{ entity_id: 'a.b' }, { entity_id: 7 }] }), { name: 'RegistryError', message: /registry entities\[1\]\.entity_id: / });
    assert.throws(bad({ entities: [{ entity_id: 'a.b', area_id: 3 }] }), /entities\[0\]\.area_id/);
    assert.throws(bad({ entities: [], devices: [{ area_id: 'x' }] }), /devices\[0\]\.id/);
    assert.throws(bad({ entities: [], areas: [{ area_id: 'x' }] }), /areas\[0\]\.name/);
    assert.throws(bad({ entities: {} }), /registry entities must be an array/);
    assert.throws(bad({ entities: undefined }), /registry entities must be an array/);
    assert.throws(bad({ entities: [{ entity_id: 'a.b' }, { entity_id: 'a.b' }] }), /lists "a\.b" twice/);
    assert.throws(bad({ entities: ['light.x'] }), RegistryError);
  });
});

describe('loadRegistryFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'homerhythm-registry-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('loads {"entities","devices","areas"}', async () => {
    const registry = await loadRegistryFile(file('ok.json', JSON.stringify(lists)));
    assert.deepEqual(registry.lookup('light.kitchen_ceiling'), { deviceId: 'dev-hue-1', areaId: 'kitchen' });
  });

  it('names the file in every error', async () => {
    await assert.rejects(loadRegistryFile(file('bad.json', '{"entities": [')), /bad\.json is not valid JSON/);
    await assert.rejects(loadRegistryFile(file('list.json', '[]')), /list\.json must hold an object/);
    await assert.rejects(loadRegistryFile(file('field.json', '{"entities":[{"entity_id":1}]}')), /field\.json: registry entities\[0\]\.entity_id/);
    await assert.rejects(loadRegistryFile(join(dir, 'missing.json')), /missing\.json cannot be read/);
  });
});
