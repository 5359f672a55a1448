/**
 * State attributes as HA integrations publish them. Static ones are built once per (entity, state)
 * and shared, so a million sensor reports cost one object and the writer can cache their JSON.
 */
import { HOME, type EntityInfo } from './home.js';

export type Attributes = Readonly<Record<string, unknown>>;

const SENSOR_UNITS: Readonly<Record<string, { unit: string; deviceClass: string }>> = {
  power: { unit: 'W', deviceClass: 'power' },
  temperature: { unit: '°C', deviceClass: 'temperature' },
  humidity: { unit: '%', deviceClass: 'humidity' },
};

const BINARY_CLASSES: Readonly<Record<string, string>> = {
  'binary_sensor.front_door': 'door',
  'binary_sensor.bedroom_window': 'window',
  'binary_sensor.garden_gate': 'door',
};

function sensorKind(id: string): string {
  for (const kind of Object.keys(SENSOR_UNITS)) if (id.endsWith(`_${kind}`)) return kind;
  return 'power';
}

function build(entity: EntityInfo, state: string): Attributes {
  const friendly_name = entity.name;
  switch (entity.domain) {
    case 'light':
      return state === 'on'
        ? { supported_color_modes: ['brightness'], color_mode: 'brightness', brightness: 255, friendly_name, supported_features: 32 }
        : { supported_color_modes: ['brightness'], color_mode: null, brightness: null, friendly_name, supported_features: 32 };
    case 'fan':
      return { percentage: state === 'on' ? 100 : 0, percentage_step: 100, preset_mode: null, preset_modes: null, friendly_name, supported_features: 49 };
    case 'binary_sensor':
      return { device_class: BINARY_CLASSES[entity.id] ?? 'motion', friendly_name };
    case 'media_player':
      return state === 'off' ? { friendly_name, supported_features: 152511 } : { volume_level: 0.25, is_volume_muted: false, friendly_name, supported_features: 152511 };
    case 'cover':
      return { current_position: state === 'closed' ? 0 : state === 'open' ? 100 : 50, device_class: 'blind', friendly_name, supported_features: 15 };
    case 'lock':
      return { friendly_name, supported_features: 1 };
    case 'humidifier':
      return { min_humidity: 30, max_humidity: 80, available_modes: ['auto', 'sleep'], humidity: 50, mode: state === 'on' ? 'sleep' : null, device_class: 'humidifier', friendly_name, supported_features: 1 };
    case 'vacuum':
      return { fan_speed_list: ['quiet', 'balanced', 'turbo'], fan_speed: 'balanced', friendly_name, supported_features: 14204 };
    case 'person':
      return { editable: true, id: entity.id.slice('person.'.length), device_trackers: [`device_tracker.${entity.id.slice('person.'.length)}_phone`], friendly_name };
    case 'sensor': {
      const unit = SENSOR_UNITS[sensorKind(entity.id)]!;
      return { state_class: 'measurement', unit_of_measurement: unit.unit, device_class: unit.deviceClass, friendly_name };
    }
    default:
      return { friendly_name };
  }
}

const cache: Map<string, Attributes>[] = HOME.map(() => new Map());

/** The attributes an entity shows in a state when nothing about it is special. */
export function staticAttributes(entity: EntityInfo, state: string): Attributes {
  const perState = cache[entity.index]!;
  const unavailable = state === 'unavailable' || state === 'unknown';
  // A sensor's attributes do not depend on its value: one object for all of them.
  const key = entity.domain === 'sensor' && !unavailable ? '' : state;
  let attributes = perState.get(key);
  if (attributes === undefined) {
    attributes = unavailable ? unavailableAttributes(entity) : build(entity, state);
    perState.set(key, attributes);
  }
  return attributes;
}

/** What HA keeps while an entity is unavailable: its name and static descriptors, nothing measured. */
function unavailableAttributes(entity: EntityInfo): Attributes {
  const base = build(entity, 'off');
  const kept: Record<string, unknown> = {};
  for (const key of ['device_class', 'unit_of_measurement', 'state_class', 'friendly_name', 'supported_features']) {
    if (key in base) kept[key] = base[key];
  }
  return kept;
}

/** Static attributes with a few values replaced (brightness, media title, current temperature …). */
export function withAttributes(entity: EntityInfo, state: string, changes: Attributes): Attributes {
  return { ...staticAttributes(entity, state), ...changes };
}

/** Shallow equality: attributes hold only primitives and small constant arrays. */
export function sameAttributes(a: Attributes, b: Attributes): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => v === y[i])) continue;
    return false;
  }
  return true;
}
