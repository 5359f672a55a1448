/**
 * Numeric sensors reporting often: power meters, room temperatures and humidities. They are how a
 * day reaches eventsPerDay: the routines make a few hundred events, the sensors the rest. Each
 * reading is a small mean-reverting step from the last, and always differs from it in its shown
 * precision (HA fires no state_changed for an unchanged reading). Slots are spread evenly over the
 * day with strictly increasing times, so the day's readings come out already sorted.
 */
import type { StateEvent } from '../events/model.js';
import { staticAttributes, type Attributes } from './attributes.js';
import type { SimDay } from './clock.js';
import { entityInfo, type EntityInfo } from './home.js';
import type { Random } from './random.js';

interface SensorModel {
  readonly entity: EntityInfo;
  readonly attributes: Attributes;
  /** Share of the readings (relative). */
  readonly weight: number;
  readonly mean: number;
  /** Largest step between two readings. */
  readonly step: number;
  readonly min: number;
  readonly max: number;
  readonly decimals: number;
}

// id, weight, mean, step, min, max, decimals
const MODELS: readonly (readonly [string, number, number, number, number, number, number])[] = [
  ['sensor.grid_power', 6, 450, 40, 80, 4000, 1],
  ['sensor.fridge_power', 3, 60, 8, 0, 180, 1],
  ['sensor.office_power', 3, 45, 6, 2, 300, 1],
  ['sensor.tv_power', 2, 2, 0.3, 0.5, 150, 1],
  ['sensor.coffee_machine_power', 2, 1.5, 0.2, 0.5, 1500, 1],
  ['sensor.dishwasher_power', 2, 1.2, 0.2, 0.4, 2200, 1],
  ['sensor.washing_machine_power', 2, 1.3, 0.2, 0.4, 2300, 1],
  ['sensor.kitchen_temperature', 1, 21, 0.1, 15, 30, 1],
  ['sensor.living_room_temperature', 1, 21, 0.1, 15, 30, 1],
  ['sensor.bedroom_temperature', 1, 18.5, 0.1, 14, 28, 1],
  ['sensor.bathroom_temperature', 1, 22, 0.1, 15, 30, 1],
  ['sensor.office_temperature', 1, 21.5, 0.1, 15, 30, 1],
  ['sensor.kitchen_humidity', 1, 48, 1.2, 25, 90, 0],
  ['sensor.living_room_humidity', 1, 45, 1.2, 25, 90, 0],
  ['sensor.bedroom_humidity', 1, 50, 1.2, 25, 90, 0],
  ['sensor.bathroom_humidity', 1, 60, 2, 30, 99, 0],
  ['sensor.outdoor_humidity', 1, 75, 1.5, 20, 100, 0],
];

export const NUMERIC_SENSORS: readonly string[] = MODELS.map((m) => m[0]);

/** Chance per day that one sensor drops off the network for a few minutes. */
const DROPOUT_PROBABILITY = 0.3;

export class NumericFiller {
  private readonly models: SensorModel[];
  private readonly cumulative: number[];
  private readonly values: number[];
  private readonly shown: (string | null)[];

  constructor() {
    this.models = MODELS.map(([id, weight, mean, step, min, max, decimals]) => {
      const entity = entityInfo(id);
      return { entity, attributes: staticAttributes(entity, '0'), weight, mean, step, min, max, decimals };
    });
    let sum = 0;
    const total = this.models.reduce((s, m) => s + m.weight, 0);
    this.cumulative = this.models.map((m) => (sum += m.weight / total));
    this.values = this.models.map((m) => m.mean);
    this.shown = this.models.map(() => null);
  }

  /** `count` readings over the day, sorted by time (strictly increasing). */
  fill(day: SimDay, count: number, rng: Random): StateEvent[] {
    const span = day.end - day.start;
    const n = Math.min(count, Math.floor(span / 2));
    const width = span / Math.max(1, n);
    const events: StateEvent[] = new Array<StateEvent>(n);
    const flaky = rng.chance(DROPOUT_PROBABILITY) ? rng.int(0, this.models.length - 1) : -1;
    const downFrom = day.start + rng.between(0, span - 3_600_000);
    const downUntil = downFrom + rng.between(2, 10) * 60_000;
    let down = false;
    let previous = day.start - 1;
    for (let k = 0; k < n; k++) {
      const time = Math.max(day.start + Math.floor((k + rng.float()) * width), previous + 1);
      previous = time;
      let i = this.pick(rng.float());
      if (i === flaky && time >= downFrom && time < downUntil) {
        if (!down) {
          down = true;
          events[k] = this.event(i, time, 'unavailable', staticAttributes(this.models[i]!.entity, 'unavailable'));
          continue;
        }
        i = (i + 1) % this.models.length; // the slot goes to a neighbour: the day keeps its count
      }
      events[k] = this.event(i, time, this.next(i, rng), this.models[i]!.attributes);
    }
    return events;
  }

  private pick(u: number): number {
    const c = this.cumulative;
    for (let i = 0; i < c.length - 1; i++) if (u < c[i]!) return i;
    return c.length - 1;
  }

  /** The next reading of a sensor: a step towards its mean, shown differently from the last one. */
  private next(i: number, rng: Random): string {
    const m = this.models[i]!;
    let v = this.values[i]! + (m.mean - this.values[i]!) * 0.02 + (rng.float() - 0.5) * 2 * m.step;
    v = Math.min(m.max, Math.max(m.min, v));
    let text = v.toFixed(m.decimals);
    if (text === this.shown[i]) {
      const unit = 10 ** -m.decimals;
      v = v + unit <= m.max ? v + unit : v - unit;
      text = v.toFixed(m.decimals);
    }
    this.values[i] = v;
    return text;
  }

  private event(i: number, time: number, state: string, attributes: Attributes): StateEvent {
    const entity = this.models[i]!.entity;
    const oldState = this.shown[i] ?? null;
    this.shown[i] = state;
    return {
      time, entityId: entity.id, domain: entity.domain, state, oldState, attributes,
      deviceId: entity.deviceId, areaId: entity.areaId, cause: 'system',
    };
  }
}
