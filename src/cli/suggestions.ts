/**
 * `homerhythm suggestions [--show new|all|accepted|dismissed|snoozed] [--json]`: the suggested
 * automations, one per routine, most manual actions a week saved first; and
 * `homerhythm suggestion <key> accept|dismiss|snooze|undo [--days 7]`: what the user says of one.
 */
import { HaRestError, type HaRest } from '../ha/rest.js';
import type { Storage, Verdict } from '../storage/types.js';
import { createInHa, NotListedError, review } from '../suggestions/apply.js';
import { giveFeedback, listSuggestions, SHOW, UnknownSuggestionError, type ListedSuggestion, type Show } from '../suggestions/list.js';
import type { Calendar } from '../time/calendar.js';
import { UsageError } from './context.js';

export const ANSWERS: Readonly<Record<string, Verdict | 'undo'>> = { accept: 'accepted', dismiss: 'dismissed', snooze: 'snoozed', undo: 'undo' };

export function showOption(value: string): Show {
  if (!(SHOW as readonly string[]).includes(value)) throw new UsageError(`--show ${value}: one of ${SHOW.join(', ')}`);
  return value as Show;
}

function line(s: ListedSuggestion): string {
  const saves = s.saves_per_week === null ? '' : `saves ~${s.saves_per_week}/week · `;
  const state = s.state === 'new' ? '' : s.covered_by !== null ? ` [already automated by '${s.covered_by.alias}' (${s.covered_by.entity_id})]` : ` [${s.state}${s.until === null ? '' : ` until ${s.until.slice(0, 10)}`}]`;
  const covers = s.covers.length === 0 ? '' : `\n    also covers: ${s.covers.map((c) => c.key).join('; ')}`;
  return `${s.suggestion.automation.alias}${state}\n    ${saves}${s.pattern.description}\n    key: ${s.key}${covers}`;
}

export async function printSuggestions(storage: Storage, calendar: Calendar, opts: { show: Show; limit: number; json: boolean; now: number }): Promise<string> {
  const { suggestions, counts } = await listSuggestions(storage, calendar, opts.now, opts.show, opts.limit);
  if (opts.json) return JSON.stringify({ show: opts.show, counts, suggestions }, null, 2);
  const tally = `${counts.new} new, ${counts.automated} already automated, ${counts.accepted} accepted, ${counts.dismissed} dismissed, ${counts.snoozed} snoozed`;
  if (suggestions.length === 0) return `no ${opts.show === 'all' ? '' : `${opts.show} `}suggestions (${tally})`;
  return `${suggestions.map(line).join('\n')}\n(${tally}; show the YAML with --json, or in the dashboard)`;
}

export async function answerSuggestion(storage: Storage, calendar: Calendar, opts: { key: string; answer: string; days: number; now: number }): Promise<string> {
  const verdict = ANSWERS[opts.answer];
  if (verdict === undefined) throw new UsageError(`${opts.answer}: answer accept, dismiss, snooze or undo`);
  try {
    const s = await giveFeedback(storage, calendar, opts.now, opts.key, verdict, opts.days);
    return `${s.suggestion.automation.alias}: ${s.state}${s.until === null ? '' : ` until ${s.until}`}`;
  } catch (e) {
    if (e instanceof UnknownSuggestionError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * `homerhythm suggestion KEY create [--disabled] [--yes]`: prints what would be created (the
 * YAML, what it switches, its id), asks, and only then creates it in Home Assistant.
 */
export async function createSuggestion(storage: Storage, calendar: Calendar, opts: { key: string; now: number; enabled: boolean; yes: boolean; ha: HaRest | null; ask: (question: string) => Promise<boolean>; print: (text: string) => void }): Promise<string> {
  if (opts.ha === null) throw new UsageError('Home Assistant is not configured (HA_URL and HA_TOKEN): copy the YAML into its automation editor instead');
  let r;
  try {
    r = await review(storage, calendar, opts.now, opts.key);
  } catch (e) {
    if (e instanceof UnknownSuggestionError) throw new UsageError(e.message);
    throw e;
  }
  opts.print(`${r.yaml.trimEnd()}\n\nswitches: ${r.touches.join(', ')}${r.listens_to.length > 0 ? `; starts on: ${r.listens_to.join(', ')}` : ''}\nid in Home Assistant: ${r.automation_id}; ${opts.enabled ? 'enabled' : 'turned off'} after creating`);
  if (!opts.yes && !(await opts.ask('Create this automation in Home Assistant? [y/N] '))) return 'not created';
  try {
    const done = await createInHa(storage, calendar, opts.now, opts.key, opts.ha, { confirm: r.automation_id, enabled: opts.enabled });
    return `created ${done.entity_id ?? r.automation_id}, ${done.enabled ? 'enabled' : 'turned off'}`;
  } catch (e) {
    if (e instanceof HaRestError || e instanceof NotListedError) throw new UsageError(e.message);
    throw e;
  }
}
