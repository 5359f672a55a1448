import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { transitionOf } from '../events/activity.js';
import { compareEvents, type StateEvent } from '../events/model.js';
import { normalizeStateChanged } from '../events/normalize.js';
import { HomeRegistry } from '../ha/registry.js';
import { Calendar } from '../time/calendar.js';
import { DETECTOR_KINDS, planHome, simulateDays, writeSimulation, type GroundTruth, type SimulationOptions } from './index.js';
import { prepare } from './engine.js';
import { HOME } from './home.js';
import { CoOccurrenceScan } from './plan-home.js';
import { LEAVING_MINUTES, runsWithoutAnyone } from './routines/absence.js';

const BASE: SimulationOptions = { days: 21, eventsPerDay: 2000, seed: 42, lastDay: '2026-11-24' };
const NOW = Date.parse('2026-12-01T00:00:00Z');
const berlin = new Calendar('Europe/Berlin');

function allDays(options: SimulationOptions): { day: string; events: StateEvent[] }[] {
  return [...simulateDays(options)];
}

function digest(days: { day: string; events: StateEvent[] }[]): string {
  const hash = createHash('sha256');
  for (const { day, events } of days) hash.update(day + JSON.stringify(events));
  return hash.digest('hex');
}

/** Local minutes of an entity's activations, per day key. */
function activations(days: { day: string; events: StateEvent[] }[], entityId: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const { day, events } of days) {
    for (const e of events) {
      if (e.entityId === entityId && transitionOf(e.domain, e.oldState, e.state) === 'activation') {
        out.set(day, [...(out.get(day) ?? []), berlin.minuteOfDay(e.time)]);
      }
    }
  }
  return out;
}

const circular = (a: number, b: number): number => Math.min(Math.abs(a - b), 1440 - Math.abs(a - b));

describe('simulateDays', () => {
  const days = allDays(BASE);

  it('is deterministic for a seed, and a different seed makes a different home', () => {
    assert.equal(digest(allDays(BASE)), digest(days));
    assert.notEqual(digest(allDays({ ...BASE, seed: 43 })), digest(days));
  });

  it('yields the requested local days in order, each event inside its day, sorted by compareEvents', () => {
    assert.deepEqual(days.map((d) => d.day), berlin.daysBetween('2026-11-04', '2026-11-24'));
    for (const { day, events } of days) {
      for (let i = 0; i < events.length; i++) {
        assert.equal(berlin.dayKey(events[i]!.time), day);
        if (i > 0) assert.ok(compareEvents(events[i - 1]!, events[i]!) < 0, `${day}: events out of order at ${i}`);
      }
    }
  });

  it('keeps every entity\'s chain: old state is the previous new state, valid ids, one event per entity and millisecond', () => {
    const last = new Map<string, { state: string | null; time: number }>();
    let unavailable = 0;
    let attributeOnly = 0;
    for (const { events } of days) {
      for (const e of events) {
        assert.match(e.entityId, /^[a-z0-9_]+\.[a-z0-9_]+$/);
        const before = last.get(e.entityId);
        assert.equal(e.oldState, before === undefined ? null : before.state, `${e.entityId} at ${new Date(e.time).toISOString()}`);
        if (before !== undefined) assert.ok(e.time > before.time, `${e.entityId}: two events in one millisecond`);
        last.set(e.entityId, { state: e.state, time: e.time });
        if (e.state === 'unavailable' || e.state === 'unknown') unavailable++;
        if (e.state === e.oldState) attributeOnly++;
      }
    }
    assert.ok(unavailable > 0, 'dropouts (unavailable/unknown) happen');
    assert.ok(attributeOnly > 100, 'attribute-only updates happen');
  });

  it('fills each day to eventsPerDay within 10 % (2,000 and 100,000 a day)', () => {
    for (const { events } of days) assert.ok(Math.abs(events.length - 2000) <= 200, `${events.length} events`);
    for (const { events } of simulateDays({ ...BASE, days: 2, eventsPerDay: 100_000 })) {
      assert.ok(Math.abs(events.length - 100_000) <= 10_000, `${events.length} events`);
    }
  });

  it('plants routines that do not depend on eventsPerDay', () => {
    const fewer = allDays({ ...BASE, eventsPerDay: 500 });
    const planted = (d: { events: StateEvent[] }[]) => d.flatMap((x) => x.events.filter((e) => e.domain !== 'sensor').map((e) => `${e.entityId}@${e.time}=${e.state}`));
    assert.deepEqual(planted(fewer), planted(days));
  });

  it('runs the 05:15 irrigation at its minute on ≥ 80 % of days, and the 23:55 dishwasher across midnight', () => {
    const irrigation = activations(days, 'switch.garden_irrigation');
    const onTime = days.filter(({ day }) => (irrigation.get(day) ?? []).some((m) => Math.abs(m - 315) <= 6));
    assert.ok(onTime.length >= 0.8 * days.length, `${onTime.length}/${days.length} days at 05:15`);
    const dishwasher = [...activations(days, 'switch.dishwasher').values()].flat();
    assert.ok(dishwasher.filter((m) => circular(m, 1435) <= 15).length >= 0.8 * (days.length - 1));
    assert.ok(dishwasher.some((m) => m < 60) && dishwasher.some((m) => m > 1400), 'starts fall on both sides of midnight');
  });
});

describe('DST days in Europe/Berlin', () => {
  for (const [day, hours] of [['2026-03-29', 23], ['2026-10-25', 25]] as const) {
    it(`${day} (${hours} h) holds its events and keeps routines on the local clock`, () => {
      const days = allDays({ ...BASE, days: 3, lastDay: berlin.shift(berlin.day(day), 1).key });
      const target = days.find((d) => d.day === day)!;
      const period = berlin.day(day);
      assert.equal(period.end - period.start, hours * 3_600_000);
      assert.ok(target.events.every((e) => e.time >= period.start && e.time < period.end));
      assert.ok(Math.abs(target.events.length - 2000) <= 200);
      const irrigation = activations(days, 'switch.garden_irrigation').get(day);
      const kitchen = activations(days, 'light.kitchen_ceiling').get(day);
      // Sunday: irrigation at 05:15 and breakfast at 09:00 local, after the clocks changed.
      if (irrigation) assert.ok(irrigation.some((m) => Math.abs(m - 315) <= 6), `irrigation at ${irrigation}`);
      if (kitchen) assert.ok(kitchen.some((m) => Math.abs(m - 540) <= 9), `kitchen at ${kitchen}`);
      assert.ok(irrigation || kitchen, 'at least one local-time routine ran that day');
    });
  }
});

describe('writeSimulation', () => {
  let dir = '';
  let file = '';
  let written: Awaited<ReturnType<typeof writeSimulation>>;
  const options: SimulationOptions = { ...BASE, days: 8 };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'homerhythm-sim-'));
    file = join(dir, 'home.jsonl');
    written = await writeSimulation(options, file);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes HA state_changed lines that normalize back to the simulated events, registry-enriched', () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const expected = allDays(options).flatMap((d) => d.events);
    assert.equal(lines.length, expected.length);
    assert.equal(written.events, expected.length);
    const lists = JSON.parse(readFileSync(written.registryFile, 'utf8')) as { entities: unknown; devices: unknown; areas: unknown };
    const registry = HomeRegistry.fromLists(lists);
    lines.forEach((line, i) => {
      const raw = JSON.parse(line) as Record<string, unknown>;
      assert.deepEqual(Object.keys(raw), ['event_type', 'data', 'origin', 'time_fired', 'context']);
      const plain = normalizeStateChanged(raw, { now: NOW });
      assert.ok(plain.ok, `line ${i + 1}: ${plain.ok ? '' : plain.reason}`);
      // the wire carries HA's microseconds (the writer adds some within the millisecond): Layer 1 keeps them
      const { micros, ...toTheMs } = plain.event;
      assert.ok(micros === undefined || (Number.isInteger(micros) && micros > 0 && micros < 1000), `line ${i + 1}: micros ${micros}`);
      assert.deepEqual(toTheMs, { ...expected[i]!, deviceId: null, areaId: null });
      const enriched = normalizeStateChanged(raw, { now: NOW, registry });
      assert.ok(enriched.ok);
      assert.deepEqual({ ...enriched.event, micros: undefined }, { ...expected[i], micros: undefined });
    });
  });

  it('writes full state objects: old_state is the previous new_state, last_changed stays for attribute-only changes', () => {
    const last = new Map<string, unknown>();
    let attributeOnly = 0;
    for (const line of readFileSync(file, 'utf8').trimEnd().split('\n')) {
      const event = JSON.parse(line) as { time_fired: string; data: { entity_id: string; old_state: Record<string, unknown> | null; new_state: Record<string, unknown> } };
      const { entity_id, old_state, new_state } = event.data;
      assert.deepEqual(old_state, last.get(entity_id) ?? null);
      assert.equal(new_state['last_updated'], event.time_fired);
      assert.match(event.time_fired, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
      if (old_state !== null && old_state['state'] === new_state['state']) {
        attributeOnly++;
        assert.equal(new_state['last_changed'], old_state['last_changed']);
        assert.ok(String(new_state['last_changed']) < String(new_state['last_updated']));
      }
      last.set(entity_id, new_state);
    }
    assert.ok(attributeOnly > 0);
  });

  it('writes the same bytes for the same options', async () => {
    const again = join(dir, 'again.jsonl');
    await writeSimulation(options, again);
    assert.ok(readFileSync(again).equals(readFileSync(file)));
    assert.equal(readFileSync(join(dir, 'again.truth.json'), 'utf8'), readFileSync(written.truthFile, 'utf8'));
  });
});

describe('planHome (ground truth)', () => {
  const options: SimulationOptions = { ...BASE, days: 75, eventsPerDay: 0 };
  const truth: GroundTruth = planHome(options);
  const days = allDays(options);

  it('expects at least one pattern of each of the ten kinds, each planted by a routine that says so', () => {
    for (const kind of DETECTOR_KINDS) {
      assert.ok(truth.expected[kind].length >= 1, `no expected ${kind} pattern`);
      const planting = new Set(truth.expected[kind].filter((p) => p.source === 'planted').map((p) => p.routine));
      assert.ok(planting.size >= 1, `nothing planted for ${kind}`);
      assert.deepEqual([...planting].sort(), truth.routines.filter((r) => r.kinds.includes(kind)).map((r) => r.id).sort(), kind);
    }
    assert.equal(truth.first_day, days[0]!.day);
    assert.equal(truth.last_day, '2026-11-24');
    assert.ok(truth.entities.length >= 40 && truth.entities.length <= 80);
  });

  it('expects only co-occurrences the events really hold (P(B | A) ≥ 0.7 within 5 minutes)', () => {
    const scan = new CoOccurrenceScan();
    for (const { events } of days) scan.add(events);
    const seen = new Map(scan.pairs(0).map((p) => [`${p.a}>${p.b}`, p.probability]));
    for (const p of truth.expected.co_occurrence) {
      const probability = seen.get(`${p.a}>${p.b}`) ?? 0;
      assert.ok(probability >= 0.7, `${p.a} → ${p.b}: P = ${probability}`);
    }
  });

  it('plants its anomalies after the first 14 days, where the events show them', () => {
    assert.ok(truth.anomalies.length >= 3);
    const firstAllowed = berlin.shift(berlin.day(truth.first_day), 14).key;
    for (const a of truth.anomalies) {
      assert.ok(a.date >= firstAllowed, `${a.date} is too early`);
      const day = days.find((d) => d.day === a.date)!;
      const minutes = activations([day], a.entity_id).get(a.date) ?? [];
      if (a.kind === 'count_high') assert.ok(minutes.length >= 30, `${minutes.length} activations`);
      if (a.kind === 'hour') assert.ok(minutes.some((m) => m >= 180 && m < 240));
      if (a.kind === 'duration') {
        const on = day.events.find((e) => e.entityId === a.entity_id && e.state === 'on')!;
        const off = day.events.find((e) => e.entityId === a.entity_id && e.state === 'off' && e.time > on.time)!;
        assert.ok(off.time - on.time >= 3.5 * 3_600_000);
      }
    }
  });

  it('describes the planted duration and sequence as the events show them', () => {
    const durations: number[] = [];
    let on: number | null = null;
    const stepGaps: number[] = [];
    const chain = truth.expected.sequence.find((s) => s.source === 'planted' && s.chain.length === 4)!.chain;
    for (const { events } of days) {
      const at = new Map<string, number>();
      for (const e of events) {
        if (e.entityId === 'fan.bathroom' && e.state === 'on') on = e.time;
        if (e.entityId === 'fan.bathroom' && e.state === 'off' && on !== null) {
          durations.push((e.time - on) / 1000);
          on = null;
        }
        if (chain.includes(e.entityId) && transitionOf(e.domain, e.oldState, e.state) === 'activation') at.set(e.entityId, e.time);
      }
      if (chain.every((id) => at.has(id))) for (let i = 1; i < chain.length; i++) stepGaps.push(at.get(chain[i]!)! - at.get(chain[i - 1]!)!);
    }
    const sorted = durations.sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    assert.ok(Math.abs(median - 900) <= 120, `median fan run ${median} s`);
    assert.ok(stepGaps.length >= 20 * 3 && stepGaps.every((g) => g > 0 && g <= 180_000), 'every step within 3 minutes');
  });

  it('matches its registry: effective area is the entity\'s, else its device\'s', () => {
    const areaOf = new Map(truth.entities.map((e) => [e.entity_id, e.area_id]));
    const events = days.flatMap((d) => d.events);
    for (const e of events.slice(0, 5000)) assert.equal(e.areaId, areaOf.get(e.entityId));
    assert.equal(areaOf.get('light.garden_path'), 'garden'); // entity area over its device's (laundry)
    assert.equal(areaOf.get('sensor.outdoor_temperature'), 'garden'); // device without an area
    assert.equal(areaOf.get('light.kitchen_ceiling'), 'kitchen'); // inherited
  });
});

describe('a messy home (SimulationOptions.messy)', () => {
  const options: SimulationOptions = { days: 35, eventsPerDay: 1500, seed: 3, lastDay: '2026-10-31', messy: true };
  const truth = planHome(options);
  const { mess } = prepare(options);
  const days = allDays(options);
  const events = days.flatMap((d) => d.events);
  const of = (entityId: string) => events.filter((e) => e.entityId === entityId);
  const isActivation = (e: StateEvent) => transitionOf(e.domain, e.oldState, e.state) === 'activation';

  /** Share of chain steps (A, then B within 5 min) with another entity activating in between. */
  function steppedIn(list: readonly StateEvent[]): { share: number; steps: number } {
    const activations = list.filter(isActivation);
    let steps = 0;
    let between = 0;
    for (const chain of [['light.bedroom_ceiling', 'light.hallway_ceiling', 'light.bathroom_ceiling', 'fan.bathroom'], ['light.bedroom_bedside', 'media_player.bedroom_speaker', 'humidifier.bedroom']]) {
      for (let s = 1; s < chain.length; s++) {
        for (let i = 0; i < activations.length; i++) {
          const a = activations[i]!;
          if (a.entityId !== chain[s - 1]) continue;
          const j = activations.findIndex((b, k) => k > i && b.entityId === chain[s] && b.time - a.time <= 300_000);
          if (j < 0) continue;
          steps++;
          if (activations.slice(i + 1, j).some((x) => x.entityId !== chain[s - 1] && x.entityId !== chain[s])) between++;
        }
      }
    }
    return { share: between / Math.max(1, steps), steps };
  }

  it('puts an unrelated activation between the steps of its chains (the tidy home keeps them back to back)', () => {
    const messy = steppedIn(events);
    const tidy = steppedIn(allDays({ ...options, messy: false }).flatMap((d) => d.events));
    assert.ok(messy.steps >= 60, `${messy.steps} chain steps`);
    assert.ok(messy.share >= 0.8, `${(messy.share * 100).toFixed(0)} % of steps have something in between`);
    assert.ok(tidy.share < 0.2, `tidy: ${(tidy.share * 100).toFixed(0)} %`);
  });

  it('keeps the home quiet for ≥ 40 h while everybody is away, but for its sensors, sun, weather and thermostat', () => {
    const a = mess!.absence!;
    assert.ok(a.to - a.from >= 40 * 3_600_000);
    const expected = truth.anomalies.find((x) => x.kind === 'home_quiet')!;
    assert.deepEqual([expected.entity_id, expected.date, expected.date_to], ['home', a.date, a.dateTo]);
    const inside = events.filter((e) => e.time >= a.from + LEAVING_MINUTES * 60_000 && e.time < a.to);
    const byOthers = inside.filter((e) => !runsWithoutAnyone(HOME.find((h) => h.id === e.entityId)!));
    assert.deepEqual(byOthers.map((e) => `${e.entityId} ${new Date(e.time).toISOString()} ${e.state}`), []);
    assert.ok(inside.some((e) => e.entityId === 'sensor.fridge_power'), 'the fridge keeps reporting');
    const persons = ['person.anna', 'person.ben'].map((id) => of(id).filter((e) => e.time < a.from + LEAVING_MINUTES * 60_000).at(-1)!.state);
    assert.deepEqual(persons, ['not_home', 'not_home']);
  });

  it('keeps a contact stuck open for 7 days, and a sensor silent for days', () => {
    const stuck = mess!.stuck!;
    assert.equal(stuck.to - stuck.from, 7 * 86_400_000);
    const window = of(stuck.entityId);
    assert.equal(window.filter((e) => e.time <= stuck.from).at(-1)!.state, 'on');
    assert.deepEqual(window.filter((e) => e.time > stuck.from && e.time < stuck.to), []);
    assert.ok(truth.anomalies.some((x) => x.kind === 'stuck' && x.entity_id === stuck.entityId && x.date === stuck.date && x.date_to === stuck.dateTo));
    const silent = mess!.silent!;
    assert.ok(silent.to - silent.from >= 3 * 86_400_000);
    const motion = of(silent.entityId);
    assert.deepEqual(motion.filter((e) => e.time > silent.from && e.time < silent.to), []);
    assert.equal(motion.filter((e) => e.time <= silent.from).at(-1)!.state, silent.how === 'unavailable' ? 'unavailable' : 'off');
    assert.ok(truth.anomalies.some((x) => x.kind === 'silent' && x.entity_id === silent.entityId));
  });

  it('runs a weekday holiday like a weekend, declared in the truth', () => {
    const [holiday] = truth.holidays;
    assert.ok(holiday !== undefined && berlin.weekday(holiday) <= 5, `${holiday}`);
    const day = days.find((d) => d.day === holiday)!;
    const bedroom = (activations([day], 'light.bedroom_ceiling').get(holiday) ?? []).filter((m) => m >= 360 && m < 420);
    assert.deepEqual(bedroom, [], 'nobody gets up at 06:30');
    assert.equal(activations([day], 'light.office_desk').get(holiday), undefined, 'no office day');
  });

  it('fires its motion sensors all day, with a peak at each planted minute on most days', () => {
    const peaks = truth.expected.time_based.filter((p) => p.routine === 'mess');
    assert.equal(peaks.length, 5);
    const busy = new Set(berlin.daysBetween(mess!.absence!.date, mess!.absence!.dateTo));
    for (const p of peaks) {
      const perDay = activations(days, p.entity_id);
      const home = days.filter((d) => !busy.has(d.day));
      const withPeak = home.filter((d) => (perDay.get(d.day) ?? []).filter((m) => circular(m, p.minute_of_day) <= 15).length >= 4);
      assert.ok(withPeak.length >= 0.7 * home.length, `${p.entity_id} @${p.minute_of_day}: ${withPeak.length}/${home.length} days`);
      const hours = new Set([...perDay.values()].flat().map((m) => Math.floor(m / 60)));
      assert.ok(hours.size >= 18, `${p.entity_id} fires in ${hours.size} hours of the day`);
    }
  });

  it('covers a clock change, and leaves the tidy home without any of it', () => {
    assert.ok(truth.dst_days.includes('2026-10-25'));
    assert.equal(truth.messy, true);
    const tidy = planHome({ ...options, messy: false });
    assert.deepEqual([tidy.messy, tidy.holidays, tidy.anomalies.filter((x) => x.date_to !== undefined)], [false, [], []]);
    const tidyEvents = allDays({ ...options, days: 10, messy: false }).flatMap((d) => d.events);
    for (const id of ['binary_sensor.kitchen_motion', 'switch.kettle', 'binary_sensor.garden_gate']) assert.ok(!tidyEvents.some((e) => e.entityId === id), id);
  });
});

describe('the truth comes from the simulator alone', () => {
  it('src/simulate imports nothing from the detectors, the jobs, the storage or the eval', () => {
    const dir = new URL('.', import.meta.url);
    const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    assert.ok(files.length >= 20);
    for (const f of files) {
      const source = readFileSync(new URL(f, dir), 'utf8');
      for (const m of source.matchAll(/from '([^']+)'/g)) assert.doesNotMatch(m[1]!, /\/(detectors|jobs|storage|eval)\//, `${f} imports ${m[1]}`);
    }
  });
});
