/**
 * A check of an automation against Home Assistant's automation schema, for the kinds of trigger,
 * condition and action we write: the keys HA requires, values it accepts, and entity ids that
 * exist in the home. Run on every suggestion before it is shown, and by the tests on the YAML
 * read back. Returns the problems found; empty means HA's automation editor takes it.
 */
import { WEEKDAYS } from './automation.js';

type Obj = Record<string, unknown>;

const ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]+$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
const OFFSET = /^-?\d{1,2}:[0-5]\d:[0-5]\d$/;
const SERVICE = /^[a-z0-9_]+\.[a-z0-9_]+$/;
const MODES = new Set(['single', 'restart', 'queued', 'parallel']);
/** The old singular keys: HA still reads them, but a suggestion uses the current ones. */
const LEGACY = ['trigger', 'condition', 'action', 'platform', 'service'];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkAutomation(value: unknown, entityExists: (entityId: string) => boolean): string[] {
  const problems: string[] = [];
  if (!isObj(value)) return ['not a mapping'];
  const entity = (where: string, id: unknown) => {
    if (typeof id !== 'string' || !ENTITY_ID.test(id)) problems.push(`${where}: entity_id ${JSON.stringify(id)} is not an entity id`);
    else if (!entityExists(id)) problems.push(`${where}: ${id} does not exist in this home`);
  };
  const allowed = (where: string, o: Obj, keys: readonly string[]) => {
    for (const k of Object.keys(o)) if (!keys.includes(k)) problems.push(`${where}: unexpected key ${k}`);
  };
  const numbers = (where: string, o: Obj) => {
    if (o['above'] === undefined && o['below'] === undefined) problems.push(`${where}: numeric_state needs above or below`);
    for (const k of ['above', 'below']) if (o[k] !== undefined && typeof o[k] !== 'number') problems.push(`${where}: ${k} must be a number`);
  };
  const duration = (where: string, v: unknown) => {
    if (v !== undefined && !(isObj(v) && Object.values(v).every((n) => typeof n === 'number' && n >= 0))) problems.push(`${where}: for must be a duration`);
  };

  for (const k of LEGACY) if (k in value) problems.push(`legacy key ${k}: use triggers/conditions/actions`);
  if (typeof value['alias'] !== 'string' || value['alias'].trim() === '') problems.push('alias: missing');
  if (value['description'] !== undefined && typeof value['description'] !== 'string') problems.push('description: not text');
  if (!MODES.has(value['mode'] as string)) problems.push(`mode: ${JSON.stringify(value['mode'])} is not single, restart, queued or parallel`);
  allowed('automation', value, ['alias', 'description', 'mode', 'triggers', 'conditions', 'actions', 'id']);

  const triggers = value['triggers'];
  if (!Array.isArray(triggers) || triggers.length === 0) problems.push('triggers: needs at least one');
  else
    triggers.forEach((t: unknown, i) => {
      const where = `triggers[${i}]`;
      if (!isObj(t)) return void problems.push(`${where}: not a mapping`);
      switch (t['trigger']) {
        case 'state':
          allowed(where, t, ['trigger', 'entity_id', 'to', 'from', 'for']);
          entity(where, t['entity_id']);
          if (t['to'] === undefined && t['from'] === undefined) problems.push(`${where}: state trigger without to or from fires on every attribute change`);
          for (const k of ['to', 'from']) {
            const v = t[k];
            const ok = typeof v === 'string' || (Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string'));
            if (v !== undefined && !ok) problems.push(`${where}: ${k} must be a state (text) or a list of them, not ${JSON.stringify(v)}`);
          }
          duration(where, t['for']);
          break;
        case 'time':
          allowed(where, t, ['trigger', 'at']);
          if (typeof t['at'] !== 'string' || !TIME.test(t['at'])) problems.push(`${where}: at ${JSON.stringify(t['at'])} is not HH:MM:SS`);
          break;
        case 'sun':
          allowed(where, t, ['trigger', 'event', 'offset']);
          if (t['event'] !== 'sunset' && t['event'] !== 'sunrise') problems.push(`${where}: event must be sunset or sunrise`);
          if (t['offset'] !== undefined && (typeof t['offset'] !== 'string' || !OFFSET.test(t['offset']))) problems.push(`${where}: offset must be [-]HH:MM:SS`);
          break;
        case 'numeric_state':
          allowed(where, t, ['trigger', 'entity_id', 'above', 'below', 'for']);
          entity(where, t['entity_id']);
          numbers(where, t);
          duration(where, t['for']);
          break;
        default:
          problems.push(`${where}: unknown trigger ${JSON.stringify(t['trigger'])}`);
      }
    });

  const checkCondition = (c: unknown, where: string): void => {
      if (!isObj(c)) return void problems.push(`${where}: not a mapping`);
      switch (c['condition']) {
        case 'not': {
          allowed(where, c, ['condition', 'conditions']);
          const inner = c['conditions'];
          if (!Array.isArray(inner) || inner.length === 0) problems.push(`${where}: not needs a list of conditions`);
          else inner.forEach((x: unknown, j: number) => checkCondition(x, `${where}.conditions[${j}]`));
          break;
        }
        case 'time': {
          allowed(where, c, ['condition', 'weekday', 'after', 'before']);
          const days = c['weekday'];
          if (days !== undefined && !(Array.isArray(days) && days.length > 0 && days.every((d) => WEEKDAYS.includes(d)))) problems.push(`${where}: weekday must list mon…sun`);
          for (const k of ['after', 'before']) if (c[k] !== undefined && !(typeof c[k] === 'string' && TIME.test(c[k]))) problems.push(`${where}: ${k} is not HH:MM:SS`);
          if (days === undefined && c['after'] === undefined && c['before'] === undefined) problems.push(`${where}: time condition needs weekday, after or before`);
          break;
        }
        case 'state':
          allowed(where, c, ['condition', 'entity_id', 'state']);
          entity(where, c['entity_id']);
          if (typeof c['state'] !== 'string') problems.push(`${where}: state must be text`);
          break;
        case 'numeric_state':
          allowed(where, c, ['condition', 'entity_id', 'above', 'below']);
          entity(where, c['entity_id']);
          numbers(where, c);
          break;
        default:
          problems.push(`${where}: unknown condition ${JSON.stringify(c['condition'])}`);
      }
  };
  const conditions = value['conditions'];
  if (conditions !== undefined && !Array.isArray(conditions)) problems.push('conditions: must be a list');
  else (conditions ?? []).forEach((c: unknown, i: number) => checkCondition(c, `conditions[${i}]`));

  const actions = value['actions'];
  if (!Array.isArray(actions) || actions.length === 0) problems.push('actions: needs at least one');
  else
    actions.forEach((a: unknown, i) => {
      const where = `actions[${i}]`;
      if (!isObj(a)) return void problems.push(`${where}: not a mapping`);
      if ('delay' in a) {
        allowed(where, a, ['delay']);
        duration(where, a['delay']);
        return;
      }
      allowed(where, a, ['action', 'target', 'data']);
      if (typeof a['action'] !== 'string' || !SERVICE.test(a['action'])) problems.push(`${where}: action ${JSON.stringify(a['action'])} is not domain.service`);
      const target = a['target'];
      if (!isObj(target)) problems.push(`${where}: target missing`);
      else entity(`${where}.target`, target['entity_id']);
    });
  return problems;
}
