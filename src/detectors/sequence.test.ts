import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HomeBuilder, at, calendar, dayKeys } from '../testing/home.js';
import { noisyHome } from '../testing/noisy-home.js';
import { summarizeDays } from '../testing/run-days.js';
import { windowOf } from '../jobs/group-a.js';
import { scanDay } from './activity.js';
import { binomialTail } from './binomial.js';
import { describePattern } from './describe.js';
import { dayChains, saturationLimit, sequence } from './sequence.js';
import { DEFAULT_DETECTOR_SETTINGS as S, type DetectorSettings, lookbackMs } from './settings.js';
import { timeBased } from './time-based.js';
import type { PatternUpsert } from '../storage/types.js';

const DAYS = dayKeys('2026-10-05', 14);
const home = noisyHome({ days: DAYS, seed: 7, background: 12 });
const records = summarizeDays(home.events, DAYS, calendar, S, [timeBased, sequence]);
const window = windowOf(records, calendar);
const derived = (settings: DetectorSettings = S): PatternUpsert[] => sequence.derive(window, settings);
const keys = (ps: PatternUpsert[]) => ps.map((p) => p.key).sort();
const planted = home.chains.map((c) => c.join('>')).sort();
const withSequence = (over: Partial<DetectorSettings['sequence']>): DetectorSettings => ({ ...S, sequence: { ...S.sequence, ...over } });
const stored = records.filter((r) => r.measurement === 'sequence_daily');
/** Each chain's count summed over the window, from Layer 2. */
const totals = new Map<string, number>();
for (const r of stored) for (const [rest, n] of Object.entries(JSON.parse(String(r.fields['chains'])) as Record<string, number>)) totals.set(`${r.tags['entity_id']}>${rest}`, (totals.get(`${r.tags['entity_id']}>${rest}`) ?? 0) + n);

describe('sequence in a lived-in home', () => {
  const found = derived();

  it('finds every planted 3-step chain with other activations between its steps, and nothing else', () => {
    assert.deepEqual(keys(found), planted);
    for (const p of found) assert.equal(p.metadata['length'], 3);
  });

  it('counts each lived occurrence once: support equals what was planted, never more than the first step activations', () => {
    for (const p of found) {
      const i = home.chains.findIndex((c) => c.join('>') === p.key);
      const first = home.activations.get(home.chains[i]![0]!)!;
      assert.equal(p.occurrences, home.planted[i], p.key);
      assert.equal(p.metadata['occurrences'], p.occurrences);
      assert.equal(p.metadata['first_step_activations'], first, p.key);
      assert.ok(p.occurrences <= first, p.key);
      assert.equal(p.confidence, Math.round((p.occurrences / first) * 10_000) / 10_000);
      assert.ok(p.confidence < 1, 'the first step also comes on alone');
      assert.deepEqual([p.deviceId, p.areaId, p.metadata['steps'], p.metadata['step_minutes']], [home.chains[i]![0], `room${i}`, home.chains[i], 5]);
      assert.deepEqual([p.metadata['days_with_occurrence'], p.metadata['days_observed'], p.lastSeen], [DAYS.length, DAYS.length, calendar.day(DAYS.at(-1)!).start]);
    }
  });

  it('tests each step against chance given the chain so far', () => {
    const observed = DAYS.length * 86_400_000;
    for (const [i, p] of found.entries()) {
      const [a, b, c] = p.metadata['steps'] as [string, string, string];
      const chance = (e: string) => 1 - Math.exp((-home.activations.get(e)! * 5 * 60_000) / observed);
      const ab = totals.get(`${a}>${b}`)!;
      const first = home.activations.get(a)!;
      assert.deepEqual(p.metadata['step_lifts'], [Math.round((ab / first / chance(b)) * 100) / 100, Math.round((p.occurrences / ab / chance(c)) * 100) / 100]);
      const pValue = Math.max(binomialTail(ab, first, chance(b)), binomialTail(p.occurrences, ab, chance(c)));
      assert.equal(p.metadata['p_value'], pValue);
      const lift = Math.min(ab / first / chance(b), p.occurrences / ab / chance(c));
      const kept = (over: Partial<DetectorSettings['sequence']>) => derived(withSequence(over)).some((x) => x.key === p.key);
      // the p-value holds for the window's list: corrected for every chain counted often enough to be tested
      const tested = [...totals].filter(([k, n]) => k.split('>').length >= S.sequence.minLength && k.split('>').length <= S.sequence.maxLength && n >= S.sequence.minSupport).length;
      assert.equal(p.metadata['chains_tested'], tested);
      assert.ok(tested > 1);
      if (i === 0) assert.deepEqual([kept({ minLift: lift }), kept({ minLift: lift * 1.0001 }), kept({ maxPValue: pValue * tested }), kept({ maxPValue: pValue * tested * 0.9999 })], [true, false, true, false]);
    }
  });

  it('folds pairs into the chain that explains them', () => {
    assert.deepEqual(keys(derived(withSequence({ minLength: 2 }))), planted);
    assert.deepEqual(keys(derived(withSequence({ minLength: 2, maximality: 1 }))), planted, 'a pair exactly as often as its chain is folded');
  });

  it('reports a pair on its own when the chain explains it too rarely', () => {
    const two = derived(withSequence({ minLength: 2, maximality: 1.5 }));
    const pairs = home.chains.flatMap((c) => [`${c[0]}>${c[1]}`, `${c[1]}>${c[2]}`]);
    assert.deepEqual(keys(two).filter((k) => !home.chains.some((c) => k === `${c[0]}>${c[2]}`)), [...planted, ...pairs].sort());
  });

  it('keeps motion sensors that fire all day out of every chain, in Layer 2 and in patterns', () => {
    const chains = [...totals.keys()];
    assert.ok(!chains.some((k) => /binary_sensor\.motion\d/.test(k)), 'a sensor firing every few minutes is no step');
    assert.ok(chains.some((k) => k.includes('binary_sensor.hall_motion')), 'a quarter-hourly sensor is counted …');
    assert.ok(!found.some((p) => p.key.includes('motion')), '… but never beats chance');
    assert.ok(keys(derived(withSequence({ minLift: 0, maxPValue: 1, minConfidence: 0.3 }))).some((k) => k.includes('hall_motion')), 'without the test against chance it would be a step');
  });

  it('rejects a chain whose steps do not beat chance, by lift or by p-value', () => {
    assert.deepEqual(derived(withSequence({ minLift: 1e6 })), []);
    assert.deepEqual(derived(withSequence({ maxPValue: 1e-300 })), []);
    for (const p of found) {
      assert.ok((p.metadata['p_value'] as number) <= S.sequence.maxPValue);
      for (const lift of p.metadata['step_lifts'] as number[]) assert.ok(lift >= S.sequence.minLift);
    }
  });

  it('holds each threshold at its edge: support, confidence and length', () => {
    const least = Math.min(...home.planted);
    assert.equal(derived(withSequence({ minSupport: least })).length, 6);
    assert.equal(derived(withSequence({ minSupport: least + 1 })).length, home.planted.filter((n) => n > least).length);
    const confidences = found.map((p) => p.occurrences / (p.metadata['first_step_activations'] as number));
    assert.equal(derived(withSequence({ minConfidence: Math.min(...confidences) })).length, 6);
    assert.equal(derived(withSequence({ minConfidence: Math.min(...confidences) + 1e-9 })).length, confidences.filter((c) => c > Math.min(...confidences)).length);
    assert.deepEqual(derived(withSequence({ minLength: 4 })), []);
    // Without room for three steps only pairs are left: each step, and first → last when both gaps are short.
    const pairs = keys(derived(withSequence({ maxLength: 2, minLength: 2 })));
    for (const c of home.chains) for (const pair of [`${c[0]}>${c[1]}`, `${c[1]}>${c[2]}`]) assert.ok(pairs.includes(pair), pair);
    assert.deepEqual(pairs.filter((k) => !home.chains.some((c) => [`${c[0]}>${c[1]}`, `${c[1]}>${c[2]}`, `${c[0]}>${c[2]}`].includes(k))), []);
  });

  it('knows no chain without the first step activations it is a share of', () => {
    const without = windowOf(records.filter((r) => r.measurement !== 'activity_daily'), calendar);
    assert.deepEqual(sequence.derive(without, withSequence({ minLift: 0, maxPValue: Infinity })), []);
  });

  it('stores per first step and day the chains of that day, in a stable order', () => {
    for (const r of stored) {
      const chains = JSON.parse(String(r.fields['chains'])) as Record<string, number>;
      assert.deepEqual(Object.keys(chains), Object.keys(chains).sort());
      assert.equal(r.fields['occurrences'], Object.values(chains).reduce((n, v) => n + v, 0));
      assert.ok(Object.values(chains).every((n) => n > 0));
    }
    const firstDay = stored.filter((r) => r.period === DAYS[0]).map((r) => r.tags['entity_id']!);
    assert.deepEqual(firstDay, [...firstDay].sort());
    const a = home.chains[2]![0]!;
    assert.deepEqual(stored.find((r) => r.tags['entity_id'] === a)?.tags, { entity_id: a, area_id: 'room2' });
  });

  it('says how often, of how many first-step activations', () => {
    const p = found[0]!;
    const text = describePattern({ pattern_type: 'sequence', device_id: p.deviceId, pattern_metadata: p.metadata, confidence: p.confidence, occurrences: p.occurrences });
    const steps = p.metadata['steps'] as string[];
    assert.equal(text, `${steps[0]} turns on, then ${steps.slice(1).join(', then ')}, each within 5 min of the last (${p.occurrences} of ${p.metadata['first_step_activations']} times)`);
  });
});

describe('a day of chains', () => {
  const day = DAYS[0]!;
  const scan = (h: HomeBuilder) => {
    const d = calendar.day(day);
    return scanDay({ day: d, calendar, events: h.build(), lookbackStart: d.start - lookbackMs(S), carried: new Map() });
  };

  it('counts a chain from the pairs and shorter chains the day completed, the most frequent prefixes first when it must choose', () => {
    const h = new HomeBuilder();
    for (const hour of ['08', '09', '10']) ['light.a', 'light.b', 'light.c', 'light.d'].forEach((e, k) => h.pulse(e, at(day, `${hour}:0${k}`), 1));
    ['light.x', 'light.y', 'light.z', 'light.w'].forEach((e, k) => h.pulse(e, at(day, `12:0${k}`), 1));
    const all = dayChains(scan(h), S);
    assert.equal(all.get('light.a>light.b>light.c>light.d'), 3);
    assert.equal(all.get('light.x>light.y>light.z>light.w'), 1);
    assert.equal(all.get('light.a>light.c'), 3);
    const one = [...dayChains(scan(h), S, 1).keys()].filter((k) => k.split('>').length > 2);
    assert.deepEqual(one, ['light.a>light.b>light.c'], 'and a longer chain only from shorter ones kept');
  });

  it('leaves out an entity firing too often that day to follow anything by more than chance', () => {
    assert.equal(saturationLimit(86_400_000, S), 144);
    assert.equal(saturationLimit(90_000_000, S), 150);
    assert.equal(saturationLimit(86_400_000, { ...S, sequence: { ...S.sequence, minLift: 0.5 } }), 288);
    const h = new HomeBuilder();
    ['light.a', 'light.b', 'light.c'].forEach((e, k) => h.pulse(e, at(day, `08:0${k}`), 1));
    for (let n = 0; n < 144; n++) h.pulse('binary_sensor.hall', at(day, '00:06:30') + n * 9 * 60_000, 1); // one at 08:03:30
    for (let n = 1; n <= 5; n++) h.pulse('binary_sensor.hall', at(day, '00:00') - n * 60_000, 1); // the look-back's are the day before's
    assert.ok(dayChains(scan(h), S).has('light.a>binary_sensor.hall'), 'at the limit it is a step');
    h.pulse('binary_sensor.hall', at(day, '23:59'), 1);
    const chains = [...dayChains(scan(h), S).keys()];
    assert.deepEqual(chains.sort(), ['light.a>light.b', 'light.a>light.b>light.c', 'light.a>light.c', 'light.b>light.c']);
  });
});

describe('sequence: a step that only sometimes drops in between', () => {
  // Every day A → B → C a minute apart; on every other day the kettle comes on between A and B.
  // The kettle beats its own base rate there (it is rare otherwise), but it is a detour the chain
  // sometimes takes, not one of its steps.
  const days = dayKeys('2026-10-05', 20);
  const h = new HomeBuilder();
  days.forEach((d, i) => {
    const t = at(d, `${7 + (i % 3)}:10`);
    h.pulse('light.a', t, 30).pulse('light.b', t + 120_000, 30).pulse('light.c', t + 240_000, 30);
    if (i % 2 === 0) h.pulse('switch.kettle', t + 60_000, 30);
    if (i % 4 === 0) h.pulse('light.a', at(d, '20:00'), 30);
    for (const clock of ['03:00', '15:00']) h.pulse('switch.kettle', at(d, clock), 30);
  });
  const w = windowOf(summarizeDays(h.build(), days, calendar, S, [timeBased, sequence]), calendar);
  const chainsOf = (settings: DetectorSettings) => sequence.derive(w, settings).map((p) => p.key).sort();

  it('reports the chain and not the chain with the detour folded in', () => {
    assert.deepEqual(chainsOf(S), ['light.a>light.b>light.c']);
    const [p] = sequence.derive(w, S);
    assert.deepEqual(p!.metadata['inner_step_shares'], [1]);
  });

  it('keeps the detour as a step when the share it needs is at most what it has', () => {
    const loose = withSequence({ minStepShare: 0.5, minConfidence: 0.25 });
    const found = sequence.derive(w, loose);
    const detour = found.find((p) => p.key === 'light.a>switch.kettle>light.b>light.c');
    assert.ok(detour, chainsOf(loose).join());
    assert.deepEqual(detour.metadata['inner_step_shares'], [0.5, 1]);
    assert.ok(!chainsOf(withSequence({ minStepShare: 0.51, minConfidence: 0.25 })).includes('light.a>switch.kettle>light.b>light.c'));
  });

  it('needs the chain on at least minConfidence of its first step activations', () => {
    // light.a comes on 25 times, the chain follows 20 of them: confidence 0.8
    assert.deepEqual(chainsOf(withSequence({ minConfidence: 0.8 })), ['light.a>light.b>light.c']);
    assert.deepEqual(chainsOf(withSequence({ minConfidence: 0.81 })), []);
  });
});

describe('sequence: the rest of a detour', () => {
  // Every day A → B → C two minutes apart. On every other day a light used for nothing else comes
  // on between A and B (someone passing by). A → passing → B → C is a detour the routine takes,
  // and passing → B → C, which nearly always runs on from A, is the rest of it: no routine of its
  // own, though it follows all of that light's activations and beats chance by far.
  const days = dayKeys('2026-10-05', 20);
  const h = new HomeBuilder();
  days.forEach((d, i) => {
    const t = at(d, `${7 + (i % 3)}:10`);
    h.pulse('light.a', t, 30).pulse('light.b', t + 120_000, 30).pulse('light.c', t + 240_000, 30);
    if (i % 2 === 0) h.pulse('light.passing', t + 60_000, 30);
    // and twice someone in the garden just before it: the rest is looked for after every step before it
    if (i === 0 || i === 2) h.pulse('light.zgarden', t + 30_000, 30);
  });
  const w = windowOf(summarizeDays(h.build(), days, calendar, S, [timeBased, sequence]), calendar);
  const chainsOf = (over: Partial<DetectorSettings['sequence']>) => sequence.derive(w, withSequence(over)).map((p) => p.key).sort();
  const rest = 'light.passing>light.b>light.c';

  it('reports the routine, not the rest of its detour', () => {
    assert.deepEqual(chainsOf({}), ['light.a>light.b>light.c']);
    assert.deepEqual(chainsOf({ minLength: 2 }), ['light.a>light.b>light.c'], 'nor the rest of it as a pair');
  });

  it('takes the rest of a detour for a routine of its own when the detour is a step, or the rest does not nearly always follow it', () => {
    assert.ok(chainsOf({ minStepShare: 0.5 }).includes(rest));
    assert.ok(!chainsOf({ minStepShare: 0.501 }).includes(rest));
    assert.ok(chainsOf({ maximality: 1.01 }).includes(rest), 'it follows A exactly as often as it runs: not more');
    assert.ok(!chainsOf({ maximality: 1 }).includes(rest));
  });
});
