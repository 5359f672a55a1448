/**
 * The home's calendar: local days, ISO weeks (Monday first) and months in the home's time zone,
 * with UTC-ms boundaries that are right on DST days (a day of 23 or 25 hours). The one time-zone
 * helper of the project; luxon does the zone arithmetic.
 */
import { DateTime, IANAZone } from 'luxon';

export type PeriodKind = 'day' | 'week' | 'month';

/** A local period: `2026-11-24`, `2026-W48` or `2026-11`, with its UTC-ms half-open range. */
export interface Period {
  readonly kind: PeriodKind;
  readonly key: string;
  readonly start: number;
  readonly end: number;
}

const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK_KEY = /^(\d{4})-W(\d{2})$/;
const MONTH_KEY = /^(\d{4})-(\d{2})$/;
const QUARTER_HOUR = 15 * 60 * 1000;

export class InvalidPeriodError extends Error {}

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export class Calendar {
  readonly zone: string;
  /** UTC offset in ms per quarter hour: offsets only change on quarter-hour boundaries. */
  private readonly offsets = new Map<number, number>();
  /**
   * Periods by kind and key, and shifts by kind, start and step: a job asks for the same few days
   * thousands of times (a detector walks each entity's days), and each answer costs luxon several
   * Intl calls whose garbage alone grew the daily job's heap by ~18 MB. Periods are immutable.
   */
  private readonly periods = new Map<string, Period>();
  private readonly shifts = new Map<string, Period>();

  constructor(zone: string) {
    if (!isValidTimeZone(zone)) throw new InvalidPeriodError(`unknown time zone: ${zone}`);
    this.zone = zone;
  }

  /** The zone's UTC offset at a moment, in ms (cached; called once per event on hot paths). */
  offsetAt(time: number): number {
    const bucket = Math.floor(time / QUARTER_HOUR);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      offset = DateTime.fromMillis(bucket * QUARTER_HOUR, { zone: this.zone }).offset * 60_000;
      if (this.offsets.size > 100_000) this.offsets.clear();
      this.offsets.set(bucket, offset);
    }
    return offset;
  }

  /** Wall-clock minute of the local day, 0..1439 (a DST day repeats or skips an hour's minutes). */
  minuteOfDay(time: number): number {
    const local = time + this.offsetAt(time);
    return Math.floor((((local % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
  }

  /** Local wall-clock hour, 0..23. */
  hourOf(time: number): number {
    return Math.floor(this.minuteOfDay(time) / 60);
  }

  /** The local date `YYYY-MM-DD` of a moment. */
  dayKey(time: number): string {
    return new Date(time + this.offsetAt(time)).toISOString().slice(0, 10);
  }

  /** ISO weekday of a local date key: 1 = Monday … 7 = Sunday. */
  weekday(dayKey: string): number {
    const d = new Date(`${dayKey}T00:00:00Z`).getUTCDay();
    return d === 0 ? 7 : d;
  }

  day(key: string): Period {
    return this.cached(this.periods, `d${key}`, () => this.dayOf(key));
  }

  private cached(cache: Map<string, Period>, key: string, make: () => Period): Period {
    let period = cache.get(key);
    if (period === undefined) {
      period = make();
      if (cache.size >= 10_000) cache.clear();
      cache.set(key, period);
    }
    return period;
  }

  private dayOf(key: string): Period {
    const m = DAY_KEY.exec(key);
    const start = m ? DateTime.fromObject({ year: +m[1]!, month: +m[2]!, day: +m[3]! }, { zone: this.zone }) : null;
    if (!start || !start.isValid || start.toISODate() !== key) throw new InvalidPeriodError(`not a date (YYYY-MM-DD): ${key}`);
    return { kind: 'day', key, start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
  }

  week(key: string): Period {
    return this.cached(this.periods, `w${key}`, () => this.weekOf(key));
  }

  private weekOf(key: string): Period {
    const m = WEEK_KEY.exec(key);
    const start = m ? DateTime.fromObject({ weekYear: +m[1]!, weekNumber: +m[2]!, weekday: 1 }, { zone: this.zone }) : null;
    if (!start || !start.isValid || weekKeyOf(start) !== key) throw new InvalidPeriodError(`not an ISO week (YYYY-Www): ${key}`);
    return { kind: 'week', key, start: start.toMillis(), end: start.plus({ weeks: 1 }).toMillis() };
  }

  month(key: string): Period {
    return this.cached(this.periods, `m${key}`, () => this.monthOf(key));
  }

  private monthOf(key: string): Period {
    const m = MONTH_KEY.exec(key);
    const start = m ? DateTime.fromObject({ year: +m[1]!, month: +m[2]!, day: 1 }, { zone: this.zone }) : null;
    if (!start || !start.isValid || start.toFormat('yyyy-MM') !== key) throw new InvalidPeriodError(`not a month (YYYY-MM): ${key}`);
    return { kind: 'month', key, start: start.toMillis(), end: start.plus({ months: 1 }).toMillis() };
  }

  period(kind: PeriodKind, key: string): Period {
    return kind === 'day' ? this.day(key) : kind === 'week' ? this.week(key) : this.month(key);
  }

  /** The period of a kind that contains a moment. */
  periodOf(kind: PeriodKind, time: number): Period {
    const local = DateTime.fromMillis(time, { zone: this.zone });
    if (kind === 'day') return this.day(local.toISODate()!);
    if (kind === 'week') return this.week(weekKeyOf(local));
    return this.month(local.toFormat('yyyy-MM'));
  }

  /** The period after (n = 1) or before (n = -1) one. */
  shift(period: Period, n: number): Period {
    return this.cached(this.shifts, `${period.kind}${period.start}/${n}`, () => this.shiftOf(period, n));
  }

  private shiftOf(period: Period, n: number): Period {
    const unit = period.kind === 'day' ? 'days' : period.kind === 'week' ? 'weeks' : 'months';
    const start = DateTime.fromMillis(period.start, { zone: this.zone }).plus({ [unit]: n });
    return this.periodOf(period.kind, start.toMillis());
  }

  /** Local day keys from `first` to `last`, inclusive. */
  daysBetween(first: string, last: string): string[] {
    const days: string[] = [];
    for (let d = this.day(first); d.key <= last; d = this.shift(d, 1)) days.push(d.key);
    return days;
  }

  /** Local days of a week or month, in order. */
  daysOf(period: Period): string[] {
    if (period.kind === 'day') return [period.key];
    return this.daysBetween(this.dayKey(period.start), this.dayKey(period.end - 1));
  }
}

function weekKeyOf(dt: DateTime): string {
  return `${dt.weekYear}-W${String(dt.weekNumber).padStart(2, '0')}`;
}
