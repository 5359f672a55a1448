/**
 * A lived-in home for the windowed detectors' tests: planted chains whose steps have unrelated
 * activations between them, background entities at random times, and motion sensors that fire
 * all day. Seeded, so a failure can be replayed; what was planted is returned beside the events.
 */
import type { StateEvent } from '../events/model.js';
import { HomeBuilder, calendar } from './home.js';
import { seeded } from './seeded.js';


export interface NoisyHomeOptions {
  readonly days: readonly string[];
  readonly seed: number;
  /** Planted chains (3 steps each by default). */
  readonly chains?: number;
  readonly steps?: number;
  /** Background lights and switches, each firing a few times a day at random. */
  readonly background?: number;
  /** Motion sensors firing every few minutes all day (besides one firing every quarter of an hour or so). */
  readonly busyMotion?: number;
}

export interface NoisyHome {
  readonly events: StateEvent[];
  readonly chains: readonly (readonly string[])[];
  /** Per planted chain, how often it was lived through. */
  readonly planted: readonly number[];
  /** Activations per entity, as planted (every pulse is an activation). */
  readonly activations: ReadonlyMap<string, number>;
  readonly noise: readonly string[];
}

const MIN = 60_000;

export function noisyHome(o: NoisyHomeOptions): NoisyHome {
  const rnd = seeded(o.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const home = new HomeBuilder();
  // Each entity's pulses, kept apart so every pulse is one activation.
  const pulses = new Map<string, number[]>();
  const pulse = (entity: string, time: number) => {
    let list = pulses.get(entity);
    if (list === undefined) pulses.set(entity, (list = []));
    list.push(time);
  };
  const steps = o.steps ?? 3;
  const chains = Array.from({ length: o.chains ?? 6 }, (_, i) => Array.from({ length: steps }, (_, k) => `${['light', 'switch', 'fan', 'media_player'][k % 4]}.chain${i}_step${k}`));
  const background = Array.from({ length: o.background ?? 20 }, (_, i) => `${i % 2 === 0 ? 'light' : 'switch'}.noise${i}`);
  const motion = Array.from({ length: o.busyMotion ?? 3 }, (_, i) => `binary_sensor.motion${i}`);
  const hall = 'binary_sensor.hall_motion';
  chains.forEach((chain, i) => chain.forEach((entity) => home.area(entity, `room${i}`)));
  const planted = chains.map(() => 0);
  for (const day of o.days) {
    const start = calendar.day(day).start;
    chains.forEach((chain, i) => {
      // one to two occurrences a day, in separate hours, steps 30 s to 4 min apart with others between
      const times = int(1, 2);
      for (let n = 0; n < times; n++) {
        let t = start + (6 + i * 2 + n) * 60 * MIN + int(0, 50) * MIN;
        chain.forEach((entity, k) => {
          if (k > 0) {
            const gap = int(30, 240) * 1000;
            // someone else passing by: a busy sensor or one of many entities, never the same few
            for (let x = int(1, 3); x > 0; x--) pulse(rnd() < 0.5 && motion.length > 0 ? motion[int(0, motion.length - 1)]! : `light.passing${int(0, 39)}`, t + Math.floor((gap * x) / 4));
            t += gap;
          }
          pulse(entity, t);
        });
        planted[i]!++;
      }
      // the first step also comes on alone now and then
      if (rnd() < 0.3) pulse(chain[0]!, start + int(1, 5) * 60 * MIN);
    });
    for (const entity of background) for (let n = int(2, 12); n > 0; n--) pulse(entity, start + int(0, 24 * 60 - 1) * MIN + int(0, 59) * 1000);
    for (const entity of motion) for (let t = start + int(0, 4) * MIN; t < start + 24 * 60 * MIN; t += int(2, 6) * MIN) pulse(entity, t);
    for (let t = start + int(0, 10) * MIN; t < start + 24 * 60 * MIN; t += int(8, 22) * MIN) pulse(hall, t);
  }
  const activations = new Map<string, number>();
  for (const [entity, list] of pulses) {
    list.sort((a, b) => a - b);
    let last = Number.NEGATIVE_INFINITY;
    for (const t of list) {
      if (t - last < 2000) continue; // one second on, one off: never merged with the pulse before
      home.pulse(entity, t, 1);
      activations.set(entity, (activations.get(entity) ?? 0) + 1);
      last = t;
    }
  }
  return { events: home.build(), chains, planted, activations, noise: [...background, ...motion, hall] };
}
