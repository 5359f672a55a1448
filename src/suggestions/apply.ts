/**
 * "Create in Home Assistant", after review: first the review (the YAML, the entities it touches,
 * and the id the automation will get), then the creation, which must name that id as its
 * confirmation, so nothing is ever created that was not shown. The automation is written through
 * the automation editor's own endpoint, enabled or turned off as the user chose, and the link is
 * kept with the suggestion's feedback (accepted).
 */
import { createHash } from 'node:crypto';
import type { Automation } from '../dashboard/suggest/automation.js';
import type { HaRest } from '../ha/rest.js';
import type { Storage } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';
import { actionEntities } from './coverage.js';
import { identify } from './identity.js';
import { allSuggestions, type ListedSuggestion, UnknownSuggestionError } from './list.js';

export interface Review {
  readonly key: string;
  /** The `id` the automation gets in HA's automations.yaml: the same for the same suggestion, so creating again updates it. */
  readonly automation_id: string;
  readonly alias: string;
  readonly yaml: string;
  /** Entities the automation switches, then those it listens to. */
  readonly touches: readonly string[];
  readonly listens_to: readonly string[];
  readonly state: ListedSuggestion['state'];
}

export interface Created {
  readonly automation_id: string;
  /** The `automation.*` entity HA made of it (null: HA had not listed it within the wait). */
  readonly entity_id: string | null;
  readonly enabled: boolean;
}

export class ConfirmationError extends Error {}
/** Created, but not (yet) an entity in HA: it could not be turned off as asked. */
export class NotListedError extends Error {}

export const automationIdOf = (key: string): string => `homerhythm_${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;

async function find(storage: Storage, calendar: Calendar, now: number, key: string): Promise<ListedSuggestion> {
  const found = (await allSuggestions(storage, calendar, now)).suggestions.find((s) => s.key === key);
  if (found === undefined) throw new UnknownSuggestionError(`no suggestion ${key} (list them with \`homerhythm suggestions --show all\`)`);
  return found;
}

export async function review(storage: Storage, calendar: Calendar, now: number, key: string): Promise<Review> {
  const s = await find(storage, calendar, now, key);
  const { automation, yaml } = s.suggestion;
  const listens = automation.triggers.flatMap((t) => ('entity_id' in t ? [t.entity_id] : [`sun (${t.trigger === 'sun' ? t.event : t.trigger})`]));
  return { key, automation_id: automationIdOf(key), alias: automation.alias, yaml, touches: [...actionEntities(automation.actions)], listens_to: listens.filter((t) => !t.startsWith('sun (time')), state: s.state };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Writes `automation` into HA under `id` (HA reloads it), waits up to `waitMs` for HA to list its
 * `automation.*` entity, and turns it off when `enabled` is false. Throws NotListedError when it
 * had to be turned off but HA did not list it in time.
 */
export async function createAutomation(ha: HaRest, id: string, automation: Automation, options: { enabled: boolean; waitMs?: number }): Promise<Created> {
  await ha.saveAutomation(id, { id, ...automation });
  // Enabled, the entity id is only for the answer: a short look. Disabled, it must be found to turn it off.
  const waitMs = options.waitMs ?? (options.enabled ? 2_000 : 10_000);
  const deadline = Date.now() + waitMs;
  let entityId: string | null = null;
  while (entityId === null) {
    entityId = (await ha.states()).find((st) => st.entity_id.startsWith('automation.') && String(st.attributes['id']) === id)?.entity_id ?? null;
    if (entityId !== null || Date.now() >= deadline) break;
    await sleep(250);
  }
  if (!options.enabled) {
    if (entityId === null) throw new NotListedError(`created '${automation.alias}' (id ${id}), but Home Assistant did not list it within ${Math.round(waitMs / 1000)} s, so it could not be turned off: turn it off in Home Assistant`);
    await ha.callService('automation', 'turn_off', { entity_id: entityId });
  }
  return { automation_id: id, entity_id: entityId, enabled: options.enabled };
}

/**
 * Creates the reviewed suggestion in HA (createAutomation). `confirm` must be the review's
 * `automation_id`. The suggestion is recorded as accepted with the link, also when HA could not
 * turn it off as asked (that error is thrown after).
 */
export async function createInHa(storage: Storage, calendar: Calendar, now: number, key: string, ha: HaRest, options: { confirm: string; enabled: boolean; waitMs?: number }): Promise<Created> {
  const s = await find(storage, calendar, now, key);
  const id = automationIdOf(key);
  if (options.confirm !== id) throw new ConfirmationError(`not confirmed: review the automation first (its id is ${id}) and send that id as the confirmation`);
  const identity = identify(s.pattern)!;
  const record = () => storage.feedback.set({ key, routine: identity.routine, minute: identity.minute ?? null, verdict: 'accepted', until: null, pattern_id: s.pattern.id, at: now, ha_automation_id: id });
  try {
    const created = await createAutomation(ha, id, s.suggestion.automation, options);
    record();
    return created;
  } catch (error) {
    if (error instanceof NotListedError) record();
    throw error;
  }
}
