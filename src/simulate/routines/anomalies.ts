/**
 * Planted anomalies on known dates, none in the first 14 days (a detector needs a baseline first):
 * the entrance light switched ~45 times in an afternoon (count), the bathroom fan left running for
 * hours (duration; morning.ts makes it), and the coffee machine at 03:00 (hour). One of each kind
 * when the simulation is long enough, and one more per 30 days beyond 60.
 */
import { MINUTE, SECOND, type SimDay } from '../clock.js';
import type { DayPlan } from '../plan.js';
import { Random } from '../random.js';
import { busyDays, type Episode, type MessPlan } from '../mess.js';
import type { TruthAnomaly } from '../truth.js';
import { MORNING } from './morning.js';
import type { Range, RoutineModule } from './routine.js';

export const ANOMALIES = {
  /** Days at the start with no anomaly. */
  quietDays: 14,
  entranceToggles: [40, 50] as Range,
  entranceWindow: [15 * 60, 15 * 60 + 30] as Range,
  coffeeWindow: [3 * 60, 3 * 60 + 30] as Range,
};

type AnomalyKind = 'count_high' | 'duration' | 'hour';
const PLANTED: Readonly<Record<AnomalyKind, { entity_id: string; detail: Record<string, unknown> }>> = {
  count_high: { entity_id: 'light.entrance', detail: { usual_per_day: [3, 7], planted_extra: ANOMALIES.entranceToggles, window: '15:00–16:00' } },
  duration: { entity_id: 'fan.bathroom', detail: { usual_seconds: MORNING.fanSeconds, planted_hours: MORNING.fanForgottenHours } },
  hour: { entity_id: 'switch.coffee_machine', detail: { usual_minutes: [6 * 60 + 49, 9 * 60 + 2], planted_window: '03:00–03:30' } },
};

/**
 * The anomalies of a simulation: dates chosen by the seed among the days after the quiet ones,
 * away from a messy home's absence and holiday; then the messy home's episodes (mess.ts).
 */
export function planAnomalies(seed: number, days: readonly SimDay[], mess: MessPlan | null = null): TruthAnomaly[] {
  const busy = busyDays(mess);
  const eligible = days.slice(ANOMALIES.quietDays).filter((d) => !busy.has(d.key));
  const rng = Random.stream(seed, 'anomalies');
  const count = Math.min(eligible.length, 3 + Math.floor(Math.max(0, days.length - 60) / 30));
  const kinds: AnomalyKind[] = ['count_high', 'duration', 'hour'];
  const used = new Set<string>();
  const out: TruthAnomaly[] = [];
  for (let i = 0; i < count; i++) {
    const kind = kinds[i % kinds.length]!;
    // The fan runs on weekday mornings only: its anomaly needs a weekday.
    const candidates = eligible.filter((d) => !used.has(d.key) && (kind !== 'duration' || !d.weekend));
    if (candidates.length === 0) continue;
    const day = rng.pick(candidates);
    used.add(day.key);
    out.push({ date: day.key, kind, entity_id: PLANTED[kind].entity_id, detail: PLANTED[kind].detail });
  }
  const episode = (e: Episode, kind: TruthAnomaly['kind'], detail: Record<string, unknown>): TruthAnomaly => ({ date: e.date, date_to: e.dateTo, entity_id: e.entityId, kind, detail });
  if (mess?.absence) out.push(episode(mess.absence, 'home_quiet', { hours: Math.round((mess.absence.to - mess.absence.from) / 3_600_000), still_reporting: 'numeric sensors, sun, weather, outdoor temperature, thermostat' }));
  if (mess?.stuck) out.push(episode(mess.stuck, 'stuck', { state: 'on', usual_open_seconds: [120, 3600] }));
  if (mess?.silent) out.push(episode(mess.silent, 'silent', { how: mess.silent.how, usual_reports_per_day: [1, 4] }));
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export const anomalies: RoutineModule = {
  id: 'anomalies',
  kind: 'anomaly',
  description: 'Planted anomalous days after the first 14: entrance light toggled ~45× (count), bathroom fan on for 4–5 h (duration), coffee machine at 03:00 (hour).',
  entities: Object.values(PLANTED).map((p) => p.entity_id),
  parameters: ANOMALIES,
  create: () => ({
    plan(plan: DayPlan) {
      const rng = plan.random('anomalies');
      if (plan.anomalies.size > 0) plan.occurred('anomalies');
      if (plan.anomalies.get('light.entrance') === 'count_high') {
        let t = plan.at(rng.between(...ANOMALIES.entranceWindow));
        for (let n = rng.int(...ANOMALIES.entranceToggles); n > 0; n--) {
          const on = rng.between(5, 40);
          plan.interval('light.entrance', t, on, 'person');
          t += (on + rng.between(10, 50)) * SECOND;
        }
      }
      if (plan.anomalies.get('switch.coffee_machine') === 'hour') {
        plan.interval('switch.coffee_machine', plan.at(rng.between(...ANOMALIES.coffeeWindow)), rng.between(10, 20) * MINUTE / SECOND, 'person', 'automation');
      }
    },
  }),
  truth(t) {
    // Expected anomalies come from the truth's `anomalies` list (planHome adds them). Here: the
    // days a daily routine was skipped, which a count detector may rightly call unusual.
    for (const [key, dates] of t.journal.dates) {
      if (!key.startsWith('skipped:')) continue;
      const entity_id = key.slice('skipped:'.length);
      for (const date of dates) t.tolerate('anomaly', { source: 'tolerated', routine: 'anomalies', date, entity_id, kind: 'count_low', note: 'routine skipped that day (a 10 % chance is not news)' });
    }
  },
};
