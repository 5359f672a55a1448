/**
 * The context entities: sun.sun (above/below horizon at sunrise/sunset, its position every
 * 15 minutes), weather.home (met.no conditions and a half-hourly refresh), the outdoor temperature
 * sensor (every 10 minutes), and the laundry dehumidifier that runs while it rains (the planted
 * weather context).
 */
import { MINUTE, SECOND, type SimDay } from '../clock.js';
import { RAIN } from '../context.js';
import type { DayPlan } from '../plan.js';
import { declare, inWindow, MIN_SUPPORT, type Range, type RoutineModule } from './routine.js';
import { level } from '../policy.js';

export const DEHUMIDIFIER = {
  onAfterRainStartsMinutes: [5, 15] as Range,
  offAfterRainEndsMinutes: [30, 60] as Range,
  rain: [...RAIN],
};

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString().replace('Z', '+00:00'));
// `|| 0`: JSON has no -0, and a -0 would not survive the round trip through a file.
const round1 = (x: number): number => Math.round(x * 10) / 10 || 0;
const round2 = (x: number): number => Math.round(x * 100) / 100 || 0;

export const sky: RoutineModule = {
  id: 'weather_and_sun',
  kind: 'contextual',
  description: 'sun.sun, weather.home and the outdoor temperature; the laundry dehumidifier runs from 5–15 min after rain starts until 30–60 min after it stops.',
  entities: ['sun.sun', 'weather.home', 'sensor.outdoor_temperature', 'switch.dehumidifier'],
  parameters: DEHUMIDIFIER,
  create: () => {
    let skyState: Parameters<DayPlan['context']['weather']>[1] = null;
    let raining = false;
    /** When the dehumidifier is due off (+∞: rain came back first, keep running). */
    let offAt: number | null = null;
    return {
      plan(plan: DayPlan) {
        const rng = plan.random('weather_and_sun');
        const { context, day } = plan;
        sunEntity(plan);
        for (let t = day.start + 10 * MINUTE; t < day.end; t += 10 * MINUTE) {
          const time = t + rng.between(0, 60) * SECOND;
          plan.set('sensor.outdoor_temperature', time, context.outdoorTemperature(time).toFixed(1), 'system');
        }
        const weather = context.weather(day, skyState);
        skyState = weather.endSky;
        for (const point of weather.points) {
          plan.set('weather.home', point.time, point.condition, 'system', weatherAttributes(plan, point.time, point.condition, rng.int(0, 359)));
          const rainy = RAIN.has(point.condition);
          if (rainy && !raining) {
            plan.journal.add('rain:episodes');
            const lag = rng.between(...DEHUMIDIFIER.onAfterRainStartsMinutes) * MINUTE;
            if (offAt === null || point.time > offAt) {
              plan.set('switch.dehumidifier', point.time + lag, 'on', 'automation');
              plan.journal.add('dehumidifier:runs');
            } else if (Number.isFinite(offAt)) {
              // Rain came back after midnight before yesterday's switch-off: on again right after it.
              plan.set('switch.dehumidifier', offAt + lag, 'on', 'automation');
            }
            offAt = null;
          } else if (!rainy && raining) {
            const off = point.time + rng.between(...DEHUMIDIFIER.offAfterRainEndsMinutes) * MINUTE;
            const next = weather.points.find((p) => p.time > point.time && RAIN.has(p.condition));
            if (next === undefined || next.time > off) {
              plan.set('switch.dehumidifier', off, 'off', 'automation');
              offAt = off;
            } else {
              offAt = Number.POSITIVE_INFINITY; // rain again before the switch-off: keep running
            }
          }
          raining = rainy;
        }
        plan.occurred('weather_and_sun');
      },
    };
  },
  truth(t) {
    const runs = t.journal.count('dehumidifier:runs');
    // Switched on 5–15 min into a rain episode that lasts hours: nearly every activation in the rain.
    declare(t, inWindow(t, runs) >= MIN_SUPPORT ? level(0.95, inWindow(t, runs), 0.5) : 'optional', 'contextual', {
      source: 'planted', routine: 'weather_and_sun', entity_id: 'switch.dehumidifier', context: 'weather', condition: 'rainy',
      context_entities: ['weather.home'], detail: { conditions: DEHUMIDIFIER.rain, runs, rain_episodes: t.journal.count('rain:episodes'), ...DEHUMIDIFIER },
    });
    t.tolerate('anomaly', { source: 'tolerated', routine: 'weather_and_sun', date: null, entity_id: 'switch.dehumidifier', note: 'follows the weather' });
    t.tolerate('duration', { source: 'tolerated', routine: 'weather_and_sun', entity_id: 'switch.dehumidifier' });
    t.tolerate('room_based', { source: 'tolerated', routine: 'weather_and_sun', area_id: 'laundry' });
  },
};

/** sun.sun as HA's sun integration shows it: state by sunrise/sunset, position refreshed. */
function sunEntity(plan: DayPlan): void {
  const { context, day } = plan;
  const today = context.sun(day);
  const tomorrow = context.sun(nextDay(plan));
  const next = (t: number, a: number | null, b: number | null): string | null => iso(a !== null && a > t ? a : b);
  const times = new Set<number>();
  for (let t = day.start + 4 * MINUTE; t < day.end; t += 15 * MINUTE) times.add(t + (t % 997));
  for (const t of [today.sunrise, today.sunset]) if (t !== null && t >= day.start && t < day.end) times.add(t);
  for (const t of [...times].sort((a, b) => a - b)) {
    const position = context.position(t);
    plan.set('sun.sun', t, context.sunUp(day, t) ? 'above_horizon' : 'below_horizon', 'system', {
      next_dawn: next(t, today.dawn, tomorrow.dawn),
      next_dusk: next(t, today.dusk, tomorrow.dusk),
      next_midnight: next(t, today.nadir, tomorrow.nadir),
      next_noon: next(t, today.noon, tomorrow.noon),
      next_rising: next(t, today.sunrise, tomorrow.sunrise),
      next_setting: next(t, today.sunset, tomorrow.sunset),
      elevation: round2(position.altitude),
      azimuth: round2(position.azimuth),
      rising: t < today.noon,
      friendly_name: 'Sun',
    });
  }
}

function nextDay(plan: DayPlan): SimDay {
  const key = plan.clock.calendar.dayKey(plan.day.end + 12 * 3_600_000);
  return plan.clock.day(key, plan.day.index + 1);
}

function weatherAttributes(plan: DayPlan, time: number, condition: string, bearing: number): Record<string, unknown> {
  const temperature = round1(plan.context.outdoorTemperature(time));
  const wet = condition === 'rainy' || condition === 'pouring' || condition === 'snowy' || condition === 'fog';
  const humidity = Math.max(30, Math.min(100, Math.round((wet ? 92 : 70) - temperature)));
  return {
    temperature,
    dew_point: round1(temperature - (100 - humidity) / 5),
    temperature_unit: '°C',
    humidity,
    cloud_coverage: condition === 'sunny' || condition === 'clear-night' ? 5 : condition === 'partlycloudy' ? 45 : 95,
    pressure: 1013 + (bearing % 20) - 10,
    pressure_unit: 'hPa',
    wind_bearing: bearing,
    wind_speed: round1(5 + (bearing % 17)),
    wind_speed_unit: 'km/h',
    visibility_unit: 'km',
    precipitation_unit: 'mm',
    attribution: 'Weather forecast from met.no, delivered by the Norwegian Meteorological Institute.',
    friendly_name: 'Forecast Home',
    supported_features: 3,
  };
}
