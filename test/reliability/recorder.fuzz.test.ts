/**
 * Property test of the recorder-database import (issue 9): a `home-assistant_v2.db` (schema 48
 * or 30) whose rows mix valid states with hostile ones — SQLite's dynamic types put any value in
 * any column: numbers or blobs where text belongs, times far off or not times, attributes that
 * are not JSON, over 16 KB or deeply nested, entity ids HA never makes — never fails the import:
 * every valid row is stored, every other row is stored or reported by its state_id, and what
 * Layer 1 held before is unchanged.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { importRecorder } from '../../src/ingest/importers/recorder.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { splitMicros } from '../../src/events/model.js';
import { epochSecondsToMicros } from '../../src/events/normalize.js';
import { existingEvents, keyOf, layer1Snapshot } from '../../src/testing/fuzz-import.js';
import { attributes, badEntityId, badTimeValue, FUZZ_NOW, fuzzOptions, validEntityId } from '../../src/testing/hostile.js';
import { SCHEMA_30, SCHEMA_48, sqliteDatetime } from '../ingest/recorder-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'homerhythm-recorder-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const BASE_US = Date.UTC(2026, 10, 20) * 1000;
type Cell = string | number | bigint | Buffer | null;

interface Row {
  readonly valid: boolean;
  readonly entity: Cell;
  readonly state: Cell;
  readonly time: Cell;
  readonly attrs: Cell;
}

const sqlValue = (v: unknown): Cell => {
  if (v === null || typeof v === 'string' || typeof v === 'number') return Number.isNaN(v) ? null : (v as Cell);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return JSON.stringify(v) ?? null;
};

const validRow = fc.record({
  entity: validEntityId as fc.Arbitrary<Cell>,
  state: fc.constantFrom('on', 'off', '21.5', 'home', 'unavailable') as fc.Arbitrary<Cell>,
  attrs: fc.option(attributes.map((a) => JSON.stringify(a) as Cell), { nil: null }),
  valid: fc.constant(true),
});
const hostileRow = fc.record({
  entity: fc.oneof(validEntityId, badEntityId, fc.constant(null), fc.integer(), fc.constant(Buffer.from('light.a'))) as fc.Arbitrary<Cell>,
  state: fc.oneof(fc.constantFrom('on', '', null, 7, 'x'.repeat(300)), fc.string({ unit: 'binary', maxLength: 20 }), fc.constant(Buffer.from([0xff, 0x00]))) as fc.Arbitrary<Cell>,
  attrs: fc.oneof(
    fc.constantFrom('{', '[1,2]', 'null', '', '"text"', '{"a":', `{"deep":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`, `{"deep":${'['.repeat(50_000)}${']'.repeat(50_000)}}`, 'x'.repeat(20_000)),
    attributes.map((a) => JSON.stringify(a)),
    fc.constant(Buffer.from('{"a":1}')),
    fc.constant(42),
    fc.constant(null),
  ) as fc.Arbitrary<Cell>,
  time: fc.oneof(badTimeValue.map(sqlValue), fc.constantFrom('2026-11-20T07:00:00Z', 'abc', 1e300, -1, 0), fc.constant(Buffer.from([1, 2, 3]))) as fc.Arbitrary<Cell>,
  valid: fc.constant(false),
});

/** Valid rows get distinct times (so none is another's duplicate); hostile rows keep their own or a valid one. */
const rows = fc
  .array(fc.oneof({ weight: 3, arbitrary: validRow.map((r) => ({ ...r, time: null as Cell })) }, { weight: 2, arbitrary: hostileRow }), { maxLength: 40 })
  .chain((list) => fc.tuple(fc.constant(list), fc.array(fc.boolean(), { minLength: list.length, maxLength: list.length })))
  .map(([list, keepTime]) => list.map((r, i): Row => ({ ...r, time: r.valid || !keepTime[i] ? (BASE_US + i * 1_000_123) / 1e6 : r.time })));

function writeDatabase(path: string, schema: 48 | 30, list: readonly Row[]): void {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(schema === 48 ? SCHEMA_48 : SCHEMA_30);
    db.prepare('INSERT INTO schema_changes (schema_version, changed) VALUES (?, ?)').run(schema, '2026-01-01 00:00:00');
    db.transaction(() => list.forEach((r, i) => {
      const stateId = i + 1;
      const attributesId = Number(db.prepare('INSERT INTO state_attributes (hash, shared_attrs) VALUES (?, ?)').run(i, r.attrs).lastInsertRowid);
      // A datetime column gets HA's text for a valid row, the hostile value as it is otherwise.
      const datetime = typeof r.time === 'number' && r.valid ? sqliteDatetime(Math.round(r.time * 1e6)) : r.time;
      if (schema === 48) {
        db.prepare('INSERT OR IGNORE INTO states_meta (entity_id) VALUES (?)').run(r.entity);
        const meta = db.prepare('SELECT metadata_id FROM states_meta WHERE entity_id IS ?').pluck().get(r.entity) as number;
        db.prepare('INSERT INTO states (state_id, state, last_updated_ts, attributes_id, metadata_id) VALUES (?, ?, ?, ?, ?)').run(stateId, r.state, r.time, attributesId, meta);
      } else {
        db.prepare('INSERT INTO states (state_id, entity_id, state, last_updated, attributes_id) VALUES (?, ?, ?, ?, ?)').run(stateId, r.entity, r.state, datetime, attributesId);
      }
    }))();
  } finally {
    db.close();
  }
}

let storage: SqliteStorage;
before(async () => {
  storage = new SqliteStorage(join(dir, 'store'));
  await storage.events.append(existingEvents(100));
});
after(() => storage.close());

it('never fails on a hostile recorder database: valid rows stored, the rest stored or reported by state_id, nothing stored changes', async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(rows, fc.constantFrom(48 as const, 30 as const), async (list, schema) => {
      const path = join(dir, `v2-${n++}.db`);
      writeDatabase(path, schema, list);
      const before = await layer1Snapshot(storage.events);
      const report = await importRecorder(path, storage.events, { now: FUZZ_NOW, batchSize: 9 });
      const after = await layer1Snapshot(storage.events);

      assert.equal(report.read, list.length);
      assert.equal(report.read, report.imported + report.duplicates + report.ignored + report.invalid);
      const bad = new Set(report.bad.map((b) => b.line));
      list.forEach((r, i) => {
        if (!r.valid) return;
        assert.ok(!bad.has(i + 1), `valid row ${i + 1} reported bad: ${report.bad.find((b) => b.line === i + 1)?.reason}`);
        const us = epochSecondsToMicros(r.time as number); // keyed to the µs, as HA keys its rows
        const key = keyOf({ ...splitMicros(us), entityId: r.entity as string });
        assert.ok(after.has(key), `valid row ${i + 1} (${key}) not stored`);
      });
      for (const line of bad) assert.ok(line >= 1 && line <= list.length && !list[line - 1]!.valid);
      for (const [key, event] of before) assert.deepEqual(after.get(key), event, `stored event ${key} changed`);
      assert.equal(after.size, before.size + report.imported);
    }),
    fuzzOptions(300),
  );
});

it('regression: a number in a schema-30 datetime column is a bad row, not a TypeError that ends the import', async () => {
  const path = join(dir, 'numeric-datetime.db');
  writeDatabase(path, 30, [
    { valid: false, entity: 'light.a', state: 'on', time: 12345, attrs: null },
    { valid: true, entity: 'light.b', state: 'on', time: BASE_US / 1e6, attrs: null },
  ]);
  const report = await importRecorder(path, storage.events, { now: FUZZ_NOW });
  assert.equal(report.read, 2);
  assert.deepEqual(report.bad.map((b) => b.line), [1]);
});
