/**
 * The suggestions a user reads, the same for the dashboard, the data-api and the CLI: each
 * routine once (fold.ts), ranked by the manual actions a week it would save, with what the user
 * said about it. A dismissed or accepted suggestion leaves the "new" list and stays out of it
 * until its routine changes materially (identity.ts: other entities, another time, no day in
 * common); a snoozed one comes back when its time is up.
 * One that an automation of Home Assistant already does is `automated`, naming that automation:
 * its triggers and actions do what the suggestion would (coverage.ts), or its runs made most of
 * the routine's changes (automated.ts). Suggestions come from what people do by hand (cause
 * `person`) and from changes of unknown cause (`system`).
 */
import { describeSafely } from '../detectors/describe.js';
import { entitySummaries, knownEntities } from '../dashboard/home-data.js';
import { SUGGESTED_TYPES, suggest, suggestJoined, type Home, type Suggestion } from '../dashboard/suggest/index.js';
import { metadataOf } from '../detectors/metadata.js';
import { workdaySensor } from '../dashboard/suggest/days.js';
import { carriedEntities } from '../jobs/entity-words.js';
import type { FeedbackRow, PatternRow, Storage, Verdict } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';
import { DEFAULT_DETECTOR_SETTINGS } from '../detectors/settings.js';
import { automatedByCauses, causeShares } from './automated.js';
import { coveringAutomation } from './coverage.js';
import { fold } from './fold.js';
import { identify, saidAbout, sameRoutine, type Identity } from './identity.js';

/** Days of Layer 2 that name the home's entities. */
const HOME_DAYS = 90;
/** Patterns read per suggested type: far more than any home has routines. */
const READ_PER_TYPE = 5000;

/** `automated`: one of Home Assistant's own automations already does it (coverage.ts). */
export type SuggestionState = 'new' | 'automated' | Verdict;
export const SHOW = ['new', 'all', 'automated', 'accepted', 'dismissed', 'snoozed'] as const;
export type Show = (typeof SHOW)[number];

export interface ListedSuggestion {
  readonly key: string;
  readonly state: SuggestionState;
  /** A snooze's end (ISO), else null. */
  readonly until: string | null;
  /** Manual actions a week the automation would take over (null: the pattern lacks the count). */
  readonly saves_per_week: number | null;
  readonly pattern: PatternRow & { readonly description: string };
  readonly suggestion: Extract<Suggestion, { available: true }>;
  /** Patterns this one already does, folded into it. */
  readonly covers: ReadonlyArray<{ readonly pattern_id: number; readonly key: string; readonly why: string }>;
  /**
   * The HA automation that already does it (state `automated`), or null; `by`: whether its
   * configuration does what the suggestion would, or its runs made the routine's changes.
   */
  readonly covered_by: { readonly entity_id: string; readonly automation_id: string | null; readonly alias: string; readonly state: string; readonly by: 'configuration' | 'changes' } | null;
  /** The share of the routine's changes each cause made (null: not known, e.g. days stored before causes were kept). */
  readonly causes: { readonly person: number; readonly automation: number; readonly system: number } | null;
}

export interface Listed {
  readonly suggestions: ListedSuggestion[];
  /** How many of all the folded suggestions are in each state. */
  readonly counts: Readonly<Record<SuggestionState, number>>;
}

/** The names and the entities of the home, as the YAML must use them. */
export async function homeOf(storage: Storage, calendar: Calendar, now: number, patterns: readonly PatternRow[]): Promise<Home> {
  const names = new Map((await entitySummaries(storage, calendar, now, HOME_DAYS)).map((e) => [e.entity_id, e.name]));
  // the entities the daily job last kept: the Workday sensor is among them, though no activity (events/activity.ts)
  const carried = await carriedEntities(storage);
  // only a context pattern names an entity of its own (the sun, the weather)
  const referenced = patterns.flatMap((p) => {
    const source = p.pattern_type === 'contextual' ? metadataOf(p, 'contextual').context.source_entity_id : null;
    return typeof source === 'string' ? [source] : [];
  });
  const known = await knownEntities(storage, now, new Set([...names.keys(), ...carried.keys()]), referenced);
  return { names: (id) => names.get(id) ?? id, exists: (id) => known.has(id), workday: workdaySensor(known), words: (id) => carried.get(id) };
}

/** What the user last said about this routine, if it still applies at `now`. */
export function stateOf(identity: Identity, feedback: readonly FeedbackRow[], now: number): { state: SuggestionState; until: number | null } {
  let latest: FeedbackRow | undefined;
  for (const f of feedback) {
    if (sameRoutine(saidAbout(f), identity) && (latest === undefined || f.at >= latest.at)) latest = f;
  }
  if (latest === undefined) return { state: 'new', until: null };
  if (latest.verdict === 'snoozed') return latest.until !== null && latest.until > now ? { state: 'snoozed', until: latest.until } : { state: 'new', until: null };
  return { state: latest.verdict, until: null };
}

/**
 * Every suggestion of the home, folded and ranked, with its state. `automatedShare`: the share of
 * a routine's changes an automation must have made for it to be already automated.
 */
export async function allSuggestions(storage: Storage, calendar: Calendar, now: number, automatedShare = DEFAULT_DETECTOR_SETTINGS.overrides.automatedShare): Promise<Listed> {
  const patterns = SUGGESTED_TYPES.flatMap((patternType) => storage.patterns.list({ patternType, limit: READ_PER_TYPE }));
  const home = await homeOf(storage, calendar, now, patterns);
  const identified = patterns.flatMap((pattern) => {
    const identity = identify(pattern);
    return identity === null ? [] : [{ pattern, identity }];
  });
  const candidates = identified.flatMap(({ pattern, identity }) => {
    const suggestion = suggest(pattern, home);
    return suggestion.available ? [{ pattern, identity, suggestion }] : [];
  });
  const feedback = storage.feedback.list();
  const known = home.words;
  const existing = storage.automations.list();
  const counts: Record<SuggestionState, number> = { new: 0, automated: 0, accepted: 0, dismissed: 0, snoozed: 0 };
  // a door contact's clock time suggests nothing, but says when the light that follows it comes on
  const suggestions = fold(candidates, identified).map(({ kept: one, covers, joins, savesPerWeek }): ListedSuggestion => {
    const joined = suggestJoined(one.suggestion, joins.map((j) => j.suggestion), home);
    const kept = joined.available ? { ...one, suggestion: joined } : one;
    const covering = coveringAutomation(kept.suggestion.automation, existing);
    const byChanges = covering === null ? automatedByCauses(kept.pattern, existing, automatedShare) : null;
    const { state, until } = covering === null && byChanges === null ? stateOf(kept.identity, feedback, now) : { state: 'automated' as const, until: null };
    counts[state]++;
    return {
      key: kept.identity.key,
      state,
      until: until === null ? null : new Date(until).toISOString(),
      saves_per_week: Number.isFinite(savesPerWeek) ? Math.round(savesPerWeek * 10) / 10 : null,
      pattern: { ...kept.pattern, description: describeSafely(kept.pattern, known) },
      suggestion: kept.suggestion,
      covers,
      covered_by:
        covering !== null
          ? { entity_id: covering.entity_id, automation_id: covering.automation_id, alias: covering.alias, state: covering.state, by: 'configuration' }
          : byChanges !== null && byChanges.automation !== null
            ? { ...byChanges.automation, by: 'changes' }
            : null,
      causes: causeShares(kept.pattern),
    };
  });
  return { suggestions, counts };
}

/** The suggestions to show: `new` (the default) or those in one state, or all; at most `limit`. */
export async function listSuggestions(storage: Storage, calendar: Calendar, now: number, show: Show = 'new', limit = 50, automatedShare?: number): Promise<Listed> {
  const all = await allSuggestions(storage, calendar, now, automatedShare);
  const shown = show === 'all' ? all.suggestions : all.suggestions.filter((s) => s.state === show);
  return { suggestions: shown.slice(0, limit), counts: all.counts };
}

export class UnknownSuggestionError extends Error {}

/**
 * Records what the user says about the suggestion `key` (as listed now): accept, dismiss, snooze
 * for `days`, or `undo` to take back what was said. Returns the suggestion in its new state.
 */
export async function giveFeedback(storage: Storage, calendar: Calendar, now: number, key: string, verdict: Verdict | 'undo', days = 7): Promise<ListedSuggestion> {
  const { suggestions } = await allSuggestions(storage, calendar, now);
  const found = suggestions.find((s) => s.key === key);
  if (found === undefined) throw new UnknownSuggestionError(`no suggestion ${key} (list them with \`homerhythm suggestions --show all\`)`);
  const identity = identify(found.pattern)!;
  if (verdict === 'undo') {
    for (const f of storage.feedback.list()) if (sameRoutine(saidAbout(f), identity)) storage.feedback.remove(f.key);
  } else {
    const until = verdict === 'snoozed' ? now + days * 86_400_000 : null;
    storage.feedback.set({ key, routine: identity.routine, minute: identity.minute ?? null, verdict, until, pattern_id: found.pattern.id, at: now });
  }
  if (found.state === 'automated') return found;
  const { state, until } = stateOf(identity, storage.feedback.list(), now);
  return { ...found, state, until: until === null ? null : new Date(until).toISOString() };
}
