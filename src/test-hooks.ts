/**
 * Named pause points for the crash tests (test/crash/): with `HOMERHYTHM_TEST_PAUSE_AT=name` (or
 * `name:N`, the N-th time the point is reached) the process writes `PAUSED name` to stderr and
 * blocks, synchronously, so a test can SIGKILL it at exactly that moment — inside a transaction
 * if the point is. Unset (always, outside tests), a pause point is one string comparison.
 */
import { writeSync } from 'node:fs';

export type PausePoint = 'job-commit' | 'retention-delete' | 'restore-extracted' | 'restore-swap';

const wanted = process.env['HOMERHYTHM_TEST_PAUSE_AT'];
const reached = new Map<string, number>();
/** Longest a paused process waits for its kill before it goes on (a test that forgot it). */
const PAUSE_MS = 60_000;

export function pausePoint(name: PausePoint): void {
  if (wanted === undefined) return;
  const [point, nth] = wanted.split(':');
  if (point !== name) return;
  const count = (reached.get(name) ?? 0) + 1;
  reached.set(name, count);
  if (count !== Number(nth ?? 1)) return;
  writeSync(2, `PAUSED ${name}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, PAUSE_MS);
}
