import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StateEvent } from '../../events/model.js';
import { normalizeStateChanged } from '../../events/normalize.js';
import { HomeRegistry } from '../../ha/registry.js';
import { SqliteStorage } from '../../storage/sqlite/index.js';
import { importJsonLines } from './jsonl.js';
import type { ImportProgress } from './report.js';

const NOW = Date.parse('2025-03-01T12:00:00Z');

/** An HA state_changed event as the WebSocket delivers it in `event`. */
function haEvent(entityId: string, time: string, state: string | null, old: string | null, attributes: Record<string, unknown> = {}) {
  const context = { id: `01J${time.replace(/\D/g, '').slice(0, 20)}`, parent_id: null, user_id: entityId.startsWith('light') ? 'u1' : null };
  const s = (value: string | null) =>
    value === null ? null : { entity_id: entityId, state: value, attributes, last_changed: time, last_reported: time, last_updated: time, context };
  return { event_type: 'state_changed', data: { entity_id: entityId, old_state: s(old), new_state: s(state) }, origin: 'LOCAL', time_fired: time, context };
}

const registry = HomeRegistry.fromLists({
  entities: [
    { entity_id: 'light.kitchen', device_id: 'hue-1', area_id: null },
    { entity_id: 'binary_sensor.hall_motion', device_id: 'zha-7', area_id: 'hallway' },
  ],
  devices: [
    { id: 'hue-1', area_id: 'kitchen' },
    { id: 'zha-7', area_id: 'living_room' },
  ],
  areas: [{ area_id: 'kitchen', name: 'Kitchen' }],
});

const good = [
  haEvent('light.kitchen', '2025-02-28T06:30:00.123456+00:00', 'on', 'off', { brightness: 200, friendly_name: 'Küche' }),
  haEvent('binary_sensor.hall_motion', '2025-02-28T06:30:01.000001+00:00', 'on', null, { device_class: 'motion' }),
  // The whole WebSocket message is accepted too.
  { id: 5, type: 'event', event: haEvent('light.kitchen', '2025-02-28T07:00:00.5+00:00', 'off', 'on') },
  haEvent('sensor.outside_temperature', '2025-02-28T07:05:00+00:00', '3.5', '3.4', { unit_of_measurement: '°C' }),
  haEvent('light.removed', '2025-02-28T08:00:00+00:00', null, 'off'),
];

const dir = mkdtempSync(join(tmpdir(), 'homerhythm-jsonl-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let stores = 0;

function writeLines(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n'));
  return path;
}

async function allEvents(storage: SqliteStorage): Promise<StateEvent[]> {
  const events: StateEvent[] = [];
  for await (const chunk of storage.events.read({ start: 0, end: Number.MAX_SAFE_INTEGER })) events.push(...chunk);
  return events;
}

describe('importJsonLines', () => {
  let storage: SqliteStorage;
  before(() => {
    storage = new SqliteStorage(join(dir, `store${stores++}`));
  });
  after(() => storage.close());

  it('stores what normalize gives, enriched from the registry, and reads it back equal', async () => {
    const path = writeLines('good.jsonl', good.map((e) => JSON.stringify(e)));
    const progress: ImportProgress[] = [];
    const report = await importJsonLines(path, storage.events, { registry, now: NOW, batchSize: 2, onProgress: (p) => progress.push(p) });
    assert.deepEqual(
      { read: report.read, imported: report.imported, duplicates: report.duplicates, ignored: report.ignored, invalid: report.invalid, blank: report.blank },
      { read: 5, imported: 5, duplicates: 0, ignored: 0, invalid: 0, blank: 0 },
    );
    const expected = good.map((e) => {
      const n = normalizeStateChanged(e, { now: NOW, registry });
      assert.ok(n.ok);
      return n.event;
    });
    assert.deepEqual(await allEvents(storage), expected);
    assert.equal(report.first, Date.parse('2025-02-28T06:30:00.123Z'));
    assert.equal(report.last, Date.parse('2025-02-28T08:00:00Z'));
    // Area from the device when the entity has none; the entity's own area wins over its device's.
    const [light, motion] = await allEvents(storage);
    assert.deepEqual([light!.deviceId, light!.areaId], ['hue-1', 'kitchen']);
    assert.deepEqual([motion!.deviceId, motion!.areaId], ['zha-7', 'hallway']);
    const final = progress.at(-1)!;
    assert.equal(final.bytes, final.totalBytes);
    assert.equal(final.read, 5);
  });

  it('re-importing the same file inserts nothing and changes nothing', async () => {
    const before = await allEvents(storage);
    const report = await importJsonLines(join(dir, 'good.jsonl'), storage.events, { registry, now: NOW });
    assert.equal(report.imported, 0);
    assert.equal(report.duplicates, 5);
    assert.deepEqual(await allEvents(storage), before);
  });
});

describe('importJsonLines with bad lines', () => {
  const huge = { blob: 'x'.repeat(17_000) };
  const lines = [
    /* 1 */ JSON.stringify(haEvent('switch.fan', '2025-02-28T09:00:00+00:00', 'on', 'off')),
    /* 2 */ '{"event_type": "state_changed", "data": {',
    /* 3 */ '',
    /* 4 */ '[1, 2, 3]',
    /* 5 */ JSON.stringify({ event_type: 'state_changed', data: { new_state: { state: 'on' } }, time_fired: '2025-02-28T09:00:00+00:00' }),
    /* 6 */ JSON.stringify(haEvent('light.küche', '2025-02-28T09:01:00+00:00', 'on', 'off')),
    /* 7 */ JSON.stringify(haEvent('light.a\u0007b', '2025-02-28T09:02:00+00:00', 'on', 'off')),
    /* 8 */ JSON.stringify(haEvent('switch.fan', '2025-03-05T09:00:00+00:00', 'off', 'on')),
    /* 9 */ JSON.stringify(haEvent('media_player.tv', '2025-02-28T09:03:00+00:00', 'playing', 'idle', huge)),
    /* 10 */ '   \t ',
    /* 11 */ JSON.stringify({ event_type: 'call_service', data: { domain: 'light' }, time_fired: '2025-02-28T09:04:00+00:00' }),
    /* 12 */ '42',
    /* 13 */ JSON.stringify(haEvent('switch.fan', '2025-02-28T09:00:00+00:00', 'on', 'off')),
    /* 14 */ JSON.stringify(haEvent('switch.fan', '2025-02-28T10:00:00+00:00', 'off', 'on')) + '\r',
  ];
  let storage: SqliteStorage;
  before(() => {
    storage = new SqliteStorage(join(dir, `store${stores++}`));
  });
  after(() => storage.close());

  it('reports each bad line with its number and reason, and accounts for every line', async () => {
    const path = writeLines('bad.jsonl', lines);
    const report = await importJsonLines(path, storage.events, { now: NOW });
    assert.deepEqual(
      report.bad.map((b) => b.line),
      [2, 4, 5, 6, 7, 8, 12],
    );
    const reason = (line: number) => report.bad.find((b) => b.line === line)!.reason;
    assert.match(reason(2), /^malformed JSON/);
    assert.match(reason(4), /must be a JSON object/);
    assert.match(reason(5), /entity_id must be a string/);
    assert.match(reason(6), /not a valid entity id/);
    assert.match(reason(7), /not a valid entity id/);
    assert.match(reason(8), /in the future/);
    assert.match(reason(12), /must be a JSON object/);
    assert.equal(report.read, 14);
    assert.equal(report.blank, 2);
    assert.equal(report.ignored, 1);
    assert.equal(report.invalid, 7);
    assert.equal(report.imported, 3);
    assert.equal(report.duplicates, 1, 'line 13 repeats line 1');
    assert.equal(report.read, report.imported + report.duplicates + report.ignored + report.invalid + report.blank);
    assert.equal(report.attributesDropped, 1);
    const stored = await allEvents(storage);
    assert.deepEqual(
      stored.map((e) => [e.entityId, e.state]),
      [
        ['switch.fan', 'on'],
        ['media_player.tv', 'playing'],
        ['switch.fan', 'off'],
      ],
    );
    assert.deepEqual(stored[1]!.attributes, {}, 'attributes over 16 KB are stored as {}, as HA recorder does');
  });

  it('keeps at most 100 bad records but counts all of them', async () => {
    const path = writeLines('garbage.jsonl', Array.from({ length: 250 }, (_, i) => `not json ${i}`));
    const report = await importJsonLines(path, storage.events, { now: NOW });
    assert.equal(report.invalid, 250);
    assert.equal(report.bad.length, 100);
    assert.deepEqual([report.bad[0]!.line, report.bad[99]!.line], [1, 100]);
  });

  it('fails clearly on a missing file', async () => {
    await assert.rejects(importJsonLines(join(dir, 'nope.jsonl'), storage.events), /ENOENT/);
  });
});
