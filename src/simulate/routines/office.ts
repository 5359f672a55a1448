/**
 * Ben's home office (the planted room-based pattern): on working weekdays the desk lamp and the
 * monitor come on together around 09:00, music plays most mornings, there is a lunch break
 * (or an errand, presence.ts), and everything goes off between 17:00 and 18:00.
 */
import { MINUTE, SECOND } from '../clock.js';
import type { DayPlan } from '../plan.js';
import type { Random } from '../random.js';
import { staticAttributes } from '../attributes.js';
import { entityInfo } from '../home.js';
import { declare, inWindow, MIN_SUPPORT, mid, round, tolerateTimes, type Range, type RoutineModule } from './routine.js';
import { amountLevel, CONTRACT, durationLevel, level, sessionLevel, timeLevel, uniform } from '../policy.js';
import { PRESENCE } from './presence.js';

export const OFFICE = {
  startWindow: [8 * 60 + 50, 9 * 60 + 10] as Range,
  monitorAfterSeconds: [30, 120] as Range,
  /** Music once a working morning: a steady habit, so no day's listening looks anomalous. */
  speakerProbability: 0.8,
  speakerAfterMinutes: [6, 20] as Range,
  speakerMinutes: [40, 70] as Range,
  backAfterBreakMinutes: [6, 15] as Range,
  endWindow: [17 * 60, 18 * 60] as Range,
};

const PLAYLISTS = ['Deep Focus', 'Lo-Fi Beats', 'Piano Concentration', 'Podcast'];

export const office: RoutineModule = {
  id: 'home_office',
  kind: 'room_based',
  description: 'The office on working weekdays 09:00–17:30: desk lamp and monitor together, music most mornings, a lunch break.',
  entities: ['light.office_desk', 'switch.office_monitor', 'media_player.office_speaker'],
  parameters: OFFICE,
  create: () => ({
    plan(plan: DayPlan) {
      const rng = plan.random('home_office');
      const { anchors } = plan;
      if (plan.day.weekend) return;
      if (!anchors.officeDay) return plan.skipped(office.entities);
      const O = OFFICE;
      const start = plan.at(rng.between(...O.startWindow));
      const end = plan.at(rng.between(...O.endWindow));
      const pause = anchors.benAway ?? anchors.lunch;
      const blocks: [number, number][] = pause ? [[start, pause[0] - rng.between(0, 60) * SECOND], [pause[1] + rng.between(...O.backAfterBreakMinutes) * MINUTE, end]] : [[start, end]];
      blocks.forEach(([from, to], i) => {
        if (to <= from) return;
        plan.set('light.office_desk', from, 'on', 'person');
        plan.set('switch.office_monitor', from + rng.between(...O.monitorAfterSeconds) * SECOND, 'on', 'person');
        plan.set('switch.office_monitor', to, 'off', 'person');
        plan.set('light.office_desk', to + rng.between(5, 30) * SECOND, 'off', 'person');
        if (i === 0 && rng.chance(O.speakerProbability)) music(plan, rng, from + rng.between(...O.speakerAfterMinutes) * MINUTE, to);
      });
      plan.occurred('home_office');
    },
  }),
  truth(t) {
    const days = inWindow(t, t.journal.count('occurred:home_office'));
    const enough = days >= MIN_SUPPORT;
    const routine = 'home_office';
    const O = OFFICE;
    const officeDay = PRESENCE.officeProbability;
    // In use 09–17 on every day the office is in use at all: a share of 1 of its days.
    declare(t, enough ? level(1, days, CONTRACT.roomBased.minHourShare) : 'optional', 'room_based', { source: 'planted', routine, area_id: 'office', hours: [9, 10, 11, 13, 14, 15, 16], entities: office.entities, days: 'weekdays' });
    // The monitor follows the lamp 30–120 s into every block: P(B | A) = 1.
    declare(t, enough ? level(1, 2 * days, CONTRACT.coOccurrence.minConfidence) : 'optional', 'co_occurrence', { source: 'implied', routine, a: 'light.office_desk', b: 'switch.office_monitor', lag_seconds: O.monitorAfterSeconds, typical_lag_seconds: mid(O.monitorAfterSeconds), probability: 1 });
    const start = mid(O.startWindow);
    const startJitter = (u: () => number) => uniform(u, ...O.startWindow);
    declare(t, enough ? timeLevel(officeDay, 'weekdays', startJitter) : 'optional', 'time_based', { source: 'implied', routine, entity_id: 'light.office_desk', minute_of_day: start, spread_minutes: 5.8, days: 'weekdays', probability: officeDay });
    declare(t, enough ? timeLevel(officeDay, 'weekdays', (u) => startJitter(u) + uniform(u, ...O.monitorAfterSeconds) / 60) : 'optional', 'time_based', { source: 'implied', routine, entity_id: 'switch.office_monitor', minute_of_day: start + 1, spread_minutes: 5.8, days: 'weekdays', probability: officeDay });
    // Music 6–20 min after a start uniform in 20 min: 82 % of the days within ±10 min, on 72 % of weekdays.
    const music = officeDay * O.speakerProbability;
    declare(t, enough ? timeLevel(music, 'weekdays', (u) => startJitter(u) + uniform(u, ...O.speakerAfterMinutes)) : 'optional', 'time_based', { source: 'implied', routine, entity_id: 'media_player.office_speaker', minute_of_day: start + mid(O.speakerAfterMinutes), spread_minutes: 6.2, days: 'weekdays', probability: round(music, 2) }, 'music soon after starting work: at the contract line');
    for (const entity_id of office.entities) {
      const perDay = entity_id === 'media_player.office_speaker' ? O.speakerProbability : 2;
      declare(t, enough ? amountLevel(perDay * officeDay, 0, 0) : 'optional', 'day_type', { source: 'implied', routine, entity_id, aspect: 'amount', weekday: { minute_of_day: null, per_day: perDay * officeDay }, weekend: { minute_of_day: null, per_day: 0 } });
    }
    // Lamp and monitor: a morning and an afternoon block of different lengths; below the contract.
    for (const entity_id of ['light.office_desk', 'switch.office_monitor']) t.tolerate('duration', { source: 'tolerated', routine, entity_id });
    // The speaker plays 40–70 min: 82 % within a factor 1.25 of the median, near the 90 % line.
    declare(t, durationLevel(days * O.speakerProbability, (u) => uniform(u, ...O.speakerMinutes) * 60), 'duration', { source: 'implied', routine, entity_id: 'media_player.office_speaker', typical_seconds: mid(O.speakerMinutes) * 60, spread_seconds: 520, crosses_midnight: 'never' }, 'music for 40–70 minutes');
    tolerateTimes(t, routine, ['media_player.office_speaker'], [O.startWindow[0] + O.speakerAfterMinutes[0], O.startWindow[1] + O.speakerAfterMinutes[1]], 'weekdays', 'music soon after starting work');
    tolerateTimes(t, routine, office.entities, [12 * 60 + 30, 15 * 60 + 30], 'weekdays', 'back at the desk after lunch or the errand');
    // Two entities at a start uniform in 20 min, after whatever the morning background did.
    declare(t, sessionLevel(2, officeDay, 'weekdays', t.background(true)), 'session', { source: 'implied', routine, days: 'weekdays', start_minute: start, end_minute: 12 * 60, areas: ['office'], entities: office.entities }, 'office mornings start in a planted 20-minute window');
    t.tolerate('session', { source: 'tolerated', routine, days: 'weekdays', start_minute: 13 * 60, areas: ['office'], note: 'office afternoons' });
    // Back at the desk 6–15 min after the errand: beyond the 5-minute window, a coincidence when found.
    t.tolerate('co_occurrence', { source: 'tolerated', routine, a: 'person.ben', b: 'light.office_desk', note: 'back at the desk 6–15 min after an errand' });
  },
};

/** A stretch of music with a new track title every few minutes (attribute-only changes). */
function music(plan: DayPlan, rng: Random, from: number, until: number): void {
  const speaker = entityInfo('media_player.office_speaker');
  const end = Math.min(until - MINUTE, from + rng.between(...OFFICE.speakerMinutes) * MINUTE);
  if (end <= from) return;
  for (let t = from; t < end; t += rng.between(3, 6) * MINUTE) {
    plan.set(speaker.id, t, 'playing', t === from ? 'person' : 'system', { ...staticAttributes(speaker, 'playing'), media_content_type: 'music', media_title: rng.pick(PLAYLISTS) });
  }
  plan.set(speaker.id, end, 'off', 'person');
}
