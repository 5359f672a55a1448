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
    case 'anomaly': {
      const b = m['baseline'] as Record<string, number>;
      const what = m['kind'] === 'count' ? `${m['count']} activations (usually ${b['count_mean']})` : m['kind'] === 'duration' ? `on for ${minutes(Number(m['on_seconds']))} (usually ${minutes(b['on_mean_seconds'] ?? 0)})` : `active at an unusual hour (${(m['rare_hours'] as number[]).map((h) => `${h}:00`).join(', ')})`;
      return `${m['day']}: ${p.device_id} ${what}`;
    }
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
