import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HomeBuilder, at, calendar, dayKeys } from '../testing/home.js';
import { summarizeDays } from '../testing/run-days.js';
import { windowOf } from '../jobs/group-a.js';
import { driftOf, duration } from './duration.js';
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
    assert.ok(drift > S.duration.maxDrift && drift < 0.3, String(drift));
    assert.equal(Math.round(driftOf(records.filter((r) => r.tags['entity_id'] === 'switch.towel_warmer'), window.days)! * 1000) / 1000, drift);
    assert.ok(ids(derived(withDuration({ maxDrift: drift }))).includes('switch.towel_warmer'));
    assert.ok(!ids(derived(withDuration({ maxDrift: drift - 0.001 }))).includes('switch.towel_warmer'));
  });

  it('reads no drift from too few intervals or a single day', () => {
    const tv = records.filter((r) => r.tags['entity_id'] === 'media_player.tv');
    assert.equal(driftOf(tv, [DAYS[0]!]), null);
    assert.equal(driftOf(tv.slice(0, 5), DAYS.slice(0, 5)), null, 'two intervals in the older half');
    assert.notEqual(driftOf(tv.slice(0, 6), DAYS.slice(0, 6)), null);
    assert.equal(driftOf(tv.slice(0, 6), DAYS.slice(0, 6)), driftOf(tv.slice(0, 6), [...DAYS.slice(0, 6)]));
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
