/**
 * Import of CASAS sensor logs (WSU's smart-home testbeds), in the home's local time, in the
 * layouts casas-line.ts reads (`date time [location] sensor state [activity [begin|end]]`). Each
 * sensor becomes an HA-like binary_sensor, and each line a state_changed event whose old state is
 * the sensor's previous line, so detectors see a CASAS home as they would see an HA one. Activity
 * labels are not events of the home: they are returned beside the report, for whoever scores
 * detectors against them.
 */
import { normalizeStateChanged } from '../../events/normalize.js';
import { Calendar } from '../../time/calendar.js';
import type { EventStore } from '../../storage/types.js';
import { type CasasLabel, type CasasState, parseCasasLine, SENSOR_NAME } from './casas-line.js';
import { MAX_LINE_BYTES, readLineBatches } from './lines.js';
import { type ImportReport, type ProgressListener, ReportBuilder } from './report.js';
import { BatchWriter, DEFAULT_BATCH_SIZE, throttledProgress } from './writer.js';

export interface CasasOptions {
  /** The home's IANA zone: CASAS logs are in local wall-clock time. */
  readonly timeZone: string;
  readonly onProgress?: ProgressListener;
  readonly batchSize?: number;
  /** Clock for the future-timestamp check (tests); defaults to when the import starts. */
  readonly now?: number;
}

export interface CasasEntity {
  readonly entityId: string;
  readonly areaId: string;
  readonly deviceClass: string;
  readonly friendlyName: string;
}

export { parseCasasWallClock } from './casas-line.js';

/** An activity label of one imported line: what the residents were doing, by WSU's annotators. */
export interface ActivityLabel extends CasasLabel {
  /** 1-based line number in the log. */
  readonly line: number;
  /** UTC ms of the line's reading. */
  readonly time: number;
  readonly entityId: string;
}

export interface CasasReport extends ImportReport {
  /** Every label of a line that was read as a reading (stored or a duplicate), in file order. */
  readonly labels: readonly ActivityLabel[];
}

// Words of a CamelCase name; a run of capitals is one word (`TVRoomA` → TV, Room, A), and so is
// a classic CASAS id (`M001`).
const WORD = /[A-Z]+(?![a-z])[0-9]*|[A-Z][a-z0-9]*|[a-z0-9]+/g;

/**
 * HA device classes for CASAS sensor kinds. The logs show every sensor pulsing ON for 1–5 s, so
 * the item sensors (Sink, Stove, Refrigerator, Toilet) are motion sensors aimed at the item, not
 * appliance monitors: `motion`, not `running`. Bed and chair pads say someone is there:
 * `occupancy`. Doors keep `door`, whose on means open.
 */
function deviceClassOf(sensorWords: readonly string[]): string {
  const last = sensorWords[sensorWords.length - 1];
  if (last === 'Door') return 'door';
  if (last === 'Bed' || last === 'Chair' || last === 'Couch' || last === 'Sofa') return 'occupancy';
  return 'motion';
}

/**
 * Maps a CASAS sensor name to an HA-like entity. The room ends at the room's letter (the first
 * one-letter word after a longer word): `KitchenADiningChair` → `binary_sensor.kitchena_dining_chair`
 * in area `kitchen_a`. A name with no letter (`MainEntryway`) is a room-wide sensor.
 */
export function casasEntity(sensor: string): CasasEntity {
  if (!SENSOR_NAME.test(sensor)) throw new RangeError(`CASAS sensor name ${JSON.stringify(sensor.slice(0, 80))} must be letters and digits`);
  const words = sensor.match(WORD) ?? [sensor];
  let roomEnd = words.findIndex((w, i) => i > 0 && w.length === 1 && /[A-Z]/.test(w) && words[i - 1]!.length > 1);
  roomEnd = roomEnd < 0 ? words.length : roomEnd + 1;
  const room = words.slice(0, roomEnd);
  const rest = words.slice(roomEnd);
  const lower = (ws: readonly string[]) => ws.map((w) => w.toLowerCase());
  const objectId = [lower(room).join(''), ...lower(rest)].join('_');
  return {
    entityId: `binary_sensor.${objectId}`,
    areaId: lower(room).join('_'),
    deviceClass: deviceClassOf(rest.length > 0 ? rest : room),
    friendlyName: words.join(' '),
  };
}

/**
 * A sensor of a log with a location column (`Kitchen Refrigerator`): the location is the area,
 * and is part of the entity id unless the sensor's name starts with it (`Kitchen KitchenArea` →
 * `binary_sensor.kitchen_area`), since WSU reuses names like `Area` or `Bed` across rooms.
 */
export function casasEntityIn(location: string, sensor: string): CasasEntity {
  const place = location.match(WORD) ?? [location];
  const own = sensor.match(WORD) ?? [sensor];
  const slug = (ws: readonly string[]) => ws.map((w) => w.toLowerCase()).join('_');
  const areaId = slug(place);
  const inPlace = slug(own) === areaId || slug(own).startsWith(`${areaId}_`);
  const words = inPlace ? own : [...place, ...own];
  return { entityId: `binary_sensor.${slug(words)}`, areaId, deviceClass: deviceClassOf(own), friendlyName: words.join(' ') };
}

/**
 * Local wall clock → UTC ms. In the repeated hour when clocks go back, a wall time means two
 * instants: the earlier one, unless that would run backwards from the previous line (the log is
 * in time order, so the second pass through the hour is the later offset). A time in the skipped
 * hour when clocks go forward is read with the offset before the change, as clocks do.
 */
export function localToUtc(calendar: Calendar, wall: number, previous: number | null): number {
  const day = 86_400_000;
  const offsets = new Set([calendar.offsetAt(wall - day), calendar.offsetAt(wall + day), calendar.offsetAt(wall)]);
  const instants = [...offsets].map((o) => wall - o).filter((t) => wall - calendar.offsetAt(t) === t);
  instants.sort((a, b) => a - b);
  if (instants.length === 0) return wall - calendar.offsetAt(wall - day);
  const earlier = instants[0]!;
  const later = instants[instants.length - 1]!;
  return previous !== null && earlier < previous && later >= previous ? later : earlier;
}

/** The HA wire form of one CASAS reading. */
function stateChanged(entityId: string, time: number, state: string, old: string | null, attributes: Record<string, string>) {
  const iso = new Date(time).toISOString();
  return {
    event_type: 'state_changed',
    time_fired: iso,
    data: {
      entity_id: entityId,
      old_state: old === null ? null : { entity_id: entityId, state: old },
      new_state: { entity_id: entityId, state, attributes, last_changed: iso, last_updated: iso },
    },
  };
}

export async function importCasas(path: string, events: EventStore, options: CasasOptions): Promise<CasasReport> {
  const calendar = new Calendar(options.timeZone);
  const report = new ReportBuilder(path);
  const writer = new BatchWriter(events, report, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const progress = throttledProgress(report, options.onProgress);
  /** Location and sensor → entity, and the attributes every event of it carries (one object, shared). */
  const entities = new Map<string, { entity: CasasEntity; attributes: Record<string, string> }>();
  const areaOf = new Map<string, string>();
  const registry = { lookup: (entityId: string) => ({ deviceId: null, areaId: areaOf.get(entityId) ?? null }) };
  /** Last state of each entity in this file: the next event's old_state. */
  const lastState = new Map<string, CasasState>();
  const labels: ActivityLabel[] = [];
  const now = options.now ?? Date.now();
  let previousTime: number | null = null;
  let bytes = 0;
  let totalBytes: number | undefined;

  type Reading = { time: number; entity: CasasEntity; attributes: Record<string, string>; state: CasasState; label: CasasLabel | null };
  const parseLine = (line: string): Reading | string => {
    const parsed = parseCasasLine(line);
    if (typeof parsed === 'string') return parsed;
    const { wall, location, sensor, state, label } = parsed;
    const name = location === null ? sensor : `${location} ${sensor}`;
    let known = entities.get(name);
    if (known === undefined) {
      const entity = location === null ? casasEntity(sensor) : casasEntityIn(location, sensor);
      known = { entity, attributes: { device_class: entity.deviceClass, friendly_name: entity.friendlyName } };
      entities.set(name, known);
      areaOf.set(entity.entityId, entity.areaId);
    }
    return { time: localToUtc(calendar, wall, previousTime), state, label, ...known };
  };

  for await (const chunk of readLineBatches(path)) {
    let lineNumber = chunk.firstLine;
    for (const line of chunk.lines) {
      report.read++;
      const at = lineNumber++;
      if (line === null) {
        report.badRecord(at, `line is longer than ${MAX_LINE_BYTES} bytes`);
        continue;
      }
      if (line.trim() === '') {
        report.blank++;
        continue;
      }
      const parsed = parseLine(line);
      if (typeof parsed === 'string') {
        report.badRecord(at, parsed);
        continue;
      }
      const { time, entity, attributes, state, label } = parsed;
      // Through the one edge every event passes, so CASAS events are validated like HA's.
      const old = lastState.get(entity.entityId) ?? null;
      const result = normalizeStateChanged(stateChanged(entity.entityId, time, state, old, attributes), { now, registry });
      if (!result.ok) {
        report.badRecord(at, result.reason);
        continue;
      }
      previousTime = time;
      lastState.set(entity.entityId, state);
      writer.add(result.event);
      if (label !== null) labels.push({ line: at, time, entityId: entity.entityId, ...label });
      if (writer.full) await writer.flush();
    }
    bytes = chunk.bytes;
    totalBytes = chunk.totalBytes;
    progress(bytes, totalBytes);
  }
  await writer.flush();
  progress(bytes, totalBytes, true);
  return { ...report.build(), labels };
}
