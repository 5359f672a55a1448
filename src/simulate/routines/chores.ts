/**
 * Automations on a timer. The garden irrigation at 05:15 for 20 minutes (the planted fixed-time
 * routine, far from anything else in the morning), and the towel warmer at 14:30, whose run grows
 * by 0.4 minutes a day as the household wants warmer towels (the planted seasonal drift:
 * about +12 minutes a month).
 */
import type { DayPlan } from '../plan.js';
import { declare, inWindow, MIN_SUPPORT, round, type RoutineModule } from './routine.js';
import { byMargin, CONTRACT, durationLevel, normal, timeLevel, uniform } from '../policy.js';

export const IRRIGATION = {
  minute: 5 * 60 + 15,
  spreadMinutes: 2,
  probability: 0.9,
  seconds: 1200,
};

export const TOWEL_WARMER = {
  minute: 14 * 60 + 30,
  spreadMinutes: 2,
  probability: 0.9,
  /** Run length on the first simulated day, and its growth per simulated day. */
  firstDayMinutes: 15,
  minutesPerDay: 0.4,
};

export const irrigation: RoutineModule = {
  id: 'garden_irrigation',
  kind: 'time_based',
  description: 'Irrigation valve opens at 05:15 ± 2 min on 90 % of days, for 20 minutes.',
  entities: ['switch.garden_irrigation'],
  parameters: IRRIGATION,
  create: () => ({
    plan(plan: DayPlan) {
      const rng = plan.random('garden_irrigation');
      if (!rng.chance(IRRIGATION.probability)) return plan.skipped(['switch.garden_irrigation']);
      const start = plan.at(IRRIGATION.minute + rng.normal(0, IRRIGATION.spreadMinutes, 2.5));
      plan.interval('switch.garden_irrigation', start, IRRIGATION.seconds + rng.between(0, 3), 'automation');
      plan.occurred('garden_irrigation');
    },
  }),
  truth(t) {
    const n = t.journal.count('occurred:garden_irrigation');
    const routine = 'garden_irrigation';
    const enough = inWindow(t, n) >= MIN_SUPPORT;
    declare(t, enough ? timeLevel(IRRIGATION.probability, 'all', (u) => normal(u, IRRIGATION.spreadMinutes, 2.5)) : 'optional', 'time_based', { source: 'planted', routine, entity_id: 'switch.garden_irrigation', minute_of_day: IRRIGATION.minute, spread_minutes: IRRIGATION.spreadMinutes, days: 'all', probability: IRRIGATION.probability });
    declare(t, durationLevel(inWindow(t, n), (u) => IRRIGATION.seconds + uniform(u, 0, 3)), 'duration', { source: 'implied', routine, entity_id: 'switch.garden_irrigation', typical_seconds: IRRIGATION.seconds, spread_seconds: 2, crosses_midnight: 'never' });
    // One device is not a session (minEntities 2).
    t.tolerate('session', { source: 'tolerated', routine, days: 'all', start_minute: IRRIGATION.minute, areas: ['garden'], note: 'a session of one automation' });
    // One activation at 05 against the garden's flapping motion sensor (and, messy, gate): about
    // 1.5× its average hour, short of the 2× a peak hour needs.
    t.tolerate('room_based', { source: 'tolerated', routine, area_id: 'garden', hours: [5] });
  },
};

export const towelWarmer: RoutineModule = {
  id: 'towel_warmer',
  kind: 'seasonal',
  description: 'Towel warmer at 14:30 ± 2 min on 90 % of days; its run grows from 15 min by 0.4 min per day.',
  entities: ['switch.towel_warmer'],
  parameters: TOWEL_WARMER,
  create: () => ({
    plan(plan: DayPlan) {
      const rng = plan.random('towel_warmer');
      if (!rng.chance(TOWEL_WARMER.probability)) return plan.skipped(['switch.towel_warmer']);
      const start = plan.at(TOWEL_WARMER.minute + rng.normal(0, TOWEL_WARMER.spreadMinutes, 2.5));
      plan.interval('switch.towel_warmer', start, runSeconds(plan.day.index) + rng.between(-60, 60), 'automation');
      plan.occurred('towel_warmer');
    },
  }),
  truth(t) {
    const n = t.journal.count('occurred:towel_warmer');
    const routine = 'towel_warmer';
    const months = new Map<string, { sum: number; days: number }>();
    for (const day of t.days) {
      const m = months.get(day.key.slice(0, 7)) ?? { sum: 0, days: 0 };
      m.sum += runSeconds(day.index);
      m.days += 1;
      months.set(day.key.slice(0, 7), m);
    }
    const monthly = [...months].filter(([, m]) => m.days >= 7).map(([month, m]) => ({ month, value: round(m.sum / m.days), days: m.days }));
    // The planned month-over-month change of the run against minRelativeChange 0.25.
    const change = monthly.length >= 2 ? Math.abs(monthly[monthly.length - 1]!.value - monthly[0]!.value) / monthly[0]!.value : 0;
    declare(t, monthly.length >= 2 ? byMargin(change, CONTRACT.seasonal.minRelativeChange) : 'optional', 'seasonal', { source: 'planted', routine, entity_id: 'switch.towel_warmer', aspect: 'duration', trend: 'increasing', linked_to_daylight: false, monthly });
    declare(t, inWindow(t, n) >= MIN_SUPPORT ? timeLevel(TOWEL_WARMER.probability, 'all', (u) => normal(u, TOWEL_WARMER.spreadMinutes, 2.5)) : 'optional', 'time_based', { source: 'implied', routine, entity_id: 'switch.towel_warmer', minute_of_day: TOWEL_WARMER.minute, spread_minutes: TOWEL_WARMER.spreadMinutes, days: 'all', probability: TOWEL_WARMER.probability });
    // Its duration drifts by 12 min a month (beyond maxDrift 15 %): seasonal's, not duration's.
    t.tolerate('duration', { source: 'tolerated', routine, entity_id: 'switch.towel_warmer', note: 'drifts by design' });
    t.tolerate('anomaly', { source: 'tolerated', routine, date: null, entity_id: 'switch.towel_warmer', kind: 'duration', note: 'the drift may look anomalous late in a long run' });
    t.tolerate('session', { source: 'tolerated', routine, days: 'all', start_minute: TOWEL_WARMER.minute, areas: ['bathroom'] });
  },
};

function runSeconds(dayIndex: number): number {
  return (TOWEL_WARMER.firstDayMinutes + TOWEL_WARMER.minutesPerDay * dayIndex) * 60;
}
