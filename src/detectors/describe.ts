/**
 * One sentence per pattern, as a person would say it, for terminals and the dashboard: what the
 * home does, with only the numbers a person uses when they say it ("around 06:30", "about 17 s
 * later", "28 of 30 days"). The statistics behind it (confidence, lift, spread) stay in
 * `pattern_metadata`, which the dashboard shows one click away.
 */
import type { PatternRow } from '../storage/types.js';
import { agree, be, type EntityLookup, it, onVerb, pastVerb, stayed, stays, subjectOf, type Subject, withAdverb } from './device-words.js';
import { decodeMetadata, isPatternType, type MetadataOf, type SeasonalMetadata } from './metadata.js';

const DAY_TYPES: Record<string, string> = { all: 'every day', weekdays: 'on weekdays', weekends: 'at weekends' };

function minutes(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** A duration as said aloud: "17 s", "a minute", "12 min", "2 h", "7.3 h". */
function spoken(seconds: number): string {
  if (seconds < 45) return `${Math.round(seconds)} s`;
  if (seconds < 90) return 'a minute';
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1).replace(/\.0$/, '')} h`;
}

/**
 * A chain said step by step: "Front door opens, then Hallway motion detects motion, then Hallway
 * light turns on". A step doing what the step before it did leaves its verb out ("then Kitchen
 * light"), as people say it.
 */
function chain(steps: readonly Subject[]): string {
  return steps.map((s, i) => (i > 0 && onVerb(s) === onVerb(steps[i - 1]!) ? s.name : `${s.name} ${onVerb(s)}`)).join(', then ');
}

/** "a, b and c" */
/** "a", "a and b", "a, b and c": how a sentence lists things (also the weekdays of a suggestion's title). */
export const list = (xs: readonly string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);
/** An area id as a word: "living_room" → "living room". */
const areaWords = (id: string) => id.replace(/_/g, ' ');
/** "28 of 30 times", or "every one of 30 times" said plainly. */
const outOf = (n: number, of: number, unit: string) => `${n} of ${of} ${unit}`;
/** How often B followed A, as a person says it. */
const howOften = (share: number) => (share >= 0.995 ? 'always' : share >= 0.9 ? 'almost always' : 'usually');

/** "about 3 times a day", "about once a day", "less than once a day", "hardly ever". */
function perDay(n: number): string {
  if (n < 0.15) return 'hardly ever';
  if (n < 0.75) return 'less than once a day';
  if (n < 1.5) return 'about once a day';
  return `about ${Math.round(n)} times a day`;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** A sentence that never fails a response or a page: odd metadata gets the generic sentence. */
export function describeSafely(row: Pick<PatternRow, 'pattern_type' | 'device_id' | 'pattern_metadata' | 'confidence' | 'occurrences'>, known?: EntityLookup): string {
  try {
    return describePattern(row, known);
  } catch {
    return `${row.pattern_type} ${row.device_id} (${Math.round(row.confidence * 100)} %)`;
  }
}

/** "October" from "2026-10". */
const monthName = (key: string) => MONTH_NAMES[Number(key.slice(5, 7)) - 1] ?? key;

/**
 * The sentence for a pattern. `known` gives the entities' friendly names and device classes (what
 * the daily job last knew of them): with it, a door *opens* and "Kitchen lights" *turn on*;
 * without it, or for an entity it does not know, the entity id and its domain's words are said.
 */
export function describePattern(p: Pick<PatternRow, 'pattern_type' | 'device_id' | 'pattern_metadata' | 'confidence' | 'occurrences'>, known?: EntityLookup): string {
  const type = p.pattern_type;
  const subject = (entityId: string) => subjectOf(entityId, known);
  if (!isPatternType(type)) return `${type} ${p.device_id} (${Math.round(p.confidence * 100)} %)`;
  const metadata = p.pattern_metadata;
  switch (type) {
    case 'time_based': {
      const m = decodeMetadata(type, metadata);
      const spread = `give or take ${Math.round(Number(m.spread_minutes))} min`;
      // a routine holding on too few days for "every day" or "on weekdays" says how often it does
      const days = dayTypeWords(m.day_type, m.weekday_mask);
      const s = subject(p.device_id);
      return days === undefined
        ? `${s.name} ${onVerb(s)} around ${m.typical_time} on ${m.days_matched} of ${m.days_observed} days, ${spread}`
        : `${s.name} ${onVerb(s)} around ${m.typical_time} ${days}, ${spread} (on ${String(m.mask_days_matched)} of ${String(m.mask_days_observed)} days)`;
    }
    case 'co_occurrence': {
      const m = decodeMetadata(type, metadata);
      const times = m.trigger_activations === undefined ? `${p.occurrences} times` : outOf(p.occurrences, m.trigger_activations, 'times');
      const [trigger, follower] = [subject(m.trigger), subject(m.follower)];
      return `When ${trigger.name} ${onVerb(trigger)}, ${follower.name} ${withAdverb(onVerb(follower), howOften(p.confidence))} about ${spoken(Number(m.typical_lag_seconds))} later (${times})`;
    }
    case 'sequence': {
      const { steps, step_minutes, first_step_activations } = decodeMetadata(type, metadata);
      return `${chain(steps.map(subject))}, each within ${step_minutes} min of the last (${outOf(p.occurrences, Number(first_step_activations), 'times')})`;
    }
    case 'room_based': {
      const m = decodeMetadata(type, metadata);
      const together = m.used_together[0]?.entities ?? [];
      return `The ${areaWords(p.device_id)} is busiest around ${list(m.peak_hours.map((h) => `${h}:00`))}${together.length > 1 ? `; ${list(together.map((e) => subject(e).name))} are used there together` : ''}`;
    }
    case 'duration': {
      const m = decodeMetadata(type, metadata);
      const s = subject(p.device_id);
      const typical = m.typical_seconds;
      const p90 = Number(m.p90_seconds);
      const usually = `${s.name} usually ${stays(s)} for about ${spoken(typical)}`;
      if (m.auto_off_candidate === true) return `${usually} — an auto-off after ${spoken(Number(m.suggested_auto_off_minutes) * 60)} would catch the times ${it(s)} ${be(s, 'is')} forgotten`;
      return p90 > typical * 1.25 ? `${usually}, nearly always within ${spoken(p90)}` : usually;
    }
    case 'anomaly':
      return describeAnomaly(p.device_id, decodeMetadata(type, metadata), known);
    case 'session': {
      const m = decodeMetadata(type, metadata);
      const when = dayTypeWords(m.day_type) ?? '';
      const areas = m.areas.map(areaWords);
      const where = areas.length > 0 ? `in the ${list(areas)}` : 'in the home';
      return `${when === '' ? 'From' : `${when[0]!.toUpperCase()}${when.slice(1)} from`} about ${m.start_time} to ${m.end_time}, there is activity ${where} (on ${p.occurrences} days)`;
    }
    case 'day_type': {
      const m = decodeMetadata(type, metadata);
      // the weeks it held in are the evidence a reader needs (patterns stored before they were counted have none)
      const agreeing = Number(m.weeks_agreeing);
      const compared = Number(m.weeks_compared);
      const weeks = m.weeks_compared === undefined ? '' : agreeing === compared ? `, in each of the last ${compared} weeks` : `, in ${agreeing} of the last ${compared} weeks`;
      const s = subject(p.device_id);
      if (m.aspect === 'time') return `${s.name} ${withAdverb(onVerb(s), 'first')} around ${m.weekday_first} on weekdays and ${m.weekend_first} at weekends${weeks}`;
      const weekdays = `on weekdays (${perDay(m.weekday_per_day)})`;
      const weekends = `at weekends (${perDay(m.weekend_per_day)})`;
      return `${s.name} ${onVerb(s)} more often ${m.more_on === 'weekends' ? `${weekends} than ${weekdays}` : `${weekdays} than ${weekends}`}${weeks}`;
    }
    case 'contextual':
      return describeContext(subject(p.device_id), decodeMetadata(type, metadata));
    case 'seasonal':
      return describeSeason(subject(p.device_id), decodeMetadata(type, metadata));
  }
}

/** ISO weekdays 1–7 as a sentence says them; their first three letters are a title's ("Mon"). */
export const WEEKDAY_PLURALS = ['Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];

/**
 * "every day", "on weekdays", "at weekends", "on Mondays, Wednesdays and Fridays" (a routine kept
 * to particular weekdays: its ISO weekday mask); undefined for a routine on some days (or one
 * stored before day types).
 */
function dayTypeWords(dayType: string | undefined, mask?: readonly number[]): string | undefined {
  if (dayType !== 'days') return dayType === undefined ? undefined : DAY_TYPES[dayType];
  const names = (mask ?? []).map((d) => WEEKDAY_PLURALS[d - 1]).filter((n) => n !== undefined);
  return names.length > 0 ? `on ${list(names)}` : undefined;
}

/** "Porch light came on around 17:51 in October and around 16:15 in November, following sunset"; "Front door opened about 3 times a day in …" */
function describeSeason(s: Subject, m: SeasonalMetadata): string {
  const months = m.monthly;
  const first = months[0]!;
  const last = months.at(-1)!;
  const aspect = m.aspect;
  const show = (x: { value: number; time?: string | undefined }) => (aspect === 'time' ? `around ${x.time ?? String(x.value)}` : aspect === 'duration' ? `for about ${spoken(x.value)}` : perDay(x.value));
  const what = aspect === 'duration' ? stayed(s) : pastVerb(s);
  const [more, less] = aspect === 'time' ? ['later', 'earlier'] : aspect === 'duration' ? ['longer', 'shorter'] : ['more', 'less'];
  const how = m.trend === 'follows_daylight' ? followingDaylight(s, m, last.value >= first.value ? more : less) : m.trend === 'increasing' ? `${more} month by month` : m.trend === 'decreasing' ? `${less} month by month` : 'changing from month to month';
  return `${s.name} ${what} ${show(first)} in ${monthName(first.month)} and ${show(last)} in ${monthName(last.month)}, ${how}${months.length > 2 ? ` (over ${months.length} months)` : ''}`;
}

/**
 * "following sunset" for a time (it moves with it); for a duration or an amount, which way daylight
 * moved: "longer as sunset came earlier — it follows daylight". The values moved `way`; daylight
 * the same way when they correlate positively, the other way when negatively.
 */
function followingDaylight(s: Subject, m: SeasonalMetadata, way: string): string {
  const reference = m.daylight?.reference;
  if (m.aspect === 'time' || reference === undefined) return `following ${reference ?? 'daylight'}`;
  const rose = (m.daylight!.r >= 0) === (m.monthly.at(-1)!.value >= m.monthly[0]!.value);
  const moved = reference === 'daylight' ? `the days grew ${rose ? 'longer' : 'shorter'}` : `${reference} came ${rose ? 'later' : 'earlier'}`;
  return `${way} as ${moved}: ${it(s)} ${agree('follows', s.plural)} daylight`;
}

/** [while it holds, the moment it begins] per kind of context. */
const CONTEXT_WORDS: Record<string, (value: string) => readonly [string, string]> = {
  sun: (v) => (v === 'below_horizon' ? ['while the sun is down', 'sunset'] : ['while the sun is up', 'sunrise']),
  weather: (v) => [`when the weather is ${v.replace(/_/g, ' ')}`, `it turns ${v.replace(/_/g, ' ')}`],
  temperature: (v) => [`when it is ${v.replace('..', ' to ')} °C outside`, 'it gets there'],
  presence: (v) => (v === 'away' ? ['when nobody is home', 'everyone has left'] : ['when someone is home', 'someone comes home']),
};

/** "Robot vacuum starts cleaning when nobody is home, about 17 min after everyone has left — every time so far (14 times)" */
function describeContext(s: Subject, m: MetadataOf<'contextual'>): string {
  const c = m.context;
  const [when, begins] = CONTEXT_WORDS[c.kind]?.(c.value) ?? [`when ${c.kind} is ${c.value.replace(/_/g, ' ')}`, 'it begins'];
  const after = m.follows_change === true ? `, about ${Math.round(Number(m.after_change_minutes?.median))} min after ${begins}` : '';
  const inContext = Number(m.activations_in_context);
  const all = Number(m.activations ?? m.activations_in_context);
  const share = inContext >= all ? `every time so far (${all} times)` : inContext >= 0.9 * all ? `nearly every time (${inContext} of ${all})` : `${inContext} of ${its(s)} ${all} uses`;
  return `${s.name} ${onVerb(s)} ${when}${after} — ${share}`;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Wednesday 14 Oct" from a local day key (the weekday of a date needs no time zone). */
export function dayWords(key: string): string {
  const d = new Date(`${key}T12:00:00Z`);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

const clock = (h: number) => `${h}:00`;
/** "Wednesday 13 Jul 08:00" from "2016-07-13 08:00". */
const at = (local: string) => `${dayWords(local.slice(0, 10))} ${local.slice(11)}`;
const its = (s: Subject) => (s.plural ? 'their' : 'its');
const uses = (n: number) => `${n} use${n === 1 ? '' : 's'}`;

/** Why an anomaly is news, in one sentence: what happened, on which day, and what is usual. */
export function describeAnomaly(deviceId: string, m: MetadataOf<'anomaly'>, known?: EntityLookup): string {
  const s = subjectOf(deviceId, known);
  const name = s.name;
  const u = m.usual ?? {};
  const o = m.observed ?? {};
  const day = dayWords(m.day);
  const phase = m.phase;
  const since = typeof o['from'] === 'string' ? at(o['from']) : dayWords(m.start_day ?? m.day);
  const hours = (x: unknown) => `${Math.round(Number(x))} h`;
  const clocks = (x: unknown) => (x as number[]).map(clock).join(', ');
  switch (m.kind) {
    case 'count_high':
    case 'count_low':
      return `${uses(Number(o['count']))} of ${name} on ${day}; usually ${String(u['low'])}–${String(u['high'])}`;
    case 'hour':
      return `${name} ${pastVerb(s)} at ${clocks(o['hours'])} on ${day}; never within ${String(u['margin_hours'])} h of that in ${String(u['days'])} days (usually ${clocks(u['hours'])})`;
    case 'duration':
      return `${name} ${be(s, 'was')} ${s.phrases.active} for ${minutes(Number(o['on_seconds']))} on ${day}; usually ${minutes(Number(u['low_seconds']))}–${minutes(Number(u['high_seconds']))}`;
    case 'home_quiet':
      return phase === 'end'
        ? `The home was far quieter than usual from ${since} to ${typeof o['to'] === 'string' ? at(o['to']) : day} (${hours(o['quiet_hours'])}); it is active again`
        : `The home has been far quieter than usual since ${since} (${hours(o['quiet_hours'])} so far)`;
    case 'stuck':
      return phase === 'end'
        ? `${name} ${be(s, 'was')} ${s.phrases.active} from ${since} until ${day}; ${its(s)} longest before was ${hours(u['longest_hours'])}`
        : `${name} ${be(s, 'has')} been ${s.phrases.active} since ${since} (${hours(o['hours'])}); ${its(s)} longest before was ${hours(u['longest_hours'])}`;
    case 'silent': {
      // an outage (observed.state 'unavailable') is measured against the longest dropout before, not the longest quiet spell
      const [what, before] = o['state'] === 'unavailable' ? ['unavailable', 'time unavailable'] : ['silent', 'silence'];
      return phase === 'end'
        ? `${name} ${be(s, 'was')} ${what} from ${since} until ${day}; ${its(s)} longest ${before} before was ${hours(u['longest_hours'])}`
        : `${name} ${be(s, 'has')} been ${what} since ${since} (${hours(o['hours'])}); ${its(s)} longest ${before} before was ${hours(u['longest_hours'])}`;
    }
    default:
      return `${m.day}: ${name} unusual (${String(m.kind)})`;
  }
}

/**
 * The recent anomalies a person reads: those about the last `days` days (older ones stay in
 * Layer 4 but are no longer news), newest day first, the most surprising first within a day.
 */
export function recentAnomalies<T extends Pick<PatternRow, 'pattern_type' | 'pattern_metadata'>>(rows: readonly T[], sinceDay: string): T[] {
  const news = rows.flatMap((row) => {
    if (row.pattern_type !== 'anomaly') return [];
    const m = decodeMetadata('anomaly', row.pattern_metadata);
    return m.surprise !== undefined && m.day >= sinceDay ? [{ row, day: m.day, surprise: m.surprise }] : [];
  });
  return news.sort((a, b) => (a.day !== b.day ? (a.day < b.day ? 1 : -1) : b.surprise - a.surprise)).map((n) => n.row);
}
