import { it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_DETECTOR_SETTINGS } from '../detectors/settings.js';
import type { StateEvent } from '../events/model.js';
import { simulateDays } from '../simulate/index.js';
import { type BackendKind, forEachBackend, openTestStorage } from '../testing/backends.js';
import { type AggregateRecord, BUCKETS, type PatternUpsert } from '../storage/types.js';
import { Calendar } from '../time/calendar.js';
import { runDailyJob } from './daily.js';
import { recompute } from './recompute.js';
import { tempDirs } from '../testing/temp.js';

const tempDir = tempDirs('daily');
const store = (kind: BackendKind) => openTestStorage(kind, tempDir());

const settings = { ...DEFAULT_DETECTOR_SETTINGS, windowDays: 10 };

function simulated(seed: number, days: number, eventsPerDay: number) {
  const options = { seed, days, eventsPerDay, timeZone: 'Europe/Berlin', lastDay: '2026-10-27' };
  const out: { day: string; events: StateEvent[] }[] = [...simulateDays(options)];
  return { days: out.map((d) => d.day), events: out.flatMap((d) => d.events) };
}

/** A record as text, keys in order (a backend need not keep the order tags and fields were written in). */
const canonical = (r: AggregateRecord) => JSON.stringify([r.measurement, r.period, r.time, Object.entries(r.tags).sort(), Object.entries(r.fields).sort()]);

/** A pattern as content: what must be equal between the two paths. */
const content = (ps: readonly PatternUpsert[]) =>
  ps.map((p) => JSON.stringify([p.patternType, p.deviceId, p.key, p.confidence, p.occurrences, p.lastSeen, p.metadata])).sort();

forEachBackend('daily job', (kind) => {
  const calendar = new Calendar('Europe/Berlin');

  it('finds patterns on a simulated home and re-running a day replaces its outputs', async () => {
    const { days, events } = simulated(3, 10, 800);
    const storage = await store(kind);
    await storage.events.append(events);
    let last;
    for (const day of days) last = await runDailyJob(storage, calendar, day, settings);
    assert.equal(last!.status, 'success');
    assert.ok(last!.patterns.some((p) => p.patternType === 'time_based'), 'a simulated home has time routines');
    const before = await storage.aggregates.query({ bucket: BUCKETS.daily, periods: [days[5]!] });
    const patternsBefore = storage.patterns.count();
    await runDailyJob(storage, calendar, days[5]!, settings);
    assert.deepEqual(await storage.aggregates.query({ bucket: BUCKETS.daily, periods: [days[5]!] }), before);
    assert.equal(storage.patterns.count(), patternsBefore, 'upsert, not duplicate');
    assert.equal(storage.runs.list({ job: 'daily', period: days[5] }).length, 2);
    await storage.close();
  });

  it('fails visibly when its commit fails, leaving the day as it was', async () => {
    const { days, events } = simulated(4, 3, 500);
    const storage = await store(kind);
    await storage.events.append(events);
    await runDailyJob(storage, calendar, days[0]!, settings);
    const before = await storage.aggregates.query({ bucket: BUCKETS.daily, periods: [days[1]!] });
    const commit = storage.commitJob.bind(storage);
    storage.commitJob = async () => {
      throw new Error('disk I/O error');
    };
    await assert.rejects(runDailyJob(storage, calendar, days[1]!, settings), /disk I\/O error/);
    storage.commitJob = commit;
    const run = storage.runs.list({ job: 'daily', period: days[1] })[0]!;
    assert.equal(run.status, 'failed');
    assert.match(run.error!, /disk I\/O error/);
    assert.deepEqual(await storage.aggregates.query({ bucket: BUCKETS.daily, periods: [days[1]!] }), before);
    await storage.close();
  });

  it('incremental equals full: daily jobs over N days give the patterns recompute gives, for any arrival order and batch split', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 4, max: 8 }), fc.integer({ min: kind === 'sqlite' ? 1 : 100, max: 2000 }), fc.integer(), async (seed, nDays, batch, shuffleSeed) => {
        const { days, events } = simulated(seed, nDays, 400);
        const shuffled = fc.sample(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), { seed: shuffleSeed, numRuns: 1 })[0]!;
        const incremental = await store(kind);
        for (let i = 0; i < shuffled.length; i += batch) await incremental.events.append(shuffled.slice(i, i + batch));
        await incremental.events.append(shuffled.slice(0, batch)); // a replayed batch changes nothing
        let last;
        for (const day of days) last = await runDailyJob(incremental, calendar, day, { ...settings, windowDays: nDays });
        const full = await store(kind);
        await full.events.append(events);
        const result = await recompute(full, calendar, days[days.length - 1]!, nDays, { ...settings, windowDays: nDays });
        // counts and sums are exact: the records of every day are identical too
        const stored = await incremental.aggregates.query({ bucket: BUCKETS.daily });
        assert.deepEqual(content(last!.derived), content(result.patterns));
        // Both paths find what the simulator planted, so a detector left out of both fails here:
        // the garden irrigation's 20-minute runs are a typical on-time once it ran often enough.
        const runs = events.filter((e) => e.entityId === 'switch.garden_irrigation' && e.state === 'on').length;
        if (runs >= settings.duration.minIntervals) assert.ok(last!.derived.some((p) => p.patternType === 'duration' && p.deviceId === 'switch.garden_irrigation'), 'the irrigation on-time');
        assert.deepEqual(stored.map(canonical).sort(), result.records.map(canonical).sort());
        await incremental.close();
        await full.close();
      }),
      // InfluxDB answers over HTTP: fewer runs (batches of 100+) keep the suite fast
      { numRuns: kind === 'sqlite' ? 6 : 2 },
    );
  });
});
