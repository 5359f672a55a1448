import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DETECTOR_SETTINGS } from '../settings.js';
import { countCandidates, durationCandidate, hourCandidate, passes, usualDays } from './daily-kinds.js';
import { quietOverlap, quietRuns, stretches } from './episodes.js';
import type { EntityDay, HomeDay } from './facts.js';
import { normalUpperTail } from './model.js';

const S = DEFAULT_DETECTOR_SETTINGS.anomaly;
const H = 3_600_000;
const D = 24 * H;
const key = (i: number) => `d${String(i).padStart(2, '0')}`;
const next = (k: string) => key(Number(k.slice(1)) + 1);

function day(i: number, over: Partial<EntityDay> = {}): EntityDay {
  const hours = new Array<number>(24).fill(0);
  return { day: key(i), dayStart: i * D, dayEnd: (i + 1) * D, count: 0, hours, onSeconds: 0, longestOn: 0, onSince: null, seen: i * D + 12 * H, longestDark: 0, darkSince: null, ...over };
}
const used = (i: number, count: number, at: number[] = [18], extra: Partial<EntityDay> = {}) => {
  const hours = new Array<number>(24).fill(0);
  at.forEach((h) => (hours[h] = count / at.length));
  return day(i, { count, hours, ...extra });
};
const days = (counts: number[], first = 0) => counts.map((c, k) => used(first + k, c));

describe('count kinds', () => {
  it('finds many uses against the negative binomial of the baseline, and only past the corrected threshold', () => {
    const baseline = days([4, 5, 6, 5, 4, 6, 5]);
    const [busy] = countCandidates(used(7, 40), baseline, S);
    assert.equal(busy!.kind, 'count_high');
    assert.deepEqual(busy!.usual, { low: 4, high: 6, mean: 5, days: 7 });
    assert.deepEqual(busy!.observed, { count: 40 });
    assert.ok(busy!.corrected && busy!.p < 1e-9, String(busy!.p));
    assert.ok(passes(busy!, 50, S.alpha));
    // twice the mean and 5 more is the least that is tested; 10 uses is not rare enough
    const [ten] = countCandidates(used(7, 10), baseline, S);
    assert.equal(ten!.kind, 'count_high');
    assert.ok(ten!.p > 0.01 && ten!.p < 0.2, String(ten!.p));
    assert.equal(passes(ten!, 1, S.alpha), false);
    assert.deepEqual(countCandidates(used(7, 9), baseline, S), []);
    // a mean of 1: 6 uses are twice the mean but not 5 more … 7 are both
    assert.deepEqual(countCandidates(used(7, 5), days([1, 1, 1, 1, 1, 1, 1]), S), []);
    assert.equal(countCandidates(used(7, 6), days([1, 1, 1, 1, 1, 1, 1]), S).length, 1);
    // a mean of 10: 19 uses are 9 more but not twice the mean … 20 are both
    assert.deepEqual(countCandidates(used(7, 19), days([10, 10, 10, 10, 10, 10, 10]), S), []);
    assert.equal(countCandidates(used(7, 20), days([10, 10, 10, 10, 10, 10, 10]), S).length, 1);
    assert.deepEqual(countCandidates(used(6, 40), baseline.slice(1), S), [], 'six baseline days are too few');
  });

  it('finds almost no uses of a usually busy entity, not of a sparse one', () => {
    const baseline = days([60, 55, 70, 65, 58, 62, 66]);
    const [quiet] = countCandidates(used(7, 2), baseline, S);
    assert.equal(quiet!.kind, 'count_low');
    assert.equal(quiet!.corrected, true);
    assert.ok(passes(quiet!, 50, S.alpha), String(quiet!.p));
    assert.equal(countCandidates(used(7, 31), baseline, S)[0]?.kind, 'count_low');
    assert.deepEqual(countCandidates(used(7, 32), baseline, S), [], 'half the mean is not few');
    assert.deepEqual(countCandidates(used(7, 0), days([5, 5, 5, 5, 5, 5, 4]), S), [], 'nine days in ten need 5 uses');
    assert.equal(countCandidates(used(7, 0), days([5, 5, 5, 5, 5, 5, 5]), S)[0]?.kind, 'count_low');
  });

  it('corrects for the entities tested: alpha over their number, rules pass as they are', () => {
    const c = { kind: 'count_high' as const, p: 0.0009, corrected: true, usual: {}, observed: {} };
    assert.equal(passes(c, 10, 0.01), true);
    assert.equal(passes(c, 12, 0.01), false);
    assert.equal(passes({ ...c, p: 0.001 }, 10, 0.01), true, 'at the threshold');
    assert.equal(passes(c, 0, 0.001), true, 'no entity tested counts as one');
    assert.equal(passes({ ...c, p: 0.5, corrected: false }, 100, 0.01), true);
  });
});

describe('duration', () => {
  const on = (i: number, seconds: number) => day(i, { count: 1, onSeconds: seconds });
  const baseline = [600, 700, 650, 800, 620, 580, 900].map((s, i) => on(i, s));

  it('finds far more on-time than on the days the entity was used', () => {
    const [long] = durationCandidate(on(7, 6 * 3600), baseline, S);
    assert.equal(long!.kind, 'duration');
    assert.deepEqual(long!.usual, { low_seconds: 580, high_seconds: 900, days: 7 });
    assert.deepEqual(long!.observed, { on_seconds: 21600 });
    assert.ok(passes(long!, 30, S.alpha), String(long!.p));
    assert.ok(long!.p < normalTailAt(5), 'floored spread still gives a small p');
    // the sample spread (n − 1) of log minutes, when wider than the floor
    const wide = [60, 600, 120, 900, 200, 1500, 90].map((x, i) => on(i, x));
    const logs = wide.map((d) => Math.log1p(d.onSeconds / 60));
    const mu = logs.reduce((a, b) => a + b, 0) / 7;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mu) ** 2, 0) / 6);
    assert.equal(durationCandidate(on(7, 4 * 3600), wide, S)[0]!.p, normalUpperTail((Math.log1p(240) - mu) / sd));
  });

  it('needs twice the mean and half an hour more, and seven days of use (empty days do not count)', () => {
    const mean = 4850 / 7;
    assert.deepEqual(durationCandidate(on(7, mean + 1799), baseline, S), []);
    assert.equal(durationCandidate(on(7, mean + 1801), baseline, S).length, 1);
    const short = [100, 120, 90, 110, 100, 95, 105].map((s, i) => on(i, s));
    assert.deepEqual(durationCandidate(on(7, 1900), short, S), [], '1900 s is less than mean + 1800');
    assert.equal(durationCandidate(on(7, 1950), short, S).length, 1);
    assert.deepEqual(durationCandidate(on(8, 6 * 3600), [...baseline.slice(1), day(7)], S), [], 'an unused day is not a baseline day');
  });
});

function normalTailAt(z: number): number {
  return z > 0 ? 1e-6 : 1;
}

describe('usual days: a baseline day that was news is no part of the usual', () => {
  // 28 days of 4–6 uses with bursts on days 3 and 9, as a year's entrance light has
  const month = (bursts: Record<number, number>) => Array.from({ length: 28 }, (_, i) => used(i, bursts[i] ?? 4 + (i % 3)));
  const newsP = S.alpha / 60;

  it('leaves out the bursts, so the next one is news again', () => {
    const [burst] = countCandidates(used(28, 54), month({ 3: 53, 9: 55 }), S, newsP);
    assert.equal(burst!.kind, 'count_high');
    assert.deepEqual(burst!.usual, { low: 4, high: 6, mean: 5.04, days: 26 });
    assert.ok(passes(burst!, 60, S.alpha), String(burst!.p));
    // judged with the bursts in (nothing is news below p = 1e-300), the fitted spread hides it
    const [hidden] = countCandidates(used(28, 54), month({ 3: 53, 9: 55 }), S, 1e-300);
    assert.equal((hidden!.usual as { days: number }).days, 28);
    assert.equal(passes(hidden!, 60, S.alpha), false, String(hidden!.p));
    const [young] = countCandidates(used(28, 54), month({ 3: 53, 9: 55 }).slice(1), S, newsP);
    assert.equal((young!.usual as { days: number }).days, 27, 'only four full weeks leave a day out');
  });

  it('judges the k-th highest day against the days below it: two bursts do not shelter each other', () => {
    const values = [5, 4, 6, 5, 50, 4, 5, 6, 5, 4, 52, 5, 6, 4, 5, 5, 4, 6, 5, 4];
    // a rule that sees news only when the rest holds nothing above 10: only the second highest passes it
    const calls: number[] = [];
    const kept = usualDays(values, (x) => x, (x, rest) => (calls.push(x), x > 10 && Math.max(...rest) <= 10), 7);
    assert.deepEqual(kept, [...values].filter((x) => x < 50).sort((a, b) => a - b));
    // from k = 10 (half the days) down: the 10th highest (5) … the 2nd (50), which is news; 52 is never judged alone
    assert.deepEqual(calls, [5, 5, 5, 5, 6, 6, 6, 6, 50]);
    // one day in ten at most: 20 days leave out 2, not 3
    const three = [...values.slice(0, 19), 51];
    assert.deepEqual(usualDays(three, (x) => x, (x, rest) => x > 10 && Math.max(...rest) <= 10, 7), [...three].sort((a, b) => a - b), 'three bursts in 20 days are a habit');
    assert.deepEqual(usualDays([50, 4, 5], (x) => x, () => true, 2), [4, 5, 50], 'fewer than ten days leave out none');
    assert.deepEqual(usualDays(values, (x) => x, () => true, 19), [...values].sort((a, b) => a - b).slice(0, 19), 'never below the days a baseline needs');
  });

  it('keeps a habit (a light left on for an hour on four days of 28), not a forgotten fan', () => {
    const evenings = Array.from({ length: 28 }, (_, i) => day(i, { count: 1, onSeconds: [2, 9, 16, 23].includes(i) ? 3600 + i * 60 : 200 + (i % 5) * 30 }));
    const c = durationCandidate(day(28, { count: 1, onSeconds: 4000 }), evenings, S, newsP);
    assert.ok(c.length === 0 || !passes(c[0]!, 60, S.alpha), JSON.stringify(c));
    // a fan run 13–17 min on three days in four, forgotten for 3 h on two of them: a fourth hour is
    // news, as it is not with those two days in the usual, nor before the baseline is four weeks long
    const fan = Array.from({ length: 28 }, (_, i) => day(i, i % 4 === 3 ? {} : { count: 1, onSeconds: [2, 9].includes(i) ? 3 * 3600 + i * 60 : 800 + (i % 5) * 50 }));
    const [forgotten] = durationCandidate(day(28, { count: 1, onSeconds: 4 * 3600 }), fan, S, newsP);
    assert.ok(forgotten !== undefined && passes(forgotten, 60, S.alpha), JSON.stringify(forgotten));
    assert.deepEqual(forgotten.usual, { low_seconds: 800, high_seconds: 1000, days: 28 });
    const [hidden] = durationCandidate(day(28, { count: 1, onSeconds: 4 * 3600 }), fan, S, 1e-300);
    assert.ok(hidden !== undefined && !passes(hidden, 60, S.alpha), `with the two in the usual: ${JSON.stringify(hidden)}`);
    const [young] = durationCandidate(day(28, { count: 1, onSeconds: 4 * 3600 }), fan.slice(1), S, newsP);
    assert.ok(young !== undefined && !passes(young, 60, S.alpha), `27 days: ${JSON.stringify(young)}`);
  });
});

describe('unusual hour', () => {
  const evenings = (n: number, per = 1) => Array.from({ length: n }, (_, i) => used(i, per * 2, [18, 19]));

  it('flags an hour with no use within ±2 h on any of 14 baseline days', () => {
    const [night] = hourCandidate(used(14, 1, [3]), evenings(14), S);
    assert.equal(night!.kind, 'hour');
    assert.deepEqual(night!.observed, { hours: [3], count: 1 });
    assert.deepEqual(night!.usual, { hours: [18, 19], margin_hours: 2, activations: 28, days: 14 });
    assert.equal(night!.p, 1 / 29);
    assert.equal(night!.corrected, false);
    assert.equal(hourCandidate(used(14, 1, [15]), evenings(14), S).length, 1, '15:00 is 3 h from 18:00');
    assert.deepEqual(hourCandidate(used(14, 1, [16]), evenings(14), S), [], '16:00 is 2 h from it');
    assert.deepEqual(hourCandidate(used(14, 1, [21]), evenings(14), S), []);
    assert.equal(hourCandidate(used(14, 1, [22]), evenings(14), S).length, 1);
  });

  it('wraps around midnight, and needs 14 days and 10 uses', () => {
    const late = Array.from({ length: 14 }, (_, i) => used(i, 1, [23]));
    assert.deepEqual(hourCandidate(used(14, 1, [1]), late, S), []);
    assert.equal(hourCandidate(used(14, 1, [2]), late, S).length, 1);
    assert.deepEqual(hourCandidate(used(13, 1, [3]), evenings(13), S), [], '13 days');
    const sparse = Array.from({ length: 14 }, (_, i) => (i < 9 ? used(i, 1, [18]) : day(i)));
    assert.deepEqual(hourCandidate(used(14, 1, [3]), sparse, S), [], '9 uses');
    assert.equal(hourCandidate(used(14, 1, [3]), [...sparse.slice(0, 9), used(9, 1, [18]), ...sparse.slice(10)], S).length, 1, '10 uses');
  });

  it('tests only an entity used on at least half its baseline days: one used now and then has no hour of its own', () => {
    const mixed = (usedDays: number) => Array.from({ length: 14 }, (_, i) => (i < usedDays ? used(i, 2, [18, 19]) : day(i)));
    assert.equal(hourCandidate(used(14, 1, [3]), mixed(7), S).length, 1, 'seven days of 14');
    assert.deepEqual(hourCandidate(used(14, 1, [3]), mixed(6), S), [], 'six days of 14, though 12 uses');
  });

  it('does not test an entity whose baseline itself has a day at a new hour', () => {
    const irregular = [...evenings(13), used(13, 2, [8])];
    assert.deepEqual(hourCandidate(used(14, 1, [3]), irregular, S), []);
    const twice = [...evenings(12), used(12, 2, [8]), used(13, 2, [8])];
    assert.equal(hourCandidate(used(14, 1, [3]), twice, S).length, 1, 'a second day at 8:00 makes 8:00 usual');
  });
});

describe('episodes', () => {
  const home = (i: number, hours: (h: number) => number): HomeDay => ({ day: key(i), dayStart: i * D, dayEnd: (i + 1) * D, hours: Array.from({ length: 24 }, (_, h) => hours(h)) });
  const busy = (i: number) => home(i, (h) => (h < 7 ? 1 : 10));

  it('finds the home quiet across days, news once enough busy hours were quiet, ended by activity', () => {
    const all = [busy(0), busy(1), home(2, (h) => (h < 8 ? (h < 7 ? 1 : 10) : 0)), home(3, (h) => (h < 12 ? 0 : 10)), busy(4)];
    const runs = quietRuns(all, (d) => all.filter((b) => b.day < d.day && b.day >= 'd00'), S, next);
    assert.equal(runs.length, 1);
    const r = runs[0]!;
    assert.deepEqual([r.start, r.end, r.startDay, r.endDay, r.lastDay], [2 * D + 8 * H, 3 * D + 12 * H, 'd02', 'd03', 'd03']);
    assert.equal(r.quietHours, 28);
    assert.equal(r.busyQuietHours, 16 + 5);
    // a busy hour quiet on none of 2 baseline days: −log10(½ / 3) each; 8 of them pass 6
    assert.equal(r.newsDay, 'd02');
    // on d03 the baseline holds d02 too, quiet from 8:00: an hour quiet on 1 of 3 days adds −log10(1.5 / 4)
    assert.ok(Math.abs(r.surprise - (16 * Math.log10(6) + Math.log10(8) + 4 * Math.log10(4 / 1.5))) < 1e-9, String(r.surprise));
    assert.equal(quietOverlap(runs, 0, 3 * D), 16 * H);
    assert.equal(quietOverlap(runs, 3 * D + 6 * H, 5 * D), 6 * H);
  });

  it('needs enough busy hours, a baseline, consecutive days; a still-open run has no end', () => {
    const short = [busy(0), busy(1), home(2, (h) => (h >= 10 && h < 15 ? 0 : h < 7 ? 1 : 10))];
    assert.deepEqual(quietRuns(short, (d) => short.filter((b) => b.day < d.day), S, next), [], 'five hours');
    const open = [busy(0), busy(1), home(2, (h) => (h < 10 ? (h < 7 ? 1 : 10) : 0))];
    const [run] = quietRuns(open, (d) => open.filter((b) => b.day < d.day), S, next);
    assert.deepEqual([run!.end, run!.endDay, run!.lastDay], [null, null, 'd02']);
    assert.deepEqual(quietRuns([busy(0), home(1, () => 0)], () => [], S, next), [], 'no baseline');
    const gap = [busy(0), busy(1), home(2, (h) => (h < 20 ? 10 : 0)), home(4, () => 0)];
    const runs = quietRuns(gap, (d) => gap.filter((b) => b.day < d.day), S, next);
    assert.deepEqual(runs.map((r) => [r.startDay, r.end]), [['d04', null]], 'a missing day breaks the run at d02');
    // a calm hour (median 1 at 3:00) breaks an absence only when clearly active: more than max(3, twice its median)
    const nights = (at3: number) => [busy(0), busy(1), home(2, (h) => (h < 8 ? (h < 7 ? 1 : 10) : 0)), home(3, (h) => (h === 3 ? at3 : 0)), home(4, (h) => (h < 8 ? 0 : 30))];
    const runsWith = (at3: number) => {
      const all = nights(at3);
      return quietRuns(all, (d) => all.filter((b) => b.day < d.day), S, next).map((r) => [r.startDay, r.endDay]);
    };
    assert.deepEqual(runsWith(3), [['d02', 'd04']]);
    assert.deepEqual(runsWith(4), [['d02', 'd03'], ['d03', 'd04']]);
  });

  it('finds a stretch on far beyond the longest before it, with phases', () => {
    const base = Array.from({ length: 7 }, (_, i) => day(i, { count: 3, longestOn: 600 }));
    const since = 7 * D + 10 * H;
    const on = (i: number) => day(i, { onSince: since });
    const run = (all: EntityDay[], baseline: EntityDay[], surprise = 5, minSurprise = 0) =>
      stretches(all, (d) => d.onSince, (d, s) => d.dayEnd - s, (d) => d.longestOn * 1000, (k) => baseline.filter((b) => b.day < k), () => 'd07', 3, 24, 7, () => surprise, minSurprise);
    const ongoing = run([...base, on(7), on(8), on(9)], base);
    assert.equal(ongoing.length, 1);
    assert.deepEqual({ ...ongoing[0]!, hours: Math.round(ongoing[0]!.hours) }, { startDay: 'd07', since, newsDay: 'd08', lastDay: 'd09', endDay: null, phase: 'ongoing', hours: 62, usualHours: 600 / 3600, threshold: 24, surprise: 5 });
    assert.equal(run([...base, on(7), on(8)], base)[0]!.phase, 'start');
    const ended = run([...base, on(7), on(8), day(9)], base)[0]!;
    assert.deepEqual([ended.phase, ended.endDay], ['end', 'd09']);
    assert.deepEqual(run([...base, on(7)], base), [], '14 h is not 24');
    assert.deepEqual(run([...base.slice(1), on(7), on(8)], base.slice(1)), [], 'six baseline days');
    assert.deepEqual(run([...base, on(7), on(8)], base, 2, 3), [], 'not surprising enough');
    assert.equal(run([...base, on(7), on(8)], base, 3, 3).length, 1, 'just surprising enough');
    // factor × the longest before, when that is beyond minHours
    const long = base.map((b) => ({ ...b, longestOn: 12 * 3600 }));
    assert.equal(run([...long, on(7), on(8)], long)[0]?.newsDay, 'd08', '38 h passes 3 × 12 h');
    const longer = base.map((b) => ({ ...b, longestOn: 13 * 3600 }));
    assert.deepEqual(run([...longer, on(7), on(8)], longer), [], '38 h does not pass 3 × 13 h');
    assert.equal(run([...longer, on(7), on(8), on(9)], longer)[0]?.newsDay, 'd09');
  });
});
