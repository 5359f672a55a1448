/**
 * HA's entity, device and area registries (`config/{entity,device,area}_registry/list`) and the
 * one question ingestion asks of them: which device and area an entity belongs to. HA answers it
 * the same way: the entity's own area, else its device's.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Registry } from '../events/normalize.js';

export interface HaEntityEntry {
  entity_id: string;
  device_id: string | null;
  area_id: string | null;
  platform?: string;
  name?: string | null;
  original_name?: string | null;
  disabled_by?: string | null;
  hidden_by?: string | null;
  entity_category?: string | null;
  labels?: string[];
}

export interface HaDeviceEntry {
  id: string;
  area_id: string | null;
  name?: string | null;
  name_by_user?: string | null;
  manufacturer?: string | null;
  model?: string | null;
}

export interface HaAreaEntry {
  area_id: string;
  name: string;
  floor_id?: string | null;
}

// HA always sends device_id/area_id; hand-written registry files often leave them out, and a
// missing one means the same as null. Unknown fields (HA adds some every release) are dropped.
const id = z.string().min(1);
const optionalId = z.string().nullish().transform((v) => v ?? null);
const optionalText = z.string().nullish();

const entitySchema = z.object({
  entity_id: id,
  device_id: optionalId,
  area_id: optionalId,
  platform: z.string().optional(),
  name: optionalText,
  original_name: optionalText,
  disabled_by: optionalText,
  hidden_by: optionalText,
  entity_category: optionalText,
  labels: z.array(z.string()).optional(),
});

const deviceSchema = z.object({
  id,
  area_id: optionalId,
  name: optionalText,
  name_by_user: optionalText,
  manufacturer: optionalText,
  model: optionalText,
});

const areaSchema = z.object({ area_id: id, name: z.string(), floor_id: optionalText });

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
}

/** A list as HA returns it, or the whole WebSocket reply (`{"type":"result","result":[…]}`) saved to a file. */
function unwrap(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Array.isArray((value as { result?: unknown }).result)) {
    return (value as { result: unknown }).result;
  }
  return value;
}

function parseList<T>(label: string, value: unknown, schema: z.ZodType<T>, required: boolean): T[] {
  const list = unwrap(value);
  if (list === undefined && !required) return [];
  if (!Array.isArray(list)) throw new RegistryError(`registry ${label} must be an array (as config/${label.slice(0, -1)}_registry/list returns it)`);
  return list.map((entry, i) => {
    const parsed = schema.safeParse(entry);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    const path = issue.path.length > 0 ? `.${issue.path.map(String).join('.')}` : '';
    throw new RegistryError(`registry ${label}[${i}]${path}: ${issue.message}`);
  });
}

function indexBy<T>(label: string, entries: readonly T[], key: (entry: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const entry of entries) {
    const k = key(entry);
    if (map.has(k)) throw new RegistryError(`registry ${label} lists ${JSON.stringify(k)} twice`);
    map.set(k, entry);
  }
  return map;
}

export class HomeRegistry implements Registry {
  private readonly entities: Map<string, HaEntityEntry>;
  private readonly devices: Map<string, HaDeviceEntry>;
  private readonly areas: Map<string, HaAreaEntry>;

  constructor(entities: readonly HaEntityEntry[], devices: readonly HaDeviceEntry[], areas: readonly HaAreaEntry[]) {
    this.entities = indexBy('entities', entities, (e) => e.entity_id);
    this.devices = indexBy('devices', devices, (d) => d.id);
    this.areas = indexBy('areas', areas, (a) => a.area_id);
  }

  /** Validates HA's three lists; `devices` and `areas` may be absent (an entity-only registry). */
  static fromLists(lists: { entities: unknown; devices: unknown; areas: unknown }): HomeRegistry {
    return new HomeRegistry(
      parseList('entities', lists.entities, entitySchema, true),
      parseList('devices', lists.devices, deviceSchema, false),
      parseList('areas', lists.areas, areaSchema, false),
    );
  }

  static empty(): HomeRegistry {
    return new HomeRegistry([], [], []);
  }

  get size(): { entities: number; devices: number; areas: number } {
    return { entities: this.entities.size, devices: this.devices.size, areas: this.areas.size };
  }

  /** Device and effective area of an entity; undefined when the registry does not know it. */
  lookup(entityId: string): { deviceId: string | null; areaId: string | null } | undefined {
    const entity = this.entities.get(entityId);
    if (entity === undefined) return undefined;
    const device = entity.device_id === null ? undefined : this.devices.get(entity.device_id);
    return { deviceId: entity.device_id, areaId: entity.area_id ?? device?.area_id ?? null };
  }

  entity(entityId: string): HaEntityEntry | undefined {
    return this.entities.get(entityId);
  }

  device(deviceId: string): HaDeviceEntry | undefined {
    return this.devices.get(deviceId);
  }

  area(areaId: string): HaAreaEntry | undefined {
    return this.areas.get(areaId);
  }

  areaName(areaId: string): string | undefined {
    return this.areas.get(areaId)?.name;
  }

  /** The name HA shows for a device: the user's, else the integration's. */
  deviceName(deviceId: string): string | undefined {
    const device = this.devices.get(deviceId);
    return device?.name_by_user ?? device?.name ?? undefined;
  }

  /** Entities whose effective area is `areaId`, sorted. */
  entitiesInArea(areaId: string): string[] {
    return [...this.entities.keys()].filter((id) => this.lookup(id)?.areaId === areaId).sort();
  }

  allAreas(): HaAreaEntry[] {
    return [...this.areas.values()];
  }
}

/** Reads a registry file: `{"entities":[…],"devices":[…],"areas":[…]}`. */
export async function loadRegistryFile(path: string): Promise<HomeRegistry> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const why = error instanceof SyntaxError ? `is not valid JSON (${error.message})` : `cannot be read (${(error as Error).message})`;
    throw new RegistryError(`registry file ${path} ${why}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new RegistryError(`registry file ${path} must hold an object {"entities":[…],"devices":[…],"areas":[…]}`);
  }
  const lists = parsed as Record<string, unknown>;
  try {
    return HomeRegistry.fromLists({ entities: lists['entities'], devices: lists['devices'], areas: lists['areas'] });
  } catch (error) {
    if (error instanceof RegistryError) throw new RegistryError(`${path}: ${error.message}`);
    throw error;
  }
}
