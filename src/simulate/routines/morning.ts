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
import { chainTruth, declare, inWindow, MIN_SUPPORT, mid, type ChainStep, type Range, type RoutineModule } from './routine.js';
import { amountLevel, CONTRACT, dayTimeLevel, durationLevel, level, normal, sessionLevel, timeLevel, uniform } from '../policy.js';

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
    const enough = inWindow(t, mornings) >= MIN_SUPPORT;
    const start = PRESENCE.morningMinute;
    const P = PRESENCE;
    // The start's jitter as presence.ts plans it (sd 3, cut at ±2 sd), plus the steps' lags.
    const startJitter = (u: () => number) => normal(u, P.morningSpread, 2);
    const session = { source: 'planted' as const, routine, days: 'weekdays' as const, start_minute: start, end_minute: start + 60, areas: ['bedroom', 'hallway', 'bathroom', 'kitchen'], entities: SESSION_ENTITIES };
    declare(t, enough ? sessionLevel(SESSION_ENTITIES.length, P.morningProbability, 'weekdays', t.background(false)) : 'optional', 'session', session);
    const steps: ChainStep[] = M.chain.map((entity, i) => ({ entity, lag: i === 0 ? [0, 0] : M.stepSeconds, probability: 1 }));
    chainTruth(t, routine, steps, 'weekdays', mornings, 'planted');
    // The fan: normal(900 s, 60 s) cut at ±3 sd, one run a morning.
    const fan = durationLevel(inWindow(t, mornings), (u) => M.fanSeconds + normal(u, M.fanSpreadSeconds));
    declare(t, fan, 'duration', { source: 'planted', routine, entity_id: 'fan.bathroom', typical_seconds: M.fanSeconds, spread_seconds: M.fanSpreadSeconds, crosses_midnight: 'never' });
    // The chain happens at a steady time: each step is a weekday time-based pattern, and a weekday-only amount.
    M.chain.forEach((entity_id, i) => {
      const jitter = (u: () => number) => startJitter(u) + Array.from({ length: i }, () => uniform(u, ...M.stepSeconds) / 60).reduce((x, y) => x + y, 0);
      declare(t, enough ? timeLevel(P.morningProbability, 'weekdays', jitter) : 'optional', 'time_based', { source: 'implied', routine, entity_id, minute_of_day: start + i, spread_minutes: P.morningSpread, days: 'weekdays', probability: P.morningProbability });
      declare(t, enough ? amountLevel(P.morningProbability, 0, 0) : 'optional', 'day_type', { source: 'implied', routine, entity_id, aspect: 'amount', weekday: { minute_of_day: start + i, per_day: P.morningProbability }, weekend: { minute_of_day: null, per_day: 0 } });
    });
    // The hallway light burns from its step until Anna leaves (48–55 min after the start) + 0–60 s:
    // 46.5–55.5 min, all within a factor 1.25 of the median: a characteristic on-time.
    const hallway = durationLevel(inWindow(t, mornings), (u) => uniform(u, ...P.leaveAfterMinutes) * 60 - uniform(u, ...M.stepSeconds) + uniform(u, 0, 60));
    declare(t, hallway, 'duration', { source: 'implied', routine, entity_id: 'light.hallway_ceiling', typical_seconds: mid(P.leaveAfterMinutes) * 60 - mid(M.stepSeconds) + 30, spread_seconds: 130, crosses_midnight: 'never', note: 'on from its step until Anna leaves' });
    const bathroom = durationLevel(inWindow(t, mornings), (u) => uniform(u, ...M.bathroomLightMinutes) * 60);
    declare(t, bathroom, 'duration', { source: 'implied', routine, entity_id: 'light.bathroom_ceiling', typical_seconds: mid(M.bathroomLightMinutes) * 60, spread_seconds: 173, crosses_midnight: 'never', note: 'uniform 15–25 min: 90 % within a factor 1.25 of the median, at the contract line' });
    const kitchenWeekday = start + mid(M.kitchenAfterMinutes);
    const coffeeLag = mid(M.coffeeAfterSeconds) / 60;
    const both = enough && inWindow(t, weekends) >= MIN_SUPPORT;
    const kitchenShift = M.weekendKitchenMinute - kitchenWeekday;
    declare(t, both ? dayTimeLevel(kitchenShift, P.morningProbability, M.weekendProbability) : 'optional', 'day_type', {
      source: 'planted', routine, entity_id: 'light.kitchen_ceiling', aspect: 'time',
      weekday: { minute_of_day: kitchenWeekday, per_day: P.morningProbability }, weekend: { minute_of_day: M.weekendKitchenMinute, per_day: M.weekendProbability },
    });
    declare(t, both ? dayTimeLevel(kitchenShift, P.morningProbability * M.coffeeProbability, M.weekendProbability * M.coffeeProbability) : 'optional', 'day_type', {
      source: 'implied', routine, entity_id: 'switch.coffee_machine', aspect: 'time',
      weekday: { minute_of_day: Math.round(kitchenWeekday + coffeeLag), per_day: 0.9 }, weekend: { minute_of_day: Math.round(M.weekendKitchenMinute + coffeeLag), per_day: 0.85 },
    });
    for (const [entity_id, lag] of [['light.kitchen_ceiling', 0], ['switch.coffee_machine', coffeeLag]] as const) {
      const coffee = entity_id === 'switch.coffee_machine';
      const pWeekday = P.morningProbability * (coffee ? M.coffeeProbability : 1);
      const pWeekend = M.weekendProbability * (coffee ? M.coffeeProbability : 1);
      const after = (u: () => number) => (coffee ? uniform(u, ...M.coffeeAfterSeconds) / 60 : 0);
      declare(t, enough ? timeLevel(pWeekday, 'weekdays', (u) => startJitter(u) + uniform(u, ...M.kitchenAfterMinutes) + after(u)) : 'optional', 'time_based', { source: 'implied', routine, entity_id, minute_of_day: Math.round(kitchenWeekday + lag), spread_minutes: 3.4, days: 'weekdays', probability: pWeekday });
      declare(t, inWindow(t, weekends) >= MIN_SUPPORT ? timeLevel(pWeekend, 'weekends', (u) => normal(u, M.weekendSpread, 2.5) + after(u)) : 'optional', 'time_based', { source: 'implied', routine, entity_id, minute_of_day: Math.round(M.weekendKitchenMinute + lag), spread_minutes: M.weekendSpread, days: 'weekends', probability: pWeekend });
    }
    const kitchenCoffee = { source: 'implied' as const, routine, a: 'light.kitchen_ceiling', b: 'switch.coffee_machine', lag_seconds: M.coffeeAfterSeconds, typical_lag_seconds: mid(M.coffeeAfterSeconds), probability: M.coffeeProbability };
    const kitchenDays = inWindow(t, mornings + weekends);
    declare(t, kitchenDays * M.coffeeProbability >= MIN_SUPPORT ? level(M.coffeeProbability, kitchenDays, CONTRACT.coOccurrence.minConfidence) : 'optional', 'co_occurrence', kitchenCoffee);
    // Rooms in use at a fixed hour on most days: the bathroom at 06 (weekdays) and 14 (towel
    // warmer, 90 % of days); the kitchen at 06 on weekdays (68 % of days) and 09 at weekends.
    const all = CONTRACT.windowDays;
    declare(t, enough ? level(0.9, all, CONTRACT.roomBased.minHourShare) : 'optional', 'room_based', { source: 'implied', routine, area_id: 'bathroom', hours: [6, 14], entities: ['light.bathroom_ceiling', 'fan.bathroom'], days: 'all' });
    declare(t, enough ? level((P.morningProbability * 5) / 7, all, CONTRACT.roomBased.minHourShare) : 'optional', 'room_based', { source: 'implied', routine, area_id: 'kitchen', hours: [6, 9, 23], entities: ['light.kitchen_ceiling', 'switch.coffee_machine'], days: 'all' });
    // Weekend breakfast: light and coffee at 09:00, after whatever the background did before it.
    const breakfast = sessionLevel(2, M.weekendProbability, 'weekends', t.background(true));
    declare(t, breakfast, 'session', { source: 'implied', routine, days: 'weekends', start_minute: M.weekendKitchenMinute, end_minute: M.weekendKitchenMinute + 45, areas: ['kitchen'], entities: ['light.kitchen_ceiling', 'switch.coffee_machine'] }, 'weekend breakfast at a planted 09:00');
    // On-times that spread wider than the duration contract allows (uniform 6–12 min; 21–31 min
    // weekdays, 30–60 min weekends; uniform 20–40 min): below it.
    for (const entity_id of ['light.bedroom_ceiling', 'light.kitchen_ceiling', 'switch.coffee_machine']) {
      t.tolerate('duration', { source: 'tolerated', routine, entity_id, note: 'on for as long as the morning needs: below the duration contract' });
    }
  },
};
