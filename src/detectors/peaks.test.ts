import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BIN_MINUTES, countBetween, countSpan, dayCounts, modes, peakEvidence, presenceDensity } from './peaks.js';

describe('peaks: the pieces', () => {
  it('counts activations in a window, across midnight too, both ends included', () => {
    const day = dayCounts([0, 5, 5, 700, 1435, 1439]);
    assert.equal(countBetween(day, 0, 1439), 6);
    assert.equal(countBetween(day, 5, 5), 2);
    assert.equal(countBetween(day, 6, 699), 0);
    assert.equal(countBetween(day, 1430, 1450), 5, '1435, 1439, 0 and both at 5 (= 1445)');
    assert.equal(countBetween(day, -10, 4), 3);
    assert.equal(countBetween(day, 4.2, 5.8), 2, 'the whole minute 5 lies within');
    assert.equal(countBetween(day, 5.2, 5.8), 0, 'no whole minute within');
  });

  it('counts presence once per day and bin, and smooths it around midnight', () => {
    const density = presenceDensity([[0, 1, 2, 3], [1439]], 1);
    // day 1: bin 0 present (four activations count once); day 2: bin 287
    assert.equal(density[0], 2 * 1 + 1 * 1);
    assert.equal(density[287], 2 * 1 + 1 * 1);
    assert.equal(density[1], 1);
    assert.equal(density[286], 1);
    assert.equal(density[2], 0);
  });

  it('finds local maxima, highest first, and none in a flat density', () => {
    const d = new Float64Array(288);
    d[10] = 3;
    d[11] = 3; // a plateau: one mode, at its first bin
    d[100] = 5;
    d[287] = 1;
    assert.deepEqual(modes(d), [100, 10, 287].map((b) => b * BIN_MINUTES + BIN_MINUTES / 2));
    assert.deepEqual(modes(new Float64Array(288).fill(2)), []);
    assert.deepEqual(modes(new Float64Array(288)), []);
  });

  it('takes the nearest activation of each day, the earlier on a tie, and the quieter flank', () => {
    const days = [[448, 452, 600], [445], [470, 471], [300]].map(dayCounts);
    const p = peakEvidence(days, 450, 20);
    // first around 450: 448 (a tie with 452, the earlier), 445, 470 (471 is 21 away); then around their mean
    assert.ok(Math.abs(p.centre - (448 + 445 + 470) / 3) < 1e-9);
    assert.deepEqual(p.nearest, [452, 445, 470, null]);
    assert.equal(peakEvidence([dayCounts([448, 452])], 450, 20).centre, 448);
    assert.equal(peakEvidence([dayCounts([448, 452])], 450.5, 20).centre, 452, 'no tie: 452 is nearer 450.5');
    // within [ceil(c-20), floor(c+20)] = [435, 474]: 5 activations; flanks 60 min wide: left 0, right 0
    const width = 41;
    assert.ok(Math.abs(p.flankLift - (5 / (width * 4)) / (0.5 / (60 * 4))) < 1e-9);
    assert.ok(Math.abs(p.dayLift - (5 / (width * 4)) / (7 / (1440 * 4))) < 1e-9);
    // the chance at the flank's rate (half an activation in 60 minutes beats 7 in a day)
    assert.ok(Math.abs(p.chance - (1 - Math.exp((-0.5 / (60 * 4)) * width))) < 1e-12);
    assert.deepEqual([p.beats, p.loses], [3, 0]);
    // a busier day: the whole day's rate is the floor of the chance
    const busy = peakEvidence([dayCounts([450, ...Array.from({ length: 100 }, (_, i) => 600 + i * 8)])], 450, 20);
    assert.ok(Math.abs(busy.chance - (1 - Math.exp((-101 / 1440) * width))) < 1e-12);
  });

  it('compares with the quieter side: a routine next door on one side does not hide a peak', () => {
    const days = Array.from({ length: 10 }, () => dayCounts([480, 481, 482, 520, 521]));
    const p = peakEvidence(days, 520, 15);
    // left flank [460, 504] holds 3 a day, right [536, 580] none: the right one is the flank
    assert.ok(Math.abs(p.flankLift - (2 / 31) / (0.5 / (45 * 10))) < 1e-6);
    const q = peakEvidence(days, 481, 15);
    // left [421, 465] none, right [497, 541] 2 a day
    assert.ok(Math.abs(q.flankLift - (3 / 31) / (0.5 / (45 * 10))) < 1e-6);
    const r = peakEvidence(Array.from({ length: 10 }, () => dayCounts([430, 480, 481, 482, 520, 521])), 481, 15);
    assert.ok(Math.abs(r.flankLift - (3 / 31) / (10 / (45 * 10))) < 1e-6, 'both sides busy: the quieter one, 430 on the left');
    assert.deepEqual([r.beats, r.loses], [10, 0]);
    assert.ok(Math.abs(q.spread) < 1e-9 && q.centre === 481);
  });

  it('counts a window across midnight up to its last minute', () => {
    const day = dayCounts([0, 5, 5, 700, 1435, 1439]);
    assert.equal(countBetween(day, 1430, 1445), 5, '1435, 1439, 0 and both at 5');
    assert.equal(countBetween(day, 1430, 1444), 3, '1435, 1439 and 0');
  });

  it('finds a mode at the top of a slope only, and takes equal modes in the order of the day', () => {
    const d = new Float64Array(288);
    d[10] = 1;
    d[11] = 2;
    d[12] = 3; // a slope up to 12
    d[200] = 3; // as high, later in the day
    assert.deepEqual(modes(d), [12, 200].map((b) => b * BIN_MINUTES + BIN_MINUTES / 2));
  });

  it('looks on the nearer side first when the centre lies above a whole minute', () => {
    // around 450.4: 451 is 0.6 away, 449 is 1.4 away
    assert.equal(peakEvidence([dayCounts([449, 451])], 450.4, 20).centre, 451);
    assert.equal(peakEvidence([dayCounts([449, 451])], 450.6, 20).centre, 451);
    assert.equal(peakEvidence([dayCounts([449, 451])], 449.6, 20).centre, 449, 'around 449.6: 450 is not there, 449 is 0.6 away');
  });

  it('ends each flank one minute short of the tolerance window', () => {
    const tenDays = (minutes: number[]) => Array.from({ length: 10 }, () => dayCounts(minutes));
    // around 08:01 ± 15 = [466, 496]: 466 is inside, so the left flank [421, 465] is empty, the right one holds 500
    const left = peakEvidence(tenDays([466, 481, 500]), 481, 15);
    assert.ok(Math.abs(left.flankLift - (20 / (31 * 10)) / (0.5 / (45 * 10))) < 1e-6, String(left.flankLift));
    // 496 is inside, so the right flank [497, 541] is empty, the left one holds 451
    const right = peakEvidence(tenDays([451, 481, 496]), 481, 15);
    assert.ok(Math.abs(right.flankLift - (20 / (31 * 10)) / (0.5 / (45 * 10))) < 1e-6, String(right.flankLift));
  });

  it('takes the left flank on a tie, and pairs each day with it', () => {
    // both flanks hold two activations in all; the left one both on the first day, where the peak loses to it
    const p = peakEvidence([dayCounts([430, 440, 481, 510]), dayCounts([481, 510])], 481, 15);
    assert.deepEqual([p.beats, p.loses], [1, 1]);
    assert.ok(Math.abs(p.flankLift - (2 / (31 * 2)) / (2 / (45 * 2))) < 1e-9);
  });

  it('counts a window past midnight in the next day when it is the calendar day after, and nowhere else', () => {
    const days = [dayCounts([0, 10, 1435]), dayCounts([5, 1430]), dayCounts([3])];
    const joined = [false, true, false];
    // day 0 at 23:50–00:15: its own 1435, then day 1's 5 (joined); not its own 0 and 10
    assert.equal(countSpan(days, joined, 0, 1430, 1455), 2);
    // day 1: its own 1430, day 2 is not joined to it: its 3 does not count
    assert.equal(countSpan(days, joined, 1, 1430, 1455), 1);
    // the other way round: day 1 at 23:50 the evening before (-10) to 00:15 holds day 0's 1435 and its own 5
    assert.equal(countSpan(days, joined, 1, -10, 15), 2);
    assert.equal(countSpan(days, joined, 0, -10, 15), 2, 'no day before the first: its own 0 and 10');
    assert.equal(countSpan(days, joined, 2, -10, 15), 1, 'day 1 is not the day before day 2');
    assert.equal(countSpan(days, [], 0, 1430, 1455), 1, 'nothing joined: only the day itself');
    assert.equal(countSpan(days, joined, 0, 1436, 1440), 0, 'from 23:56 to the first minute of the next day');
    assert.equal(countSpan(days, joined, 0, 1435, 1445), 2, 'both ends included, across midnight');
    assert.equal(countSpan(days, joined, 0, 4.2, 9.8), 0, 'no whole minute with an activation within');
    assert.equal(countSpan(days, joined, 0, 10, 9), 0, 'an empty span');
  });

  it('matches a routine around midnight once per night, not per calendar day', () => {
    // nights alternate: 23:55 one evening, 00:05 (the next day) the other: every night matched
    const minutes = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? [1435] : []));
    for (let i = 1; i < 10; i += 2) minutes[i + 1 === 10 ? i : i + 1]!.push(5);
    const days = minutes.map(dayCounts);
    const joined = days.map((_, i) => i > 0);
    const p = peakEvidence(days, 1438, 20, joined);
    // nights 0, 2, 4, 6 at 23:55; nights 1, 3, 5, 7 at 00:05 the day after; day 9's 00:05 is its own
    assert.deepEqual(p.nearest, [1435, 5, 1435, 5, 1435, 5, 1435, 5, 1435, null]);
    // without joined days a window past midnight holds the day's own evening only: 0, 2, 4, 6, 8
    assert.deepEqual(peakEvidence(days, 1438, 20).nearest, [1435, null, 1435, null, 1435, null, 1435, null, 1435, null]);
  });

  it('counts the days matched in the inner half of the tolerance', () => {
    const p = peakEvidence([[450], [460], [461], [440], [439], [470]].map(dayCounts), 450, 20);
    // centre (450 + 460 + 461 + 440 + 439 + 470) / 6 = 453.33: within 10 of it are 450, 460 and 461
    assert.ok(Math.abs(p.centre - 453.3333333) < 1e-6);
    assert.equal(p.inner, 3);
    assert.equal(peakEvidence([[450], [460]].map(dayCounts), 455, 10).inner, 2, 'exactly half the tolerance is inner');
  });
});
