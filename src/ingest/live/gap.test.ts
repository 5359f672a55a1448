import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Command, CompressedState, HistoryDuringPeriodResult } from '../../ha/types.js';
import { SqliteEventStore } from '../../storage/sqlite/events.js';
import { tempDirs } from '../../testing/temp.js';
import { FILL_ATTEMPTS, type FilledSpan, GapKeeper, type GapKeeperOptions } from './gap.js';
import { GapMarker } from './gap-marker.js';
import { createIngestMetrics } from './metrics.js';

const tempDir = tempDirs('gap');
// The keeper's waits are unref'd (a stop must not hold the process): keep the test process alive for them.
const alive = setInterval(() => {}, 1_000);
after(() => clearInterval(alive));
const ENTITIES = ['light.a', 'light.b', 'light.c'];

interface Logged {
  readonly level: string;
  readonly msg: string;
  readonly obj: Record<string, unknown>;
}

/** A marker on disk that refuses writes while `full` (a full disk). */
class DiskMarker extends GapMarker {
  full = false;
  writes = 0;
  override set(since: number): void {
    if (this.full) throw new Error('ENOSPC: no space left on device');
    this.writes++;
    super.set(since);
  }
}

/**
 * A GapKeeper over a real Layer 1 (SQLite in memory) and a recorder double answering get_states
 * and history/history_during_period from `recorded`; `onHistory` runs inside each history request.
 */
function keeper(options: Partial<GapKeeperOptions> & { gapFill?: GapKeeperOptions['gapFill'] } = {}) {
  const recorded = new Map<string, CompressedState[]>(ENTITIES.map((id) => [id, []]));
  const requests: { start: number; end: number | undefined; entityIds: string[] }[] = [];
  const logs: Logged[] = [];
  const marker = new DiskMarker(join(tempDir(), 'ingest-gap.json'));
  const events = new SqliteEventStore(':memory:', 7);
  let failHistory = 0;
  let onHistory: (() => void) | undefined;
  // HA's recorder holds states from this time on (purge_keep_days): start states only from then.
  const reach = { since: Number.NEGATIVE_INFINITY };
  const filled: FilledSpan[] = [];
  const metrics = createIngestMetrics({ queued: () => 0, connected: () => true, lastEventTime: () => null, perSecond: () => 0 });
  const log = Object.fromEntries(['debug', 'info', 'warn', 'error'].map((level) => [level, (obj: Record<string, unknown>, msg: string) => logs.push({ level, msg, obj })])) as never;
  const gap = new GapKeeper(
    {
      marker,
      events,
      flushLive: async () => {},
      command: async <T>(message: Command): Promise<T> => {
        const m = message as Record<string, unknown>;
        if (m['type'] === 'get_states') return ENTITIES.slice(0, 2).map((entity_id) => ({ entity_id, state: 'off' })) as T;
        assert.equal(m['type'], 'history/history_during_period');
        const start = Date.parse(m['start_time'] as string);
        const end = typeof m['end_time'] === 'string' ? Date.parse(m['end_time']) : undefined;
        const entityIds = m['entity_ids'] as string[];
        requests.push({ start, end, entityIds });
        onHistory?.();
        if (failHistory > 0) {
          failHistory--;
          throw new Error('history not loaded yet');
        }
        const result: Record<string, CompressedState[]> = {};
        const held = (id: string) => (recorded.get(id) ?? []).filter((s) => s.lu * 1000 >= reach.since);
        for (const id of entityIds) result[id] = held(id).filter((s) => s.lu * 1000 > start && (end === undefined || s.lu * 1000 < end));
        // as HA: with include_start_time_state, the state at the start, stamped with it, when the recorder reaches back there
        if (m['include_start_time_state'] === true && start >= reach.since) for (const id of entityIds) result[id]!.unshift({ s: 'off', lu: start / 1000 });
        return result as HistoryDuringPeriodResult as T;
      },
      registry: { lookup: (id) => (id === 'light.a' ? { deviceId: 'lamp', areaId: 'hall' } : undefined), entityIds: () => ENTITIES },
      keep: () => true,
      metrics,
      log,
      onFilled: (span) => filled.push(span),
    },
    { marginMs: 1_000, recorderCommitWaitMs: 0, retryMs: 1, gapFill: { entitiesPerRequest: 1 }, ...options },
  );
  return {
    gap,
    marker,
    filled,
    /** HA's recorder purges what is older than `time`. */
    purgeBefore(time: number) {
      reach.since = time;
    },
    events,
    requests,
    logs,
    metrics,
    /** HA records a state of `entityId` at `time`. */
    record(entityId: string, time: number, state = 'on') {
      recorded.get(entityId)!.push({ s: state, a: { n: time }, lu: time / 1000 });
    },
    failNextHistory(times: number) {
      failHistory = times;
    },
    duringHistory(fn: (() => void) | undefined) {
      onHistory = fn;
    },
    async stored(): Promise<string[]> {
      const out: string[] = [];
      for await (const page of events.read({ start: 0, end: Date.now() + 1 })) out.push(...page.map((e) => `${e.entityId}@${e.time}`));
      return out.sort();
    },
    async counted(name: 'stored' | 'duplicates', source: string): Promise<number> {
      return (await metrics[name].get()).values.find((v) => v.labels['source'] === source)?.value ?? 0;
    },
    async fills(result: 'ok' | 'failed'): Promise<number> {
      return (await metrics.gapFills.get()).values.find((v) => v.labels['result'] === result)?.value ?? 0;
    },
  };
}

const T = Date.now() - 3_600_000;

describe('GapKeeper.markLoss', () => {
  it('keeps the loss window from before the first lost event to the last, whatever their order', () => {
    const k = keeper();
    assert.equal(k.gap.lossStart, null);
    assert.equal(k.gap.lossWindow, null);
    k.gap.markLoss(T + 5_000);
    assert.equal(k.gap.lossStart, T + 4_999);
    assert.equal(k.marker.read(), T + 4_999);
    k.gap.markLoss(T + 9_000);
    k.gap.markLoss(T + 2_000);
    k.gap.markLoss(T + 7_000);
    assert.deepEqual(k.gap.lossWindow, { since: T + 1_999, until: T + 9_000 });
    assert.equal(k.gap.lossStart, T + 1_999);
    assert.equal(k.marker.read(), T + 1_999, 'the marker follows an earlier loss');
    assert.equal(k.marker.writes, 2, 'written only when the loss starts earlier');
    k.gap.markLoss(T + 2_000);
    assert.equal(k.marker.writes, 2, 'not again for a loss at the same time');
  });

  it('leaves a marker that already starts there alone', () => {
    const k = keeper();
    k.marker.set(T + 999);
    k.gap.markLoss(T + 1_000);
    assert.equal(k.marker.writes, 1);
    assert.equal(k.gap.lossStart, T + 999);
  });

  it('never moves an earlier marker (a gap still open from a reconnect) later', () => {
    const k = keeper();
    k.marker.set(T);
    k.gap.markLoss(T + 5_000);
    assert.equal(k.marker.read(), T);
    assert.equal(k.gap.lossStart, T + 4_999);
  });

  it('keeps the loss in memory when the disk refuses the marker, and writes it once the disk takes it', () => {
    const k = keeper();
    k.marker.full = true;
    k.gap.markLoss(T + 3_000);
    k.gap.markLoss(T + 4_000);
    assert.equal(k.marker.read(), null);
    assert.equal(k.gap.lossStart, T + 2_999, 'the first loss is kept although no marker was written');
    const errors = k.logs.filter((l) => l.level === 'error');
    assert.equal(errors.length, 2, 'each refused write is logged');
    assert.match(errors[0]!.msg, /cannot write the gap marker/);
    assert.match(String(errors[0]!.obj['err']), /ENOSPC/);
    k.marker.full = false;
    k.gap.markLoss(T + 6_000);
    assert.equal(k.marker.read(), T + 2_999, 'the marker starts at the first loss, not at the one that found the disk writable');
  });
});

describe('GapKeeper.open', () => {
  it('is null with nothing stored, no marker and no loss', async () => {
    const k = keeper();
    assert.equal(await k.gap.open(), null);
    assert.equal(k.marker.read(), null);
  });

  it('starts at the earliest of marker, loss and newest stored event, and writes it as the marker', async () => {
    const k = keeper();
    await k.events.append([{ time: T + 10_000, entityId: 'light.a', domain: 'light', state: 'on', oldState: null, attributes: {}, deviceId: null, areaId: null, cause: 'system' }]);
    assert.equal(await k.gap.open(), T + 10_000);
    assert.equal(k.marker.read(), T + 10_000);
    k.gap.markLoss(T + 8_000);
    assert.equal(await k.gap.open(), T + 7_999);
    k.marker.set(T + 1_000);
    const writes = k.marker.writes;
    assert.equal(await k.gap.open(), T + 1_000);
    assert.equal(k.marker.read(), T + 1_000);
    assert.equal(k.marker.writes, writes, 'a marker that is right is not written again');
  });

  it('never starts in the future, whatever the newest stored event says', async () => {
    const k = keeper();
    const future = Date.now() + 86_400_000;
    await k.events.append([{ time: future, entityId: 'light.a', domain: 'light', state: 'on', oldState: null, attributes: {}, deviceId: null, areaId: null, cause: 'system' }]);
    const before = Date.now();
    const since = (await k.gap.open())!;
    assert.ok(since >= before && since <= Date.now(), `${since} is now, not ${future}`);
  });
});

describe('GapKeeper.fill', () => {
  it('stores what HA recorded from a margin before the gap, then removes the marker', async () => {
    const k = keeper();
    k.record('light.a', T + 500);
    k.record('light.b', T + 2_000);
    k.record('light.c', T - 5_000); // before the margin
    k.marker.set(T + 1_000);
    await k.events.append([{ time: T + 2_000, entityId: 'light.b', domain: 'light', state: 'on', oldState: null, attributes: {}, deviceId: null, areaId: null, cause: 'system' }]);
    const states: string[] = [];
    k.duringHistory(() => states.push(k.gap.state));
    assert.equal(k.gap.state, 'none');
    await k.gap.fill(T + 1_000, () => true);
    assert.deepEqual(states, ['running', 'running', 'running']);
    assert.deepEqual(await k.stored(), [`light.a@${T + 500}`, `light.b@${T + 2_000}`]);
    const lamp = (await k.events.lastBefore(T + 501, 10_000, ['light.a'])).get('light.a');
    assert.deepEqual([lamp?.deviceId, lamp?.areaId], ['lamp', 'hall'], 'tagged from the registry');
    assert.deepEqual([await k.counted('stored', 'history'), await k.counted('duplicates', 'history')], [1, 1]);
    assert.equal(k.requests[0]!.start, T, 'from the margin (1 s) before the gap');
    assert.deepEqual(k.requests.map((r) => r.entityIds).flat().sort(), ENTITIES, 'every entity of the states and the registry, once');
    assert.equal(k.gap.state, 'done');
    assert.equal(k.gap.fillsDone, 1);
    assert.equal(k.gap.last?.inserted, 1);
    assert.equal(k.marker.read(), null);
    assert.equal(existsSync(k.marker.path), false);
    assert.equal(await k.fills('ok'), 1);
    const done = k.logs.find((l) => l.level === 'info' && /gap filled/.test(l.msg));
    assert.equal(done?.obj['stored'], 1);
    assert.equal(done?.obj['already_stored'], 1);
    assert.ok((done?.obj['ms'] as number) >= 0 && (done?.obj['ms'] as number) < 60_000);
  });

  it('reaches back to the gap start beyond Layer 1\'s retention, as far as HA\'s history goes', async () => {
    const k = keeper({ gapFill: { entitiesPerRequest: 3, windowMs: 5 * 86_400_000 } });
    const gapStart = Date.now() - 9 * 86_400_000; // longer ago than Layer 1's 7 days
    k.marker.set(gapStart);
    k.record('light.a', gapStart + 60_000);
    k.record('light.b', gapStart + 8 * 86_400_000);
    await k.gap.fill(gapStart, () => true);
    assert.equal(k.requests[0]!.start, gapStart - 1_000, 'from the margin before the gap, not cut at retention');
    assert.deepEqual(await k.stored(), [`light.a@${gapStart + 60_000}`, `light.b@${gapStart + 8 * 86_400_000}`]);
    assert.equal(k.gap.state, 'done');
    assert.deepEqual([k.gap.last?.complete, k.gap.last?.truncated, k.gap.last?.reached], [true, false, gapStart - 1_000]);
    assert.equal(k.marker.read(), null);
    assert.equal(k.filled.length, 1);
    assert.deepEqual([k.filled[0]!.from, k.filled[0]!.inserted], [gapStart - 1_000, 2], 'the jobs are told from where the days are filled');
    // only the first window asked for start states: once HA answered them, history reaches there
    assert.equal(k.requests.length, 2);
  });

  it('says it is truncated, and where HA\'s history began, when HA purged the gap\'s start', async () => {
    const k = keeper({ gapFill: { entitiesPerRequest: 3, windowMs: 86_400_000 } });
    const gapStart = Date.now() - 12 * 86_400_000;
    const purgedBefore = Date.now() - 10 * 86_400_000; // HA's default purge_keep_days
    k.marker.set(gapStart);
    k.record('light.a', gapStart + 3_600_000); // purged from HA
    k.record('light.a', purgedBefore + 3_600_000);
    k.record('light.b', purgedBefore + 7_200_000);
    k.purgeBefore(purgedBefore);
    await k.gap.fill(gapStart, () => true);
    assert.deepEqual(await k.stored(), [`light.a@${purgedBefore + 3_600_000}`, `light.b@${purgedBefore + 7_200_000}`]);
    const last = k.gap.last!;
    assert.deepEqual([last.finished, last.truncated, last.complete], [true, true, false]);
    assert.equal(last.reached, purgedBefore + 3_600_000, 'the oldest state HA still had');
    assert.equal(k.gap.state, 'truncated');
    assert.equal(k.marker.read(), null, 'asking again cannot bring back what HA purged');
    assert.deepEqual(k.gap.truncated.map((t) => [t.gapStart, t.reached]), [[gapStart, purgedBefore + 3_600_000]]);
    assert.equal(await k.fills('ok'), 0);
    const warned = k.logs.find((l) => l.level === 'warn' && /only in part/.test(l.msg));
    assert.equal(warned?.obj['history_reached'], new Date(purgedBefore + 3_600_000).toISOString());
    assert.deepEqual([k.filled[0]!.from, k.filled[0]!.inserted], [purgedBefore + 3_600_000, 2]);
    // the start states were asked for window by window until HA's recorder reached the window's start
    const probes = k.requests.length;
    assert.ok(probes >= 3, `${probes} requests`);
    // a later fill that HA covers is complete again, and the truncated gap stays listed
    k.marker.set(Date.now() - 60_000);
    await k.gap.fill(Date.now() - 60_000, () => true);
    assert.equal(k.gap.state, 'done');
    assert.equal(k.gap.truncated.length, 1);
  });

  it('a window answered with start states covers the gap even when no state changed in it', async () => {
    const k = keeper();
    k.purgeBefore(T - 60_000);
    await k.gap.fill(T, () => true);
    assert.deepEqual([k.gap.last?.truncated, k.gap.last?.reached, k.gap.state], [false, T - 1_000, 'done']);
    assert.deepEqual(await k.stored(), [], 'start states are no events');
    assert.equal(k.filled.length, 0, 'nothing stored: no days to aggregate again');
  });

  it('is truncated with nothing reached when HA has no history at all', async () => {
    const k = keeper();
    k.purgeBefore(Date.now() + 60_000);
    await k.gap.fill(T, () => true);
    assert.deepEqual([k.gap.last?.truncated, k.gap.last?.reached, k.gap.state], [true, null, 'truncated']);
  });

  it('clears the loss after a complete fill', async () => {
    const k = keeper();
    k.gap.markLoss(T + 1_000);
    k.record('light.a', T + 1_000);
    await k.gap.fill(k.gap.lossStart!, () => true);
    assert.equal(k.gap.lossStart, null);
    assert.equal(k.marker.read(), null);
    assert.deepEqual(await k.stored(), [`light.a@${T + 1_000}`]);
  });

  it('refills an event lost during the fill after its entity was requested: the loss and the marker stay', async () => {
    const k = keeper();
    k.gap.markLoss(T + 1_000);
    k.record('light.a', T + 1_000);
    // While light.b is requested, light.a (already requested) loses another event.
    k.duringHistory(() => {
      if (k.requests.at(-1)!.entityIds[0] !== 'light.b') return;
      k.record('light.a', T + 20_000);
      k.gap.markLoss(T + 20_000);
    });
    await k.gap.fill(k.gap.lossStart!, () => true);
    k.duringHistory(undefined);
    assert.deepEqual(await k.stored(), [`light.a@${T + 1_000}`], 'the first fill could not see it');
    assert.deepEqual(k.gap.lossWindow, { since: T + 19_999, until: T + 20_000 }, 'only what was lost during the fill is left');
    assert.equal(k.marker.read(), T + 19_999, 'a restart fills it too');
    assert.equal(k.gap.state, 'done');
    await k.gap.fill(k.gap.lossStart!, () => true);
    assert.deepEqual(await k.stored(), [`light.a@${T + 1_000}`, `light.a@${T + 20_000}`]);
    assert.equal(k.gap.lossStart, null);
    assert.equal(k.marker.read(), null);
    assert.equal(k.gap.fillsDone, 2);
  });

  it('keeps what was lost during the fill in memory when the disk refuses the marker then', async () => {
    const k = keeper();
    k.gap.markLoss(T + 1_000);
    k.duringHistory(() => {
      k.gap.markLoss(T + 5_000);
      k.marker.full = true;
    });
    await k.gap.fill(k.gap.lossStart!, () => true);
    assert.equal(k.gap.lossStart, T + 4_999);
    assert.equal(k.marker.read(), T + 999, 'the older marker stays: safe');
    assert.ok(k.logs.some((l) => l.level === 'error' && /cannot write the gap marker/.test(l.msg) && /ENOSPC/.test(String(l.obj['err']))));
    k.marker.full = false;
    k.duringHistory(undefined);
    k.gap.markLoss(T + 6_000);
    assert.equal(k.marker.read(), T + 999, 'the marker is not moved later by a loss');
  });

  it('keeps the marker after an incomplete fill, even when the connection answers again at the end', async () => {
    const k = keeper();
    k.marker.set(T);
    let calls = 0;
    // current() flaps: false once, at the second request, so the fill stops early; true again afterwards
    await k.gap.fill(T, () => ++calls !== 3);
    assert.equal(k.gap.last?.complete, false);
    assert.equal(k.marker.read(), T);
    assert.equal(k.gap.fillsDone, 0);
  });

  it('a refill of lost events keeps the marker of an older gap it did not cover', async () => {
    const k = keeper();
    k.marker.set(T); // a reconnect's gap whose fill failed
    k.gap.markLoss(T + 50_000);
    await k.gap.fill(k.gap.lossStart!, () => true);
    assert.equal(k.gap.lossStart, null);
    assert.equal(k.marker.read(), T);
    await k.gap.fill(T, () => true);
    assert.equal(k.marker.read(), null);
  });

  it('keeps the marker and the loss when the connection goes during the fill', async () => {
    const k = keeper();
    k.gap.markLoss(T + 1_000);
    let live = true;
    k.duringHistory(() => (live = false));
    await k.gap.fill(k.gap.lossStart!, () => live);
    assert.equal(k.gap.last?.complete, false);
    assert.equal(k.marker.read(), T + 999);
    assert.equal(k.gap.lossStart, T + 999);
    assert.equal(k.gap.fillsDone, 0);
    assert.equal(k.gap.state, 'failed');
    assert.equal(await k.fills('ok'), 0);
  });

  it('does not start when the connection is already gone', async () => {
    const k = keeper();
    k.marker.set(T);
    await k.gap.fill(T, () => false);
    assert.equal(k.requests.length, 0);
    assert.equal(k.gap.state, 'failed');
    assert.equal(k.marker.read(), T);
  });

  it('retries a failing fill with backoff, then completes', async () => {
    const k = keeper();
    k.record('light.b', T + 100);
    k.marker.set(T);
    k.failNextHistory(2);
    const states: string[] = [];
    k.duringHistory(() => states.push(k.gap.state));
    await k.gap.fill(T, () => true);
    assert.equal(await k.fills('failed'), 2);
    assert.equal(await k.fills('ok'), 1);
    assert.deepEqual(await k.stored(), [`light.b@${T + 100}`]);
    const warnings = k.logs.filter((l) => l.level === 'warn');
    assert.equal(warnings.length, 2);
    assert.deepEqual(warnings.map((w) => [w.obj['attempt'], w.obj['retry_in_ms']]), [[1, 1], [2, 2]], 'the delay doubles');
    assert.deepEqual(states, Array(5).fill('running'), 'running in each request: 2 failed, then one per entity');
    assert.match(warnings[0]!.msg, /failed; retrying/);
    assert.equal(k.marker.read(), null);
  });

  it(`gives up after ${FILL_ATTEMPTS} attempts until the next reconnect, keeping the marker`, async () => {
    const k = keeper();
    k.marker.set(T);
    k.failNextHistory(100);
    await k.gap.fill(T, () => true);
    assert.equal(k.requests.length, FILL_ATTEMPTS);
    assert.equal(await k.fills('failed'), FILL_ATTEMPTS);
    assert.equal(k.gap.state, 'failed');
    assert.equal(k.marker.read(), T);
    const last = k.logs.filter((l) => l.level === 'warn').at(-1)!;
    assert.equal(last.obj['retry_in_ms'], null);
    assert.match(last.msg, /tried again after the next reconnect or restart/);
    assert.match(String(last.obj['err']), /history not loaded yet/);
  });

  it('stops retrying when the connection goes after a failure', async () => {
    const k = keeper();
    let live = true;
    k.failNextHistory(100);
    k.duringHistory(() => (live = false));
    await k.gap.fill(T, () => live);
    assert.equal(k.requests.length, 1);
    assert.equal(k.logs.filter((l) => l.level === 'warn').length, 0);
    assert.equal(await k.fills('failed'), 0, 'a failure after the connection went is not the fill’s');
    assert.equal(k.gap.state, 'failed');
  });

  it('is waiting for the recorder before it runs', async () => {
    const k = keeper({ recorderCommitWaitMs: 100 });
    const started = Date.now();
    const fill = k.gap.fill(T, () => true);
    assert.equal(k.gap.state, 'waiting');
    assert.equal(k.requests.length, 0);
    await fill;
    const took = Date.now() - started;
    assert.ok(took >= 90 && took < 3_000, `waited ${took} ms`);
    assert.equal(k.gap.state, 'done');
  });
});
