import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HomeBuilder, at, calendar, dayKeys } from '../testing/home.js';
import { noisyHome } from '../testing/noisy-home.js';
import { summarizeDays } from '../testing/run-days.js';
import { windowOf } from '../jobs/group-a.js';
import { scanDay } from './activity.js';
import { binomialTail } from './binomial.js';
import { coOccurrence } from './co-occurrence.js';
import { activationTotals } from './day-facts.js';
import { DEFAULT_DETECTOR_SETTINGS as S, type DetectorSettings, lookbackMs } from './settings.js';
import { timeBased } from './time-based.js';
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';

const withCo = (over: Partial<DetectorSettings['coOccurrence']>): DetectorSettings => ({ ...S, coOccurrence: { ...S.coOccurrence, ...over } });
const derive = (records: readonly AggregateRecord[], settings: DetectorSettings = S): PatternUpsert[] => coOccurrence.derive(windowOf(records, calendar), settings);
const keys = (ps: PatternUpsert[]) => ps.map((p) => `${p.deviceId}>${p.key.slice('then:'.length)}`).sort();

describe('co-occurrence in a lived-in home', () => {
  const days = dayKeys('2026-10-05', 14);
  const home = noisyHome({ days, seed: 11, background: 12 });
  const records = summarizeDays(home.events, days, calendar, S, [timeBased, coOccurrence]);
  const pairsOf = (c: readonly string[]) => [`${c[0]}>${c[1]}`, `${c[1]}>${c[2]}`, `${c[0]}>${c[2]}`];

  it('finds each step of the planted chains and nothing among the noise', () => {
    const found = keys(derive(records));
    for (const c of home.chains) for (const pair of pairsOf(c).slice(0, 2)) assert.ok(found.includes(pair), pair);
    assert.deepEqual(found.filter((k) => !home.chains.some((c) => pairsOf(c).includes(k))), []);
  });

  it('stores a day\'s pairs in a stable order', () => {
    const day = records.filter((r) => r.measurement === 'co_occurrence_daily' && r.period === days[3]).map((r) => r.tags['device_pair']!);
    assert.ok(day.length > 10);
    assert.deepEqual(day, [...day].sort());
  });

  it('does not take a motion sensor firing all day for a follower: it follows anything', () => {
    const busy = (ps: PatternUpsert[]) => keys(ps).filter((k) => /motion\d/.test(k));
    assert.ok(busy(derive(records, withCo({ minLift: 0, maxPValue: 1, minConfidence: 0.5 }))).length > 0, 'without the test against chance the busy sensors follow everything');
    assert.deepEqual(busy(derive(records, withCo({ maxPValue: 1, minConfidence: 0.5 }))), [], 'lift alone keeps them out');
    // … while a follower seen a handful of times needs the p-value: 5 of 5 at a chance of 0.28 is a lift of 3.5
    const few = keys(derive(records, withCo({ maxPValue: 1, minConfidence: 0.5 }))).filter((k) => /hall_motion/.test(k));
    assert.ok(few.length > 0);
    assert.deepEqual(keys(derive(records, withCo({ minConfidence: 0.5 }))).filter((k) => /motion/.test(k)), []);
  });
});

describe('co-occurrence, by hand', () => {
  const DAYS = dayKeys('2026-09-01', 10);
  // A on every day, B after it on the first 6 days with lags out of order; C alone now and then.
  const LAGS = [240, 30, 90, 150, 60, 120];
  const home = new HomeBuilder().area('switch.a', 'hall').area('light.b', 'hall');
  DAYS.forEach((d, i) => {
    const t = at(d, `${9 + i}:10`);
    home.pulse('switch.a', t, 5);
    if (i < LAGS.length) home.pulse('light.b', t + LAGS[i]! * 1000, 30);
    if (i < 8) home.pulse('switch.a', at(d, '20:00'), 5);
    home.pulse('fan.c', at(d, '03:00'), 5);
  });
  const records = summarizeDays(home.build(), DAYS, calendar, S, [timeBased, coOccurrence]);
  const pair = (settings: DetectorSettings) => derive(records, settings).filter((p) => p.key === 'then:light.b');
  // A: 18 activations; support 6 of them; B: 6 activations over 10 days.
  const chance = 1 - Math.exp((-6 * 5 * 60_000) / (10 * 86_400_000));
  const loose = withCo({ minConfidence: 0 });

  it('stores each pair and day with its lags', () => {
    const day = calendar.day(DAYS[0]!);
    const lookback = day.start - lookbackMs(S);
    const activity = scanDay({ day, calendar, events: home.build().filter((e) => e.time >= lookback && e.time < day.end), lookbackStart: lookback, carried: new Map() });
    const out = coOccurrence.summarize(activity, S, []);
    assert.deepEqual(out.map((r) => [r.tags, r.fields]), [[{ device_pair: 'switch.a>light.b', entity_id: 'switch.a', follower_id: 'light.b', area_id: 'hall' }, { support: 1, lag_ms: '[240000]' }]]);
  });

  it('reports support, confidence, lift, p-value and lags from the window', () => {
    const [p] = pair(loose);
    assert.ok(p !== undefined);
    const m = p.metadata;
    assert.deepEqual([p.patternType, p.deviceId, p.key], ['co_occurrence', 'switch.a', 'then:light.b']);
    assert.equal(p.areaId, 'hall');
    assert.equal(p.occurrences, 6);
    assert.equal(p.confidence, Math.round((6 / 18) * 10_000) / 10_000);
    assert.equal(p.lastSeen, calendar.day(DAYS[5]!).start);
    assert.deepEqual([m['trigger'], m['follower'], m['support'], m['trigger_activations'], m['follower_activations']], ['switch.a', 'light.b', 6, 18, 6]);
    assert.equal(m['lift'], Math.round((6 / 18 / chance) * 100) / 100);
    assert.equal(m['p_value'], binomialTail(6, 18, chance));
    assert.deepEqual(m['lag_seconds'], [...LAGS].sort((x, y) => x - y));
    assert.equal(m['typical_lag_seconds'], 120);
    assert.deepEqual([m['window_minutes'], m['days_with_occurrence'], m['days_observed']], [5, 6, 10]);
  });

  it('holds each threshold at its edge', () => {
    assert.equal(pair(withCo({ minConfidence: 6 / 18 })).length, 1);
    assert.equal(pair(withCo({ minConfidence: 6 / 18 + 0.001 })).length, 0);
    assert.equal(pair(withCo({ minConfidence: 0, minSupport: 6 })).length, 1);
    assert.equal(pair(withCo({ minConfidence: 0, minSupport: 7 })).length, 0);
    const lift = 6 / 18 / chance;
    assert.equal(pair(withCo({ minConfidence: 0, minLift: lift })).length, 1);
    assert.equal(pair(withCo({ minConfidence: 0, minLift: lift * 1.001 })).length, 0);
    const pValue = binomialTail(6, 18, chance);
    assert.equal(pair(withCo({ minConfidence: 0, maxPValue: pValue })).length, 1);
    assert.equal(pair(withCo({ minConfidence: 0, maxPValue: pValue * 0.999 })).length, 0);
  });

  it('counts and compares within the configured window', () => {
    const narrow = withCo({ minConfidence: 0, windowMinutes: 3 });
    const [p] = derive(summarizeDays(home.build(), DAYS, calendar, narrow, [timeBased, coOccurrence]), narrow).filter((x) => x.key === 'then:light.b');
    assert.equal(p?.occurrences, LAGS.filter((l) => l <= 180).length);
    assert.equal(p.metadata['lift'], Math.round((5 / 18 / (1 - Math.exp((-6 * 3 * 60_000) / (10 * 86_400_000)))) * 100) / 100);
  });

  it('knows no pair without the activations it is a share of', () => {
    assert.deepEqual(derive(records.filter((r) => r.measurement !== 'activity_daily'), loose), []);
    assert.deepEqual(derive(records.filter((r) => r.measurement !== 'activity_daily' || r.tags['entity_id'] !== 'light.b'), withCo({ minConfidence: 0, minLift: 0 })), [], 'a follower never seen: no lift');
    assert.deepEqual(derive(records.filter((r) => r.measurement !== 'activity_daily' || r.tags['entity_id'] !== 'switch.a'), withCo({ minConfidence: 0, minLift: 0, maxPValue: 1 })), [], 'a trigger never seen: no share');
  });

  it('sums the day scan’s activations per entity, ignoring records without an entity, and refuses a wrong shape', () => {
    const r = (tags: Record<string, string>, fields: AggregateRecord['fields']): AggregateRecord => ({ measurement: 'activity_daily', period: '2026-10-05', time: 0, tags, fields: { hours: '[]', ...fields } });
    const day = ['2026-10-05'];
    assert.deepEqual([...activationTotals([r({ entity_id: 'x' }, { count: 2 }), r({ entity_id: 'x' }, { count: 3 }), r({}, { count: 7 })], day)], [['x', 5]]);
    assert.deepEqual([...activationTotals([r({ entity_id: 'x' }, { count: 2 }), { ...r({ entity_id: 'x' }, { count: 30 }), period: '2026-09-01' }], day)], [['x', 2]], 'a look-back day (the anomaly detector’s) is not the window’s');
    assert.throws(() => activationTotals([r({ entity_id: 'y' }, { count: '4' })], day), /field count should be number, is string/);
    assert.throws(() => activationTotals([r({ entity_id: 'y' }, {})], day), /field count should be number, is missing/);
  });
});
