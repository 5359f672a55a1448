// @ts-check
/**
 * What every view knows about the home, loaded once by the app: its zone and whether Home
 * Assistant is configured (/dashboard/home), and its entities' friendly names and areas
 * (/dashboard/entities). Names come from Home Assistant: they are shown as text, always.
 */

/**
 * @typedef {{ entity_id: string, name: string, area_id: string | null, activations: number, days: number }} Entity
 * @typedef {{ time_zone: string, location_name: string | null, ha_version: string | null, ha_configured: boolean, api_url: string, token_configured: boolean, backend: string }} HomeInfo
 */

export const home = {
  /** @type {HomeInfo | null} */
  info: null,
  /** @type {Entity[]} */
  entities: [],
  /** @type {Map<string, Entity>} */
  byId: new Map(),
};

/** @param {Entity[]} entities */
export function setEntities(entities) {
  home.entities = entities;
  home.byId = new Map(entities.map((e) => [e.entity_id, e]));
}

/** The friendly name, or the id when the home does not name it. @param {string} entityId */
export function nameOf(entityId) {
  return home.byId.get(entityId)?.name ?? entityId;
}

/** Areas that have entities, sorted. */
export function areas() {
  return [...new Set(home.entities.map((e) => e.area_id).filter((a) => a !== null))].sort();
}

/** "living_room" → "Living room" @param {string | null | undefined} areaId */
export function areaName(areaId) {
  if (areaId === null || areaId === undefined || areaId === '') return 'no area';
  const text = areaId.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
