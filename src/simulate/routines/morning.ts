/**
 * Weekday mornings (the planted session): 06:30 ± a few minutes, bedroom → hallway → bathroom
 * light → bathroom fan one after the other (the planted 4-step sequence), the fan runs its
 * 15 minutes (the planted duration), the kitchen light and coffee follow a quarter of an hour later,
 * and Anna leaves ~07:20 (presence.ts). On weekends nobody gets up for it: the kitchen light and
 * coffee come on at 09:00 instead (the planted day-type difference).
 */
import { MINUTE, SECOND } from '../clock.js';
import type { DayPlan } from '../plan.js';
import { PRESENCE } from './presence.js';
import { chainTruth, MIN_SUPPORT, mid, type ChainStep, type Range, type RoutineModule } from './routine.js';

export const MORNING = {
  chain: ['light.bedroom_ceiling', 'light.hallway_ceiling', 'light.bathroom_ceiling', 'fan.bathroom'],
  stepSeconds: [30, 90] as Range,
  bedroomOnMinutes: [6, 12] as Range,
  bathroomLightMinutes: [15, 25] as Range,
  fanSeconds: 900,
  fanSpreadSeconds: 60,
  /** The planted duration anomaly: the fan left on for hours. */
  fanForgottenHours: [4, 5] as Range,
  kitchenAfterMinutes: [15, 19] as Range,
  kitchenOffAfterMinutes: [40, 46] as Range,
  coffeeAfterSeconds: [60, 180] as Range,
  coffeeProbability: 0.95,
  coffeeMinutes: [20, 40] as Range,
  weekendKitchenMinute: 9 * 60,
  weekendSpread: 3,
  weekendProbability: 0.9,
  weekendKitchenMinutes: [30, 60] as Range,
};

const SESSION_ENTITIES = [...MORNING.chain, 'light.kitchen_ceiling', 'switch.coffee_machine', 'lock.front_door', 'binary_sensor.front_door', 'light.entrance'];

export const morning: RoutineModule = {
  id: 'weekday_morning',
  kind: 'session',
  kinds: ['session', 'sequence', 'duration', 'day_type'],
  description: 'Weekday mornings 06:30–07:30 across bedroom, hallway, bathroom and kitchen; on weekends only kitchen and coffee, at 09:00.',
  entities: SESSION_ENTITIES,
  parameters: { ...MORNING, startMinute: PRESENCE.morningMinute, startSpread: PRESENCE.morningSpread, probability: PRESENCE.morningProbability },
  create: () => ({
    plan(plan: DayPlan) {
      const M = MORNING;
      const rng = plan.random('weekday_morning');
      const start = plan.anchors.morningStart;
      if (!plan.day.weekend && start === null) plan.skipped(SESSION_ENTITIES);
      if (!plan.day.weekend && start !== null) {
        let t = start;
        plan.interval('light.bedroom_ceiling', t, rng.between(...M.bedroomOnMinutes) * 60, 'person');
        t += rng.between(...M.stepSeconds) * SECOND;
        const leave = plan.anchors.annaAway?.[0] ?? start + 50 * MINUTE;
        plan.interval('light.hallway_ceiling', t, (leave - t) / SECOND + rng.between(0, 60), 'person');
        t += rng.between(...M.stepSeconds) * SECOND;
        plan.interval('light.bathroom_ceiling', t, rng.between(...M.bathroomLightMinutes) * 60, 'person');
        t += rng.between(...M.stepSeconds) * SECOND;
        const forgotten = plan.anomalies.get('fan.bathroom') === 'duration';
        const fan = forgotten ? rng.between(...M.fanForgottenHours) * 3600 : rng.normal(M.fanSeconds, M.fanSpreadSeconds);
        plan.interval('fan.bathroom', t, fan, 'person', 'automation');
        const kitchen = start + rng.between(...M.kitchenAfterMinutes) * MINUTE;
        plan.interval('light.kitchen_ceiling', kitchen, rng.between(...M.kitchenOffAfterMinutes) * 60 - (kitchen - start) / SECOND, 'person');
        if (rng.chance(M.coffeeProbability)) {
          plan.interval('switch.coffee_machine', kitchen + rng.between(...M.coffeeAfterSeconds) * SECOND, rng.between(...M.coffeeMinutes) * 60, 'person', 'automation');
        }
        plan.occurred('weekday_morning');
      } else if (plan.day.weekend) {
        if (!rng.chance(M.weekendProbability)) {
          plan.skipped(['light.kitchen_ceiling', 'switch.coffee_machine']);
          return;
        }
        const kitchen = plan.at(M.weekendKitchenMinute + rng.normal(0, M.weekendSpread, 2.5));
        plan.interval('light.kitchen_ceiling', kitchen, rng.between(...M.weekendKitchenMinutes) * 60, 'person');
        if (rng.chance(M.coffeeProbability)) {
          plan.interval('switch.coffee_machine', kitchen + rng.between(...M.coffeeAfterSeconds) * SECOND, rng.between(...M.coffeeMinutes) * 60, 'person', 'automation');
        }
        plan.journal.add('occurred:weekend_kitchen');
      }
    },
  }),
  truth(t) {
    const M = MORNING;
    const routine = 'weekday_morning';
    const mornings = t.journal.count(`occurred:${routine}`);
    const weekends = t.journal.count('occurred:weekend_kitchen');
    const enough = mornings >= MIN_SUPPORT;
    const start = PRESENCE.morningMinute;
    t.expectIf(enough, 'session', {
      source: 'planted', routine, days: 'weekdays', start_minute: start, end_minute: start + 60,
      areas: ['bedroom', 'hallway', 'bathroom', 'kitchen'], entities: SESSION_ENTITIES,
    });
    const steps: ChainStep[] = M.chain.map((entity, i) => ({ entity, lag: i === 0 ? [0, 0] : M.stepSeconds, probability: 1 }));
    chainTruth(t, routine, steps, 'weekdays', mornings, 'planted');
    t.expectIf(enough, 'duration', { source: 'planted', routine, entity_id: 'fan.bathroom', typical_seconds: M.fanSeconds, spread_seconds: M.fanSpreadSeconds, crosses_midnight: 'never' });
    // The chain happens at a steady time: each step is a weekday time-based pattern too.
    M.chain.forEach((entity_id, i) => {
      t.expectIf(enough, 'time_based', { source: 'implied', routine, entity_id, minute_of_day: start + i, spread_minutes: PRESENCE.morningSpread, days: 'weekdays', probability: PRESENCE.morningProbability });
      t.expectIf(enough, 'day_type', { source: 'implied', routine, entity_id, aspect: 'amount', weekday: { minute_of_day: start + i, per_day: PRESENCE.morningProbability }, weekend: { minute_of_day: null, per_day: 0 } });
    });
    const kitchenWeekday = start + mid(M.kitchenAfterMinutes);
    const coffeeLag = mid(M.coffeeAfterSeconds) / 60;
    const both = enough && weekends >= MIN_SUPPORT;
    t.expectIf(both, 'day_type', {
      source: 'planted', routine, entity_id: 'light.kitchen_ceiling', aspect: 'time',
      weekday: { minute_of_day: kitchenWeekday, per_day: PRESENCE.morningProbability }, weekend: { minute_of_day: M.weekendKitchenMinute, per_day: M.weekendProbability },
    });
    t.expectIf(both, 'day_type', {
      source: 'implied', routine, entity_id: 'switch.coffee_machine', aspect: 'time',
      weekday: { minute_of_day: Math.round(kitchenWeekday + coffeeLag), per_day: 0.9 }, weekend: { minute_of_day: Math.round(M.weekendKitchenMinute + coffeeLag), per_day: 0.85 },
    });
    for (const [entity_id, lag] of [['light.kitchen_ceiling', 0], ['switch.coffee_machine', coffeeLag]] as const) {
      const p = entity_id === 'light.kitchen_ceiling' ? PRESENCE.morningProbability : PRESENCE.morningProbability * M.coffeeProbability;
      t.expectIf(enough, 'time_based', { source: 'implied', routine, entity_id, minute_of_day: Math.round(kitchenWeekday + lag), spread_minutes: 3.4, days: 'weekdays', probability: p });
      t.expectIf(weekends >= MIN_SUPPORT, 'time_based', { source: 'implied', routine, entity_id, minute_of_day: Math.round(M.weekendKitchenMinute + lag), spread_minutes: M.weekendSpread, days: 'weekends', probability: 0.85 });
    }
    t.expectIf(mornings + weekends >= MIN_SUPPORT, 'co_occurrence', {
      source: 'implied', routine, a: 'light.kitchen_ceiling', b: 'switch.coffee_machine',
      lag_seconds: M.coffeeAfterSeconds, typical_lag_seconds: mid(M.coffeeAfterSeconds), probability: M.coffeeProbability,
    });
    // The towel warmer (14:30) and the dishwasher (~23:55) add their own hours to these rooms.
    t.expectIf(enough, 'room_based', { source: 'implied', routine, area_id: 'bathroom', hours: [6, 14], entities: ['light.bathroom_ceiling', 'fan.bathroom'], days: 'all' });
    t.expectIf(enough, 'room_based', { source: 'implied', routine, area_id: 'kitchen', hours: [6, 9, 23], entities: ['light.kitchen_ceiling', 'switch.coffee_machine'], days: 'all' });
    t.allow('session', { source: 'implied', routine, days: 'weekends', start_minute: M.weekendKitchenMinute, areas: ['kitchen'], note: 'weekend breakfast at a planted 09:00' });
    for (const entity_id of ['light.bedroom_ceiling', 'light.hallway_ceiling', 'light.bathroom_ceiling', 'light.kitchen_ceiling', 'switch.coffee_machine']) {
      t.tolerate('duration', { source: 'tolerated', routine, entity_id, note: 'on for as long as the morning needs' });
    }
  },
};
