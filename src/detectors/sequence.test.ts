import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calendar, dayKeys } from '../testing/home.js';
import { noisyHome } from '../testing/noisy-home.js';
import { summarizeDays } from '../testing/run-days.js';
import { windowOf } from '../jobs/group-a.js';
import { sequence } from './sequence.js';
import { describePattern } from './describe.js';
import { DEFAULT_DETECTOR_SETTINGS as S, type DetectorSettings } from './settings.js';
import type { PatternUpsert } from '../storage/types.js';

const DAYS = dayKeys('2026-10-05', 28);
const home = noisyHome({ days: DAYS, seed: 7 });
const records = summarizeDays(home.events, DAYS, calendar, S);

const window = windowOf(records, calendar);
const derived = (settings: DetectorSettings = S): PatternUpsert[] => sequence.derive(window, settings);
const ofType = (ps: PatternUpsert[], t: string) => ps.filter((p) => p.patternType === t);
const keys = (ps: PatternUpsert[]) => ps.map((p) => p.key).sort();
const planted = home.chains.map((c) => c.join('>')).sort();
const withSequence = (over: Partial<DetectorSettings['sequence']>): DetectorSettings => ({ ...S, sequence: { ...S.sequence, ...over } });

describe('sequence in a lived-in home', () => {
  const found = ofType(derived(), 'sequence');

  it('finds every planted 3-step chain with other activations between its steps, and nothing else', () => {
    assert.deepEqual(keys(found), planted);
    for (const p of found) assert.equal(p.metadata['length'], 3);
  });

  it('counts each lived occurrence once: support equals what was planted, never more than the first step activations', () => {
    for (const p of found) {
      const i = home.chains.findIndex((c) => c.join('>') === p.key);
      const first = home.activations.get(home.chains[i]![0]!)!;
      assert.equal(p.occurrences, home.planted[i], p.key);
      assert.equal(p.metadata['first_step_activations'], first, p.key);
      assert.ok(p.occurrences <= first, p.key);
      assert.equal(p.confidence, Math.round((p.occurrences / first) * 10_000) / 10_000);
      assert.ok(p.confidence < 1, 'the first step also comes on alone');
    }
  });

  it('folds pairs into the chain that explains them', () => {
    const two = ofType(derived(withSequence({ minLength: 2 })), 'sequence');
    assert.deepEqual(keys(two), planted);
  });

  it('reports a pair on its own when the chain explains it too rarely', () => {
    const two = ofType(derived(withSequence({ minLength: 2, maximality: 1.5 })), 'sequence');
    const pairs = home.chains.flatMap((c) => [`${c[0]}>${c[1]}`, `${c[1]}>${c[2]}`]);
    assert.deepEqual(keys(two), [...planted, ...pairs].sort());
  });

  it('keeps motion sensors that fire all day out of every chain, in Layer 2 and in patterns', () => {
    const stored = records.filter((r) => r.measurement === 'sequence_daily').flatMap((r) => Object.keys(JSON.parse(String(r.fields['chains'])) as object).map((rest) => `${r.tags['entity_id']}>${rest}`));
    assert.ok(stored.length > 0);
    assert.ok(!stored.some((k) => /binary_sensor\.motion\d/.test(k)), 'a sensor firing every few minutes is no step');
    assert.ok(stored.some((k) => k.includes('binary_sensor.hall_motion')), 'a quarter-hourly sensor is counted …');
    assert.ok(!found.some((p) => p.key.includes('motion')), '… but never beats chance');
  });

  it('rejects a chain whose steps do not beat chance, by lift or by p-value', () => {
    assert.deepEqual(ofType(derived(withSequence({ minLift: 1e6 })), 'sequence'), []);
    assert.deepEqual(ofType(derived(withSequence({ maxPValue: 1e-300 })), 'sequence'), []);
    for (const p of found) {
      assert.ok((p.metadata['p_value'] as number) <= S.sequence.maxPValue);
      for (const lift of p.metadata['step_lifts'] as number[]) assert.ok(lift >= S.sequence.minLift);
    }
  });

  it('holds each threshold: support, confidence and length', () => {
    const most = Math.max(...home.planted);
    assert.deepEqual(ofType(derived(withSequence({ minSupport: most + 1 })), 'sequence'), []);
    assert.equal(ofType(derived(withSequence({ minSupport: Math.min(...home.planted) })), 'sequence').length, 6);
    assert.deepEqual(ofType(derived(withSequence({ minConfidence: 1 })), 'sequence'), []);
    assert.deepEqual(ofType(derived(withSequence({ minLength: 4 })), 'sequence'), []);
    // Without room for three steps only pairs are left: each step, and first → last when both gaps are short.
    const pairs = keys(ofType(derived(withSequence({ maxLength: 2, minLength: 2 })), 'sequence'));
    for (const c of home.chains) for (const pair of [`${c[0]}>${c[1]}`, `${c[1]}>${c[2]}`]) assert.ok(pairs.includes(pair), pair);
    assert.deepEqual(pairs.filter((k) => !home.chains.some((c) => [`${c[0]}>${c[1]}`, `${c[1]}>${c[2]}`, `${c[0]}>${c[2]}`].includes(k))), []);
  });

  it('says how often, of how many first-step activations', () => {
    const p = found[0]!;
    const text = describePattern({ pattern_type: 'sequence', device_id: p.deviceId, pattern_metadata: p.metadata, confidence: p.confidence, occurrences: p.occurrences });
    const steps = p.metadata['steps'] as string[];
    assert.equal(text, `${steps.join(' → ')}: ${p.occurrences} of ${p.metadata['first_step_activations']} times ${steps[0]} turned on, each step within 5 min`);
  });
});
