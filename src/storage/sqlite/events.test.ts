import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { StateEvent } from '../../events/model.js';
import { tempDirs } from '../../testing/temp.js';
import type { EventQuery } from '../types.js';
import { EVENTS_SCHEMA, SqliteEventStore } from './events.js';
import { openDatabase } from '../sqlite-file.js';
import { SqliteStorage } from './index.js';

const tempDir = tempDirs('sqlite-events');
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20, 12);

function event(time: number, entityId: string, extra: Partial<StateEvent> = {}): StateEvent {
  return { time, entityId, domain: entityId.split('.')[0]!, state: 'on', oldState: 'off', attributes: {}, deviceId: null, areaId: null, cause: 'system', ...extra };
}

async function readAll(store: SqliteEventStore, query: EventQuery): Promise<{ pages: number[]; events: StateEvent[] }> {
  const pages: number[] = [];
  const events: StateEvent[] = [];
  for await (const page of store.read(query)) {
    pages.push(page.length);
    events.push(...page);
  }
  return { pages, events };
}

const key = (e: StateEvent) => `${e.entityId}@${e.time}`;
const microKey = (e: StateEvent) => `${e.entityId}@${e.time}.${String(e.micros ?? 0).padStart(3, '0')}:${e.state}`;

describe('SqliteEventStore: attributes across processes', () => {
  it('never gives new events the attributes of another entity after a purge by another process', async () => {
    const dir = tempDir();
    const serve = new SqliteStorage(dir);
    const retention = new SqliteStorage(dir);
    try {
      // serve stores the lamp's attributes (cached), long ago
      await serve.events.append([event(NOW - 30 * DAY, 'light.lamp', { attributes: { brightness: 200 } })]);
      // `homerhythm retention` beside it deletes that day and purges its attributes row; something else takes the row id
      assert.equal(await retention.events.deleteBefore(NOW - 7 * DAY), 1);
      await retention.events.append([event(NOW - DAY, 'lock.door', { attributes: { code_format: 'secret' } })]);
      // serve stores the lamp's same attributes again
      await serve.events.append([event(NOW - 1000, 'light.lamp', { attributes: { brightness: 200 } })]);
      const stored = (await readAll(retention.events, { start: NOW - 2 * DAY, end: NOW })).events;
      assert.deepEqual(
        stored.map((e) => [e.entityId, e.attributes]),
        [
          ['lock.door', { code_format: 'secret' }],
          ['light.lamp', { brightness: 200 }],
        ],
      );
      const servedRead = (await readAll(serve.events, { start: NOW - 2 * DAY, end: NOW })).events;
      assert.deepEqual(servedRead.map((e) => e.attributes), [{ code_format: 'secret' }, { brightness: 200 }], 'serve reads them right too');
    } finally {
      await serve.close();
      await retention.close();
    }
  });

  it('purges attribute rows unused for a day past the cutoff, keeps the ones still in use', async () => {
    const store = new SqliteEventStore(':memory:', 7);
    await store.append([
      event(NOW - 30 * DAY, 'light.a', { attributes: { old: 1 } }),
      event(NOW - 7 * DAY - 3_600_000, 'light.a', { attributes: { margin: 1 } }),
      event(NOW - 30 * DAY, 'light.b', { attributes: { shared: 1 } }),
      event(NOW - DAY, 'light.b', { attributes: { shared: 1 } }),
    ]);
    const rows = () => (store.db.prepare('SELECT json FROM attributes ORDER BY json').pluck().all() as string[]).map((j) => JSON.parse(j) as unknown);
    assert.equal(await store.deleteBefore(NOW - 7 * DAY), 3);
    assert.deepEqual(rows(), [{ margin: 1 }, { shared: 1 }], 'the unused row older than the margin is gone');
    const left = (await readAll(store, { start: 0, end: NOW })).events;
    assert.deepEqual(left.map((e) => e.attributes), [{ shared: 1 }]);
    // stored again after the purge: a new row, read back right
    await store.append([event(NOW - 10, 'light.c', { attributes: { old: 1 } })]);
    assert.deepEqual((await readAll(store, { start: NOW - 100, end: NOW })).events[0]!.attributes, { old: 1 });
  });
});

describe('SqliteEventStore: paged reads', () => {
  const open = () => new SqliteEventStore(':memory:', 7, { pageSize: 5 });

  it('reads every event once, in order, across page boundaries, holding back a millisecond that straddles them', async () => {
    const store = open();
    const events: StateEvent[] = [];
    for (let i = 0; i < 13; i++) events.push(event(NOW + Math.floor(i / 3) * 1000, `light.e${String(i % 3)}`, { attributes: { i } }));
    await store.append([...events].reverse());
    const { pages, events: read } = await readAll(store, { start: NOW, end: NOW + DAY });
    assert.deepEqual(read.map(key), events.map(key));
    assert.ok(pages.length >= 3, `read in pages (${pages.join(', ')})`);
    for (let p = 0, at = 0; p < pages.length; at += pages[p]!, p++) {
      const last = read[at + pages[p]! - 1]!;
      const next = read[at + pages[p]!];
      assert.ok(next === undefined || next.time > last.time, 'no millisecond is split over two pages');
    }
    assert.deepEqual(read[4]!.attributes, { i: 4 });
  });

  it('stops at the limit, across pages, and honours start and end', async () => {
    const store = open();
    await store.append(Array.from({ length: 12 }, (_, i) => event(NOW + i, 'sensor.s')));
    assert.deepEqual((await readAll(store, { start: NOW, end: NOW + DAY, limit: 7 })).events.map((e) => e.time - NOW), [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual((await readAll(store, { start: NOW + 3, end: NOW + 9 })).events.map((e) => e.time - NOW), [3, 4, 5, 6, 7, 8]);
    assert.deepEqual((await readAll(store, { start: NOW, end: NOW + DAY, limit: 0 })).events, []);
    assert.deepEqual((await readAll(store, { start: NOW, end: NOW + DAY, limit: 5 })).pages, [5]);
    // the last millisecond of each full page waits for the next: 12 = 4 + 5 + 3
    assert.deepEqual((await readAll(store, { start: NOW, end: NOW + DAY })).pages, [4, 5, 3]);
    // the pages end exactly: the held-back last event still comes
    assert.deepEqual((await readAll(store, { start: NOW, end: NOW + 10 })).pages, [4, 5, 1]);
  });

  it('a millisecond larger than a page is yielded whole, with nothing empty before it', async () => {
    const store = open();
    await store.append([...Array.from({ length: 6 }, (_, i) => event(NOW, `light.e${String(i)}`)), event(NOW + 1, 'light.e0')]);
    const { pages, events } = await readAll(store, { start: NOW, end: NOW + DAY });
    assert.deepEqual(pages, [7]);
    assert.deepEqual(events.map(key), [...Array.from({ length: 6 }, (_, i) => `light.e${String(i)}@${NOW}`), `light.e0@${NOW + 1}`]);
  });

  it('a filtered read pages too, is ordered across entities and stops at the limit', async () => {
    const store = open();
    await store.append([...Array.from({ length: 7 }, (_, i) => event(NOW + 2 * i, 'light.a')), ...Array.from({ length: 7 }, (_, i) => event(NOW + 2 * i + 1, 'light.b')), event(NOW, 'light.c')]);
    const { pages, events } = await readAll(store, { start: NOW, end: NOW + DAY, entityIds: ['light.b', 'light.a', 'light.a', 'light.none'] });
    assert.deepEqual(events.map((e) => e.time - NOW), Array.from({ length: 14 }, (_, i) => i));
    assert.deepEqual(pages, [5, 5, 4]);
    assert.deepEqual((await readAll(store, { start: NOW, end: NOW + 10, entityIds: ['light.a', 'light.b'] })).pages, [5, 5], 'no empty page after an exact fit');
    assert.deepEqual((await readAll(store, { start: NOW, end: NOW + DAY, entityIds: ['light.none'] })).pages, [], 'no page at all for nothing');
    assert.deepEqual((await readAll(store, { start: NOW, end: NOW + DAY, entityIds: ['light.b', 'light.a'], limit: 3 })).events.map(key), [`light.a@${NOW}`, `light.b@${NOW + 1}`, `light.a@${NOW + 2}`]);
  });

  it('skips attributes when asked to', async () => {
    const store = open();
    await store.append([event(NOW, 'light.a', { attributes: { x: 1 } })]);
    assert.deepEqual((await readAll(store, { start: NOW, end: NOW + 1, withAttributes: false })).events[0]!.attributes, {});
    assert.deepEqual((await readAll(store, { start: NOW, end: NOW + 1, entityIds: ['light.a'], withAttributes: false })).events[0]!.attributes, {});
  });
});

describe('SqliteEventStore: the stored rows', () => {
  it('stores causes as small numbers and reads an unknown one as system', async () => {
    const store = new SqliteEventStore(':memory:', 7);
    await store.append([event(NOW, 'light.a'), event(NOW + 1, 'light.a', { cause: 'person' }), event(NOW + 2, 'light.a', { cause: 'automation' })]);
    assert.deepEqual(store.db.prepare('SELECT cause FROM events ORDER BY time').pluck().all(), [0, 1, 2]);
    store.db.prepare('UPDATE events SET cause = 9 WHERE time = ?').run(NOW + 2);
    assert.deepEqual((await readAll(store, { start: NOW, end: NOW + 10 })).events.map((e) => e.cause), ['system', 'person', 'system']);
  });

  it('an attributes row that is gone reads as no attributes', async () => {
    const store = new SqliteEventStore(':memory:', 7);
    await store.append([event(NOW, 'light.a', { attributes: { x: 1 } })]);
    store.db.prepare('DELETE FROM attributes').run();
    assert.deepEqual((await readAll(store, { start: NOW, end: NOW + 1 })).events[0]!.attributes, {});
  });

  it('tells apart attributes whose hashes collide', async () => {
    const store = new SqliteEventStore(':memory:', 7);
    const json = JSON.stringify({ brightness: 10 });
    const hash = createHash('sha1').update(json).digest().readIntBE(0, 6);
    store.db.prepare('INSERT INTO attributes (hash, json, last_time) VALUES (?, ?, ?)').run(hash, '{"colliding":true}', NOW);
    await store.append([event(NOW, 'light.a', { attributes: { brightness: 10 } })]);
    assert.deepEqual((await readAll(store, { start: NOW, end: NOW + 1 })).events[0]!.attributes, { brightness: 10 });
    assert.equal(store.db.prepare('SELECT count(*) FROM attributes WHERE hash = ?').pluck().get(hash), 2);
  });
});

describe('SqliteEventStore: after a reopen', () => {
  it('finds entities, states and tags it has not cached yet', async () => {
    const path = join(tempDir(), 'events.sqlite');
    const first = new SqliteEventStore(path, 7);
    await first.append([
      event(NOW, 'light.a', { deviceId: 'dev1', areaId: 'kitchen', attributes: { b: 1 }, cause: 'person' }),
      event(NOW + 1, 'light.b', { state: null, oldState: 'on', cause: 'automation' }),
    ]);
    first.close();
    const again = new SqliteEventStore(path, 7);
    try {
      const filtered = (await readAll(again, { start: NOW, end: NOW + 10, entityIds: ['light.b', 'light.a'] })).events;
      assert.deepEqual(filtered.map(key), [`light.a@${NOW}`, `light.b@${NOW + 1}`]);
      assert.deepEqual(filtered[0], event(NOW, 'light.a', { deviceId: 'dev1', areaId: 'kitchen', attributes: { b: 1 }, cause: 'person' }));
      assert.deepEqual(filtered[1], event(NOW + 1, 'light.b', { state: null, oldState: 'on', cause: 'automation' }));
      // appending the same again: duplicates, and no second dictionary row
      assert.deepEqual(await again.append([event(NOW, 'light.a', { deviceId: 'dev1', areaId: 'kitchen', attributes: { b: 1 } }), event(NOW + 2, 'light.a', { areaId: 'kitchen' })]), { inserted: 1, duplicates: 1 });
      assert.equal(again.db.prepare('SELECT count(*) FROM entities').pluck().get(), 2);
      assert.equal(again.db.prepare('SELECT count(*) FROM attributes').pluck().get(), 1);
      assert.equal(again.db.prepare('SELECT count(*) FROM tags').pluck().get(), 2);
    } finally {
      again.close();
    }
  });

  it('lastBefore: the last real change per entity before a time, within the lookback', async () => {
    const store = new SqliteEventStore(':memory:', 7);
    await store.append([
      event(NOW - 5000, 'light.a', { state: 'on' }),
      event(NOW - 1000, 'light.a', { state: 'on', oldState: 'on' }), // attribute-only update
      event(NOW - 500, 'light.b', { state: 'off', oldState: 'on' }),
      event(NOW, 'light.b', { state: 'on' }),
      event(NOW - DAY, 'light.c'),
    ]);
    const last = await store.lastBefore(NOW, 10_000);
    assert.deepEqual([...last.entries()].map(([id, e]) => [id, e.time - NOW]).sort(), [['light.a', -5000], ['light.b', -500]]);
    assert.deepEqual([...(await store.lastBefore(NOW, 10_000, ['light.b', 'light.none'])).keys()], ['light.b']);
  });
});

describe('SqliteEventStore: retention and stats', () => {
  it('deletes hour by hour up to the cutoff, and everything with a far cutoff', async () => {
    const store = new SqliteEventStore(':memory:', 7);
    assert.equal(await store.deleteBefore(NOW), 0);
    await store.append(Array.from({ length: 10 }, (_, i) => event(NOW - i * 3 * 3_600_000, 'sensor.t')));
    assert.equal(await store.deleteBefore(NOW - 12 * 3_600_000), 5);
    const stats = await store.stats();
    assert.deepEqual([stats.layer, stats.name, stats.records, stats.oldest, stats.newest, stats.retentionDays], [1, 'home_assistant_events', 5, NOW - 12 * 3_600_000, NOW, 7]);
    assert.ok(stats.bytes > 0);
    assert.equal(await store.newestTime(), NOW);
    assert.equal(await store.deleteBefore(NOW + 365 * DAY), 5);
    assert.equal(await store.newestTime(), null);
    assert.deepEqual([(await store.stats()).oldest, (await store.stats()).newest], [null, null]);
  });
});

describe('SqliteEventStore: keyed to the microsecond, as HA keys states', () => {
  it('stores two states of one entity within one millisecond as two events, in their order', async () => {
    const store = new SqliteEventStore(':memory:', 7);
    const power = [event(NOW, 'sensor.power', { state: '876.4', micros: 100 }), event(NOW, 'sensor.power', { state: '854.2', oldState: '876.4', micros: 900 })];
    assert.deepEqual(await store.append([power[1]!, power[0]!]), { inserted: 2, duplicates: 0 });
    assert.deepEqual((await readAll(store, { start: NOW, end: NOW + 1 })).events, power);
    assert.deepEqual((await readAll(store, { start: NOW, end: NOW + 1, entityIds: ['sensor.power'] })).events, power);
    assert.deepEqual((await store.lastBefore(NOW + 1, DAY)).get('sensor.power'), power[1]);
    // the same microsecond again is the same event: a replay stores nothing twice
    assert.deepEqual(await store.append(power), { inserted: 0, duplicates: 2 });
    assert.deepEqual(store.db.prepare('SELECT micros FROM events ORDER BY micros').pluck().all(), [100, 900]);
  });

  it('pages by microsecond too: a millisecond split over pages comes whole and in order', async () => {
    const store = new SqliteEventStore(':memory:', 7, { pageSize: 3 });
    const events = Array.from({ length: 8 }, (_, i) => event(NOW + Math.floor(i / 4), `sensor.e${String(i % 2)}`, { micros: 10 * (i % 4) + 1, state: String(i) }));
    await store.append([...events].reverse());
    const { pages, events: read } = await readAll(store, { start: NOW, end: NOW + DAY });
    assert.deepEqual(read.map(microKey), events.map(microKey));
    assert.deepEqual(pages, [4, 4]);
    assert.deepEqual((await readAll(store, { start: NOW, end: NOW + DAY, limit: 5 })).events.map(microKey), events.slice(0, 5).map(microKey));
  });
});

describe('SqliteEventStore: a store from before microseconds upgrades in place', () => {
  /** Writes events.sqlite as the store before schema 2 did: keyed (time, entity), one row per entity and ms. */
  function oldStore(path: string, rows: readonly (readonly [time: number, entityId: string, state: string])[]): void {
    const db = openDatabase(path, EVENTS_SCHEMA.slice(0, 1));
    const entities = new Map<string, number>();
    const states = new Map<string, number>();
    const ref = (map: Map<string, number>, table: string, column: string, value: string) => {
      let r = map.get(value);
      if (r === undefined) map.set(value, (r = Number(db.prepare(`INSERT INTO ${table} (${column}) VALUES (?)`).run(value).lastInsertRowid)));
      return r;
    };
    const insert = db.prepare('INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const [time, entityId, state] of rows) insert.run(time, ref(entities, 'entities', 'entity_id', entityId), ref(states, 'states', 'state', state), null, null, null, 0);
    assert.equal(db.pragma('user_version', { simple: true }), 1);
    db.close();
  }

  it('keeps every event once, and a replay of the gap fill over them adds only what the ms key lost', async () => {
    const path = join(tempDir(), 'events.sqlite');
    // the old key kept the first state of the power sensor's millisecond (876.4) and dropped 854.2
    const old = [[NOW, 'sensor.power', '876.4'], [NOW, 'light.hall', 'on'], [NOW + 5, 'sensor.power', '850.0'], [NOW + DAY, 'light.hall', 'off']] as const;
    oldStore(path, old);
    const store = new SqliteEventStore(path, 7);
    assert.equal(store.db.pragma('user_version', { simple: true }), EVENTS_SCHEMA.length);
    const before = (await readAll(store, { start: NOW, end: NOW + 2 * DAY })).events;
    assert.deepEqual(
      before.map((e) => [e.time, e.entityId, e.state, e.micros]),
      [[NOW, 'light.hall', 'on', undefined], [NOW, 'sensor.power', '876.4', undefined], [NOW + 5, 'sensor.power', '850.0', undefined], [NOW + DAY, 'light.hall', 'off', undefined]],
    );
    // HA's history, to the microsecond, over the same span (a gap fill's margin replays it)
    const history = [
      event(NOW, 'sensor.power', { state: '876.4', micros: 120 }),
      event(NOW, 'sensor.power', { state: '854.2', micros: 870 }),
      event(NOW, 'light.hall', { state: 'on', micros: 3 }),
      event(NOW + 5, 'sensor.power', { state: '850.0' }),
      event(NOW + DAY, 'light.hall', { state: 'off', micros: 999 }),
      event(NOW + DAY + 1, 'light.hall', { state: 'on', micros: 1 }),
    ];
    assert.deepEqual(await store.append(history), { inserted: 2, duplicates: 4 });
    const after = (await readAll(store, { start: NOW, end: NOW + 2 * DAY })).events;
    assert.deepEqual(after.map(microKey), [...history].sort((a, b) => a.time - b.time || (a.micros ?? 0) - (b.micros ?? 0) || a.entityId.localeCompare(b.entityId)).map(microKey));
    // the old rows took HA's exact key: replaying again, or reopening, changes nothing
    assert.deepEqual(await store.append(history), { inserted: 0, duplicates: 6 });
    store.close();
    const reopened = new SqliteEventStore(path, 7);
    assert.deepEqual((await readAll(reopened, { start: NOW, end: NOW + 2 * DAY })).events.map(microKey), after.map(microKey));
    assert.equal((await reopened.stats()).records, 6);
    reopened.close();
  });

  it('forgets the ms-keyed span once retention has deleted it', async () => {
    const path = join(tempDir(), 'events.sqlite');
    oldStore(path, [[NOW - 10 * DAY, 'light.a', 'on'], [NOW - 9 * DAY, 'light.a', 'off']]);
    const store = new SqliteEventStore(path, 7);
    const until = () => store.db.prepare(`SELECT value FROM events_meta WHERE key = 'ms_keyed_until'`).pluck().get();
    assert.equal(until(), NOW - 9 * DAY);
    await store.deleteBefore(NOW - 9 * DAY);
    assert.equal(until(), NOW - 9 * DAY, 'rows keyed to the ms are left');
    await store.deleteBefore(NOW - 9 * DAY + 1);
    assert.equal(until(), undefined);
    // an event at a time the old rows had is new now: nothing is left to match
    assert.deepEqual(await store.append([event(NOW - 9 * DAY, 'light.a', { state: 'off', micros: 5 })]), { inserted: 1, duplicates: 0 });
    store.close();
    const empty = new SqliteEventStore(join(tempDir(), 'events.sqlite'), 7);
    assert.equal(empty.db.prepare('SELECT count(*) FROM events_meta').pluck().get(), 0, 'a new store has no ms-keyed span');
    empty.close();
  });
});
