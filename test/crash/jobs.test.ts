/**
 * SIGKILL inside the jobs' dangerous moments, through the real CLI: a daily job's commit (inside
 * its transaction), `migrate` mid-backfill, retention mid-delete. Each time the store opens
 * cleanly (integrity_check), the interrupted run is visible, and after the restart the layers are
 * the same as those of an uninterrupted run on a copy of the same store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fillSimulatedStore, SIM_NOW } from '../../src/testing/simulated-store.js';
import { killAt, runCli } from './cli.js';
import { inspect, integrity, workspace } from './store.js';

const DAY = 86_400_000;
const ws = workspace('jobs');
after(() => ws.cleanup());
const dataDir = (dir: string) => ['--data-dir', dir];
const ok = (dir: string) => assert.deepEqual(Object.values(integrity(dir)), ['ok', 'ok'], `integrity of ${dir}`);

describe('crash safety of the jobs (SIGKILL)', () => {
  let days: readonly string[] = [];
  const base = ws.path('base');
  before(async () => {
    ({ days } = await fillSimulatedStore(base, { days: 10, eventsPerDay: 400 }));
  });

  it('during a daily job\'s commit: nothing of that day is half-written; re-running gives the uninterrupted result', { timeout: 60_000 }, async (t) => {
    const [first, last] = [days[0]!, days.at(-1)!];
    const whole = ws.copy(base, 'daily-whole');
    const killed = ws.copy(base, 'daily-killed');
    await runCli(['run', 'daily', '--from', first, '--to', last, ...dataDir(whole)]);
    // Killed inside the 5th day's commit transaction (its Layer 2 and patterns written, not committed).
    await killAt('job-commit:5', ['run', 'daily', '--from', first, '--to', last, ...dataDir(killed)]);
    ok(killed);
    const cut = await inspect(killed);
    const daily = cut.runs.filter((r) => r.job === 'daily');
    assert.deepEqual(daily.map((r) => r.status), ['running', 'success', 'success', 'success', 'success'], 'four committed, the fifth visible as running');
    assert.ok(cut.digest.counts.daily > 0);
    const fifth = daily[0]!.period;
    assert.equal(fifth, days[4]);
    // restart: the days that did not complete
    await runCli(['run', 'daily', '--from', fifth, '--to', last, ...dataDir(killed)]);
    ok(killed);
    const [a, b] = [await inspect(whole), await inspect(killed)];
    assert.deepEqual(b.digest, a.digest, 'Layers 1–4 as after the uninterrupted run');
    const interrupted = b.runs.filter((r) => r.period === fifth);
    assert.deepEqual(interrupted.map((r) => r.status), ['success', 'failed']);
    assert.match(interrupted[1]!.error!, /interrupted/);
    t.diagnostic(`${days.length} days, killed in day 5's commit (4 committed); after the restart ${b.digest.counts.daily} daily, ${b.digest.counts.weekly} weekly records, ${b.digest.counts.patterns} patterns, ${b.digest.counts.events} events = uninterrupted`);
  });

  it('during retention, mid-delete: the rest is deleted on the next run, the same as one uninterrupted run', { timeout: 60_000 }, async (t) => {
    const now = new Date(SIM_NOW).toISOString();
    const whole = ws.copy(base, 'retention-whole');
    const killed = ws.copy(base, 'retention-killed');
    const events = (await inspect(base)).digest.counts.events;
    await runCli(['retention', '--now', now, ...dataDir(whole)]);
    const kept = (await inspect(whole)).digest.counts.events;
    assert.ok(kept < events, 'retention removes something');
    // 10 days of events, raw retention 7: about 3 days (72 one-hour deletes) go; killed after 30.
    await killAt('retention-delete:30', ['retention', '--now', now, ...dataDir(killed)]);
    ok(killed);
    const cut = await inspect(killed);
    assert.ok(cut.digest.counts.events < events && cut.digest.counts.events > kept, `half done: ${cut.digest.counts.events} between ${kept} and ${events}`);
    assert.equal(cut.runs[0]!.status, 'running');
    await runCli(['retention', '--now', now, ...dataDir(killed)]);
    ok(killed);
    const [a, b] = [await inspect(whole), await inspect(killed)];
    assert.deepEqual(b.digest, a.digest);
    assert.equal(b.runs[0]!.status, 'success');
    assert.equal(b.runs[0]!.counts['raw_cutoff'], SIM_NOW - 7 * DAY, 'catch-up sees the cutoff');
    t.diagnostic(`${events} events; killed after 30 one-hour deletes with ${cut.digest.counts.events} left; after the next run ${b.digest.counts.events} = uninterrupted ${kept}`);
  });
});

describe('crash safety of migrate (SIGKILL mid-backfill)', () => {
  const base = ws.path('migrate-base');
  const at = ['--now', new Date(SIM_NOW).toISOString()];
  let days: readonly string[] = [];
  before(async () => {
    // 12 days ending the day before SIM_NOW, no layers yet: the old setup. migrate gets SIM_NOW as its
    // clock, so the test does not depend on the hour it runs at.
    ({ days } = await fillSimulatedStore(base, { days: 12, eventsPerDay: 300 }));
  });

  it('resumes where it was killed: finished days are skipped; the layers equal an uninterrupted migration', { timeout: 90_000 }, async (t) => {
    const whole = ws.copy(base, 'migrate-whole');
    const killed = ws.copy(base, 'migrate-killed');
    await runCli(['migrate', ...at, ...dataDir(whole)]);
    await killAt('job-commit:4', ['migrate', ...at, ...dataDir(killed)]);
    ok(killed);
    const cut = await inspect(killed);
    assert.deepEqual(cut.runs.filter((r) => r.job === 'daily').map((r) => r.status), ['running', 'success', 'success', 'success']);
    assert.equal(cut.digest.counts.events, (await inspect(base)).digest.counts.events, 'raw events kept until verified');
    await runCli(['migrate', ...at, ...dataDir(killed)]);
    ok(killed);
    const [a, b] = [await inspect(whole), await inspect(killed)];
    assert.equal(a.digest.counts.events, (await inspect(base, { eventsFrom: SIM_NOW - 7 * DAY })).digest.counts.events, 'raw events lowered to the 7 days before --now');
    assert.deepEqual(b.digest, a.digest, 'Layers 1–4 as after the uninterrupted migration');
    const dailyRuns = b.runs.filter((r) => r.job === 'daily');
    assert.equal(dailyRuns.length, days.length + 1, 'each day ran once, the interrupted one twice');
    assert.equal(dailyRuns.filter((r) => r.status === 'failed').length, 1);
    assert.ok(b.runs.some((r) => r.job === 'retention' && r.status === 'success'));
    t.diagnostic(`${days.length} days, killed in the 4th day's commit; resumed: ${dailyRuns.length} daily runs (1 interrupted); ${b.digest.counts.daily} daily, ${b.digest.counts.weekly} weekly records, ${b.digest.counts.patterns} patterns = uninterrupted`);
  });
});
