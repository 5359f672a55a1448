/**
 * Evenings: the TV for about two hours from 19:15–20:15 with its backlight a minute or two behind
 * (planted co-occurrence and duration), then bed: bedside lamp → speaker → humidifier (the planted
 * 3-step sequence). Late at night the dishwasher starts around 23:55 on the cheap tariff, so its
 * start straddles midnight (the planted circular time) and its run crosses it.
 */
import { MINUTE, SECOND } from '../clock.js';
import type { DayPlan } from '../plan.js';
import { chainTruth, declare, inWindow, MIN_SUPPORT, mid, tolerateTimes, type ChainStep, type Range, type RoutineModule } from './routine.js';
import { CONTRACT, durationLevel, level, normal, sessionLevel, timeLevel } from '../policy.js';
import { staticAttributes } from '../attributes.js';
import { entityInfo } from '../home.js';

export const EVENING = {
  tvProbability: 0.9,
  tvWindow: [19 * 60 + 15, 20 * 60 + 15] as Range,
  tvMinutes: 120,
  tvSpreadMinutes: 12,
  backlightAfterSeconds: [60, 180] as Range,
  backlightProbability: 0.9,
  bedtimeAfterTvMinutes: [5, 15] as Range,
  bedtimeWithoutTv: [21 * 60 + 30, 22 * 60 + 30] as Range,
  bedtimeProbability: 0.9,
  chain: ['light.bedroom_bedside', 'media_player.bedroom_speaker', 'humidifier.bedroom'],
  stepSeconds: [30, 90] as Range,
  dishwasherMinute: 23 * 60 + 55,
  dishwasherSpread: 5,
  dishwasherProbability: 0.9,
  dishwasherMinutes: 105,
  dishwasherSpreadMinutes: 4,
};

const SHOWS = ['Tagesschau', 'Tatort', 'Nature Documentary', 'Football', 'Late Night Show', 'Movie'];
const SLEEP_SOUNDS = ['Rain on a Tent', 'Ocean Waves', 'Night Forest'];

export const evening: RoutineModule = {
  id: 'evening',
  kind: 'co_occurrence',
  kinds: ['co_occurrence', 'duration', 'sequence', 'time_based'],
  description: 'TV for ~2 h from 19:15–20:15 with its backlight 1–3 min later; then bedside lamp → speaker → humidifier; dishwasher at ~23:55.',
  entities: ['media_player.living_room_tv', 'light.tv_backlight', ...EVENING.chain, 'switch.dishwasher'],
  parameters: EVENING,
  create: () => ({
    plan(plan: DayPlan) {
      const E = EVENING;
      const rng = plan.random('evening');
      plan.occurred('evening');
      let bedtime = plan.at(rng.between(...E.bedtimeWithoutTv));
      if (rng.chance(E.tvProbability)) {
        const start = plan.at(rng.between(...E.tvWindow));
        const end = start + rng.normal(E.tvMinutes, E.tvSpreadMinutes, 2.5) * MINUTE;
        const tv = entityInfo('media_player.living_room_tv');
        for (let t = start; t < end - 5 * MINUTE; t += rng.between(10, 25) * MINUTE) {
          plan.set(tv.id, t, 'playing', t === start ? 'person' : 'system', { ...staticAttributes(tv, 'playing'), media_content_type: 'tvshow', media_title: rng.pick(SHOWS), source: 'Live TV' });
        }
        plan.set(tv.id, end, 'off', 'person');
        if (rng.chance(E.backlightProbability)) {
          plan.interval('light.tv_backlight', start + rng.between(...E.backlightAfterSeconds) * SECOND, (end - start) / SECOND, 'person', 'automation');
        }
        bedtime = end + rng.between(...E.bedtimeAfterTvMinutes) * MINUTE;
        plan.occurred('evening_tv');
      } else {
        plan.skipped(['media_player.living_room_tv', 'light.tv_backlight']);
      }
      // Bedtime: the living room lamp goes off (sunset.ts), then the chain upstairs.
      plan.anchors.bedtime = bedtime;
      if (rng.chance(E.bedtimeProbability)) {
        let t = bedtime + rng.between(60, 120) * SECOND;
        plan.interval('light.bedroom_bedside', t, rng.between(10, 25) * 60, 'person');
        t += rng.between(...E.stepSeconds) * SECOND;
        const speaker = entityInfo('media_player.bedroom_speaker');
        plan.set(speaker.id, t, 'playing', 'person', { ...staticAttributes(speaker, 'playing'), media_content_type: 'music', media_title: rng.pick(SLEEP_SOUNDS) });
        plan.set(speaker.id, t + rng.between(20, 40) * MINUTE, 'off', 'automation');
        t += rng.between(...E.stepSeconds) * SECOND;
        plan.interval('humidifier.bedroom', t, rng.between(60, 120) * 60, 'person', 'automation');
        plan.occurred('bedtime');
      } else {
        plan.skipped(E.chain);
      }
      if (rng.chance(E.dishwasherProbability)) {
        const start = plan.at(E.dishwasherMinute + rng.normal(0, E.dishwasherSpread, 2.4));
        plan.interval('switch.dishwasher', start, rng.normal(E.dishwasherMinutes, E.dishwasherSpreadMinutes) * 60, 'automation');
        plan.occurred('dishwasher');
      } else {
        plan.skipped(['switch.dishwasher']);
      }
    },
  }),
  truth(t) {
    const E = EVENING;
    const routine = 'evening';
    const tv = inWindow(t, t.journal.count('occurred:evening_tv'));
    const beds = t.journal.count('occurred:bedtime');
    const dishes = inWindow(t, t.journal.count('occurred:dishwasher'));
    declare(t, tv * E.backlightProbability >= MIN_SUPPORT ? level(E.backlightProbability, tv, CONTRACT.coOccurrence.minConfidence) : 'optional', 'co_occurrence', {
      source: 'planted', routine, a: 'media_player.living_room_tv', b: 'light.tv_backlight',
      lag_seconds: E.backlightAfterSeconds, typical_lag_seconds: mid(E.backlightAfterSeconds), probability: E.backlightProbability,
    });
    // normal(120 min, 12 min) cut at ±2.5 sd: 97 % within a factor 1.25 of the median.
    const tvRun = (u: () => number) => (E.tvMinutes + normal(u, E.tvSpreadMinutes, 2.5)) * 60;
    declare(t, durationLevel(tv, tvRun), 'duration', { source: 'planted', routine, entity_id: 'media_player.living_room_tv', typical_seconds: E.tvMinutes * 60, spread_seconds: E.tvSpreadMinutes * 60, crosses_midnight: 'never' });
    // The backlight is on for exactly the TV's run, shifted by its 1–3 min lag.
    declare(t, durationLevel(tv * E.backlightProbability, tvRun), 'duration', { source: 'implied', routine, entity_id: 'light.tv_backlight', typical_seconds: E.tvMinutes * 60, spread_seconds: E.tvSpreadMinutes * 60, crosses_midnight: 'never', note: 'on while the TV is' });
    const steps: ChainStep[] = E.chain.map((entity, i) => ({ entity, lag: i === 0 ? [0, 0] : E.stepSeconds, probability: 1 }));
    chainTruth(t, routine, steps, 'all', beds, 'planted');
    declare(t, dishes >= MIN_SUPPORT ? timeLevel(E.dishwasherProbability, 'all', (u) => normal(u, E.dishwasherSpread, 2.4)) : 'optional', 'time_based', {
      source: 'planted', routine, entity_id: 'switch.dishwasher', minute_of_day: E.dishwasherMinute,
      spread_minutes: E.dishwasherSpread, days: 'all', probability: E.dishwasherProbability, note: 'circular: starts range 23:43–00:07',
    });
    declare(t, durationLevel(dishes, (u) => (E.dishwasherMinutes + normal(u, E.dishwasherSpreadMinutes)) * 60), 'duration', {
      source: 'implied', routine, entity_id: 'switch.dishwasher', typical_seconds: E.dishwasherMinutes * 60,
      spread_seconds: E.dishwasherSpreadMinutes * 60, crosses_midnight: 'often', note: 'one interval per run, counted once across midnight',
    });
    // The TV is on through 20:xx whenever it runs (starts ≤ 20:15, runs ≥ 90 min): 90 % of days.
    declare(t, tv >= CONTRACT.roomBased.minDays ? level(E.tvProbability, CONTRACT.windowDays, CONTRACT.roomBased.minHourShare) : 'optional', 'room_based', { source: 'implied', routine, area_id: 'living_room', hours: [19, 20, 21], entities: ['media_player.living_room_tv', 'light.tv_backlight', 'light.living_room_lamp'], days: 'all' });
    // The bedroom at 06 on weekday mornings (95 % of weekdays: 68 % of days).
    declare(t, inWindow(t, beds) >= CONTRACT.roomBased.minDays ? level((0.95 * 5) / 7, CONTRACT.windowDays, CONTRACT.roomBased.minHourShare) : 'optional', 'room_based', { source: 'implied', routine, area_id: 'bedroom', hours: [6, 21, 22], entities: ['light.bedroom_ceiling', ...E.chain], days: 'all' });
    const tolerated = { source: 'tolerated' as const, routine };
    const tvMid = mid(E.tvWindow);
    // Uniform over an hour: under a third of the days within ±10 min of any typical time.
    tolerateTimes(t, routine, ['media_player.living_room_tv', 'light.tv_backlight'], [E.tvWindow[0], E.tvWindow[1] + 3], 'all', 'TV starts anywhere in an hour');
    const bedtime: Range = [E.tvWindow[0] + E.tvMinutes - 2.5 * E.tvSpreadMinutes, E.tvWindow[1] + E.tvMinutes + 2.5 * E.tvSpreadMinutes + 20];
    tolerateTimes(t, routine, E.chain, bedtime, 'all', 'bedtime follows the end of the TV');
    // Uniform 10–25, 20–40, 60–120 min: below the duration contract.
    for (const entity_id of E.chain) t.tolerate('duration', { ...tolerated, entity_id });
    // Two entities at a start uniform in an hour, after whatever the evening background did.
    declare(t, sessionLevel(2, E.tvProbability, 'all', t.background(true)), 'session', { source: 'implied', routine, days: 'all', start_minute: tvMid, end_minute: tvMid + E.tvMinutes, areas: ['living_room'], entities: ['media_player.living_room_tv', 'light.tv_backlight'] }, 'evening TV');
    // Bedtime follows the TV off by 6–17 min: never 30 idle minutes before it. The dishwasher is one device.
    t.tolerate('session', { ...tolerated, days: 'all', start_minute: tvMid + E.tvMinutes + 10, areas: ['living_room', 'bedroom'], note: 'bedtime' });
    t.tolerate('session', { ...tolerated, days: 'all', start_minute: E.dishwasherMinute, areas: ['kitchen'], note: 'dishwasher' });
  },
};
