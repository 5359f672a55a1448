/**
 * The front door: people pass it (door contact opens), someone switches the entrance light on a
 * minute or two later (the planted co-occurrence), and on departures and arrivals the lock and
 * the persons' presence take part. Arrivals form a chain person → lock → door → entrance light;
 * every locked passage forms lock → door → entrance light. Both are implied sequences.
 */
import { SECOND } from '../clock.js';
import type { DayPlan } from '../plan.js';
import type { Random } from '../random.js';
import { chainTruth, declare, inWindow, MIN_SUPPORT, mid, round, type Range, type RoutineModule } from './routine.js';
import { CONTRACT, level } from '../policy.js';

export const ENTRANCE = {
  /** Door opens → entrance light on (the planted lag, "~1–3 min"). */
  doorToLight: [60, 180] as Range,
  lightProbability: 0.9,
  lightOnSeconds: [120, 360] as Range,
  /** Plain passings (garden, deliveries) per day and their window, local minutes. */
  passingsPerDay: [2, 4] as Range,
  passingWindow: [10 * 60, 21 * 60] as Range,
  doorOpenSeconds: [5, 30] as Range,
  /** Arriving: phone says home, then the lock is opened; leaving: lock, door, then away. */
  personToLock: [60, 150] as Range,
  lockToDoor: [5, 30] as Range,
  autoLockAfter: [60, 180] as Range,
  personAwayAfter: [120, 300] as Range,
};

export interface PassageHow {
  readonly lock: boolean;
  readonly arriving?: readonly string[];
  readonly leaving?: readonly string[];
}

/** One passage through the front door at `time`; returns when the door opened. */
export function passage(plan: DayPlan, rng: Random, time: number, how: PassageHow): number {
  const E = ENTRANCE;
  const arriving = how.arriving ?? [];
  arriving.forEach((person, i) => plan.set(person, time + (i === 0 ? 0 : rng.between(1, 20)) * SECOND, 'home', 'system'));
  const lockAt = arriving.length > 0 ? time + (20 + rng.between(...E.personToLock)) * SECOND : time;
  for (const person of arriving) plan.journal.add(`arrivals:${person}`);
  if (arriving.length > 1) plan.journal.add('passages:together');
  if (how.lock) plan.journal.add('passages:locked');
  const doorAt = how.lock ? lockAt + rng.between(...E.lockToDoor) * SECOND : time;
  if (how.lock) plan.set('lock.front_door', lockAt, 'unlocked', 'person');
  const closedAt = doorAt + rng.between(...E.doorOpenSeconds) * SECOND;
  plan.set('binary_sensor.front_door', doorAt, 'on', 'system');
  plan.set('binary_sensor.front_door', closedAt, 'off', 'system');
  if (rng.chance(E.lightProbability)) {
    plan.interval('light.entrance', doorAt + rng.between(...E.doorToLight) * SECOND, rng.between(...E.lightOnSeconds), 'person', 'automation');
  }
  if (how.lock) plan.set('lock.front_door', closedAt + rng.between(...E.autoLockAfter) * SECOND, 'locked', 'automation');
  for (const person of how.leaving ?? []) plan.set(person, doorAt + rng.between(...E.personAwayAfter) * SECOND, 'not_home', 'system');
  return doorAt;
}

export const doorTraffic: RoutineModule = {
  id: 'front_door_traffic',
  kind: 'co_occurrence',
  description: 'Someone opens the front door at varied times of day; the entrance light goes on 1–3 minutes later (90 %).',
  entities: ['binary_sensor.front_door', 'light.entrance'],
  parameters: ENTRANCE,
  create: () => ({
    plan(plan) {
      const rng = plan.random('front_door_traffic');
      const n = rng.int(...ENTRANCE.passingsPerDay);
      for (let i = 0; i < n; i++) passage(plan, rng, plan.at(rng.between(...ENTRANCE.passingWindow)), { lock: false });
      plan.occurred('front_door_traffic');
    },
  }),
  truth(t) {
    const E = ENTRANCE;
    const doorLight = { lag_seconds: E.doorToLight, typical_lag_seconds: mid(E.doorToLight), probability: E.lightProbability };
    // Every door opening (plain passings and locked ones) is followed by the light 90 % of the time.
    const doors = inWindow(t, t.journal.count('occurred:front_door_traffic') * mid(E.passingsPerDay) + t.journal.count('passages:locked'));
    declare(t, doors * E.lightProbability >= MIN_SUPPORT ? level(E.lightProbability, doors, CONTRACT.coOccurrence.minConfidence) : 'optional', 'co_occurrence', { source: 'planted', routine: 'front_door_traffic', a: 'binary_sensor.front_door', b: 'light.entrance', ...doorLight });
    // Every lock opening is followed by the door and (90 %) the light: lock → door → entrance.
    const locked = t.journal.count('passages:locked');
    chainTruth(t, 'presence', [
      { entity: 'lock.front_door', lag: [0, 0], probability: 1 },
      { entity: 'binary_sensor.front_door', lag: E.lockToDoor, probability: 1 },
      { entity: 'light.entrance', lag: E.doorToLight, probability: E.lightProbability },
    ], 'all', locked, 'implied');
    // Arrivals: person → lock → door → light; the person's own lag to the light straddles 5 min.
    const personToLock: Range = [E.personToLock[0] + 20, E.personToLock[1] + 20];
    for (const person of ['person.anna', 'person.ben']) {
      const arrivals = t.journal.count(`arrivals:${person}`);
      chainTruth(t, 'presence', [
        { entity: person, lag: [0, 0], probability: 1 },
        { entity: 'lock.front_door', lag: personToLock, probability: 1 },
        { entity: 'binary_sensor.front_door', lag: E.lockToDoor, probability: 1 },
        { entity: 'light.entrance', lag: E.doorToLight, probability: E.lightProbability },
      ], 'all', arrivals, 'implied');
    }
    if (t.journal.count('passages:together') >= MIN_SUPPORT / 2) {
      for (const [a, b] of [['person.anna', 'person.ben'], ['person.ben', 'person.anna']] as const) {
        t.tolerate('co_occurrence', { source: 'tolerated', routine: 'presence', a, b, lag_seconds: [0, 20], typical_lag_seconds: 10, probability: round(0.2, 1), note: 'arriving together on Saturdays' });
      }
    }
  },
};
