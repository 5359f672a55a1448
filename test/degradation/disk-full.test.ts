/**
 * The disk fills up under live ingestion — a real ENOSPC: the data directory is on a tiny tmpfs
 * (needs root to mount; skipped otherwise). Writes fail with a clear message in /health, nothing
 * is corrupted (integrity_check), reads go on; when space returns the held events are written and
 * the ones that could not be held come back from HA's history: every event stored once.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { sampleHome } from '../ha-double/home.js';
import { HaDouble, waitFor } from '../ha-double/server.js';
import { integrity } from '../crash/store.js';
import { homeEvents } from './home-events.js';
import { allEvents, startInProcess, testConfig } from '../ingest/harness.js';
import { eventMicros } from '../../src/events/model.js';

const PREFIX = 'homerhythm-tmpfs-';
/** An old-style mount (no pid in its name) this old is left over: a run holds its mount for about a minute. */
const STALE_MS = 30 * 60_000;

/**
 * Unmounts what killed runs left: mounts named with a pid that is gone (another run's live mount,
 * of another worktree too, has a live pid), or old-style ones older than STALE_MS.
 */
function removeStaleDisks(): void {
  const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((line) => line.split(' ')[1] ?? '');
  for (const dir of mounts.filter((m) => m.startsWith(join(tmpdir(), PREFIX)))) {
    const pid = /^homerhythm-tmpfs-(\d+)-/.exec(dir.slice(tmpdir().length + 1))?.[1];
    const stale = pid === undefined ? Date.now() - statSync(dir).ctimeMs > STALE_MS : !alive(Number(pid));
    if (!stale) continue;
    try {
      execFileSync('umount', [dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // busy or not ours to remove: leave it
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Mounts a tmpfs of `size`; null when this process may not mount (not root, no CAP_SYS_ADMIN). */
function tinyDisk(size: string): { dir: string; remove(): void } | null {
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    remove: () => {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fills the disk holding `dir` until ENOSPC; returns the filler to delete. */
function fillDisk(dir: string): string {
  const file = join(dir, 'filler');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(16 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  return file;
}

// Mounted only when the test runs, and always unmounted after it: a filtered or killed run leaks nothing
// (what an earlier killed run left is removed first).
let disk: ReturnType<typeof tinyDisk> = null;
before(() => {
  removeStaleDisks();
  disk = tinyDisk('4m');
});
after(() => disk?.remove());

it('disk full: a clear error, no corrupted file, recovery when space returns, the gap refilled from HA history', { timeout: 60_000 }, async (t) => {
  if (disk === null) return t.skip('cannot mount a tmpfs here (needs root)');
  const dataDir = join(disk!.dir, 'data');
  mkdirSync(dataDir);
  const double = await HaDouble.start({ home: sampleHome({ lights: 8, sensors: 8 }) });
  const config = testConfig({ HA_URL: double.url, HA_TOKEN: double.token, HOMERHYTHM_DATA_DIR: dataDir }, 'ingest: { history_margin_seconds: 1 }\n');
  // A small write queue, so that a long outage also loses events (they must come from history).
  const svc = await startInProcess(config, { backoff: { initialMs: 200, maxMs: 1000, factor: 2, jitter: 0 }, gapFillRetryMs: 100, maxQueued: 200 });
  const health = async () => (await (await fetch(`http://127.0.0.1:${svc.service.port}/health`)).json()) as Record<string, unknown>;
  try {
    await svc.start();
    await waitFor(() => double.stateSubscribers === 1, 'subscribed');
    // Each event has attributes of its own (~1 KB), so every one costs disk.
    const { emit, expected: recorded } = homeEvents(double, (seq) => ({ seq, note: `${seq}`.padEnd(1000, 'x') }));
    emit(100);
    await waitFor(async () => (await allEvents(svc.storage)).length === 100, 'the first 100 stored');

    const filler = fillDisk(disk!.dir);
    emit(600);
    await waitFor(async () => (await health())['write_failing'] === true, 'the failing write seen in /health', 10_000);
    const h = await health();
    assert.equal(h['status'], 'degraded');
    assert.match(String(h['message']), /writing to Layer 1 fails/);
    assert.ok(svc.lines.some((l) => l.level >= 50 && /writing to Layer 1 failed/.test(l.msg) && /full/i.test(String(l['err']))), 'the log says the disk is full');
    assert.ok((await allEvents(svc.storage)).length >= 100, 'reads go on');
    assert.deepEqual(Object.values(integrity(dataDir)), ['ok', 'ok'], 'no corrupted file while full');

    const dropped = (await svc.service.ingestor.metrics.dropped.get()).values[0]?.value ?? 0;
    assert.ok(dropped >= 300, `events beyond the write queue were dropped (${dropped}), counted, none skipped`);
    assert.ok(svc.lines.some((l) => /cannot write the gap marker/.test(l.msg)), 'the full disk refused the gap marker too: kept in memory');
    rmSync(filler);
    await waitFor(async () => (await health())['write_failing'] === false && (await health())['queued_writes'] === 0, 'the held events written', 30_000);
    // The events that did not fit the queue: from HA's history as soon as writes work again, no reconnect needed.
    await waitFor(() => svc.service.ingestor.gap.fillsDone >= 1 && svc.service.ingestor.gap.state === 'done', 'the gap fill', 20_000);
    assert.equal(double.connectionsAccepted, 1, 'filled without a reconnect');
    emit(20);
    const expected = recorded();
    await waitFor(async () => (await allEvents(svc.storage)).length === expected.length, `${expected.length} events`, 10_000);
    const stored = (await allEvents(svc.storage)).map((e) => `${e.entityId}@${eventMicros(e)}`);
    assert.equal(new Set(stored).size, stored.length, 'no duplicates');
    assert.deepEqual(new Set(stored), new Set(expected), 'no loss');
    assert.equal((await health())['status'], 'ok');
    const filled = svc.service.ingestor.gap.last?.inserted ?? 0;
    t.diagnostic(`${expected.length} events: 100 before, 600 while full (${600 - dropped} held and written on recovery, ${dropped} dropped and ${filled} filled from history), 20 after; stored ${stored.length}, duplicates 0`);
  } finally {
    await svc.stop();
    await double.stop();
    assert.deepEqual(Object.values(integrity(dataDir)), ['ok', 'ok']);
  }
});
