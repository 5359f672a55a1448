/**
 * The registries behind enrichment, kept current: all three lists are loaded on every
 * (re)connect, and the one named by an `*_registry_updated` event is loaded again (a burst of
 * updates — HA sends one per entity when an integration reloads — costs one fetch).
 */
import type { Registry } from '../../events/normalize.js';
import * as messages from '../../ha/messages.js';
import type { RegistryUpdatedEvent } from '../../ha/messages.js';
import { HomeRegistry } from '../../ha/registry.js';
import type { Command } from '../../ha/types.js';

type ListName = 'entities' | 'devices' | 'areas';

const LIST_OF: Readonly<Record<RegistryUpdatedEvent, ListName>> = {
  entity_registry_updated: 'entities',
  device_registry_updated: 'devices',
  area_registry_updated: 'areas',
};

const COMMAND_OF: Readonly<Record<ListName, () => Command>> = {
  entities: messages.entityRegistryList,
  devices: messages.deviceRegistryList,
  areas: messages.areaRegistryList,
};

/** Updates arriving within this are fetched once. */
export const REGISTRY_REFRESH_DEBOUNCE_MS = 250;

export class LiveRegistry implements Registry {
  private current = HomeRegistry.empty();
  private readonly lists: Record<ListName, unknown> = { entities: [], devices: [], areas: [] };
  private readonly dirty = new Set<ListName>();
  private timer: NodeJS.Timeout | undefined;
  refreshes = 0;

  constructor(
    private readonly command: <T>(message: Command) => Promise<T>,
    private readonly onError: (error: unknown) => void,
    private readonly debounceMs = REGISTRY_REFRESH_DEBOUNCE_MS,
  ) {}

  get registry(): HomeRegistry {
    return this.current;
  }

  lookup(entityId: string): { deviceId: string | null; areaId: string | null } | undefined {
    return this.current.lookup(entityId);
  }

  /** Entity ids the entity registry lists. */
  entityIds(): string[] {
    const list = this.lists.entities;
    return Array.isArray(list) ? list.map((e) => (e as { entity_id?: unknown }).entity_id).filter((id): id is string => typeof id === 'string') : [];
  }

  /** Loads the named lists (all three by default) and rebuilds the registry. */
  async load(names: readonly ListName[] = ['entities', 'devices', 'areas']): Promise<void> {
    const results = await Promise.all(names.map((name) => this.command<unknown>(COMMAND_OF[name]())));
    const next = { ...this.lists };
    names.forEach((name, i) => (next[name] = results[i]));
    // Validate before adopting: a malformed list keeps the last good registry.
    this.current = HomeRegistry.fromLists(next);
    Object.assign(this.lists, next);
    this.refreshes++;
  }

  /** An `*_registry_updated` event arrived: reload its list soon. */
  updated(eventType: RegistryUpdatedEvent): void {
    this.dirty.add(LIST_OF[eventType]);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const names = [...this.dirty];
      this.dirty.clear();
      this.load(names).catch(this.onError);
    }, this.debounceMs);
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty.clear();
  }
}
