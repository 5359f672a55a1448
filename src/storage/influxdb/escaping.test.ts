import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StateEvent } from '../../events/model.js';
import { compareEvents } from '../../events/model.js';
import { openTestStorage } from '../../testing/backends.js';
import { BUCKETS, type Storage } from '../types.js';
import { ident, str, tagEquals } from './influxql.js';
import { decodeTag, encodeTag, escapeKey, escapeMeasurement, escapeString, formatPoint } from './line-protocol.js';

const HOSTILE = ['a b', 'a,b', 'a=b', 'a"b', "a'b", 'a\\b', 'ends\\', '\\', 'a\nb', 'a\r\nb', 'tab\there', '%41 %', '%5C', ' lead', 'trail ', '=,\\ "\'\n', 'ünï©ødé ✓'];

describe('line protocol escaping (pure)', () => {
  it('escapes measurements, keys, tag values and strings as InfluxDB 1.x parses them', () => {
    assert.equal(escapeMeasurement('a b,c=d'), 'a\\ b\\,c=d');
    assert.equal(escapeKey('a b,c=d'), 'a\\ b\\,c\\=d');
    assert.equal(escapeString('say "hi" \\ now\n'), '"say \\"hi\\" \\\\ now\n"');
    assert.equal(
      formatPoint({ measurement: 'm', tags: { z: 'x y', a: 'p,q=r', empty: '', none: null }, fields: { s: 'q"\\', n: 3, f: 2.5, b: false, c: 1n, skip: undefined }, time: 1700000000000 }),
      'm,a=p\\,q\\=r,z=x\\ y s="q\\"\\\\",n=3,f=2.5,b=false,c=1i 1700000000000',
    );
  });

  it('percent-encodes what a 1.x tag cannot carry, reversibly, and leaves ordinary ids alone', () => {
    for (const v of HOSTILE) {
      assert.equal(decodeTag(encodeTag(v)), v);
      assert.ok(!/[\\\n\r\t]/.test(encodeTag(v)));
    }
    assert.equal(encodeTag('light.kitchen_ceiling'), 'light.kitchen_ceiling');
    assert.equal(encodeTag('50%\\'), '50%25%5C');
  });

  it('refuses what cannot be written at all', () => {
    assert.throws(() => escapeMeasurement('a\nb'));
    assert.throws(() => escapeKey(''));
    assert.throws(() => formatPoint({ measurement: 'm', tags: {}, fields: {}, time: 1 }));
    assert.throws(() => formatPoint({ measurement: 'm', tags: {}, fields: { n: Number.NaN }, time: 1 }));
    assert.throws(() => formatPoint({ measurement: 'm', tags: {}, fields: { n: 1 }, time: 1.5 }));
  });

  it('quotes InfluxQL identifiers and strings, escaping quotes, backslashes and line breaks', () => {
    assert.equal(ident('we"ird\\db'), '"we\\"ird\\\\db"');
    assert.equal(str("it's\\\n"), "'it\\'s\\\\\\n'");
    assert.equal(tagEquals('entity_id', "a'\\"), `"entity_id" = 'a\\'%5C'`);
  });
});

describe('hostile names through a real influxd', () => {
  const T0 = Date.parse('2026-11-02T00:00:00Z');
  let dir: string;
  let storage: Storage;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'homerhythm-escape-'));
    storage = await openTestStorage('influxdb', dir);
  });
  after(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const events: StateEvent[] = HOSTILE.map((v, i) => ({
    time: T0 + i * 1000,
    entityId: `sensor.${v}`,
    domain: 'sensor',
    state: v,
    oldState: `old ${v}`,
    attributes: { friendly_name: v, [v]: v, nested: { v } },
    deviceId: v,
    areaId: `${v} area`,
    cause: 'person',
  }));

  it('stores hostile entity ids, tags, states and attributes and reads them back exactly', async () => {
    assert.deepEqual(await storage.events.append(events), { inserted: events.length, duplicates: 0 });
    assert.deepEqual(await storage.events.append(events.slice(0, 5)), { inserted: 0, duplicates: 5 });
    const back: StateEvent[] = [];
    for await (const chunk of storage.events.read({ start: T0, end: T0 + 60_000 })) back.push(...chunk);
    assert.deepEqual(back, [...events].sort(compareEvents));
    for (const e of events) {
      const one: StateEvent[] = [];
      for await (const chunk of storage.events.read({ start: T0, end: T0 + 60_000, entityIds: [e.entityId] })) one.push(...chunk);
      assert.deepEqual(one, [e], `filter by ${JSON.stringify(e.entityId)}`);
    }
    const last = await storage.events.lastBefore(T0 + 60_000, 120_000, events.map((e) => e.entityId));
    assert.equal(last.size, events.length);
    for (const e of events) assert.deepEqual(last.get(e.entityId), e);
  });

  it('stores hostile tag values and strings in aggregates and filters by them', async () => {
    const records = HOSTILE.map((v, i) => ({ measurement: 'co_occurrence_daily', period: `p ${v}`, time: T0 + i, tags: { device_pair: v, area_id: `${v}!` }, fields: { note: v, n: i }, version: 1 + (i % 3) }));
    for (const r of records) await storage.aggregates.replace({ bucket: BUCKETS.daily, period: r.period, measurements: [r.measurement], records: [r] });
    assert.deepEqual(await storage.aggregates.query({ bucket: BUCKETS.daily }), records);
    for (const r of records) {
      assert.deepEqual(await storage.aggregates.query({ bucket: BUCKETS.daily, tags: { device_pair: r.tags.device_pair } }), [r]);
      assert.deepEqual(await storage.aggregates.query({ bucket: BUCKETS.daily, periods: [r.period] }), [r]);
    }
    // replacing one hostile period leaves the others
    await storage.aggregates.replace({ bucket: BUCKETS.daily, period: records[3]!.period, measurements: ['co_occurrence_daily'], records: [] });
    assert.equal((await storage.aggregates.query({ bucket: BUCKETS.daily })).length, records.length - 1);
  });
});
