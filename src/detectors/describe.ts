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
      return `${p.device_id} turns ${activeWord(p.device_id.split('.')[0]!)} around ${m['typical_time']} ${DAY_TYPES[String(m['day_type'])] ?? ''} (±${Math.round(Number(m['spread_minutes']))} min; ${m['mask_days_matched']} of ${m['mask_days_observed']} days)`;
    case 'co_occurrence':
      return `${m['follower']} follows ${m['trigger']} within ${m['window_minutes']} min in ${pct} of cases (typically after ${m['typical_lag_seconds']} s; ${p.occurrences} times, lift ${m['lift']})`;
    case 'sequence':
      return `${(m['steps'] as string[]).join(' → ')} (${p.occurrences} times, each step within ${m['step_minutes']} min)`;
    case 'room_based':
      return `${p.device_id} is used mostly at ${(m['peak_hours'] as number[]).map((h) => `${h}:00`).join(', ')} (${pct} of its activity)${(m['used_together'] as { entities: string[] }[]).length > 0 ? `; used together: ${(m['used_together'] as { entities: string[] }[])[0]!.entities.join(' + ')}` : ''}`;
    case 'duration':
      return `${p.device_id} usually stays ${activeWord(p.device_id.split('.')[0]!)} ${minutes(Number(m['typical_seconds']))} (90 % within ${minutes(Number(m['p90_seconds']))}; ${p.occurrences} times)${m['auto_off_candidate'] === true ? ` — auto-off candidate after ${m['suggested_auto_off_minutes']} min` : ''}`;
    case 'anomaly': {
      const b = m['baseline'] as Record<string, number>;
      const what = m['kind'] === 'count' ? `${m['count']} activations (usually ${b['count_mean']})` : m['kind'] === 'duration' ? `on for ${minutes(Number(m['on_seconds']))} (usually ${minutes(b['on_mean_seconds'] ?? 0)})` : `active at an unusual hour (${(m['rare_hours'] as number[]).map((h) => `${h}:00`).join(', ')})`;
      return `${m['day']}: ${p.device_id} ${what}`;
    }
    default:
      return `${p.pattern_type} ${p.device_id} (${pct})`;
  }
}
