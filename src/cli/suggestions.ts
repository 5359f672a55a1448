/**
 * `homerhythm suggestions [--show new|all|accepted|dismissed|snoozed] [--json]`: the suggested
 * automations, one per routine, most manual actions a week saved first;
 * `homerhythm suggestions --fixes [--json]`: the automations people undo by hand; and
 * `homerhythm suggestion <key> accept|dismiss|snooze|undo [--days 7]`: what the user says of one.
 */
import { HaRestError, type HaRest } from '../ha/rest.js';
import type { Storage, Verdict } from '../storage/types.js';
import type { OverrideSettings } from '../detectors/overrides.js';
import { createInHa, NotListedError, review } from '../suggestions/apply.js';
import { listFixes } from '../suggestions/fixes.js';
import { giveFeedback, listSuggestions, SHOW, UnknownSuggestionError, type ListedSuggestion, type Show } from '../suggestions/list.js';
import type { Calendar } from '../time/calendar.js';
import { UsageError } from './context.js';

export const ANSWERS: Readonly<Record<string, Verdict | 'undo'>> = { accept: 'accepted', dismiss: 'dismissed', snooze: 'snoozed', undo: 'undo' };

export function showOption(value: string): Show {
  if (!(SHOW as readonly string[]).includes(value)) throw new UsageError(`--show ${value}: one of ${SHOW.join(', ')}`);
  return value as Show;
}

/** "already automated", by whom, and how much of the routine its runs made. */
export function automatedLabel(s: Pick<ListedSuggestion, 'causes' | 'covered_by'>): string {
  const share = s.causes === null || s.covered_by?.by === 'configuration' ? '' : `, ${Math.round(s.causes.automation * 100)} % of its changes`;
  return s.covered_by === null ? ` [already automated${share}]` : ` [already automated by '${s.covered_by.alias}' (${s.covered_by.entity_id})${share}]`;
}

function line(s: ListedSuggestion): string {
  const saves = s.saves_per_week === null ? '' : `saves ~${s.saves_per_week}/week · `;
  const state = s.state === 'new' ? '' : s.state === 'automated' ? automatedLabel(s) : ` [${s.state}${s.until === null ? '' : ` until ${s.until.slice(0, 10)}`}]`;
  const covers = s.covers.length === 0 ? '' : `\n    also covers: ${s.covers.map((c) => c.key).join('; ')}`;
  return `${s.suggestion.automation.alias}${state}\n    ${saves}${s.pattern.description}\n    key: ${s.key}${covers}`;
}

export async function printSuggestions(storage: Storage, calendar: Calendar, opts: { show: Show; limit: number; json: boolean; now: number; automatedShare?: number }): Promise<string> {
  const { suggestions, counts } = await listSuggestions(storage, calendar, opts.now, opts.show, opts.limit, opts.automatedShare);
  if (opts.json) return JSON.stringify({ show: opts.show, counts, suggestions }, null, 2);
  const tally = `${counts.new} new, ${counts.automated} already automated, ${counts.accepted} accepted, ${counts.dismissed} dismissed, ${counts.snoozed} snoozed`;
  if (suggestions.length === 0) return `no ${opts.show === 'all' ? '' : `${opts.show} `}suggestions (${tally})`;
  return `${suggestions.map(line).join('\n')}\n(${tally}; show the YAML with --json, or in the dashboard)`;
}

/** The automations to fix, one sentence of evidence each. */
export async function printFixes(storage: Storage, calendar: Calendar, opts: { json: boolean; now: number; settings?: OverrideSettings }): Promise<string> {
  const fixes = await listFixes(storage, calendar, opts.now, opts.settings);
  if (opts.json) return JSON.stringify({ fixes }, null, 2);
  if (fixes.length === 0) return 'no automation is undone by hand on most of its recent runs';
  return fixes.map((f) => `${f.sentence}${f.automation === null ? '' : ` (${f.automation.entity_id})`}`).join('\n');
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
