/**
 * A messy home for the anomaly detector's tests, seeded: motion sensors firing all day and a
 * little at night, a printer plug that toggles at 3:00 most nights, a light driven by sunset
 * across the October clock change, a kettle, bursty appliances, doors. `plant` adds the
 * anomalies the detector must find, on known days; without it, everything it reports is false.
 */
import { Random } from '../simulate/random.js';
import type { StateEvent } from '../events/model.js';
import { calendar, dayKeys, HomeBuilder } from './home.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

export const MESSY_FIRST_DAY = '2026-10-01'; // the clock change (25 Oct) is day 24

export interface Planted {
  readonly kind: string;
  readonly deviceId: string;
  /** Days the planted anomaly may be reported on (an episode: from its start to its end). */
  readonly days: readonly string[];
}

export interface MessyHome {
  readonly days: readonly string[];
  readonly events: StateEvent[];
  readonly planted: readonly Planted[];
}

/** Day indices of the plants. */
export const PLANTS = { kettleBusy: 20, hallQuiet: 27, kettleAtNight: 30, awayFrom: 32, awayTo: 34, doorOpenFrom: 14, doorOpenTo: 21, garageFrom: 36, garageTo: 40 } as const;

export function messyHome(seed: number, nDays = 42, plant = false): MessyHome {
  const days = dayKeys(MESSY_FIRST_DAY, nDays);
  const home = new HomeBuilder();
  const rng = (...parts: (string | number)[]) => Random.stream(seed, ...parts);
  const startOf = (i: number) => calendar.day(days[i]!).start;
  // the 45 h absence: from 14:00 on day 32 to 11:00 on day 34
  const awayStart = startOf(PLANTS.awayFrom) + 14 * HOUR;
  const awayEnd = startOf(PLANTS.awayTo) + 11 * HOUR;
  const away = (t: number) => plant && t >= awayStart && t < awayEnd;
  const garageGone = (t: number) => plant && t >= startOf(PLANTS.garageFrom) + 12 * HOUR && t < startOf(PLANTS.garageTo) + 12 * HOUR;
  const doorOpen = (t: number) => plant && t >= startOf(PLANTS.doorOpenFrom) + 9 * HOUR && t < startOf(PLANTS.doorOpenTo) + 11 * HOUR;

  /** Poisson arrivals at `perHour` within [from, to) hours of a day. */
  const arrivals = (r: Random, i: number, from: number, to: number, perHour: number): number[] => {
    const out: number[] = [];
    for (let t = from * HOUR; ; ) {
      t += (-Math.log(1 - r.float()) / perHour) * HOUR;
      if (t >= to * HOUR) return out;
      out.push(startOf(i) + Math.round(t));
    }
  };
  const human = (entity: string, r: Random, times: number[], seconds: [number, number], skip: (t: number) => boolean = () => false) => {
    for (const t of times) if (!away(t) && !skip(t)) home.pulse(entity, t, Math.round(r.between(...seconds)));
  };

  days.forEach((d, i) => {
    const r = rng('day', i);
    const hallRate = plant && i === PLANTS.hallQuiet ? 0.03 : 4;
    human('binary_sensor.hall_motion', r, [...arrivals(r, i, 0, 7, 0.5), ...arrivals(r, i, 7, 23, hallRate), ...arrivals(r, i, 23, 24, 1)], [20, 90]);
    human('binary_sensor.kitchen_motion', r, [...arrivals(r, i, 0, 6, 0.3), ...arrivals(r, i, 6, 22, 3), ...arrivals(r, i, 22, 24, 0.5)], [20, 120]);
    human('binary_sensor.bedroom_motion', r, [...arrivals(r, i, 0, 7, 1), ...arrivals(r, i, 21, 24, 2)], [10, 60]);
    human('binary_sensor.garage_motion', r, arrivals(r, i, 7, 22, 1), [10, 60], garageGone);
    // the printer plug: a firmware that toggles at 3:00 most nights, and a few uses by day
    if (r.chance(0.8)) for (let k = r.int(1, 6); k > 0; k--) home.pulse('switch.printer_plug', startOf(i) + 3 * HOUR + r.int(0, 55) * MIN, r.int(5, 120));
    human('switch.printer_plug', r, arrivals(r, i, 9, 20, 0.15), [60, 600]);
    // sunset drives the light (an automation: it runs while the home is away), off around 23:00
    const sunsetUtc = Date.UTC(2026, 9, 1 + i, 17, 5) - Math.round(2.6 * i * MIN);
    home.pulse('light.sunset', sunsetUtc + r.int(-5, 5) * MIN, Math.round((startOf(i) + 23 * HOUR + r.int(-15, 15) * MIN - sunsetUtc) / 1000));
    // ten times the usual uses, spread over the kettle's usual hours so none overlap
    const kettle = plant && i === PLANTS.kettleBusy ? Array.from({ length: 50 }, (_, k) => startOf(i) + 7 * HOUR + k * 12 * MIN) : Array.from({ length: r.int(4, 7) }, () => startOf(i) + r.pick([7, 8, 12, 16, 17]) * HOUR + r.int(0, 59) * MIN);
    human('switch.kettle', r, kettle, [120, 240]);
    if (plant && i === PLANTS.kettleAtNight) home.pulse('switch.kettle', startOf(i) + 2 * HOUR + 30 * MIN, 180);
    // appliances used in bursts on some days and not at all on others
    if (r.chance(0.3)) human('switch.blender', r, arrivals(r, i, r.int(8, 18), 21, 0.5), [30, 120]);
    if (r.chance(0.15)) human('switch.vacuum', r, arrivals(r, i, 10, 12, r.between(1, 4)), [300, 1200]);
    if (r.chance(0.5)) human('switch.fan', r, arrivals(r, i, 11, 20, r.between(0.2, 2)), [600, 3600]);
    human('media_player.tv', r, r.chance(0.7) ? [startOf(i) + r.int(19 * 60, 21 * 60) * MIN] : [], [3600, 4 * 3600]);
    human('binary_sensor.front_door', r, arrivals(r, i, 7, 22, 0.3), [10, 60]);
    human('binary_sensor.back_door', r, arrivals(r, i, 8, 20, 0.2), [60, 300], doorOpen);
  });
  if (plant) {
    home.set('binary_sensor.back_door', startOf(PLANTS.doorOpenFrom) + 10 * HOUR, 'on').set('binary_sensor.back_door', startOf(PLANTS.doorOpenTo) + 10 * HOUR, 'off');
    home.set('binary_sensor.garage_motion', startOf(PLANTS.garageFrom) + 12 * HOUR, 'unavailable').set('binary_sensor.garage_motion', startOf(PLANTS.garageTo) + 12 * HOUR, 'off');
  }
  const span = (a: number, b: number) => days.slice(a, b + 1);
  const planted: Planted[] = plant
    ? [
        { kind: 'count_high', deviceId: 'switch.kettle', days: [days[PLANTS.kettleBusy]!] },
        { kind: 'count_low', deviceId: 'binary_sensor.hall_motion', days: [days[PLANTS.hallQuiet]!] },
        { kind: 'hour', deviceId: 'switch.kettle', days: [days[PLANTS.kettleAtNight]!] },
        { kind: 'home_quiet', deviceId: 'home', days: span(PLANTS.awayFrom, PLANTS.awayTo) },
        { kind: 'stuck', deviceId: 'binary_sensor.back_door', days: span(PLANTS.doorOpenFrom, PLANTS.doorOpenTo) },
        { kind: 'silent', deviceId: 'binary_sensor.garage_motion', days: span(PLANTS.garageFrom, PLANTS.garageTo) },
      ]
    : [];
  return { days, events: home.build(), planted };
}
