import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import type { StateEvent } from '../../events/model.js';
import { SqliteStorage } from '../../storage/sqlite/index.js';
import { Calendar } from '../../time/calendar.js';
import { casasEntity, casasEntityIn, importCasas, localToUtc, parseCasasWallClock } from './casas.js';

const ZONE = 'America/Los_Angeles';
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const DATA = join(repo, 'test', 'fixtures', 'casas');

const dir = mkdtempSync(join(tmpdir(), 'homerhythm-casas-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let stores = 0;
const openStorage = () => new SqliteStorage(join(dir, `store${stores++}`));

async function allEvents(storage: SqliteStorage): Promise<StateEvent[]> {
  const events: StateEvent[] = [];
  for await (const chunk of storage.events.read({ start: 0, end: Number.MAX_SAFE_INTEGER })) events.push(...chunk);
  return events;
}

describe('casasEntity', () => {
  const table: [string, string, string, string, string][] = [
    // sensor, entity id, area, device class, friendly name
    ['KitchenASink', 'binary_sensor.kitchena_sink', 'kitchen_a', 'motion', 'Kitchen A Sink'],
    ['BathroomAArea', 'binary_sensor.bathrooma_area', 'bathroom_a', 'motion', 'Bathroom A Area'],
    ['HallwayA', 'binary_sensor.hallwaya', 'hallway_a', 'motion', 'Hallway A'],
    ['EntrywayB', 'binary_sensor.entrywayb', 'entryway_b', 'motion', 'Entryway B'],
    ['MainEntryway', 'binary_sensor.mainentryway', 'main_entryway', 'motion', 'Main Entryway'],
    ['LivingRoomAChair', 'binary_sensor.livingrooma_chair', 'living_room_a', 'occupancy', 'Living Room A Chair'],
    ['KitchenADiningChair', 'binary_sensor.kitchena_dining_chair', 'kitchen_a', 'occupancy', 'Kitchen A Dining Chair'],
    ['BedroomBBed', 'binary_sensor.bedroomb_bed', 'bedroom_b', 'occupancy', 'Bedroom B Bed'],
    ['BedroomADoor', 'binary_sensor.bedrooma_door', 'bedroom_a', 'door', 'Bedroom A Door'],
    ['DiningRoomAArea', 'binary_sensor.diningrooma_area', 'dining_room_a', 'motion', 'Dining Room A Area'],
    ['KitchenARefrigerator', 'binary_sensor.kitchena_refrigerator', 'kitchen_a', 'motion', 'Kitchen A Refrigerator'],
    ['BathroomAToilet', 'binary_sensor.bathrooma_toilet', 'bathroom_a', 'motion', 'Bathroom A Toilet'],
    ['TVRoomAChair', 'binary_sensor.tvrooma_chair', 'tv_room_a', 'occupancy', 'TV Room A Chair'],
    ['M001', 'binary_sensor.m001', 'm001', 'motion', 'M001'],
  ];
  for (const [sensor, entityId, areaId, deviceClass, friendlyName] of table) {
    it(`${sensor} → ${entityId} in ${areaId}`, () => {
      assert.deepEqual(casasEntity(sensor), { entityId, areaId, deviceClass, friendlyName });
    });
  }

  it('puts a sensor of a location column in that area', () => {
    assert.deepEqual(casasEntityIn('Kitchen', 'Refrigerator'), { entityId: 'binary_sensor.kitchen_refrigerator', areaId: 'kitchen', deviceClass: 'motion', friendlyName: 'Kitchen Refrigerator' });
    assert.deepEqual(casasEntityIn('Living_Room', 'LivingRoomChair'), { entityId: 'binary_sensor.living_room_chair', areaId: 'living_room', deviceClass: 'occupancy', friendlyName: 'Living Room Chair' });
    assert.deepEqual(casasEntityIn('Bedroom', 'Bedroom'), { entityId: 'binary_sensor.bedroom', areaId: 'bedroom', deviceClass: 'motion', friendlyName: 'Bedroom' });
  });

  it('refuses names that cannot make an entity id', () => {
    assert.throws(() => casasEntity('Kitchen-Sink'), /letters and digits/);
    assert.throws(() => casasEntity(''), /letters and digits/);
  });
});

describe('CASAS time', () => {
  const calendar = new Calendar(ZONE);
  const wall = (text: string) => parseCasasWallClock(text)!;

  it('reads the wall clock, truncating microseconds to milliseconds', () => {
    assert.equal(wall('2016-07-12 00:00:30.600670'), Date.UTC(2016, 6, 12, 0, 0, 30, 600));
    assert.equal(wall('2016-07-12 00:00:30.9'), Date.UTC(2016, 6, 12, 0, 0, 30, 900));
    assert.equal(wall('2016-07-12 00:00:30'), Date.UTC(2016, 6, 12, 0, 0, 30));
    for (const bad of ['2016-02-30 10:00:00.0', '2016-13-01 10:00:00', '2016-07-12 24:00:00', '2016-07-12T00:00:30', '12/07/2016 00:00', '2016-07-12 00:00:30.1234567']) {
      assert.equal(parseCasasWallClock(bad), null, bad);
    }
  });

  it('converts local time to UTC, through both DST changes', () => {
    const utc = (text: string, previous: number | null = null) => new Date(localToUtc(calendar, wall(text), previous)).toISOString();
    assert.equal(utc('2016-07-12 00:00:30.600670'), '2016-07-12T07:00:30.600Z');
    assert.equal(utc('2016-02-07 08:14:36.157310'), '2016-02-07T16:14:36.157Z');
    // Clocks go back at 02:00 on 6 Nov 2016: 01:xx happens twice; the log's order tells which.
    const sequence = ['2016-11-06 00:59:00', '2016-11-06 01:30:00', '2016-11-06 01:59:00', '2016-11-06 01:05:00', '2016-11-06 01:50:00', '2016-11-06 02:10:00'];
    let previous: number | null = null;
    const times = sequence.map((text) => (previous = localToUtc(calendar, wall(text), previous)));
    assert.deepEqual(
      times.map((t) => new Date(t).toISOString()),
      ['2016-11-06T07:59:00.000Z', '2016-11-06T08:30:00.000Z', '2016-11-06T08:59:00.000Z', '2016-11-06T09:05:00.000Z', '2016-11-06T09:50:00.000Z', '2016-11-06T10:10:00.000Z'],
    );
    // Clocks go forward at 02:00 on 13 Mar 2016: 02:30 does not exist; read as 03:30 PDT.
    assert.equal(utc('2016-03-13 02:30:00'), '2016-03-13T10:30:00.000Z');
  });
});

describe('importCasas', () => {
  it('imports the whole tm000 multi-day log, every line accounted for', async () => {
    const storage = openStorage();
    try {
      const report = await importCasas(join(DATA, 'tm000.multiday_absence.txt'), storage.events, { timeZone: ZONE });
      assert.equal(report.read, 21968);
      assert.equal(report.imported + report.duplicates + report.invalid + report.blank, report.read);
      assert.deepEqual([report.imported, report.duplicates, report.invalid, report.blank, report.ignored], [21968, 0, 0, 0, 0]);
      assert.equal(new Date(report.first!).toISOString(), '2016-07-12T07:00:30.600Z'); // 00:00:30.600670 PDT
      assert.equal(new Date(report.last!).toISOString(), '2016-07-19T06:43:36.143Z'); // 23:43:36.143032 PDT
      const events = await allEvents(storage);
      assert.equal(events.length, 21968);
      const entities = new Set(events.map((e) => e.entityId));
      assert.equal(entities.size, 22);
      assert.ok(entities.has('binary_sensor.kitchena_sink') && entities.has('binary_sensor.mainentryway'));
      // Each event's old state is that sensor's previous line.
      const bed = events.filter((e) => e.entityId === 'binary_sensor.bedrooma_bed').slice(0, 3);
      assert.deepEqual(
        bed.map((e) => [e.oldState, e.state]),
        [
          [null, 'on'],
          ['on', 'off'],
          ['off', 'on'],
        ],
      );
      assert.deepEqual(bed[0]!.attributes, { device_class: 'occupancy', friendly_name: 'Bedroom A Bed' });
      assert.equal(bed[0]!.areaId, 'bedroom_a');
      assert.equal(bed[0]!.domain, 'binary_sensor');

      const again = await importCasas(join(DATA, 'tm000.multiday_absence.txt'), storage.events, { timeZone: ZONE });
      assert.deepEqual([again.imported, again.duplicates], [0, 21968]);
    } finally {
      await storage.close();
    }
  });

  it('imports the 201-line morning log, whose last line has no newline', async () => {
    const storage = openStorage();
    try {
      const report = await importCasas(join(DATA, 'tm000.20160207_AM_InactivitySeq.txt'), storage.events, { timeZone: ZONE });
      // `wc -l` says 201: it counts newlines, and the 202nd line has none.
      assert.deepEqual([report.read, report.imported, report.invalid], [202, 202, 0]);
      assert.equal(new Date(report.first!).toISOString(), '2016-02-07T16:14:36.157Z'); // 08:14:36 PST
    } finally {
      await storage.close();
    }
  });

  it('reports bad lines with their numbers, maps door states, and collapses same-millisecond readings', async () => {
    const lines = [
      /* 1 */ '2016-07-12 08:00:00.000100\tBedroomADoor\tOPEN\t',
      /* 2 */ '2016-07-12 08:00:01.000000\tBedroomADoor\tCLOSE',
      /* 3 */ '2016-07-12 08:00:02.000000\tBedroomADoor',
      /* 4 */ '2016-02-30 08:00:03.000000\tKitchenASink\tON\t',
      /* 5 */ '',
      /* 6 */ '2016-07-12 08:00:04.000000\tKitchenATemp\t21.5\t',
      /* 7 */ '2016-07-12 08:00:05.000000\tKitchen-Sink\tON\t',
      /* 8 */ '2016-07-12 08:00:06.123400\tKitchenASink\tON\t',
      /* 9 */ '2016-07-12 08:00:06.123999\tKitchenASink\tOFF\t',
      /* 10 */ '2016-07-12 08:00:07.000000\tBedroomADoor\tCLOSED\tsleeping\tlate\t',
      /* 11 */ '2016-07-12 08:00:08.000000\tBedroomADoor\ton\r',
    ];
    const path = join(dir, 'bad.txt');
    writeFileSync(path, lines.join('\n') + '\n');
    const storage = openStorage();
    try {
      const report = await importCasas(path, storage.events, { timeZone: ZONE });
      assert.deepEqual(
        report.bad.map((b) => b.line),
        [3, 4, 6, 7, 10],
      );
      assert.match(report.bad[0]!.reason, /expected date time, \[location,\] sensor, state .*found 2 fields/);
      assert.match(report.bad[1]!.reason, /bad timestamp/);
      assert.match(report.bad[2]!.reason, /unknown state "21.5"/);
      assert.match(report.bad[3]!.reason, /letters and digits/);
      assert.match(report.bad[4]!.reason, /at most begin or end after the state, found "sleeping late"/);
      assert.deepEqual([report.read, report.imported, report.duplicates, report.invalid, report.blank], [11, 4, 1, 5, 1]);
      const events = await allEvents(storage);
      assert.deepEqual(
        events.map((e) => [e.entityId, e.oldState, e.state]),
        [
          ['binary_sensor.bedrooma_door', null, 'on'],
          ['binary_sensor.bedrooma_door', 'on', 'off'],
          ['binary_sensor.kitchena_sink', null, 'on'],
          ['binary_sensor.bedrooma_door', 'off', 'on'],
        ],
      );
    } finally {
      await storage.close();
    }
  });

  it('reads WSU\'s annotated layout: spaces, a location column, activity labels with begin/end', async () => {
    const storage = openStorage();
    try {
      const report = await importCasas(join(DATA, 'wsu-annotated.txt'), storage.events, { timeZone: ZONE });
      assert.deepEqual([report.read, report.imported, report.invalid], [30, 30, 0]);
      assert.equal(new Date(report.first!).toISOString(), '2011-06-15T08:03:39.149Z'); // 01:03:39.14962 PDT
      const events = await allEvents(storage);
      const byEntity = new Map(events.map((e) => [e.entityId, e]));
      // the location is the area; it joins the entity id unless the sensor's name starts with it
      assert.equal(byEntity.get('binary_sensor.bedroom')?.areaId, 'bedroom');
      assert.equal(byEntity.get('binary_sensor.bedroom_bed')?.attributes['device_class'], 'occupancy');
      assert.equal(byEntity.get('binary_sensor.kitchen_area')?.areaId, 'kitchen');
      assert.equal(byEntity.get('binary_sensor.kitchen_refrigerator')?.areaId, 'kitchen');
      assert.equal(byEntity.get('binary_sensor.entry_front_door')?.attributes['device_class'], 'door');
      assert.equal(byEntity.get('binary_sensor.dining_room_dining_chair')?.areaId, 'dining_room');
      // lines without a label (6, 11, 12, 24) have none; the rest keep theirs, with begin/end
      assert.equal(report.labels.length, 26);
      assert.deepEqual(report.labels.slice(0, 2), [
        { line: 1, time: Date.parse('2011-06-15T08:03:39.149Z'), entityId: 'binary_sensor.bedroom', activity: 'Sleep', marker: 'begin' },
        { line: 2, time: Date.parse('2011-06-15T08:03:41.220Z'), entityId: 'binary_sensor.bedroom', activity: 'Sleep', marker: null },
      ]);
      const episodes = report.labels.filter((l) => l.marker !== null).map((l) => `${l.activity} ${l.marker}`);
      assert.deepEqual(episodes.slice(0, 4), ['Sleep begin', 'Sleep end', 'Bed_Toilet_Transition begin', 'Bed_Toilet_Transition end']);
      assert.equal(episodes.length, 12); // six episodes, each opened and closed
    } finally {
      await storage.close();
    }
  });

  it('reads every WSU layout of a line the same way, tabs or spaces, and says what is wrong with a bad one', async () => {
    const lines = [
      /* 1 */ '2011-06-15 01:03:39.14962\tM003\tON',
      /* 2 */ '2011-06-15 01:03:40.1 M003 OFF',
      /* 3 */ '2011-06-15 01:03:41.2  Bedroom   M003 ON   Sleep',
      /* 4 */ '2011-06-15 01:03:42.3\tM003\tOFF\tSleep end\t',
      /* 5 */ '2011-06-15 01:03:43.4 Bed-room M003 ON',
      /* 6 */ '2011-06-15 01:03:44.5 M003 21.5 Sleep',
      /* 7 */ '2011-06-15 01:03:45.6 M003 ON Sle\u0000ep',
      /* 8 */ '2011-06-15 01:03:46.7',
    ];
    const path = join(dir, 'layouts.txt');
    writeFileSync(path, lines.join('\n'));
    const storage = openStorage();
    try {
      const report = await importCasas(path, storage.events, { timeZone: ZONE });
      assert.deepEqual(report.bad.map((b) => b.line), [5, 6, 7, 8]);
      assert.match(report.bad[0]!.reason, /location "Bed-room" must be letters/);
      assert.match(report.bad[1]!.reason, /unknown state "21.5" or "Sleep"/);
      assert.match(report.bad[2]!.reason, /activity label .* must be letters/);
      assert.match(report.bad[3]!.reason, /found 1 fields/);
      const events = await allEvents(storage);
      assert.deepEqual(
        events.map((e) => [e.entityId, e.areaId, e.oldState, e.state]),
        [
          ['binary_sensor.m003', 'm003', null, 'on'],
          ['binary_sensor.m003', 'm003', 'on', 'off'],
          ['binary_sensor.bedroom_m003', 'bedroom', null, 'on'],
          ['binary_sensor.m003', 'm003', 'off', 'off'],
        ],
      );
      assert.deepEqual(report.labels.map((l) => [l.line, l.activity, l.marker]), [[3, 'Sleep', null], [4, 'Sleep', 'end']]);
    } finally {
      await storage.close();
    }
  });

  it('refuses an unknown time zone', async () => {
    const storage = openStorage();
    try {
      await assert.rejects(importCasas(join(DATA, 'tm000.20160207_AM_InactivitySeq.txt'), storage.events, { timeZone: 'Mars/Olympus' }), /unknown time zone/);
    } finally {
      await storage.close();
    }
  });
});
