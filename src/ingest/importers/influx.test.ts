import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StateEvent } from '../../events/model.js';
import { sharedInfluxd } from '../../testing/backends.js';
import { InfluxHttp } from '../../storage/influxdb/http.js';
import { SqliteStorage } from '../../storage/sqlite/index.js';
import { importInflux } from './influx.js';

const dir = mkdtempSync(join(tmpdir(), 'homerhythm-influx-import-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.parse('2026-11-01T06:00:00Z');
const MIN = 60_000;

/** Points as HA's InfluxDB integration writes them (default settings, precision ns). */
const HA_LINES = [
  // a temperature sensor: measurement = unit, numeric state only in `value`
  `°C,domain=sensor,entity_id=kitchen_temp value=21.5,friendly_name_str="Kitchen temperature",device_class_str="temperature" ${T0 * 1e6}`,
  `°C,domain=sensor,entity_id=kitchen_temp value=22,friendly_name_str="Kitchen temperature",device_class_str="temperature" ${(T0 + 7 * 3_600_000) * 1e6}`,
  // a light: no unit, measurement = entity id; state and value (on → 1), attributes numeric and _str
  `light.hall,domain=light,entity_id=hall state="on",value=1,brightness=180,friendly_name_str="Hall \\"main\\", big" ${(T0 + MIN) * 1e6}`,
  `light.hall,domain=light,entity_id=hall state="off",value=0,friendly_name_str="Hall \\"main\\", big" ${(T0 + 8 * 3_600_000) * 1e6}`,
  // a text state, and the same entity under a second measurement later (a unit that changed)
  `media_player.tv,domain=media_player,entity_id=tv state="playing",source_str="HDMI 1" ${(T0 + 2 * MIN) * 1e6}`,
  `W,domain=media_player,entity_id=tv value=80 ${(T0 + 13 * 3_600_000) * 1e6}`,
  // a power sensor changing twice within one millisecond (time_fired in ns, whole µs as HA has them: 120 µs and 870 µs into it)
  `W,domain=sensor,entity_id=power value=876.4 ${(T0 + 4 * MIN) * 1e6 + 120_000}`,
  `W,domain=sensor,entity_id=power value=854.2 ${(T0 + 4 * MIN) * 1e6 + 870_000}`,
  // a point without HA's tags (someone else's data in the database)
  `cpu,host=server1 value=0.5 ${(T0 + 3 * MIN) * 1e6}`,
];

describe("import of HA's InfluxDB data", () => {
  it('maps measurements, tags and fields back to state changes, with old states chained per entity', async () => {
    const influxd = await sharedInfluxd();
    const http = new InfluxHttp({ url: influxd.url });
    await http.query('CREATE DATABASE "home_assistant"');
    await fetch(`${influxd.url}/write?db=home_assistant`, { method: 'POST', body: HA_LINES.join('\n') });
    const storage = new SqliteStorage(join(dir, 'store'));
    const options = { start: T0 - 3_600_000, end: T0 + 86_400_000, windowMs: 4 * 3_600_000 };
    const report = await importInflux({ url: influxd.url, database: 'home_assistant' }, storage.events, options);
    assert.equal(report.read, 9);
    assert.equal(report.imported, 8);
    assert.equal(report.invalid, 1);
    assert.match(report.bad[0]!.reason, /without the domain and entity_id tags/);
    const events: StateEvent[] = [];
    for await (const chunk of storage.events.read({ start: T0 - 1, end: T0 + 86_400_000 })) events.push(...chunk);
    const view = events.map((e) => [e.time - T0 + (e.micros ?? 0) / 1000, e.entityId, e.oldState, e.state, e.attributes]);
    assert.deepEqual(view, [
      [0, 'sensor.kitchen_temp', null, '21.5', { friendly_name: 'Kitchen temperature', device_class: 'temperature' }],
      [MIN, 'light.hall', null, 'on', { brightness: 180, friendly_name: 'Hall "main", big' }],
      [2 * MIN, 'media_player.tv', null, 'playing', { source: 'HDMI 1' }],
      [4 * MIN + 0.12, 'sensor.power', null, '876.4', {}],
      [4 * MIN + 0.87, 'sensor.power', '876.4', '854.2', {}],
      [7 * 3_600_000, 'sensor.kitchen_temp', '21.5', '22', { friendly_name: 'Kitchen temperature', device_class: 'temperature' }],
      [8 * 3_600_000, 'light.hall', 'on', 'off', { friendly_name: 'Hall "main", big' }],
      [13 * 3_600_000, 'media_player.tv', 'playing', '80', {}],
    ]);
    // importing again stores nothing twice
    const again = await importInflux({ url: influxd.url, database: 'home_assistant' }, storage.events, options);
    assert.deepEqual([again.imported, again.duplicates], [0, 8]);
    await storage.close();
  });

  it('says clearly when the database is not there', async () => {
    const influxd = await sharedInfluxd();
    const storage = new SqliteStorage(join(dir, 'store2'));
    await assert.rejects(importInflux({ url: influxd.url, database: 'nope' }, storage.events, { start: T0, end: T0 + 1000 }), /database not found/);
    await storage.close();
  });
});
