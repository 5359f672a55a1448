/**
 * The episodes of a messy home, chosen from the seed before any day is planned (the routines plan
 * around them, the truth reports them): the household away for two nights, a window contact stuck
 * open for a week, a motion sensor that goes silent (or `unavailable`) for days, and a weekday
 * holiday that runs like a weekend. None in the first 14 days (a detector needs a baseline), none
 * overlapping another, so each stands out on its own.
 */
import { HOUR, type LocalClock, type SimDay } from './clock.js';
import { Random } from './random.js';

export interface Episode {
  readonly entityId: string;
  /** UTC ms. */
  readonly from: number;
  readonly to: number;
  /** Local days of `from` and of `to`. */
  readonly date: string;
  readonly dateTo: string;
}

export interface MessPlan {
  /** Everybody away: the home quiet but for its sensors and the thermostat. */
  readonly absence?: Episode;
  /** A contact reporting `on` (open) all along. */
  readonly stuck?: Episode;
  /** A sensor that reports nothing; `unavailable`: says so once at the start. */
  readonly silent?: Episode & { readonly how: 'unavailable' | 'no_reports' };
  /** A weekday that runs like a weekend. */
  readonly holiday?: string;
}

export const MESS = {
  quietDays: 14,
  absenceHours: [42, 50] as const,
  absenceStartMinute: [9 * 60, 12 * 60] as const,
  stuckEntity: 'binary_sensor.bedroom_window',
  stuckDays: 7,
  silentEntity: 'binary_sensor.guest_room_motion',
  silentDays: [3.5, 4.5] as const,
};

/** Whole local days an episode covers (with a spare day after it for its end to be reported). */
const SPANS = { absence: 4, stuck: MESS.stuckDays + 2, silent: 6 } as const;

export function planMess(seed: number, days: readonly SimDay[], clock: LocalClock): MessPlan {
  const rng = Random.stream(seed, 'mess');
  const eligible = days.slice(MESS.quietDays);
  const kinds: (keyof typeof SPANS)[] = ['absence', 'stuck', 'silent'];
  // Drop the longest episode first when the simulation is too short for all of them.
  while (kinds.length > 0 && kinds.reduce((n, k) => n + SPANS[k], 0) > eligible.length) kinds.splice(kinds.includes('stuck') ? kinds.indexOf('stuck') : 0, 1);
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }
  let slack = eligible.length - kinds.reduce((n, k) => n + SPANS[k], 0);
  let cursor = 0;
  const out: { -readonly [K in keyof MessPlan]: MessPlan[K] } = {};
  const taken = new Set<string>();
  kinds.forEach((kind, i) => {
    const gap = rng.int(0, Math.floor(slack / (kinds.length - i)));
    slack -= gap;
    cursor += gap;
    const day = eligible[cursor]!;
    for (const d of eligible.slice(cursor, cursor + SPANS[kind])) taken.add(d.key);
    cursor += SPANS[kind];
    const episode = (entityId: string, startMinute: number, hours: number): Episode => {
      // Whole milliseconds: planned changes are rounded to them, and must not slip out of the episode.
      const from = Math.round(clock.at(day, startMinute));
      const to = Math.round(from + hours * HOUR);
      return { entityId, from, to, date: day.key, dateTo: clock.calendar.dayKey(to) };
    };
    if (kind === 'absence') out.absence = episode('home', rng.between(...MESS.absenceStartMinute), rng.between(...MESS.absenceHours));
    if (kind === 'stuck') out.stuck = episode(MESS.stuckEntity, rng.between(13 * 60, 18 * 60), MESS.stuckDays * 24);
    if (kind === 'silent') out.silent = { ...episode(MESS.silentEntity, rng.between(8 * 60, 20 * 60), rng.between(...MESS.silentDays) * 24), how: rng.chance(0.5) ? 'unavailable' : 'no_reports' };
  });
  // The holiday: a weekday away from the absence (a day at home, not another empty one).
  const absent = new Set(out.absence === undefined ? [] : eligible.filter((d) => taken.has(d.key) && d.key >= out.absence!.date && d.key <= out.absence!.dateTo).map((d) => d.key));
  const weekdays = eligible.filter((d) => !d.weekend && !absent.has(d.key) && d.key !== out.absence?.dateTo);
  if (weekdays.length > 0) out.holiday = rng.pick(weekdays).key;
  return out;
}

/** Local days no single-day planted anomaly may take: the absence (nobody home) and the holiday. */
export function busyDays(mess: MessPlan | null): Set<string> {
  const busy = new Set<string>();
  if (mess === null) return busy;
  if (mess.holiday !== undefined) busy.add(mess.holiday);
  const a = mess.absence;
  if (a !== undefined) for (let d = a.date; d <= a.dateTo; d = nextDay(d)) busy.add(d);
  return busy;
}

/** The day after a YYYY-MM-DD key (calendar arithmetic, no time zone involved). */
export function nextDay(key: string): string {
  return new Date(Date.parse(`${key}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
