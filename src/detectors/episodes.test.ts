/**
 * Incremental equals full for the windowed detectors: each day summarised alone (with its
 * look-back) and summed over the window gives what one count over all days' activations at once
 * gives. The counts here are written the slow, obvious way, independently of episodes.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HomeBuilder, calendar, dayKeys } from '../testing/home.js';
import { noisyHome } from '../testing/noisy-home.js';
import { summarizeDays } from '../testing/run-days.js';
import { windowOf } from '../jobs/group-a.js';
import { countChain } from './episodes.js';
import { sequence, saturationLimit } from './sequence.js';
import { coOccurrence } from './co-occurrence.js';
import { DEFAULT_DETECTOR_SETTINGS as S } from './settings.js';
import { timeBased } from './time-based.js';
import type { AggregateRecord } from '../storage/types.js';

const DAYS = dayKeys('2026-10-24', 3); // the last night of summer time is among them
const PERIODS = DAYS.map((d) => calendar.day(d));
const ENTITIES = ['light.a', 'switch.b', 'fan.c', 'light.d', 'media_player.e'];
const BUSY = 'binary_sensor.busy';
const W = S.sequence.stepMinutes * 60_000;

interface Act {
  readonly entity: string;
  readonly time: number;
}

/** Clusters of activations (some around midnight), and a sensor busy all of one day. */
const home = fc.record({
  clusters: fc.array(fc.record({ at: fc.integer({ min: 0, max: 3 * 24 * 60 - 1 }), acts: fc.array(fc.record({ entity: fc.integer({ min: 0, max: ENTITIES.length - 1 }), second: fc.integer({ min: 0, max: 1500 }) }), { maxLength: 12 }) }), { minLength: 1, maxLength: 6 }),
  midnight: fc.array(fc.record({ entity: fc.integer({ min: 0, max: ENTITIES.length - 1 }), second: fc.integer({ min: -900, max: 900 }) }), { maxLength: 10 }),
  busyDay: fc.integer({ min: -1, max: 2 }),
});

type Home = typeof home extends fc.Arbitrary<infer T> ? T : never;

function build(h: Home): { acts: Act[]; records: AggregateRecord[] } {
  const first = PERIODS[0]!.start;
  const last = PERIODS[2]!.end;
  const raw: Act[] = [];
  for (const c of h.clusters) for (const a of c.acts) raw.push({ entity: ENTITIES[a.entity]!, time: first + c.at * 60_000 + a.second * 1000 });
  for (const a of h.midnight) raw.push({ entity: ENTITIES[a.entity]!, time: PERIODS[1]!.start + a.second * 1000 });
  if (h.busyDay >= 0) for (let t = PERIODS[h.busyDay]!.start + 1000; t < PERIODS[h.busyDay]!.end; t += 4 * 60_000) raw.push({ entity: BUSY, time: t });
  // one-second pulses at least two seconds apart: each is one activation
  const acts: Act[] = [];
  const lastOf = new Map<string, number>();
  for (const a of raw.filter((x) => x.time >= first && x.time < last).sort((x, y) => x.time - y.time)) {
    if (a.time - (lastOf.get(a.entity) ?? -Infinity) < 2000) continue;
    lastOf.set(a.entity, a.time);
    acts.push(a);
  }
  const b = new HomeBuilder();
  for (const a of acts) b.pulse(a.entity, a.time, 1);
  return { acts, records: summarizeDays(b.build(), DAYS, calendar, S, [timeBased, coOccurrence, sequence]) };
}

const dayOf = (t: number) => PERIODS.findIndex((p) => t >= p.start && t < p.end);

/** Chains of 2 to `max` distinct entities. */
function chainsOf(entities: readonly string[], max: number): string[][] {
  const out: string[][] = [];
  const grow = (chain: string[]) => {
    if (chain.length >= 2) out.push(chain);
    if (chain.length < max) for (const e of entities) if (!chain.includes(e)) grow([...chain, e]);
  };
  for (const e of entities) grow([e]);
  return out;
}

/**
 * The rule over all activations at once: each completing activation's latest possible first
 * step; each first step counted once, on the day it first completes the chain, unless an entity
 * of the chain fired too often that day to be a step.
 */
function chainCountsAtOnce(acts: readonly Act[]): Map<string, number> {
  const perDay = new Map<string, number>();
  for (const a of acts) perDay.set(`${a.entity}@${dayOf(a.time)}`, (perDay.get(`${a.entity}@${dayOf(a.time)}`) ?? 0) + 1);
  const saturated = (e: string, d: number) => (perDay.get(`${e}@${d}`) ?? 0) > saturationLimit(PERIODS[d]!.end - PERIODS[d]!.start, S);
  const out = new Map<string, number>();
  for (const chain of chainsOf([...new Set(acts.map((a) => a.entity))], S.sequence.maxLength)) {
    const timesOf = chain.map((e) => acts.filter((a) => a.entity === e).map((a) => a.time));
    // latest first step of a path ending at time t of step j
    const startOf = (j: number, t: number): number => {
      if (j === 0) return t;
      let best = -Infinity;
      for (const y of timesOf[j - 1]!) if (y < t && t - y <= W) best = Math.max(best, startOf(j - 1, y));
      return best;
    };
    const counted = new Set<number>();
    let n = 0;
    for (const c of timesOf[chain.length - 1]!) {
      const s = startOf(chain.length - 1, c);
      if (s === -Infinity || counted.has(s)) continue;
      counted.add(s);
      if (!chain.some((e) => saturated(e, dayOf(c)))) n++;
    }
    if (n > 0) out.set(chain.join('>'), n);
  }
  return out;
}

/** Co-occurrence over all activations at once: B counts for A when A's last activation before it is within W and after B's previous one. */
function pairCountsAtOnce(acts: readonly Act[]): Map<string, number> {
  const out = new Map<string, number>();
  acts.forEach((b, i) => {
    const before = acts.slice(0, i).filter((a) => a.time < b.time);
    const prevB = Math.max(-Infinity, ...before.filter((a) => a.entity === b.entity).map((a) => a.time));
    for (const e of new Set(before.map((a) => a.entity))) {
      if (e === b.entity) continue;
      const p = Math.max(...before.filter((a) => a.entity === e).map((a) => a.time));
      if (b.time - p <= S.coOccurrence.windowMinutes * 60_000 && p > prevB) out.set(`${e}>${b.entity}`, (out.get(`${e}>${b.entity}`) ?? 0) + 1);
    }
  });
  return out;
}

function summed(records: readonly AggregateRecord[]): { chains: Map<string, number>; pairs: Map<string, number> } {
  const chains = new Map<string, number>();
  const pairs = new Map<string, number>();
  for (const r of records) {
    if (r.measurement === 'sequence_daily') {
      for (const [rest, n] of Object.entries(JSON.parse(String(r.fields['chains'])) as Record<string, number>)) {
        const key = `${r.tags['entity_id']}>${rest}`;
        chains.set(key, (chains.get(key) ?? 0) + n);
      }
    }
    if (r.measurement === 'co_occurrence_daily') pairs.set(String(r.tags['device_pair']), (pairs.get(String(r.tags['device_pair'])) ?? 0) + Number(r.fields['support']));
  }
  return { chains, pairs };
}

const sorted = (m: Map<string, number>) => [...m.entries()].sort(([x], [y]) => (x < y ? -1 : 1));

describe('incremental equals full (sequence, co-occurrence)', () => {
  it('summing the days gives the count over all activations at once', () => {
    const tie = { clusters: [{ at: 0, acts: [{ entity: 3, second: 312 }, { entity: 3, second: 612 }, { entity: 4, second: 612 }] }], midnight: [], busyDay: -1 };
    fc.assert(
      fc.property(home, (h) => {
        const { acts, records } = build(h);
        const { chains, pairs } = summed(records);
        assert.deepEqual(sorted(chains), sorted(chainCountsAtOnce(acts)));
        assert.deepEqual(sorted(pairs), sorted(pairCountsAtOnce(acts)));
        // what derive reports is that sum, never more than the first step's activations
        for (const p of sequence.derive(windowOf(records, calendar), { ...S, sequence: { ...S.sequence, minSupport: 1, minConfidence: 0, minLift: 0, maxPValue: 1 } })) {
          assert.equal(p.occurrences, chains.get(p.key));
          assert.ok(p.occurrences <= acts.filter((a) => a.entity === p.deviceId).length);
        }
      }),
      { numRuns: 40, examples: [[tie]] },
    );
  });

  it('finds the planted chains, and only them, in homes of any seed', () => {
    const days = dayKeys('2026-11-02', 14);
    // Seeds that once found more: a rare passer-by before a chain's second step on a few of its
    // runs (light.passingN → step 1 → step 2), or the quarter-hourly hall sensor after its last.
    const once = [110866, 918604, 1156174, 1655071, 1686747, 1837208, 1845127, 2502404, 2668703, 2969625];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const h = noisyHome({ days, seed, chains: 3, background: 12, busyMotion: 1 });
        const found = sequence.derive(windowOf(summarizeDays(h.events, days, calendar, S, [timeBased, sequence]), calendar), S);
        assert.deepEqual(found.map((p) => p.key).sort(), h.chains.map((c) => c.join('>')).sort());
      }),
      { numRuns: 6, examples: once.map((seed): [number] => [seed]) },
    );
  });
});

describe('countChain', () => {
  const t0 = 1_000_000_000;
  const lines = (m: Record<string, number[]>) => new Map(Object.entries(m).map(([k, v]) => [k, v.map((s) => t0 + s * 1000)]));
  it('reads only the chain, and counts a flapping first or last step once', () => {
    assert.deepEqual(countChain(['a', 'b', 'c'], lines({ a: [0, 20], b: [120], c: [240, 300], x: [10, 60, 200] }), W, t0), { count: 1, reached: true });
  });
  it('takes a later middle step when the earlier one leaves the last step too far', () => {
    assert.deepEqual(countChain(['a', 'b', 'c'], lines({ a: [0], b: [60, 240], c: [480] }), W, t0), { count: 1, reached: true });
  });
  it('counts a step exactly W after the one before, not one a millisecond later or at the same instant', () => {
    assert.equal(countChain(['a', 'b'], lines({ a: [0], b: [300] }), W, t0).count, 1);
    assert.equal(countChain(['a', 'b'], new Map([['a', [t0]], ['b', [t0 + W + 1]]]), W, t0).count, 0);
    assert.deepEqual(countChain(['a', 'b'], lines({ a: [0], b: [0] }), W, t0), { count: 0, reached: false });
  });
  it('counts a completion before the day as reached, not as the day\'s', () => {
    assert.deepEqual(countChain(['a', 'b'], lines({ a: [0, 600], b: [60, 660] }), W, t0 + 300_000), { count: 1, reached: true });
    assert.deepEqual(countChain(['a', 'b'], lines({ a: [0], b: [60, 120] }), W, t0 + 100_000), { count: 0, reached: true });
  });
});
