/**
 * What makes a real home messy, on entities that carry no planted pattern: a garden motion sensor
 * that flaps in the wind, a guest room used at random, the laundry, a kitchen radio, a window,
 * blinds, and devices dropping off the network for a few minutes (unavailable/unknown). Times are
 * uniform over the day (outside the weekday morning session), so none of it forms a routine;
 * counts are drawn from narrow ranges so no day of it looks anomalous.
 */
import { MINUTE, SECOND } from '../clock.js';
import type { DayPlan } from '../plan.js';
import type { Random } from '../random.js';
import { staticAttributes } from '../attributes.js';
import { entityInfo } from '../home.js';
import type { Range, RoutineModule } from './routine.js';

export const NOISE = {
  gardenMotionBursts: [2, 6] as Range,
  pulsesPerBurst: [3, 10] as Range,
  guestMotionPulses: [1, 4] as Range,
  guestLight: [1, 3] as Range,
  laundryLight: [1, 4] as Range,
  washingMachineProbability: 0.4,
  radio: [0, 2] as Range,
  bedroomWindow: [0, 2] as Range,
  blinds: [1, 2] as Range,
  dropoutsPerDay: [1, 3] as Range,
  dropoutMinutes: [1, 10] as Range,
};

export const NOISE_ENTITIES = [
  'binary_sensor.garden_motion', 'binary_sensor.guest_room_motion', 'light.guest_room', 'light.laundry',
  'switch.washing_machine', 'media_player.kitchen_radio', 'binary_sensor.bedroom_window', 'cover.living_room_blinds',
];

/** Entities that may drop out: the noisy ones and the cloud weather. */
const FLAKY = [...NOISE_ENTITIES, 'weather.home'];
const STATIONS = ['Deutschlandfunk', 'radioeins', 'Jazz Radio', 'BBC World Service'];

export const noise: RoutineModule = {
  id: 'noise',
  kind: 'noise',
  description: 'Random use of noise-only entities, a flapping garden motion sensor, and short unavailable/unknown dropouts.',
  entities: NOISE_ENTITIES,
  parameters: NOISE,
  create: () => ({
    plan(plan: DayPlan) {
      const rng = plan.random('noise');
      plan.occurred('noise');
      const N = NOISE;
      // Noise keeps out of the weekday morning session (06:15–07:50, ± 30 min), so the session
      // stays a burst with 30 idle minutes around it, as planted.
      const quietFrom = plan.at(5 * 60 + 45);
      const quietTo = plan.at(8 * 60 + 20);
      const outsideSession = (draw: () => number): number => {
        let t = draw();
        for (let i = 0; i < 10 && !plan.day.weekend && t >= quietFrom && t < quietTo; i++) t = draw();
        return t;
      };
      // Ends a quarter hour before midnight: a burst or a dropout stays inside its day.
      const anyTime = (): number => outsideSession(() => rng.between(plan.day.start + MINUTE, plan.day.end - 15 * MINUTE));
      const daytime = (): number => outsideSession(() => plan.at(rng.between(7 * 60, 22 * 60)));
      for (let b = rng.int(...N.gardenMotionBursts); b > 0; b--) {
        let t = anyTime();
        for (let p = rng.int(...N.pulsesPerBurst); p > 0; p--) {
          const on = rng.between(1, 4) * SECOND;
          plan.interval('binary_sensor.garden_motion', t, on / SECOND, 'system');
          t += on + rng.between(2, 15) * SECOND;
        }
      }
      for (let i = rng.int(...N.guestMotionPulses); i > 0; i--) plan.interval('binary_sensor.guest_room_motion', anyTime(), rng.between(30, 90), 'system');
      for (let i = rng.int(...N.guestLight); i > 0; i--) plan.interval('light.guest_room', daytime(), logUniform(rng, 60, 3600), 'person');
      for (let i = rng.int(...N.laundryLight); i > 0; i--) plan.interval('light.laundry', daytime(), logUniform(rng, 30, 1200), 'person');
      if (rng.chance(N.washingMachineProbability)) plan.interval('switch.washing_machine', plan.at(rng.between(8 * 60, 20 * 60)), rng.between(60, 150) * 60, 'person', 'automation');
      for (let i = rng.int(...N.radio); i > 0; i--) radio(plan, rng, daytime());
      for (let i = rng.int(...N.bedroomWindow); i > 0; i--) plan.interval('binary_sensor.bedroom_window', daytime(), logUniform(rng, 120, 3600), 'system');
      for (let i = rng.int(...N.blinds); i > 0; i--) blinds(plan, rng, daytime());
      for (let i = rng.int(...N.dropoutsPerDay); i > 0; i--) {
        plan.dropout(rng.pick(FLAKY), anyTime(), rng.between(...N.dropoutMinutes) * 60, rng.chance(0.3) ? 'unknown' : 'unavailable');
      }
    },
  }),
  truth(t) {
    for (const entity_id of NOISE_ENTITIES) {
      const tolerated = { source: 'tolerated' as const, routine: 'noise', note: 'noise entity: random, but a detector may still see something' };
      t.tolerate('anomaly', { ...tolerated, date: null, entity_id });
      t.tolerate('duration', { ...tolerated, entity_id });
      t.tolerate('day_type', { ...tolerated, entity_id });
    }
    for (const area_id of ['guest_room', 'laundry', 'garden']) t.tolerate('room_based', { source: 'tolerated', routine: 'noise', area_id });
  },
};

/** Durations from seconds to an hour, as real use spreads them: no typical length. */
function logUniform(rng: Random, min: number, max: number): number {
  return Math.exp(rng.between(Math.log(min), Math.log(max)));
}

function radio(plan: DayPlan, rng: Random, from: number): void {
  const radioEntity = entityInfo('media_player.kitchen_radio');
  const end = from + rng.between(10, 90) * MINUTE;
  for (let t = from; t < end; t += rng.between(2, 8) * MINUTE) {
    plan.set(radioEntity.id, t, 'playing', t === from ? 'person' : 'system', {
      ...staticAttributes(radioEntity, 'playing'), media_content_type: 'music', media_title: `${rng.pick(STATIONS)} – ${rng.int(1, 400)}`, source: 'Radio',
    });
  }
  plan.set(radioEntity.id, end, 'idle', 'person');
}

/** The blinds move through opening → open … closing → closed. */
function blinds(plan: DayPlan, rng: Random, from: number): void {
  const id = 'cover.living_room_blinds';
  plan.set(id, from, 'opening', 'person');
  plan.set(id, from + rng.between(15, 25) * SECOND, 'open', 'system');
  const close = from + rng.between(20, 180) * MINUTE;
  plan.set(id, close, 'closing', 'person');
  plan.set(id, close + rng.between(15, 25) * SECOND, 'closed', 'system');
}
