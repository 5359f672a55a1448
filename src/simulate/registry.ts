/**
 * The simulated home's registries in the shapes HA returns for config/entity_registry/list,
 * config/device_registry/list and config/area_registry/list. An entity's area_id is null when it
 * inherits its device's area, as in HA.
 */
import { AREAS, DEVICES, ENTITIES, deviceIdOf } from './home.js';
import { hex32 } from './random.js';
import { domainOf } from '../events/model.js';

export interface RegistryFileContent {
  readonly entities: readonly Record<string, unknown>[];
  readonly devices: readonly Record<string, unknown>[];
  readonly areas: readonly Record<string, unknown>[];
}

/** Registries carry creation times; a fixed one keeps the file the same for every run. */
const CREATED_AT = 1_704_067_200; // 2024-01-01T00:00:00Z, epoch seconds as HA sends them

export function registryLists(): RegistryFileContent {
  const devicePlatform = new Map(DEVICES.map((d) => [d.key, d.platform]));
  const configEntry = (platform: string): string => hex32(`config_entry:${platform}`).slice(0, 26).toUpperCase();
  const entities = ENTITIES.map((e) => {
    const platform = e.device === null ? domainOf(e.id) : devicePlatform.get(e.device)!;
    return {
      area_id: e.area ?? null,
      categories: {},
      config_entry_id: e.device === null ? null : configEntry(platform),
      created_at: CREATED_AT,
      device_id: e.device === null ? null : deviceIdOf(e.device),
      disabled_by: null,
      entity_category: null,
      entity_id: e.id,
      has_entity_name: false,
      hidden_by: null,
      icon: null,
      id: hex32(`entity:${e.id}`),
      labels: [],
      modified_at: CREATED_AT,
      name: null,
      options: {},
      original_name: e.name,
      platform,
      translation_key: null,
      unique_id: hex32(`unique:${e.id}`).slice(0, 16),
    };
  });
  const devices = DEVICES.map((d) => ({
    area_id: d.area,
    configuration_url: null,
    config_entries: [configEntry(d.platform)],
    connections: [],
    created_at: CREATED_AT,
    disabled_by: null,
    entry_type: d.platform === 'met' ? 'service' : null,
    hw_version: null,
    id: deviceIdOf(d.key),
    identifiers: [[d.platform, hex32(`identifier:${d.key}`).slice(0, 12)]],
    labels: [],
    manufacturer: d.manufacturer,
    model: d.model,
    model_id: null,
    modified_at: CREATED_AT,
    name_by_user: null,
    name: d.name,
    primary_config_entry: configEntry(d.platform),
    serial_number: null,
    sw_version: null,
    via_device_id: null,
  }));
  const areas = AREAS.map((a) => ({
    aliases: [],
    area_id: a.id,
    created_at: CREATED_AT,
    floor_id: a.floor,
    humidity_entity_id: null,
    icon: null,
    labels: [],
    modified_at: CREATED_AT,
    name: a.name,
    picture: null,
    temperature_entity_id: null,
  }));
  return { entities, devices, areas };
}
