/** Import of HA's recorder database, built with HA's own schema (48 and 30). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { StateEvent } from '../../src/events/model.js';
import { HomeRegistry } from '../../src/ha/registry.js';
import { detectFormat, importRecorder } from '../../src/ingest/importers/index.js';
import { recorderLayout } from '../../src/ingest/importers/recorder.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { allEvents, repoRoot, tempDataDir } from './harness.js';
import { type RecorderChange, writeRecorder } from './recorder-fixture.js';

const tmp = tempDataDir('recorder');
after(() => tmp.remove());

const T0 = Date.UTC(2026, 2, 14, 6, 0, 0) * 1000 + 123_456; // µs, with a sub-millisecond part
const at = (minutes: number, extraUs = 0) => T0 + minutes * 60_000_000 + extraUs;
const USER = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const PARENT = '01hq0000000000000000000000';

/** A morning in a small home, in commit order (not quite time order: two rows swapped). */
const CHANGES: RecorderChange[] = [
  { entityId: 'light.kitchen', state: 'off', attributes: { friendly_name: 'Kitchen', brightness: null }, us: at(0), legacyAttributes: true },
  { entityId: 'binary_sensor.front_door', state: 'off', attributes: { device_class: 'door' }, us: at(0, 7) },
  { entityId: 'sensor.living_temperature', state: '20.5', attributes: { unit_of_measurement: '°C', state_class: 'measurement' }, us: at(1, 999) },
  { entityId: 'light.kitchen', state: 'on', attributes: { friendly_name: 'Kitchen', brightness: 200 }, us: at(2, 1), userId: USER },
  { entityId: 'binary_sensor.front_door', state: 'on', attributes: { device_class: 'door' }, us: at(4, 250) },
  { entityId: 'binary_sensor.front_door', state: 'off', attributes: { device_class: 'door' }, us: at(3, 500), parentId: PARENT },
  // Attribute-only update: same state, last_changed stays.
  { entityId: 'light.kitchen', state: 'on', attributes: { friendly_name: 'Kitchen', brightness: 120 }, us: at(5) },
  { entityId: 'sensor.living_temperature', state: '20.75', attributes: { unit_of_measurement: '°C', state_class: 'measurement' }, us: at(6, 3) },
  { entityId: 'switch.old_plug', state: 'on', attributes: {}, us: at(7) },
  { entityId: 'switch.old_plug', state: null, us: at(8) },
  { entityId: 'light.kitchen', state: 'off', attributes: { friendly_name: 'Kitchen', brightness: null }, us: at(9, 999_999), parentId: PARENT },
  // A power sensor's two states within one millisecond (µs 579 and 956 of it): two events.
  { entityId: 'sensor.power', state: '876.4', attributes: { unit_of_measurement: 'W' }, us: at(10, 123) },
  { entityId: 'sensor.power', state: '854.2', attributes: { unit_of_measurement: 'W' }, us: at(10, 500) },
];

/** What Layer 1 must hold: time order, old state = the entity's previous state, HA's microseconds kept. */
function expected(): Pick<StateEvent, 'time' | 'micros' | 'entityId' | 'state' | 'oldState' | 'attributes' | 'cause' | 'areaId'>[] {
  const previous = new Map<string, string | null>();
  // Layer 1 lists events by time to the microsecond, then entity id.
  return [...CHANGES]
    .sort((a, b) => a.us - b.us)
    .map((c) => {
      const oldState = previous.get(c.entityId) ?? null;
      previous.set(c.entityId, c.state);
      return {
        time: Math.floor(c.us / 1000),
        micros: c.us % 1000,
        entityId: c.entityId,
        state: c.state,
        oldState,
        attributes: c.state === null ? {} : (c.attributes ?? {}),
        cause: (c.userId !== undefined ? 'person' : c.parentId !== undefined ? 'automation' : 'system') as StateEvent['cause'],
        areaId: c.entityId === 'light.kitchen' ? 'kitchen' : null,
      };
    })
    .sort((a, b) => a.time - b.time || a.micros - b.micros || (a.entityId < b.entityId ? -1 : 1));
}

const registry = HomeRegistry.fromLists({ entities: [{ entity_id: 'light.kitchen', device_id: 'hue1', area_id: null }], devices: [{ id: 'hue1', area_id: 'kitchen' }], areas: [{ area_id: 'kitchen', name: 'Kitchen' }] });

for (const schema of [48, 30] as const) {
  describe(`recorder database, schema ${schema}`, () => {
    const db = join(tmp.dir, `home-assistant_v2.${schema}.db`);
    writeRecorder(db, schema, CHANGES);

    it('is detected as a recorder database, with the layout of its schema', async () => {
      assert.equal(await detectFormat(db), 'recorder');
      const handle = new Database(db, { readonly: true });
      const layout = recorderLayout(handle);
      handle.close();
      assert.equal(layout.schemaVersion, schema);
      assert.equal(layout.entity, schema === 48 ? 'states_meta' : 'states');
      assert.equal(layout.time, schema === 48 ? 'ts' : 'datetime');
      assert.equal(layout.context, schema === 48 ? 'binary' : 'text');
    });

    it('imports every state with its entity id, state, old state, time, attributes and cause', async () => {
      const storage = new SqliteStorage(join(tmp.dir, `store-${schema}`));
      try {
        const report = await importRecorder(db, storage.events, { registry });
        assert.equal(report.read, CHANGES.length);
        assert.equal(report.imported, CHANGES.length);
        assert.equal(report.invalid, 0);
        const got = (await allEvents(storage)).map(({ time, micros, entityId, state, oldState, attributes, cause, areaId }) => ({ time, micros: micros ?? 0, entityId, state, oldState, attributes, cause, areaId }));
        assert.deepEqual(got, expected());
        assert.equal(report.first, expected()[0]!.time);
        assert.equal(report.last, expected().at(-1)!.time);

        const again = await importRecorder(db, storage.events, { registry });
        assert.equal(again.imported, 0);
        assert.equal(again.duplicates, CHANGES.length);
      } finally {
        await storage.close();
      }
    });
  });
}

describe('recorder database edge cases', () => {
  it('reports a state row whose metadata_id names no entity, and goes on', async () => {
    const db = join(tmp.dir, 'orphan.db');
    writeRecorder(db, 48, CHANGES.slice(0, 3));
    const handle = new Database(db);
    // A damaged database (HA itself keeps foreign keys on).
    handle.pragma('foreign_keys = OFF');
    handle.prepare('INSERT INTO states (state, last_updated_ts, metadata_id) VALUES (?, ?, ?)').run('on', at(10) / 1e6, 999);
    handle.close();
    const storage = new SqliteStorage(join(tmp.dir, 'store-orphan'));
    try {
      const report = await importRecorder(db, storage.events);
      assert.equal(report.imported, 3);
      assert.equal(report.invalid, 1);
      assert.match(report.bad[0]!.reason, /metadata_id/);
      assert.equal(report.bad[0]!.line, 4);
    } finally {
      await storage.close();
    }
  });

  it('is what `homerhythm import` detects and imports, with a report of state rows', () => {
    const db = join(tmp.dir, 'cli.db');
    writeRecorder(db, 48, CHANGES);
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli.ts'), 'import', db, '--data-dir', join(tmp.dir, 'store-cli')], { encoding: 'utf8', cwd: repoRoot, env: { PATH: process.env['PATH'] ?? '' } });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`${CHANGES.length} state rows read`));
    assert.match(run.stdout, new RegExp(`imported +${CHANGES.length}`));
  });
});
