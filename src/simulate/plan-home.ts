/**
 * planHome: the ground truth of a simulation without writing its events. It plans every day (the
 * same planning simulateDays does; numeric readings are left out, they carry no pattern), lets
 * every routine state what it planted and implied, and scans the planned activations for
 * co-occurrences nobody declared. Those are tolerated (lenient precision only): they were found by
 * looking at the data, not derived from how the home was made. All of it happens before, and
 * without, any detector.
 */
import { isActivatable, transitionOf } from '../events/activity.js';
import type { StateEvent } from '../events/model.js';
import type { SimDay } from './clock.js';
import { prepare, planDays, type Simulation } from './engine.js';
import { HOME } from './home.js';
import type { SimulationOptions } from './options.js';
import { Journal } from './plan.js';
import { ROUTINES, type TruthBuilder } from './routines/index.js';
import { inMask, MIN_SUPPORT, round } from './routines/routine.js';
import { Timeline } from './timeline.js';
import { anomalyLevel, backgroundPerHour } from './policy.js';
import { NOISE } from './routines/noise.js';
import { APPLIANCES, MOTION } from './routines/mess.js';
import {
  DETECTOR_KINDS, emptyPatternLists, MATCHING,
  type DayMask, type DetectorKind, type GroundTruth, type PatternByKind, type PatternLists, type ToleratedLists, type ToleratedPattern,
} from './truth.js';

const WINDOW_MS = MATCHING.co_occurrence_window_seconds * 1000;

export function planHome(options: SimulationOptions): GroundTruth {
  const sim = prepare(options);
  const journal = new Journal();
  const timeline = new Timeline();
  const scan = new CoOccurrenceScan();
  for (const plan of planDays(sim, journal)) scan.add(timeline.build(plan.day, plan.changes, plan.dropouts));

  const builder = new Builder(sim, journal);
  for (const routine of ROUTINES) routine.truth(builder);
  for (const a of sim.anomalies) {
    if (anomalyLevel(a) === 'required') builder.expect('anomaly', { source: 'planted', routine: 'anomalies', ...a });
    else builder.allow('anomaly', { source: 'planted', routine: 'anomalies', ...a, note: 'a silence too short against the sensor\'s longest usual gap (policy.ts)' });
  }
  for (const pair of scan.pairs()) builder.tolerate('co_occurrence', { source: 'tolerated', routine: 'scan', ...pair, note: 'seen in the planned activations' });
  tolerateByConstruction(builder);

  const o = sim.options;
  return {
    format: 'homerhythm-truth/1',
    seed: o.seed,
    days: o.days,
    events_per_day: o.eventsPerDay,
    time_zone: o.timeZone,
    first_day: sim.days[0]!.key,
    last_day: sim.days[sim.days.length - 1]!.key,
    latitude: o.latitude,
    longitude: o.longitude,
    matching: MATCHING,
    entities: HOME.map((e) => ({ entity_id: e.id, domain: e.domain, area_id: e.areaId, device_id: e.deviceId, friendly_name: e.name, role: e.role })),
    routines: ROUTINES.filter((r) => o.messy || r.messyOnly !== true).map((r) => ({
      id: r.id, kind: r.kind, kinds: r.kinds ?? (r.kind === 'noise' ? [] : [r.kind]), description: r.description, entities: r.entities, parameters: r.parameters,
      days_occurred: journal.count(`occurred:${r.id}`),
    })),
    messy: o.messy,
    holidays: sim.mess?.holiday === undefined ? [] : [sim.mess.holiday],
    dst_days: sim.days.filter((d) => d.end - d.start !== 24 * 3_600_000).map((d) => d.key),
    anomalies: sim.anomalies,
    ...builder.lists(),
  };
}

/**
 * Patterns every home like this one shows without anyone planting them. A planted or implied
 * co-occurring pair is also a 2-step chain (optional: it follows from the mechanism); a pair only
 * seen in the data is a tolerated chain. Anything done by hand correlating with someone being home
 * or with the day's temperature curve is an excuse, not a mechanism: tolerated (lenient only). The
 * sun gets nothing: a clock routine is not a sun pattern, and the detector must not report it as one.
 */
function tolerateByConstruction(builder: Builder): void {
  for (const p of builder.expectedList('co_occurrence')) {
    builder.allow('sequence', { source: 'implied', routine: p.routine, chain: [p.a, p.b], note: 'a co-occurring pair is also a 2-step chain' });
  }
  for (const p of [...builder.optionalList('co_occurrence'), ...builder.toleratedList('co_occurrence')]) {
    if (p.a !== undefined && p.b !== undefined) {
      const chain = { routine: p.routine, chain: [p.a, p.b], note: 'a co-occurring pair is also a 2-step chain' };
      if (p.source === 'tolerated') builder.tolerate('sequence', { ...chain, source: 'tolerated' });
      else builder.allow('sequence', { ...chain, source: 'implied' });
    }
  }
  for (const entity of HOME) {
    if (!isActivatable(entity.domain)) continue;
    if (entity.role !== 'routine') continue;
    const tolerated = { source: 'tolerated' as const, routine: 'time_of_day', entity_id: entity.id };
    builder.tolerate('contextual', { ...tolerated, context: 'presence', note: 'used when someone is home' });
    builder.tolerate('contextual', { ...tolerated, context: 'temperature', note: 'used at times of day that are colder (or warmer)' });
  }
}

/** What identifies a pattern of a kind: one entry per key, expected winning over tolerated. */
function keyOf(kind: DetectorKind, p: Record<string, unknown>): string {
  const s = (v: unknown): string => JSON.stringify(v ?? null);
  switch (kind) {
    case 'time_based': return `${s(p.entity_id)}@${s(p.minute_of_day)}/${s(p.days)}`;
    case 'co_occurrence': return `${s(p.a)}>${s(p.b)}`;
    case 'sequence': return s(p.chain);
    case 'room_based': return s(p.area_id);
    case 'duration': return s(p.entity_id);
    case 'anomaly': return `${s(p.date)}/${s(p.entity_id)}/${s(p.kind)}`;
    case 'session': return `${s(p.days)}@${s(p.start_minute)}/${s(p.areas)}`;
    // one entry per aspect: an implied amount difference leaves the entity's other aspect tolerated
    case 'day_type': return `${s(p.entity_id)}/${s(p.aspect)}`;
    case 'contextual': return `${s(p.entity_id)}/${s(p.context)}`;
    case 'seasonal': return `${s(p.entity_id)}/${s(p.aspect)}`;
  }
}

class Builder implements TruthBuilder {
  private readonly expected: PatternLists = emptyPatternLists();
  private readonly optional: ToleratedLists = emptyPatternLists();
  private readonly tolerated: ToleratedLists = emptyPatternLists();
  private readonly expectedKeys = new Set<string>();
  private readonly optionalKeys = new Set<string>();
  private readonly toleratedKeys = new Set<string>();
  readonly days: readonly SimDay[];
  readonly context;
  readonly clock;
  readonly mess;

  constructor(sim: Simulation, readonly journal: Journal) {
    this.days = sim.days;
    this.context = sim.context;
    this.clock = sim.clock;
    this.mess = sim.mess;
  }

  expect<K extends DetectorKind>(kind: K, pattern: PatternByKind[K]): void {
    const key = `${kind}:${keyOf(kind, pattern as unknown as Record<string, unknown>)}`;
    if (this.expectedKeys.has(key)) return;
    this.expectedKeys.add(key);
    (this.expected[kind] as unknown as PatternByKind[K][]).push(pattern);
  }

  allow<K extends DetectorKind>(kind: K, pattern: ToleratedPattern<K>): void {
    const key = `${kind}:${keyOf(kind, pattern as unknown as Record<string, unknown>)}`;
    if (this.optionalKeys.has(key)) return;
    this.optionalKeys.add(key);
    (this.optional[kind] as unknown as ToleratedPattern<K>[]).push(pattern);
  }

  tolerate<K extends DetectorKind>(kind: K, pattern: ToleratedPattern<K>): void {
    const key = `${kind}:${keyOf(kind, pattern as unknown as Record<string, unknown>)}`;
    if (this.toleratedKeys.has(key)) return;
    this.toleratedKeys.add(key);
    (this.tolerated[kind] as unknown as ToleratedPattern<K>[]).push(pattern);
  }

  /** Planted with too little evidence: still the mechanism's, so optional (not merely tolerated). */
  expectIf<K extends DetectorKind>(enough: boolean, kind: K, pattern: PatternByKind[K]): void {
    if (enough) this.expect(kind, pattern);
    else this.allow(kind, { ...pattern, note: 'too little evidence in the simulated days' } as ToleratedPattern<K>);
  }

  optionalList<K extends DetectorKind>(kind: K): readonly ToleratedPattern<K>[] {
    return this.optional[kind] as unknown as ToleratedPattern<K>[];
  }

  expectedList<K extends DetectorKind>(kind: K): readonly PatternByKind[K][] {
    return this.expected[kind] as unknown as PatternByKind[K][];
  }

  toleratedList<K extends DetectorKind>(kind: K): readonly ToleratedPattern<K>[] {
    return this.tolerated[kind] as unknown as ToleratedPattern<K>[];
  }

  background(daytime: boolean): number {
    return backgroundPerHour(NOISE, this.mess === null ? null : { MOTION, APPLIANCES }, daytime);
  }

  countDays(mask: DayMask): number {
    return this.days.filter((d) => inMask(d, mask)).length;
  }

  /** The lists, each entry once: expected wins over optional, optional over tolerated. */
  lists(): Pick<GroundTruth, 'expected' | 'optional' | 'tolerated'> {
    const optional: ToleratedLists = emptyPatternLists();
    const tolerated: ToleratedLists = emptyPatternLists();
    for (const kind of DETECTOR_KINDS) {
      const key = (p: Record<string, unknown>) => `${kind}:${keyOf(kind, p)}`;
      const allowed = (this.optional[kind] as unknown as Record<string, unknown>[]).filter((p) => !this.expectedKeys.has(key(p)));
      const excused = (this.tolerated[kind] as unknown as Record<string, unknown>[]).filter((p) => !this.expectedKeys.has(key(p)) && !this.optionalKeys.has(key(p)));
      (optional[kind] as unknown[]).push(...allowed);
      (tolerated[kind] as unknown[]).push(...excused);
    }
    return { expected: this.expected, optional, tolerated };
  }
}

/**
 * Ordered pairs (A, B) where B activates within 5 minutes after A, counted once per activation
 * of A, from the events themselves (activations as activity.ts defines them).
 */
export class CoOccurrenceScan {
  private readonly last = new Map<string, string | null>();
  private readonly activations: { entity: string; time: number }[] = [];

  add(events: readonly StateEvent[]): void {
    for (const e of events) {
      if (e.state === 'unavailable' || e.state === 'unknown') continue;
      const before = this.last.has(e.entityId) ? this.last.get(e.entityId)! : null;
      if (transitionOf(e.domain, before, e.state) === 'activation') this.activations.push({ entity: e.entityId, time: e.time });
      this.last.set(e.entityId, e.state);
    }
  }

  /** Pairs with support ≥ 5 and P(B | A) ≥ 0.5. */
  pairs(minProbability = 0.5): { a: string; b: string; probability: number; support: number; typical_lag_seconds: number }[] {
    const counts = new Map<string, number>();
    const following = new Map<string, { n: number; lag: number }>();
    const list = this.activations;
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      counts.set(a.entity, (counts.get(a.entity) ?? 0) + 1);
      const seen = new Set<string>();
      for (let j = i + 1; j < list.length && list[j]!.time - a.time <= WINDOW_MS; j++) {
        const b = list[j]!;
        if (b.entity === a.entity || seen.has(b.entity) || b.time === a.time) continue;
        seen.add(b.entity);
        const key = `${a.entity}\u0000${b.entity}`;
        const f = following.get(key) ?? { n: 0, lag: 0 };
        f.n += 1;
        f.lag += (b.time - a.time) / 1000;
        following.set(key, f);
      }
    }
    const out: { a: string; b: string; probability: number; support: number; typical_lag_seconds: number }[] = [];
    for (const [key, f] of following) {
      const [a, b] = key.split('\u0000') as [string, string];
      const probability = f.n / counts.get(a)!;
      if (f.n >= MIN_SUPPORT && probability >= minProbability) out.push({ a, b, probability: round(probability, 3), support: f.n, typical_lag_seconds: Math.round(f.lag / f.n) });
    }
    return out.sort((x, y) => (x.a + x.b < y.a + y.b ? -1 : 1));
  }
}
