/**
 * The simulation loop: one local day at a time, every routine plans its changes, the timeline
 * makes valid events of them, and the numeric sensors fill the day up to eventsPerDay. planHome
 * runs the same planning without events, which is why the truth it writes matches the events.
 */
import type { StateEvent } from '../events/model.js';
import { compareEvents } from '../events/model.js';
import { LocalClock, type SimDay } from './clock.js';
import { HomeContext } from './context.js';
import { NumericFiller } from './filler.js';
import { resolveOptions, type ResolvedOptions, type SimulationOptions } from './options.js';
import { DayPlan, Journal } from './plan.js';
import { Random } from './random.js';
import { planMess, type MessPlan } from './mess.js';
import { planAnomalies, ROUTINES } from './routines/index.js';
import { Timeline } from './timeline.js';
import type { TruthAnomaly } from './truth.js';

export interface Simulation {
  readonly options: ResolvedOptions;
  readonly clock: LocalClock;
  readonly context: HomeContext;
  readonly days: readonly SimDay[];
  readonly anomalies: readonly TruthAnomaly[];
  /** The messy home's episodes and holiday; null for a tidy home. */
  readonly mess: MessPlan | null;
}

export function prepare(options: SimulationOptions): Simulation {
  const resolved = resolveOptions(options);
  const clock = new LocalClock(resolved.timeZone);
  const context = new HomeContext(resolved.seed, resolved.latitude, resolved.longitude, clock);
  const planned = clock.days(resolved.lastDay, resolved.days);
  const mess = resolved.messy ? planMess(resolved.seed, planned, clock) : null;
  // A holiday is a weekday the routines see as a weekend: nobody gets up for work.
  const days = planned.map((d) => (d.key === mess?.holiday ? { ...d, weekend: true } : d));
  return { options: resolved, clock, context, days, mess, anomalies: planAnomalies(resolved.seed, days, mess) };
}

/** Each day's plan, in order; routines keep their memory (weather, thermostat) across days. */
export function* planDays(sim: Simulation, journal: Journal): Generator<DayPlan> {
  const routines = ROUTINES.map((module) => module.create());
  const byDate = new Map<string, Map<string, TruthAnomaly['kind']>>();
  for (const a of sim.anomalies.filter((x) => x.date_to === undefined)) {
    const day = byDate.get(a.date) ?? new Map<string, TruthAnomaly['kind']>();
    day.set(a.entity_id, a.kind);
    byDate.set(a.date, day);
  }
  for (const day of sim.days) {
    const plan = new DayPlan(sim.options.seed, day, sim.clock, sim.context, journal, byDate.get(day.key) ?? new Map(), sim.mess);
    for (const routine of routines) routine.plan(plan);
    yield plan;
  }
}

export function* simulateDays(options: SimulationOptions): Generator<{ day: string; events: StateEvent[] }> {
  const sim = prepare(options);
  const timeline = new Timeline();
  const filler = new NumericFiller();
  for (const plan of planDays(sim, new Journal())) {
    const planned = timeline.build(plan.day, plan.changes, plan.dropouts);
    const fill = Math.max(0, sim.options.eventsPerDay - planned.length);
    const readings = filler.fill(plan.day, fill, Random.stream(sim.options.seed, plan.day.key, 'numeric'));
    yield { day: plan.day.key, events: merge(planned, readings) };
  }
}

/** Merges two lists sorted by compareEvents. */
function merge(a: readonly StateEvent[], b: readonly StateEvent[]): StateEvent[] {
  if (a.length === 0) return b as StateEvent[];
  const out = new Array<StateEvent>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compareEvents(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
