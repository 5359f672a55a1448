/**
 * What a messy home adds (SimulationOptions.messy; a tidy home plans none of it):
 * - motion sensors in the kitchen and hallway firing all day (a Poisson background) with two or
 *   three daily peaks, each peak a planted time routine on ~85 % of days;
 * - a kettle, a microwave and a hair dryer used at random times (no truth: anything found on them
 *   is a false positive), and a garden gate contact flapping in the wind;
 * - an unrelated activation between the steps of every chain, so a detector that wants the steps
 *   back to back misses them. Which entity steps in is drawn anew each time: no new chain forms.
 */
import { isActiveState } from '../../events/activity.js';
import { MINUTE, SECOND } from '../clock.js';
import type { DayPlan } from '../plan.js';
import type { Random } from '../random.js';
import { EVENING } from './evening.js';
import { MORNING } from './morning.js';
import { declare, MIN_SUPPORT, type Range, type RoutineModule } from './routine.js';
import { CONTRACT, level, normal, timeLevel } from '../policy.js';

export const MOTION = {
  sensors: [
    { entity: 'binary_sensor.kitchen_motion', area: 'kitchen', peaks: [7 * 60 + 15, 12 * 60 + 40, 18 * 60 + 50] },
    { entity: 'binary_sensor.hallway_motion', area: 'hallway', peaks: [8 * 60 + 10, 16 * 60 + 20] },
  ],
  /** Background activations per hour, 07:00–23:00 and at night. */
  dayRate: 1.2,
  nightRate: 0.15,
  peakProbability: 0.85,
  /** Day-to-day jitter of a peak's centre, and of each activation around it (sd, minutes). */
  peakSpread: 5,
  pulseSpread: 4,
  pulsesPerPeak: [5, 9] as Range,
  onSeconds: [20, 60] as Range,
};

export const APPLIANCES = {
  /** Mean uses per day (Poisson), uniform over 06:00–23:30, and how long each runs (seconds). */
  uses: 1.5,
  window: [6 * 60, 23 * 60 + 30] as Range,
  entities: { 'switch.kettle': [120, 240], 'switch.microwave': [60, 360], 'switch.hair_dryer': [180, 600] } as Readonly<Record<string, Range>>,
  gateBursts: 2,
  gatePulses: [3, 15] as Range,
};

/** Entities that step in between two chain steps: anything unrelated to the chains. */
const STEP_INS = ['switch.kettle', 'switch.microwave', 'switch.hair_dryer', 'light.guest_room', 'light.laundry', 'binary_sensor.garden_gate', 'binary_sensor.kitchen_motion', 'binary_sensor.hallway_motion'];

/** Every planted or implied chain (morning, bedtime, the front door): their consecutive steps. */
const DOOR = ['lock.front_door', 'binary_sensor.front_door', 'light.entrance'];
const CHAINS: readonly (readonly string[])[] = [MORNING.chain, EVENING.chain, DOOR, ['person.anna', ...DOOR], ['person.ben', ...DOOR]];
const STEPS: readonly (readonly [string, string])[] = [...new Map(CHAINS.flatMap((c) => c.slice(1).map((b, i) => [`${c[i]}>${b}`, [c[i]!, b] as const]))).values()];

export const STEP_IN_PROBABILITY = 0.9;

export const mess: RoutineModule = {
  id: 'mess',
  kind: 'time_based',
  description: 'A messy home: motion sensors all day with daily peaks (planted), appliances at random times, a flapping gate, unrelated activations between chain steps.',
  entities: [...MOTION.sensors.map((s) => s.entity), ...Object.keys(APPLIANCES.entities), 'binary_sensor.garden_gate'],
  parameters: { MOTION, APPLIANCES, stepIns: STEP_INS, stepInProbability: STEP_IN_PROBABILITY },
  messyOnly: true,
  create: () => ({
    plan(plan: DayPlan) {
      if (plan.mess === null) return;
      const rng = plan.random('mess');
      stepIns(plan, rng); // first: between the routines' own steps, before more activations are added
      for (const sensor of MOTION.sensors) motion(plan, rng, sensor.entity, sensor.peaks);
      for (const [entity, seconds] of Object.entries(APPLIANCES.entities)) {
        for (let n = poisson(rng, APPLIANCES.uses); n > 0; n--) plan.interval(entity, plan.at(rng.between(...APPLIANCES.window)), rng.between(...seconds), 'person');
      }
      for (let b = poisson(rng, APPLIANCES.gateBursts); b > 0; b--) {
        let t = rng.between(plan.day.start + MINUTE, plan.day.end - 15 * MINUTE);
        for (let p = rng.int(...APPLIANCES.gatePulses); p > 0; p--) {
          const on = rng.between(1, 3);
          plan.interval('binary_sensor.garden_gate', t, on, 'system');
          t += (on + rng.between(1, 10)) * SECOND;
        }
      }
      plan.occurred('mess');
    },
  }),
  truth(t) {
    if (t.mess === null) return;
    const days = Math.min(t.days.length, CONTRACT.windowDays);
    for (const sensor of MOTION.sensors) {
      for (const minute_of_day of sensor.peaks) {
        // The peak's centre: normal(0, 5 min) cut at ±2.5 sd.
        declare(t, days * MOTION.peakProbability >= MIN_SUPPORT ? timeLevel(MOTION.peakProbability, 'all', (u) => normal(u, MOTION.peakSpread, 2.5)) : 'optional', 'time_based', {
          source: 'planted', routine: 'mess', entity_id: sensor.entity, minute_of_day, spread_minutes: MOTION.peakSpread, days: 'all', probability: MOTION.peakProbability,
          note: 'a daily peak of a motion sensor that fires all day',
        });
        // One device at a steady time is not a session (minEntities 2), and a sensor firing
        // 1.2 times an hour leaves no 30 idle minutes before it.
        t.tolerate('session', { source: 'tolerated', routine: 'mess', days: 'all', start_minute: minute_of_day, areas: [sensor.area], note: 'motion peak' });
      }
      // A peak of 5–9 activations on 85 % of days against 1.2 an hour: a peak hour of its area
      // (≥ 2× its average hour, on ≥ 50 % of its days).
      declare(t, level(MOTION.peakProbability, days, CONTRACT.roomBased.minHourShare), 'room_based', {
        source: 'implied', routine: 'mess', area_id: sensor.area, hours: sensor.peaks.map((m) => Math.floor(m / 60)), entities: [sensor.entity], days: 'all',
      }, 'motion all day, peaks at fixed times');
    }
  },
};

/**
 * Between two consecutive chain steps planned today (A, then B within 5 minutes), one unrelated
 * activation at a random moment in between, 90 % of the time.
 */
function stepIns(plan: DayPlan, rng: Random): void {
  const activations = new Map<string, number[]>();
  for (const c of plan.changes) {
    if (isActiveState(c.entity.domain, c.state) !== true) continue;
    const list = activations.get(c.entity.id) ?? [];
    list.push(c.time);
    activations.set(c.entity.id, list);
  }
  for (const [a, b] of STEPS) {
    const followers = (activations.get(b) ?? []).sort((x, y) => x - y);
    for (const ta of activations.get(a) ?? []) {
      const tb = followers.find((t) => t > ta + 2 * SECOND && t - ta <= 300 * SECOND);
      if (tb === undefined || !rng.chance(STEP_IN_PROBABILITY)) continue;
      const at = ta + SECOND + rng.float() * (tb - ta - 2 * SECOND);
      plan.interval(rng.pick(STEP_INS), at, rng.between(5, 30), 'person');
    }
  }
}

/** A motion sensor's day: background activations and its peaks, as on/off pulses that never overlap. */
function motion(plan: DayPlan, rng: Random, entity: string, peaks: readonly number[]): void {
  const minutes: number[] = [];
  for (let hour = 0; hour < 24; hour++) {
    for (let n = poisson(rng, hour >= 7 && hour < 23 ? MOTION.dayRate : MOTION.nightRate); n > 0; n--) minutes.push(hour * 60 + rng.between(0, 60));
  }
  for (const peak of peaks) {
    if (!rng.chance(MOTION.peakProbability)) continue;
    const centre = peak + rng.normal(0, MOTION.peakSpread, 2.5);
    for (let n = rng.int(...MOTION.pulsesPerPeak); n > 0; n--) minutes.push(centre + rng.normal(0, MOTION.pulseSpread, 2.5));
  }
  const times = minutes.map((m) => plan.at(Math.min(1439.9, Math.max(0, m)))).sort((x, y) => x - y);
  times.forEach((t, i) => {
    const next = times[i + 1] ?? Number.POSITIVE_INFINITY;
    const off = Math.min(t + rng.between(...MOTION.onSeconds) * SECOND, next - SECOND);
    if (off <= t) return;
    plan.set(entity, t, 'on', 'system');
    plan.set(entity, off, 'off', 'system');
  });
}

/** Poisson-distributed count (Knuth; means here are small). */
export function poisson(rng: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let n = 0;
  for (let p = rng.float(); p > limit; p *= rng.float()) n++;
  return n;
}
