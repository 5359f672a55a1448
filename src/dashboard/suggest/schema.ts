/**
 * What a suggestion must satisfy beyond Home Assistant's own automation schema, checked on every
 * suggestion before it is shown (and by the tests on the YAML read back). HA's schema itself —
 * trigger and condition kinds, HH:MM:SS times, offsets, modes, weekday names, action syntax — is
 * checked by HA: test/real-ha/suggestions.test.ts runs every kind of suggestion through
 * `hass --script check_config` and `automation.reload` of a real Home Assistant. What HA does not
 * check, and we must:
 *   - every entity the automation names exists in this home (HA loads an automation on an
 *     unknown entity without a word; it just never fires);
 *   - the current keys (`triggers`/`conditions`/`actions`, `trigger:`, `action:`): HA still reads
 *     the old singular ones, but a suggestion uses what HA's editor writes today;
 *   - an alias, so the user finds it in HA's list;
 *   - a state trigger names `to` or `from`: without them HA fires on every attribute change.
 * Returns the problems found; empty means the suggestion may be offered.
 */

type Obj = Record<string, unknown>;

const ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]+$/;
/** The old singular keys: HA still reads them, but a suggestion uses the current ones. */
const LEGACY = ['trigger', 'condition', 'action', 'platform', 'service'];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every `entity_id` value anywhere in the automation, with where it is. */
function entityIds(value: unknown, where: string, out: [string, unknown][]): [string, unknown][] {
  if (Array.isArray(value)) value.forEach((v, i) => entityIds(v, `${where}[${i}]`, out));
  else if (isObj(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'entity_id') for (const id of Array.isArray(v) ? v : [v]) out.push([where, id]);
      else entityIds(v, where === '' ? k : `${where}.${k}`, out);
    }
  }
  return out;
}

export function checkAutomation(value: unknown, entityExists: (entityId: string) => boolean): string[] {
  if (!isObj(value)) return ['not a mapping'];
  const problems: string[] = [];
  for (const k of LEGACY) if (k in value) problems.push(`legacy key ${k}: use triggers/conditions/actions`);
  if (typeof value['alias'] !== 'string' || value['alias'].trim() === '') problems.push('alias: missing');
  for (const key of ['triggers', 'actions']) if (!Array.isArray(value[key]) || value[key].length === 0) problems.push(`${key}: needs at least one`);
  const triggers = Array.isArray(value['triggers']) ? (value['triggers'] as unknown[]) : [];
  triggers.forEach((t, i) => {
    if (!isObj(t)) return void problems.push(`triggers[${i}]: not a mapping`);
    if ('platform' in t) problems.push(`triggers[${i}]: legacy key platform: use trigger`);
    if (t['trigger'] === 'state' && t['to'] === undefined && t['from'] === undefined) problems.push(`triggers[${i}]: state trigger without to or from fires on every attribute change`);
  });
  const actions = Array.isArray(value['actions']) ? (value['actions'] as unknown[]) : [];
  actions.forEach((a, i) => {
    if (isObj(a) && 'service' in a) problems.push(`actions[${i}]: legacy key service: use action`);
  });
  for (const [where, id] of entityIds(value, '', [])) {
    if (typeof id !== 'string' || !ENTITY_ID.test(id)) problems.push(`${where}: entity_id ${JSON.stringify(id)} is not an entity id`);
    else if (!entityExists(id)) problems.push(`${where}: ${id} does not exist in this home`);
  }
  return problems;
}
