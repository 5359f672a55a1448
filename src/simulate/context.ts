/**
 * The world around the home: the sun (from latitude/longitude, via suncalc), the outdoor
 * temperature (a mid-European season + day curve + smooth day-to-day weather swings) and the
 * weather condition (an hourly Markov chain). All of it is a pure function of the seed and the
 * date, except the weather chain, which carries its state from one day into the next.
 */
import { getPosition, getTimes } from 'suncalc';
import { HOUR, MINUTE, type LocalClock, type SimDay } from './clock.js';
import { Random } from './random.js';

const DAY_MS = 86_400_000;

export interface SunDay {
  /** UTC ms; null on a day the sun does not rise or set (polar day/night). */
  readonly sunrise: number | null;
  readonly sunset: number | null;
  readonly dawn: number | null;
  readonly dusk: number | null;
  readonly noon: number;
  readonly nadir: number;
}

/** Weather condition as met.no reports it in HA. */
export type Condition = 'sunny' | 'clear-night' | 'partlycloudy' | 'cloudy' | 'fog' | 'rainy' | 'pouring' | 'snowy';
type Sky = 'clear' | 'partlycloudy' | 'cloudy' | 'fog' | 'rainy' | 'pouring';

/** Conditions the dehumidifier answers to: the planted weather context. */
export const RAIN: ReadonlySet<Condition> = new Set(['rainy', 'pouring']);

export interface WeatherPoint {
  readonly time: number;
  readonly condition: Condition;
}

export interface WeatherDay {
  /** Every moment the weather entity reports (changes and half-hourly updates), in order. */
  readonly points: readonly WeatherPoint[];
  /** Sky at the end of the day: where tomorrow's chain starts. */
  readonly endSky: Sky;
}

/** Hourly transition probabilities of the sky; staying put takes the rest. */
const SKY_CHANGES: Readonly<Record<Sky, readonly (readonly [Sky, number])[]>> = {
  clear: [['partlycloudy', 0.12]],
  partlycloudy: [['clear', 0.1], ['cloudy', 0.14]],
  cloudy: [['partlycloudy', 0.1], ['rainy', 0.05], ['fog', 0.02]],
  fog: [['cloudy', 0.35]],
  rainy: [['cloudy', 0.3], ['pouring', 0.08]],
  pouring: [['rainy', 0.45]],
};

export class HomeContext {
  private readonly sunDays = new Map<string, SunDay>();
  private readonly swings = new Map<number, number>();
  /** Southern homes have their winter in July. */
  private readonly coldestDay: number;

  constructor(
    readonly seed: number,
    readonly latitude: number,
    readonly longitude: number,
    private readonly clock: LocalClock,
  ) {
    this.coldestDay = latitude < 0 ? 14 + 182.6 : 14;
  }

  sun(day: SimDay): SunDay {
    let sun = this.sunDays.get(day.key);
    if (sun === undefined) {
      const t = getTimes(new Date(day.start + 12 * HOUR), this.latitude, this.longitude);
      const ms = (d: Date | null): number | null => (d === null || Number.isNaN(d.getTime()) ? null : d.getTime());
      sun = { sunrise: ms(t.sunrise), sunset: ms(t.sunset), dawn: ms(t.dawn), dusk: ms(t.dusk), noon: t.solarNoon.getTime(), nadir: t.nadir.getTime() };
      if (this.sunDays.size > 1000) this.sunDays.clear();
      this.sunDays.set(day.key, sun);
    }
    return sun;
  }

  /** Whether the sun is above the horizon at a moment of a day (sunrise/sunset decide when known). */
  sunUp(day: SimDay, time: number): boolean {
    const sun = this.sun(day);
    if (sun.sunrise !== null && sun.sunset !== null) {
      return sun.sunrise < sun.sunset ? time >= sun.sunrise && time < sun.sunset : time >= sun.sunrise || time < sun.sunset;
    }
    return this.elevation(time) > -0.833;
  }

  /** Sun elevation in degrees, refraction included. */
  elevation(time: number): number {
    return this.position(time).altitude;
  }

  /** Sun altitude and azimuth (degrees, azimuth clockwise from north). */
  position(time: number): { altitude: number; azimuth: number } {
    return getPosition(new Date(time), this.latitude, this.longitude);
  }

  /**
   * Outdoor temperature in °C: 10 ± 9.5 over the year (coldest mid-January), ± 4 over the day
   * (warmest at 15:00), plus a day-to-day swing (sd ≈ 3 °C) interpolated between noons so the
   * curve never jumps at midnight.
   */
  outdoorTemperature(time: number): number {
    const local = time + this.clock.calendar.offsetAt(time);
    const dayNumber = local / DAY_MS;
    const season = 10 - 9.5 * Math.cos((2 * Math.PI * (dayNumber - this.coldestDay)) / 365.2425);
    const hour = ((local % DAY_MS) + DAY_MS) % DAY_MS / HOUR;
    const daily = 4 * Math.cos((2 * Math.PI * (hour - 15)) / 24);
    const k = Math.floor(dayNumber - 0.5);
    const f = dayNumber - 0.5 - k;
    const swing = this.swing(k) * (1 - f) + this.swing(k + 1) * f;
    return season + daily + swing;
  }

  private swing(dayNumber: number): number {
    let value = this.swings.get(dayNumber);
    if (value === undefined) {
      value = Random.stream(this.seed, 'temperature-swing', dayNumber).normal(0, 3);
      if (this.swings.size > 4000) this.swings.clear();
      this.swings.set(dayNumber, value);
    }
    return value;
  }

  /** The weather of a day, continuing from yesterday's sky. */
  weather(day: SimDay, startSky: Sky | null): WeatherDay {
    const rng = Random.stream(this.seed, 'weather', day.key);
    let sky: Sky = startSky ?? 'partlycloudy';
    const changes: { time: number; sky: Sky }[] = [{ time: day.start, sky }];
    for (let hour = 0; hour < 24; hour++) {
      const time = this.clock.at(day, hour * 60 + rng.between(1, 59));
      let roll = rng.float();
      let next: Sky = sky;
      for (const [to, p] of SKY_CHANGES[sky]) {
        if (to === 'fog' && hour > 9) continue;
        if (roll < p) {
          next = to;
          break;
        }
        roll -= p;
      }
      if (sky === 'fog' && hour >= 11) next = 'cloudy';
      if (next !== sky && time > day.start && time < day.end) changes.push({ time, sky: (sky = next) });
    }
    // Report times: every sky change, sunrise and sunset (clear turns sunny/clear-night), and
    // met.no's half-hourly refresh.
    const times = new Set<number>(changes.map((c) => c.time));
    const sun = this.sun(day);
    for (const t of [sun.sunrise, sun.sunset]) if (t !== null && t > day.start && t < day.end) times.add(t);
    for (let t = day.start + 17 * 1000; t < day.end; t += 30 * MINUTE) times.add(t + rng.int(0, 20_000));
    const ordered = [...times].sort((a, b) => a - b);
    const points: WeatherPoint[] = [];
    let c = 0;
    for (const time of ordered) {
      while (c + 1 < changes.length && changes[c + 1]!.time <= time) c++;
      points.push({ time, condition: this.condition(day, changes[c]!.sky, time) });
    }
    return { points, endSky: sky };
  }

  private condition(day: SimDay, sky: Sky, time: number): Condition {
    if (sky === 'clear') return this.sunUp(day, time) ? 'sunny' : 'clear-night';
    if ((sky === 'rainy' || sky === 'pouring') && this.outdoorTemperature(time) < 0.5) return 'snowy';
    return sky;
  }
}
