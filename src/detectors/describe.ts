/** One sentence per pattern, in the home's language, for terminals and (later) the dashboard. */
import { activeWord } from '../events/activity.js';
import type { PatternRow } from '../storage/types.js';

const DAY_TYPES: Record<string, string> = { all: 'every day', weekdays: 'on weekdays', weekends: 'at weekends' };

function minutes(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function describePattern(p: Pick<PatternRow, 'pattern_type' | 'device_id' | 'pattern_metadata' | 'confidence' | 'occurrences'>): string {
  const m = p.pattern_metadata as Record<string, unknown>;
  const pct = `${Math.round(p.confidence * 100)} %`;
  switch (p.pattern_type) {
    case 'time_based':
      // a routine holding on too few days for "every day" or "on weekdays" says how often it does
      return DAY_TYPES[String(m['day_type'])] === undefined
        ? `${p.device_id} turns ${activeWord(p.device_id.split('.')[0]!)} around ${m['typical_time']} on ${m['days_matched']} of ${m['days_observed']} days (±${Math.round(Number(m['spread_minutes']))} min)`
        : `${p.device_id} turns ${activeWord(p.device_id.split('.')[0]!)} around ${m['typical_time']} ${DAY_TYPES[String(m['day_type'])]} (±${Math.round(Number(m['spread_minutes']))} min; ${m['mask_days_matched']} of ${m['mask_days_observed']} days)`;
    case 'co_occurrence':
      return `${m['follower']} follows ${m['trigger']} within ${m['window_minutes']} min in ${pct} of cases (typically after ${m['typical_lag_seconds']} s; ${p.occurrences} times, lift ${m['lift']})`;
    case 'sequence':
      return `${(m['steps'] as string[]).join(' → ')}: ${p.occurrences} of ${m['first_step_activations']} times ${p.device_id} turned ${activeWord(p.device_id.split('.')[0]!)}, each step within ${m['step_minutes']} min`;
    case 'room_based':
      return `${p.device_id} is used mostly at ${(m['peak_hours'] as number[]).map((h) => `${h}:00`).join(', ')} (${pct} of its activity)${(m['used_together'] as { entities: string[] }[]).length > 0 ? `; used together: ${(m['used_together'] as { entities: string[] }[])[0]!.entities.join(' + ')}` : ''}`;
    case 'duration':
      return `${p.device_id} usually stays ${activeWord(p.device_id.split('.')[0]!)} ${minutes(Number(m['typical_seconds']))} (90 % within ${minutes(Number(m['p90_seconds']))}; ${p.occurrences} times)${m['auto_off_candidate'] === true ? ` — auto-off candidate after ${m['suggested_auto_off_minutes']} min` : ''}`;
    case 'anomaly':
      return describeAnomaly(p.device_id, m);
    case 'session':
      return `a session in ${(m['areas'] as string[]).join(', ') || 'the home'} starts around ${m['start_time']} ${DAY_TYPES[String(m['day_type'])] ?? ''} and lasts until about ${m['end_time']} (${p.occurrences} days)`;
    case 'day_type': {
      // the weeks it held in are the evidence a reader needs (patterns stored before they were counted have none)
      const weeks = m['weeks_compared'] === undefined ? '' : ` (in ${m['weeks_agreeing']} of ${m['weeks_compared']} weeks)`;
      return m['aspect'] === 'time'
        ? `${p.device_id} first turns ${activeWord(p.device_id.split('.')[0]!)} around ${m['weekday_first']} on weekdays and ${m['weekend_first']} at weekends${weeks}`
        : `${p.device_id} is used more on ${m['more_on']}: ${m['weekday_per_day']}/day on weekdays, ${m['weekend_per_day']}/day at weekends${weeks}`;
    }
    case 'contextual':
      return describeContext(p.device_id, m, pct);
    case 'seasonal': {
      const months = m['monthly'] as { month: string; value: number; time?: string }[];
      const show = (x: { value: number; time?: string }) => (m['aspect'] === 'time' ? (x.time ?? String(x.value)) : m['aspect'] === 'duration' ? minutes(x.value) : `${x.value.toFixed(1)}/day`);
      const what = m['aspect'] === 'time' ? 'comes on' : m['aspect'] === 'duration' ? 'stays on' : 'is used';
      const how = m['trend'] === 'follows_daylight' ? `following ${String((m['daylight'] as { reference?: string } | null)?.reference ?? 'daylight')}` : String(m['trend']);
      return `${p.device_id} ${what} ${show(months[0]!)} in ${months[0]!.month} and ${show(months.at(-1)!)} in ${months.at(-1)!.month} (${how}, over ${months.length} months)`;
    }
    default:
      return `${p.pattern_type} ${p.device_id} (${pct})`;
  }
}

const CONTEXT_WORDS: Record<string, (value: string) => string> = {
  sun: (v) => (v === 'below_horizon' ? 'while the sun is down' : 'while the sun is up'),
  weather: (v) => `when the weather is ${v}`,
  temperature: (v) => `when it is ${v.replace('..', ' to ')} °C outside`,
  presence: (v) => (v === 'away' ? 'when nobody is home' : 'when someone is home'),
};

function describeContext(entity: string, m: Record<string, unknown>, pct: string): string {
  const c = m['context'] as { kind: string; value: string };
  const when = CONTEXT_WORDS[c.kind]?.(c.value) ?? `when ${c.kind} is ${c.value}`;
  const after = m['follows_change'] === true ? `, about ${Math.round((m['after_change_minutes'] as { median: number }).median)} min after it begins` : '';
  return `${entity} is used ${when}${after}: ${pct} of its uses, ${Number(m['lift']).toFixed(1)}× what that share of the time would give (${m['activations_in_context']} times)`;
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
const uses = (n: number) => `${n} use${n === 1 ? '' : 's'}`;

/** Why an anomaly is news, in one sentence: what happened, on which day, and what is usual. */
export function describeAnomaly(deviceId: string, m: Record<string, unknown>): string {
  const u = (m['usual'] ?? {}) as Record<string, number | number[]>;
  const o = (m['observed'] ?? {}) as Record<string, number | number[] | null>;
  const day = dayWords(String(m['day']));
  const phase = m['phase'];
  const since = typeof o['from'] === 'string' ? at(o['from']) : dayWords(String(m['start_day'] ?? m['day']));
  const hours = (x: unknown) => `${Math.round(Number(x))} h`;
  switch (m['kind']) {
    case 'count_high':
    case 'count_low':
      return `${uses(Number(o['count']))} of ${deviceId} on ${day}; usually ${u['low']}–${u['high']}`;
    case 'hour':
      return `${deviceId} used at ${(o['hours'] as number[]).map(clock).join(', ')} on ${day}; never within ${u['margin_hours']} h of that in ${u['days']} days (usually ${(u['hours'] as number[]).map(clock).join(', ')})`;
    case 'duration':
      return `${deviceId} on for ${minutes(Number(o['on_seconds']))} on ${day}; usually ${minutes(Number(u['low_seconds']))}–${minutes(Number(u['high_seconds']))}`;
    case 'home_quiet':
      return phase === 'end'
        ? `The home was far quieter than usual from ${since} to ${typeof o['to'] === 'string' ? at(o['to']) : day} (${hours(o['quiet_hours'])}); it is active again`
        : `The home has been far quieter than usual since ${since} (${hours(o['quiet_hours'])} so far)`;
    case 'stuck':
      return phase === 'end'
        ? `${deviceId} was on from ${since} until ${day}; its longest before was ${hours(u['longest_hours'])}`
        : `${deviceId} has been on since ${since} (${hours(o['hours'])}); its longest before was ${hours(u['longest_hours'])}`;
    case 'silent':
      return phase === 'end'
        ? `${deviceId} was silent from ${since} until ${day}; its longest silence before was ${hours(u['longest_hours'])}`
        : `${deviceId} has been silent since ${since} (${hours(o['hours'])}); its longest silence before was ${hours(u['longest_hours'])}`;
    default:
      return `${m['day']}: ${deviceId} unusual (${String(m['kind'])})`;
  }
}

/**
 * The recent anomalies a person reads: those about the last `days` days (older ones stay in
 * Layer 4 but are no longer news), newest day first, the most surprising first within a day.
 */
export function recentAnomalies<T extends Pick<PatternRow, 'pattern_type' | 'pattern_metadata'>>(rows: readonly T[], sinceDay: string): T[] {
  const meta = (r: T) => r.pattern_metadata as Record<string, unknown>;
  return rows
    .filter((r) => r.pattern_type === 'anomaly' && typeof meta(r)['surprise'] === 'number' && String(meta(r)['day']) >= sinceDay)
    .sort((a, b) => {
      const da = String(meta(a)['day']);
      const db = String(meta(b)['day']);
      return da !== db ? (da < db ? 1 : -1) : Number(meta(b)['surprise']) - Number(meta(a)['surprise']);
    });
}
