import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HomeBuilder, at, calendar, dayKeys } from '../testing/home.js';
import { summarizeDays } from '../testing/run-days.js';
import { windowOf } from '../jobs/group-a.js';
import { driftOf, duration } from './duration.js';
import { type Histogram, merge, quantile } from './histogram.js';
import { DEFAULT_DETECTOR_SETTINGS as S, type DetectorSettings } from './settings.js';
import type { PatternUpsert } from '../storage/types.js';

const DAYS = dayKeys('2026-10-05', 20);
const withDuration = (over: Partial<DetectorSettings['duration']>): DetectorSettings => ({ ...S, duration: { ...S.duration, ...over } });

// A TV on for two hours (± 4 min), a lamp on for anything between 5 and 60 minutes, a towel
// warmer whose run grows half a minute a day (20 → 29.5 min), a door lock open for 20 s at a time.
const home = new HomeBuilder();
DAYS.forEach((d, i) => {
  home.set('media_player.tv', at(d, '20:00'), 'playing').set('media_player.tv', at(d, '20:00') + (7200 + ((i * 97) % 480) - 240) * 1000, 'off');
  home.pulse('light.lamp', at(d, '18:00'), 300 + ((i * 7) % 20) * 165);
  home.pulse('switch.towel_warmer', at(d, '14:30'), 20 * 60 + i * 30);
  home.set('lock.front', at(d, '08:00'), 'unlocked').set('lock.front', at(d, '08:00') + 20_000, 'locked');
});
const records = summarizeDays(home.build(), DAYS, calendar, S, [duration]);
const window = windowOf(records, calendar);
const derived = (settings: DetectorSettings = S): PatternUpsert[] => duration.derive(window, settings);
const ids = (ps: PatternUpsert[]) => ps.map((p) => p.deviceId).sort();

describe('duration: only characteristic on-times', () => {
  it('reports the TV, not the lamp used for any length of time, the drifting warmer or the lock', () => {
    const found = derived();
    assert.deepEqual(ids(found), ['media_player.tv']);
    const m = found[0]!.metadata;
    assert.ok(Math.abs((m['typical_seconds'] as number) - 7200) <= 7200 * 0.05, String(m['typical_seconds']));
    assert.equal(found[0]!.occurrences, 20);
    assert.equal(found[0]!.confidence, 1);
    assert.ok(Math.abs(m['drift'] as number) < 0.05, String(m['drift']));
  });

  it('holds the consistency threshold at the lamp’s own share within the factor', () => {
    const lamp = derived(withDuration({ minConsistency: 0, maxDrift: 10 })).find((p) => p.deviceId === 'light.lamp')!;
    assert.ok(lamp.confidence < S.duration.minConsistency, String(lamp.confidence));
    assert.ok(ids(derived(withDuration({ minConsistency: lamp.confidence, maxDrift: 10 }))).includes('light.lamp'));
    assert.ok(!ids(derived(withDuration({ minConsistency: lamp.confidence + 0.01, maxDrift: 10 }))).includes('light.lamp'));
    // a wider factor takes more of the lamp's intervals in
    const wide = derived(withDuration({ minConsistency: 0, maxDrift: 10, typicalFactor: 12 })).find((p) => p.deviceId === 'light.lamp')!;
    assert.equal(wide.confidence, 1);
  });

  it('leaves out an on-time that moves through the window, and says how far it moved when allowed', () => {
    const warmer = derived(withDuration({ maxDrift: 10 })).find((p) => p.deviceId === 'switch.towel_warmer');
    assert.ok(warmer, 'a factor-1.25 band holds every run of a 20–29.5 min warmer');
    assert.equal(warmer.confidence, 1);
    const drift = warmer.metadata['drift'] as number;
    // 30 s a day over 19 days is 570 s, against a typical run of about 25 min
    assert.ok(Math.abs(drift - 570 / (warmer.metadata['typical_seconds'] as number)) < 0.001, String(drift));
    assert.ok(drift > S.duration.maxDrift);
    const own = records.filter((r) => r.measurement === 'duration_daily' && r.tags['entity_id'] === 'switch.towel_warmer');
    const read = driftOf(own, window.days, warmer.metadata['typical_seconds'] as number)!;
    assert.equal(read.significant, true);
    assert.equal(Math.round(read.drift * 1000) / 1000, drift, 'the metadata rounds what the gate read');
    assert.ok(ids(derived(withDuration({ maxDrift: read.drift }))).includes('switch.towel_warmer'));
    assert.ok(!ids(derived(withDuration({ maxDrift: read.drift * 0.9999 }))).includes('switch.towel_warmer'));
  });

  it('keeps an on-time whose days wander by chance, however far the fitted line moves', () => {
    // The TV's runs go up and down by the day (no order in time): its drift is no trend.
    const tv = records.filter((r) => r.measurement === 'duration_daily' && r.tags['entity_id'] === 'media_player.tv');
    const read = driftOf(tv, window.days, 7200)!;
    assert.equal(read.significant, false);
    assert.ok(ids(derived(withDuration({ maxDrift: 0 }))).includes('media_player.tv'), 'a trend that does not beat chance never leaves it out');
    // Six days rising one after another is a trend: it beats chance.
    const rising = tv.slice(0, 6).map((r, i) => ({ ...r, fields: { ...r.fields, intervals: 1, seconds: 7000 + i * 100 } }));
    assert.deepEqual(driftOf(rising, window.days, 7200), { drift: (100 * (window.days.length - 1)) / 7200, significant: true });
  });

  it('reads no drift from fewer than six days with an interval', () => {
    const tv = records.filter((r) => r.measurement === 'duration_daily' && r.tags['entity_id'] === 'media_player.tv');
    assert.equal(driftOf(tv.slice(0, 5), DAYS, 7200), null);
    assert.notEqual(driftOf(tv.slice(0, 6), DAYS, 7200), null);
    assert.equal(driftOf(tv, DAYS, 0), null, 'no typical on-time to compare with');
    const empty = tv.slice(0, 6).map((r, i) => (i === 0 ? { ...r, fields: { ...r.fields, intervals: 0 } } : r));
    assert.equal(driftOf(empty, DAYS, 7200), null, 'a day without an interval is no point');
    assert.equal(driftOf(tv.slice(0, 6), DAYS.slice(10), 7200), null, 'days outside the window are no points');
  });

  it('keeps the lock’s 20-second pulses out (a hold time, not a use) and needs enough intervals', () => {
    assert.ok(!ids(derived(withDuration({ minConsistency: 0 }))).includes('lock.front'));
    assert.ok(ids(derived(withDuration({ minConsistency: 0, minTypicalSeconds: 15 }))).includes('lock.front'));
    assert.deepEqual(ids(derived(withDuration({ minIntervals: 20 }))), ['media_player.tv']);
    assert.deepEqual(ids(derived(withDuration({ minIntervals: 21 }))), []);
  });

  it('marks a long on-time of a switchable domain an auto-off candidate', () => {
    const tv = derived(withDuration({ autoOffMinutes: 120 }))[0]!;
    assert.equal(tv.metadata['auto_off_candidate'], (tv.metadata['p90_seconds'] as number) >= 7200);
    const short = derived(withDuration({ autoOffMinutes: 60 }))[0]!;
    assert.equal(short.metadata['auto_off_candidate'], true);
    assert.equal(short.metadata['suggested_auto_off_minutes'], Math.ceil((short.metadata['p90_seconds'] as number) / 60));
    const lock = derived(withDuration({ minConsistency: 0, minTypicalSeconds: 1, autoOffMinutes: 0 })).find((p) => p.deviceId === 'lock.front')!;
    assert.equal(lock.metadata['auto_off_candidate'], false, 'a lock is not switched off by an automation');
  });
});

describe('duration: what a day stores and a pattern says', () => {
  const day = DAYS[0]!;
  const h = new HomeBuilder().area('light.hall', 'hallway');
  h.pulse('switch.zeta', at(day, '07:00'), 600).pulse('light.hall', at(day, '08:00'), 100).pulse('light.hall', at(day, '09:00'), 300).pulse('fan.alpha', at(day, '10:00'), 60);
  const dayRecords = summarizeDays(h.build(), [day], calendar, S, [duration]).filter((r) => r.measurement === 'duration_daily'); // the day scan's own facts aside

  it('keeps per entity the count, sum, sum of squares, longest interval and histogram, in entity order', () => {
    assert.deepEqual(dayRecords.map((r) => [r.tags['entity_id'], r.tags['area_id'] ?? null]), [['fan.alpha', null], ['light.hall', 'hallway'], ['switch.zeta', null]]);
    const hall = dayRecords[1]!.fields;
    assert.deepEqual([hall['intervals'], hall['seconds'], hall['seconds_sq'], hall['max_seconds']], [2, 400, 100 * 100 + 300 * 300, 300]);
    assert.equal(Object.values(JSON.parse(String(hall['histogram'])) as Record<string, number>).reduce((a, b) => a + b, 0), 2);
    assert.equal(dayRecords[0]!.measurement, 'duration_daily');
  });

  it('says the typical on-time with its mean, spread, quantiles and longest, under one key per entity', () => {
    const tv = derived()[0]!;
    const tvRecords = records.filter((r) => r.measurement === 'duration_daily' && r.tags['entity_id'] === 'media_player.tv');
    const lengths = tvRecords.map((r) => r.fields['seconds'] as number);
    const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    const std = Math.sqrt(lengths.reduce((a, b) => a + (b - mean) ** 2, 0) / lengths.length);
    assert.deepEqual([tv.patternType, tv.deviceId, tv.key, tv.areaId, tv.lastSeen], ['duration', 'media_player.tv', 'on_duration', null, tvRecords.at(-1)!.time]);
    const m = tv.metadata;
    assert.equal(m['mean_seconds'], Math.round(mean * 10) / 10);
    assert.ok(Math.abs((m['std_seconds'] as number) - std) <= 0.1, `${m['std_seconds']} vs ${std}`);
    assert.equal(m['max_seconds'], Math.max(...lengths));
    assert.ok((m['p25_seconds'] as number) <= (m['typical_seconds'] as number) && (m['typical_seconds'] as number) <= (m['p75_seconds'] as number));
    assert.ok((m['p75_seconds'] as number) <= (m['p90_seconds'] as number) && (m['p90_seconds'] as number) <= Math.max(...lengths) * 1.025);
    assert.ok((m['p25_seconds'] as number) >= Math.min(...lengths) / 1.025);
    assert.deepEqual([m['entity_id'], m['intervals'], m['histogram_total'], m['days_observed'], m['quantile_error']], ['media_player.tv', 20, 20, 20, '±2.5 % (log-bin histogram)']);
  });

  it('takes the area from the entity’s latest day', () => {
    const home2 = new HomeBuilder().area('light.hall', 'hallway');
    DAYS.forEach((d) => home2.pulse('light.hall', at(d, '08:00'), 600));
    const found = duration.derive(windowOf(summarizeDays(home2.build(), DAYS, calendar, S, [duration]), calendar), S);
    assert.deepEqual(found.map((p) => [p.deviceId, p.areaId]), [['light.hall', 'hallway']]);
  });

  it('keeps a typical on-time of exactly minTypicalSeconds; no window, no drift', () => {
    const histogram: Histogram = {};
    for (const r of records.filter((x) => x.measurement === 'duration_daily' && x.tags['entity_id'] === 'media_player.tv')) merge(histogram, JSON.parse(String(r.fields['histogram'])) as Histogram);
    const median = quantile(histogram, 0.5)!;
    assert.ok(ids(derived(withDuration({ minTypicalSeconds: median }))).includes('media_player.tv'));
    assert.ok(!ids(derived(withDuration({ minTypicalSeconds: median + 0.001 }))).includes('media_player.tv'));
    const warmer = records.filter((r) => r.measurement === 'duration_daily' && r.tags['entity_id'] === 'switch.towel_warmer');
    const { drift } = driftOf(warmer, window.days, median)!;
    assert.ok(drift > 0);
    assert.equal(driftOf(warmer, [], median), null);
  });

  it('offers auto-off for switchable domains only, from the 90th percentile on', () => {
    const domains = ['light', 'switch', 'fan', 'media_player', 'climate', 'input_boolean', 'lock', 'cover'];
    const h3 = new HomeBuilder();
    DAYS.forEach((d) => {
      for (const domain of domains.filter((x) => x !== 'lock' && x !== 'cover' && x !== 'climate')) h3.pulse(`${domain}.thing`, at(d, '10:00'), 3600);
      h3.set('climate.thing', at(d, '10:00'), 'heat', { hvac_action: 'heating' }).set('climate.thing', at(d, '11:00'), 'off');
      h3.set('lock.thing', at(d, '10:00'), 'unlocked').set('lock.thing', at(d, '11:00'), 'locked');
      h3.set('cover.thing', at(d, '10:00'), 'open').set('cover.thing', at(d, '11:00'), 'closed');
    });
    const w3 = windowOf(summarizeDays(h3.build(), DAYS, calendar, S, [duration]), calendar);
    const found = duration.derive(w3, withDuration({ autoOffMinutes: 30 }));
    const offer = Object.fromEntries(found.map((p) => [p.deviceId.split('.')[0], p.metadata['auto_off_candidate']]));
    for (const domain of ['light', 'switch', 'fan', 'media_player', 'input_boolean']) assert.equal(offer[domain], true, domain);
    assert.equal(offer['lock'], false);
    assert.equal(offer['cover'], false);
    assert.equal(offer['climate'], true);
    const histogram: Histogram = {};
    for (const r of w3.records('duration_daily').filter((x) => x.tags['entity_id'] === 'light.thing')) merge(histogram, JSON.parse(String(r.fields['histogram'])) as Histogram);
    const p90 = quantile(histogram, 0.9)!;
    assert.equal((p90 / 60) * 60, p90, 'the edge is exact in floating point');
    assert.equal(duration.derive(w3, withDuration({ autoOffMinutes: p90 / 60 })).find((p) => p.deviceId === 'light.thing')!.metadata['auto_off_candidate'], true);
    assert.equal(duration.derive(w3, withDuration({ autoOffMinutes: p90 / 60 + 0.01 })).find((p) => p.deviceId === 'light.thing')!.metadata['auto_off_candidate'], false);
  });
});
