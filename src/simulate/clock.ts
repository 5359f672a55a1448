/**
 * Local wall-clock time of the simulated home. Routines are written in the home's local time
 * ("06:30 on weekdays"), and the Calendar (the project's one time-zone helper) turns that into UTC.
 *
 * DST: a wall time that does not exist (02:30 on a spring-forward day in Europe/Berlin) comes out
 * one hour later (03:30), as a clock that skips the hour would run it; a wall time that exists
 * twice (02:30 on a fall-back day) is its first occurrence. No planted routine sits between 02:00
 * and 03:00, so this only moves noise.
 */
import { Calendar } from '../time/calendar.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const SECOND = 1000;

/** One simulated local day. */
export interface SimDay {
  readonly key: string;
  /** 0 for the first simulated day. */
  readonly index: number;
  /** UTC ms of local midnight, and of the next one (23 or 25 hours later on DST days). */
  readonly start: number;
  readonly end: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  readonly weekend: boolean;
}

export class LocalClock {
  readonly calendar: Calendar;

  constructor(timeZone: string) {
    this.calendar = new Calendar(timeZone);
  }

  day(key: string, index: number): SimDay {
    const period = this.calendar.day(key);
    const weekday = this.calendar.weekday(key);
    return { key, index, start: period.start, end: period.end, weekday, weekend: weekday >= 6 };
  }

  /** The simulated days ending with `lastDay`, oldest first. */
  days(lastDay: string, count: number): SimDay[] {
    let period = this.calendar.day(lastDay);
    const keys: string[] = [period.key];
    for (let i = 1; i < count; i++) {
      period = this.calendar.shift(period, -1);
      keys.push(period.key);
    }
    return keys.reverse().map((key, index) => this.day(key, index));
  }

  /**
   * UTC ms of a wall-clock minute of a day. Minutes below 0 or from 1440 on fall on the days
   * before or after (23:55 + 10 min is 00:05 of the next day), so a jittered routine may cross
   * midnight without special cases.
   */
  at(day: SimDay, minute: number): number {
    const before = this.calendar.offsetAt(day.start);
    const wall = day.start + before + Math.round(minute * MINUTE);
    let time = wall - before;
    const offset = this.calendar.offsetAt(time);
    if (offset !== before) {
      const shifted = wall - offset;
      // The other offset is right unless the wall time fell into a skipped hour: then keep `time`.
      if (this.calendar.offsetAt(shifted) === offset) time = shifted;
    }
    return time;
  }

  /** Wall-clock minute of the day (fractional), for truth statistics. */
  minuteOf(time: number): number {
    const local = time + this.calendar.offsetAt(time);
    return ((((local % 86_400_000) + 86_400_000) % 86_400_000) / MINUTE);
  }
}
