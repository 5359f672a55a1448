import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema, detectorSettingsOf } from '../config.js';
import { windowOf } from '../jobs/group-a.js';
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import { HomeBuilder, calendar, dayKeys } from '../testing/home.js';
import { pulses, seeded, summarizeOnly } from '../testing/routines.js';
import { normalUpperTail } from './anomaly/model.js';
import { dayType, dayTypeDaily, isWeekendLike, rankSumPValue } from './day-type.js';
import { describePattern } from './describe.js';
import { DEFAULT_DETECTOR_SETTINGS, type DetectorSettings } from './settings.js';
import { byMeasurement } from './types.js';

/** Four whole ISO weeks, Monday 2026-09-07 to Sunday 2026-10-04. */
const DAYS = dayKeys('2026-09-07', 28);
const weekend = (d: string) => calendar.weekday(d) >= 6;

type Tweak = Partial<DetectorSettings['dayType']> & { holidays?: string[] };

/** Daily records, one weekly record per ISO week, patterns from the weeks: the weekly job's path. */
function weeklyRecords(home: HomeBuilder, days: readonly string[], settings: DetectorSettings): AggregateRecord[] {
  const daily = summarizeOnly(dayTypeDaily, home.build(), days, settings);
  const weeks = [...new Set(days.map((d) => calendar.periodOf('week', calendar.day(d).start).key))];
  return weeks.flatMap((key) => {
    const week = calendar.week(key);
    const weekDays = calendar.daysOf(week);
    return dayType.summarize({ week, days: weekDays, calendar, records: byMeasurement(daily.filter((r) => weekDays.includes(r.period))) }, settings);
  });
}

function settingsWith(tweak: Tweak = {}): DetectorSettings {
  const { holidays, ...rest } = tweak;
  return { ...DEFAULT_DETECTOR_SETTINGS, dayType: { ...DEFAULT_DETECTOR_SETTINGS.dayType, ...rest }, ...(holidays ? { holidays } : {}) };
}

function dayTypes(home: HomeBuilder, tweak: Tweak = {}, days: readonly string[] = DAYS): PatternUpsert[] {
  const settings = settingsWith(tweak);
  return dayType.derive(windowOf(weeklyRecords(home, days, settings), calendar), settings);
}

const sentence = (p: PatternUpsert) => describePattern({ pattern_type: p.patternType, device_id: p.deviceId, pattern_metadata: p.metadata, confidence: p.confidence, occurrences: p.occurrences });

/** Uses a day drawn around `weekdayUses` / `weekendUses` (±1), at random daytime minutes. */
function usedBy(entityId: string, perDay: (day: string, i: number) => number, seed = 3, days: readonly string[] = DAYS): HomeBuilder {
  const random = seeded(seed);
  const home = new HomeBuilder();
  days.forEach((d, i) => pulses(home, entityId, d, Array.from({ length: perDay(d, i) }, () => 8 * 60 + random() * 12 * 60)));
  return home;
}

const coffee = (days: readonly string[] = DAYS) => usedBy('switch.coffee', (d, i) => (weekend(d) ? i % 3 === 0 ? 1 : 0 : 2 + (i % 3)), 3, days);

describe('day type: a difference that holds week after week', () => {
  it('finds more uses on weekdays over four weeks, with its medians and the weeks that agree', () => {
    const [p, ...rest] = dayTypes(coffee());
    assert.equal(rest.length, 0);
    assert.equal(p!.key, 'day_type:amount');
    assert.equal(p!.metadata['aspect'], 'amount');
    assert.equal(p!.metadata['more_on'], 'weekdays');
    assert.equal(p!.metadata['weekday_median'], 3);
    assert.equal(p!.metadata['weekend_median'], 0);
    assert.equal(p!.metadata['weeks_agreeing'], 4);
    assert.equal(p!.metadata['weeks_compared'], 4);
    assert.equal(p!.metadata['weekday_days'], 20);
    assert.equal(p!.metadata['weekend_days'], 8);
    const planted = (end: boolean) => DAYS.map((d, i) => [d, i] as const).filter(([d]) => weekend(d) === end).map(([, i]) => (end ? (i % 3 === 0 ? 1 : 0) : 2 + (i % 3)));
    const wd = planted(false).reduce((a, b) => a + b, 0) / 20;
    const we = planted(true).reduce((a, b) => a + b, 0) / 8;
    assert.equal(p!.metadata['weekday_per_day'], Math.round(wd * 100) / 100);
    assert.equal(p!.metadata['weekend_per_day'], Math.round(we * 100) / 100);
    assert.equal(p!.confidence, Math.round((1 - we / wd) * 1e4) / 1e4);
    assert.match(sentence(p!), /^switch\.coffee turns on more often on weekdays \((about \d+ times|about once) a day\) than at weekends \((less than once a day|hardly ever)\), in each of the last 4 weeks$/);
  });

  it('finds more uses at weekends the other way round', () => {
    const [p] = dayTypes(usedBy('media_player.tv', (d) => (weekend(d) ? 4 : 1)));
    assert.equal(p!.metadata['more_on'], 'weekends');
    assert.equal(p!.confidence, 0.75);
  });

  it('finds nothing when one Wednesday with 19 uses carries it', () => {
    const closet = usedBy('binary_sensor.closet_bedroom', (d, i) => (i === 9 ? 19 : i % 4 === 0 ? 1 : 0));
    assert.equal(calendar.weekday(DAYS[9]!), 3);
    assert.deepEqual(dayTypes(closet).map(sentence), []);
  });

  it('finds nothing from fewer than three weeks of each day type', () => {
    assert.equal(dayTypes(coffee(DAYS.slice(0, 21)), {}, DAYS.slice(0, 21)).length, 1);
    assert.deepEqual(dayTypes(coffee(DAYS.slice(0, 14)), {}, DAYS.slice(0, 14)), []);
    assert.equal(dayTypes(coffee(DAYS.slice(0, 14)), { minWeeks: 2 }, DAYS.slice(0, 14)).length, 1);
  });

  it('finds nothing when only two of four weeks show the difference', () => {
    // weeks 1 and 3 are busy on weekdays, weeks 2 and 4 at weekends; the medians still differ (2 vs 1)
    const flipping = usedBy('switch.fan', (d, i) => (Math.floor(i / 7) % 2 === 0 ? (weekend(d) ? 0 : 3) : weekend(d) ? 2 : 1));
    assert.deepEqual(dayTypes(flipping).map(sentence), []);
    // the weeks alone hold it back, and the days' ranks too
    assert.deepEqual(dayTypes(flipping, { maxPValue: 1 }), []);
    assert.equal(dayTypes(flipping, { minWeekShare: 0.5, maxPValue: 1 }).length, 1);
    assert.deepEqual(dayTypes(flipping, { minWeekShare: 0.5 }), []);
  });

  it('needs the days themselves to differ, by a rank test at the configured p-value', () => {
    // a gate in the wind: bursts of 0–30 a day whatever the day; its weeks happen to agree more often than not
    const random = seeded(11);
    const gusty = usedBy('binary_sensor.gate', (d) => (weekend(d) ? (random() < 0.5 ? 2 : 9) : random() < 0.5 ? 4 : 20));
    const [p] = dayTypes(gusty, { maxPValue: 1 });
    const pValue = p!.metadata['p_value'] as number;
    assert.ok(pValue > 0.01 && pValue < 1, String(pValue));
    assert.deepEqual(dayTypes(gusty), []);
    assert.equal(dayTypes(gusty, { maxPValue: pValue * 1.01 }).length, 1);
    assert.deepEqual(dayTypes(gusty, { maxPValue: pValue * 0.99 }), []);
    // the planted kind: every weekday against no weekend day passes far below it
    assert.ok((dayTypes(coffee())[0]!.metadata['p_value'] as number) < 0.001);
  });

  it('ranks two samples of counts: ties shared, a continuity correction, both tails', () => {
    // U = 0 of 9, mean 4.5, variance 9/12 * 7: z = (4.5 - 0.5) / sqrt(5.25)
    const z = 4 / Math.sqrt(5.25);
    assert.ok(Math.abs(rankSumPValue([1, 2, 3], [4, 5, 6]) - 2 * normalUpperTail(z)) < 1e-12);
    assert.equal(rankSumPValue([1, 2, 3], [4, 5, 6]), rankSumPValue([4, 5, 6], [1, 2, 3]), 'both tails');
    assert.equal(rankSumPValue([2, 2, 2], [2, 2]), 1, 'nothing varies');
    // ties: [0, 0, 1] against [1, 2]: ranks 1.5, 1.5, 3.5 | 3.5, 5; U = 6.5 - 6 = 0.5; mean 3
    const ties = (2 ** 3 - 2) * 2;
    const variance = (6 / 12) * (6 - ties / 20);
    assert.ok(Math.abs(rankSumPValue([0, 0, 1], [1, 2]) - 2 * normalUpperTail((3 - 0.5 - 0.5) / Math.sqrt(variance))) < 1e-12);
    assert.equal(rankSumPValue([5], [5, 5, 6, 6]) <= 1, true);
    assert.equal(rankSumPValue([0], [0]), 1, 'a single tie has no variance');
  });

  it('needs the configured ratio, days and a floor of half a use a day', () => {
    const home = () => usedBy('switch.kettle', (d) => (weekend(d) ? 1 : 2));
    assert.equal(dayTypes(home()).length, 1); // 2 vs 1: exactly the ratio 2
    assert.equal(dayTypes(home(), { minAmountRatio: 2.01 }).length, 0);
    assert.equal(dayTypes(home(), { minDaysEach: 9 }).length, 0);
    assert.equal(dayTypes(home(), { minDaysEach: 8 }).length, 1);
    // a median of 0 against 0: no amount to speak of
    assert.deepEqual(dayTypes(usedBy('switch.rare', (d, i) => (weekend(d) ? 0 : i % 5 === 0 ? 1 : 0))), []);
  });
});

describe('day type: first use at another time', () => {
  /** First use at `weekdayAt` on weekdays and `weekendAt` at weekends, with a few minutes' jitter. */
  const mornings = (weekdayAt: number, weekendAt: number, odd: (d: string, i: number) => number | null = () => null) => {
    const home = new HomeBuilder();
    DAYS.forEach((d, i) => pulses(home, 'light.bedroom', d, [odd(d, i) ?? (weekend(d) ? weekendAt : weekdayAt) + (i % 5) * 3, 21 * 60]));
    return home;
  };

  it('finds a later first use at weekends, holding in every week', () => {
    const found = dayTypes(mornings(6 * 60 + 30, 9 * 60));
    const p = found.find((x) => x.key === 'day_type:time')!;
    assert.equal(p.metadata['weekday_first'], '06:36');
    assert.equal(p.metadata['weeks_agreeing'], 4);
    assert.ok((p.metadata['shift_minutes'] as number) > 140 && (p.metadata['shift_minutes'] as number) < 160);
    assert.ok(p.confidence > 0.7 && p.confidence < 1, String(p.confidence));
    assert.match(sentence(p), /^light\.bedroom first turns on around 06:36 on weekdays and 09:\d\d at weekends, in each of the last 4 weeks$/);
    assert.equal(found.filter((x) => x.key === 'day_type:amount').length, 0);
  });

  it('finds nothing when the shift is under the configured minutes, or the times spread too far', () => {
    assert.equal(dayTypes(mornings(6 * 60 + 30, 7 * 60 + 15)).length, 0);
    assert.equal(dayTypes(mornings(6 * 60 + 30, 7 * 60 + 45)).length, 1);
    assert.equal(dayTypes(mornings(6 * 60 + 30, 9 * 60), { maxSpreadMinutes: 3 }).length, 0);
  });

  it('finds nothing when one weekend of four was late', () => {
    const lateOnce = mornings(6 * 60 + 30, 6 * 60 + 40, (d, i) => (weekend(d) && i < 7 ? 10 * 60 : null));
    assert.deepEqual(dayTypes(lateOnce).map(sentence), []);
  });

  it('needs the configured share of weeks to shift the same way', () => {
    // weekends late in weeks 1–3, early in week 4: 3 of 4 weeks agree
    const three = mornings(6 * 60 + 30, 6 * 60 + 40, (d, i) => (weekend(d) && i < 21 ? 9 * 60 + (i % 2) * 4 : null));
    const [p] = dayTypes(three);
    assert.equal(p!.metadata['weeks_agreeing'], 3);
    assert.equal(p!.metadata['weeks_compared'], 4);
    assert.equal(dayTypes(three, { minWeekShare: 0.8 }).length, 0);
  });
});

describe('day type: holidays count as weekend days', () => {
  const thursday = '2026-10-01';

  it('counts a configured holiday on a Thursday as a weekend-like day', () => {
    assert.equal(calendar.weekday(thursday), 4);
    assert.equal(isWeekendLike(thursday, calendar, new Set()), false);
    assert.equal(isWeekendLike(thursday, calendar, new Set([thursday])), true);
    assert.equal(isWeekendLike('2026-10-03', calendar, new Set()), true);
    const home = () => usedBy('switch.coffee', (d) => (weekend(d) || d === thursday ? 0 : 3));
    const [plain] = dayTypes(home());
    assert.equal(plain!.metadata['weekend_days'], 8);
    assert.equal(plain!.metadata['weekday_per_day'], 2.85);
    const [holiday] = dayTypes(home(), { holidays: [thursday] });
    assert.equal(holiday!.metadata['weekend_days'], 9);
    assert.equal(holiday!.metadata['weekday_days'], 19);
    assert.equal(holiday!.metadata['weekday_per_day'], 3);
    assert.equal(holiday!.metadata['weekend_per_day'], 0);
  });

  it('reads holidays from the config as dates, and refuses what is not a date', () => {
    const config = configSchema.parse({ holidays: ['2026-12-25', '2026-12-26'] });
    assert.deepEqual(detectorSettingsOf(config).holidays, ['2026-12-25', '2026-12-26']);
    assert.deepEqual(detectorSettingsOf(configSchema.parse({})).holidays, []);
    assert.equal(configSchema.safeParse({ holidays: ['25.12.2026'] }).success, false);
  });

  it('reads weekly records written before days were kept', () => {
    const settings = settingsWith();
    const old = weeklyRecords(coffee(), DAYS, settings).map((r) => ({ ...r, fields: Object.fromEntries(Object.entries(r.fields).filter(([k]) => k !== 'days')) }));
    const [p] = dayType.derive(windowOf(old, calendar), settings);
    assert.equal(p!.metadata['more_on'], 'weekdays');
    assert.equal(p!.metadata['weekday_days'], 20);
  });
});

describe('day type: records and evidence, exactly', () => {
  it('keeps each day: activations of the day only, its first minute (-1: none), its day type', () => {
    const home = new HomeBuilder().area('light.desk', 'office');
    pulses(home, 'light.desk', DAYS[0]!, [23 * 60 + 58]); // in the next day's look-back, counted on the first day
    pulses(home, 'light.desk', DAYS[5]!, [7 * 60 + 5, 9 * 60]);
    const daily = summarizeOnly(dayTypeDaily, home.build(), DAYS.slice(0, 7), settingsWith());
    assert.deepEqual(daily.map((r) => [r.measurement, r.period, r.tags['day_type'], r.tags['area_id'], r.fields['count'], r.fields['first_minute']]), [
      ['day_type_daily', DAYS[0], 'weekday', 'office', 1, 23 * 60 + 58],
      ['day_type_daily', DAYS[1], 'weekday', 'office', 0, -1],
      ['day_type_daily', DAYS[2], 'weekday', 'office', 0, -1],
      ['day_type_daily', DAYS[3], 'weekday', 'office', 0, -1],
      ['day_type_daily', DAYS[4], 'weekday', 'office', 0, -1],
      ['day_type_daily', DAYS[5], 'weekend', 'office', 2, 7 * 60 + 5],
      ['day_type_daily', DAYS[6], 'weekend', 'office', 0, -1],
    ]);
    const [week] = weeklyRecords(home, DAYS.slice(0, 7), settingsWith());
    assert.equal(week!.measurement, 'day_type_weekly');
    assert.deepEqual(week!.tags, { entity_id: 'light.desk', area_id: 'office' });
    assert.deepEqual(week!.fields, {
      weekday_counts: '[1,0,0,0,0]',
      weekend_counts: '[2,0]',
      weekday_first_minutes: '[1438]',
      weekend_first_minutes: '[425]',
      weekday_mean_count: 0.2,
      weekend_mean_count: 1,
      days: JSON.stringify(DAYS.slice(0, 7).map((d, i) => [d, i === 0 ? 1 : i === 5 ? 2 : 0, i === 0 ? 1438 : i === 5 ? 425 : -1])),
    });
  });

  it('gives the pattern its type, area, last week, occurrences, and counts only weeks that agree', () => {
    const home = usedBy('switch.coffee', (d, i) => (i >= 21 ? 1 : weekend(d) ? 0 : 3));
    home.area('switch.coffee', 'kitchen');
    const [p] = dayTypes(home);
    assert.equal(p!.patternType, 'day_type');
    assert.equal(p!.areaId, null, 'the area is the one of the events, set before');
    assert.equal(p!.lastSeen, calendar.week('2026-W40').start);
    assert.equal(p!.occurrences, 28);
    // the last week is used the same every day: equal means do not agree
    assert.equal(p!.metadata['weeks_agreeing'], 3);
    const wd = (15 * 3 + 5) / 20;
    const we = 2 / 8;
    assert.equal(p!.confidence, Math.round((1 - we / wd) * 0.75 * 1e4) / 1e4);
    const tv = dayTypes(usedBy('media_player.tv', (d, i) => (i >= 21 ? 2 : weekend(d) ? 4 : 1)));
    assert.equal(tv[0]!.metadata['weeks_agreeing'], 3);
    const office = new HomeBuilder().area('switch.desk', 'office');
    DAYS.forEach((d) => pulses(office, 'switch.desk', d, weekend(d) ? [] : [600, 700]));
    assert.equal(dayTypes(office)[0]!.areaId, 'office');
  });

  it('needs enough days of each type and weeks for the time aspect too', () => {
    const home = new HomeBuilder();
    DAYS.forEach((d, i) => pulses(home, 'light.hall', d, [weekend(d) ? 9 * 60 : 6 * 60 + 30, 22 * 60 + (i % 7)]));
    const time = () => dayTypes(home, {}).filter((p) => p.key === 'day_type:time');
    assert.equal(time().length, 1);
    const [p] = time();
    assert.equal(p!.metadata['shift_minutes'], 150);
    assert.equal(p!.metadata['weekend_days'], 8);
    assert.equal(p!.occurrences, 28);
    assert.equal(dayTypes(home, { minTimeShiftMinutes: 150 }).filter((x) => x.key === 'day_type:time').length, 1);
    assert.equal(dayTypes(home, { minTimeShiftMinutes: 150.5 }).filter((x) => x.key === 'day_type:time').length, 0);
    assert.equal(dayTypes(home, { minDaysEach: 9 }).filter((x) => x.key === 'day_type:time').length, 0);
    assert.equal(dayTypes(home, { minWeeks: 5 }).filter((x) => x.key === 'day_type:time').length, 0);
    assert.equal(dayTypes(home, { minWeeks: 4 }).filter((x) => x.key === 'day_type:time').length, 1);
  });

  it('leaves days without a use out of the first times, and needs both sides tight', () => {
    const home = new HomeBuilder();
    // weekends: used on Saturdays only, at 09:00 ± up to 40 min
    DAYS.forEach((d, i) => pulses(home, 'light.hall', d, calendar.weekday(d) === 7 ? [] : [weekend(d) ? 9 * 60 + ((i * 37) % 81) - 40 : 6 * 60 + 30]));
    const [p] = dayTypes(home, { minDaysEach: 3 }).filter((x) => x.key === 'day_type:time');
    assert.equal(p!.metadata['weekend_days'], 4);
    assert.equal(p!.metadata['weekday_spread'], 0);
    const spread = p!.metadata['weekend_spread'] as number;
    assert.ok(spread > 10);
    assert.equal(dayTypes(home, { maxSpreadMinutes: spread - 1 }).filter((x) => x.key === 'day_type:time').length, 0);
  });

  it('reads first times from weekly records written before days were kept', () => {
    const settings = settingsWith();
    const home = new HomeBuilder();
    DAYS.forEach((d, i) => pulses(home, 'light.hall', d, i % 7 === 2 ? [] : [weekend(d) ? 9 * 60 : 6 * 60 + 30]));
    const old = weeklyRecords(home, DAYS, settings).map((r) => ({ ...r, fields: Object.fromEntries(Object.entries(r.fields).filter(([k]) => k !== 'days')) }));
    const [p] = dayType.derive(windowOf(old, calendar), settings).filter((x) => x.key === 'day_type:time');
    assert.equal(p!.metadata['weekday_days'], 16);
    assert.equal(p!.metadata['weekend_days'], 8);
    assert.equal(p!.metadata['shift_minutes'], 150);
  });
});


describe('day type: gates and evidence at their exact edges', () => {
  /** One first use a day at the minute `first` gives (and `extra` more uses later that day). */
  const firstUses = (first: (d: string, i: number) => number, extra: (d: string, i: number) => number = () => 0, days: readonly string[] = DAYS) => {
    const home = new HomeBuilder();
    days.forEach((d, i) => pulses(home, 'light.bedroom', d, [first(d, i), ...Array.from({ length: extra(d, i) }, (_, k) => 12 * 60 + k * 60)]));
    return home;
  };
  const timeOf = (home: HomeBuilder, tweak: Tweak = {}, days: readonly string[] = DAYS) => dayTypes(home, tweak, days).filter((p) => p.key === 'day_type:time');
  const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

  it('names its measurements and pattern type', () => {
    assert.deepEqual([dayTypeDaily.measurement, dayType.measurement, dayType.patternType], ['day_type_daily', 'day_type_weekly', 'day_type']);
  });

  it('keeps a first use at 00:00 (minute 0) as a first use', () => {
    const home = firstUses((d) => (weekend(d) ? 9 * 60 : 0));
    const [week] = weeklyRecords(home, DAYS.slice(0, 7), settingsWith());
    assert.equal(week!.fields['weekday_first_minutes'], '[0,0,0,0,0]');
    const [p] = timeOf(home);
    assert.deepEqual([p!.metadata['weekday_first'], p!.metadata['weekday_days']], ['00:00', 20]);
  });

  it('compares only weeks that hold both day types (a window starting on a Saturday and ending on a Friday)', () => {
    const days = [...dayKeys('2026-09-05', 2), ...DAYS, ...dayKeys('2026-10-05', 5)];
    const home = firstUses((d) => (weekend(d) ? 9 * 60 : 6 * 60 + 30), (d) => (weekend(d) ? 0 : 2), days);
    const found = dayTypes(home, {}, days);
    assert.deepEqual(found.map((p) => [p.key, p.metadata['weeks_compared'], p.metadata['weeks_agreeing']]), [
      ['day_type:amount', 4, 4],
      ['day_type:time', 4, 4],
    ]);
    const [partial] = weeklyRecords(home, dayKeys('2026-10-05', 5), settingsWith());
    assert.deepEqual([partial!.fields['weekend_counts'], partial!.fields['weekend_mean_count'], partial!.fields['weekday_mean_count']], ['[]', 0, 3]);
  });

  it('needs the configured days of each type, at exactly that many weekdays too (holidays leave eight)', () => {
    // Tuesdays to Thursdays are holidays: 8 weekdays, 20 weekend-like days
    const holidays = DAYS.filter((d) => [2, 3, 4].includes(calendar.weekday(d)));
    const like = (d: string) => isWeekendLike(d, calendar, new Set(holidays));
    const home = () => firstUses((d) => (like(d) ? 9 * 60 : 6 * 60 + 30), (d) => (like(d) ? 0 : 2));
    const keys = (tweak: Tweak) => dayTypes(home(), { holidays, ...tweak }).map((p) => [p.key, p.metadata['weekday_days'], p.metadata['weekend_days']]);
    assert.deepEqual(keys({ minDaysEach: 8 }), [
      ['day_type:amount', 8, 20],
      ['day_type:time', 8, 20],
    ]);
    assert.deepEqual(keys({ minDaysEach: 9 }), []);
    // and eight weekend days, exactly the minimum, for the time aspect
    assert.equal(timeOf(firstUses((d) => (weekend(d) ? 9 * 60 : 6 * 60 + 30)), { minDaysEach: 8 }).length, 1);
  });

  it('takes the middle day as the median of an odd number of days', () => {
    // three weeks: 15 weekdays, 7 with 2 uses and 8 with 4
    const days = DAYS.slice(0, 21);
    let j = 0;
    const [p] = dayTypes(usedBy('switch.coffee', (d) => (weekend(d) ? 0 : j++ < 7 ? 2 : 4), 3, days), {}, days);
    assert.deepEqual([p!.metadata['weekday_median'], p!.metadata['weekday_days']], [4, 15]);
  });

  it('keeps a spread of exactly the configured one, and weighs the shift against it', () => {
    // weekdays at 06:30; Saturdays at 08:50, Sundays at 09:10: a spread of exactly 10 minutes
    const home = () => firstUses((d) => (weekend(d) ? (calendar.weekday(d) === 6 ? 530 : 550) : 390));
    const [p] = timeOf(home(), { maxSpreadMinutes: 10 });
    assert.deepEqual([p!.metadata['shift_minutes'], p!.metadata['weekend_spread']], [150, 10]);
    assert.equal(p!.confidence, round4(150 / (150 + 2 * 10)));
    assert.equal(timeOf(home(), { maxSpreadMinutes: 9.9 }).length, 0);
  });

  it('needs three quarters of each day type\'s first uses within the trim', () => {
    // weekend days at 09:00 but the first k at 13:00, far beyond the trim of 90 minutes
    let k = 0;
    const home = (late: number) => {
      k = 0;
      return firstUses((d) => (weekend(d) ? (k++ < late ? 13 * 60 : 9 * 60) : 6 * 60 + 30));
    };
    assert.equal(timeOf(home(2)).length, 1, '6 of 8 kept');
    assert.equal(timeOf(home(3)).length, 0, '5 of 8 kept');
  });

  it('reads each week\'s own shift robustly, with the same trim as the whole', () => {
    // week 2: weekdays 06:30, 06:30, 08:00, 08:00, 08:00 (own shift 96 of 125 overall); week 3: Saturday 07:30, Sunday 09:00 (own shift 105)
    const home = firstUses((d, i) => {
      const week = Math.floor(i / 7);
      const day = calendar.weekday(d);
      if (week === 1 && day >= 3 && day <= 5) return 8 * 60;
      if (week === 2 && day === 6) return 7 * 60 + 30;
      return weekend(d) ? 9 * 60 : 6 * 60 + 30;
    });
    const [p] = timeOf(home);
    assert.equal(p!.metadata['shift_minutes'], 125.3);
    assert.deepEqual([p!.metadata['weeks_agreeing'], p!.metadata['weeks_compared']], [4, 4]);
  });

  it('counts a week shifted the other way as disagreeing, and a week shifted exactly half as much as agreeing', () => {
    // weekends at 09:00, in the last week at 04:00: trimmed from the whole, against it in its week
    const early = timeOf(firstUses((d, i) => (weekend(d) ? (i >= 21 ? 4 * 60 : 9 * 60) : 6 * 60 + 30)));
    assert.deepEqual([early[0]!.metadata['weeks_agreeing'], early[0]!.metadata['shift_minutes'], early[0]!.confidence], [3, 150, 0.75]);
    // weekends at 08:50, in the last week at 07:30: 120 minutes overall, exactly 60 in the last week
    const [half] = timeOf(firstUses((d, i) => (weekend(d) ? (i >= 21 ? 7 * 60 + 30 : 8 * 60 + 50) : 6 * 60 + 30)));
    assert.deepEqual([half!.metadata['shift_minutes'], half!.metadata['weeks_agreeing']], [120, 4]);
  });
});
