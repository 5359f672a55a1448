/**
 * A simulated home at 100K events/day, 31 days in Layer 1 and the first 30 days' daily jobs run,
 * built once and cached (outside the timed part) for the daily and recompute cases.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DETECTOR_SETTINGS } from '../../src/detectors/settings.js';
import { runDailyJob } from '../../src/jobs/daily.js';
import { simulateDays } from '../../src/simulate/index.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { Calendar } from '../../src/time/calendar.js';

export const HOME = { days: 31, eventsPerDay: 100_000, seed: 11, timeZone: 'Europe/Berlin', lastDay: '2026-10-31' };
/** Keep everything: a bench home is not subject to retention while it is measured. */
export const NO_RETENTION = { rawDays: 10_000, dailyDays: 10_000, weeklyWeeks: 10_000, patternDays: null };
const VERSION = '6-causes'; // 6: activity_daily v2 (causes), override_daily; 4: Layer 2 holds context_daily (Group C); 5: records carry their summary version (schema 2), activity_daily; -us: Layer 1 keyed to the µs (events.sqlite schema 2, which older versions cannot open)

function homeDays(calendar: Calendar): string[] {
  const days: string[] = [];
  for (let d = calendar.shift(calendar.day(HOME.lastDay), -(HOME.days - 1)); d.key <= HOME.lastDay; d = calendar.shift(d, 1)) days.push(d.key);
  return days;
}

const DIR = join(tmpdir(), `homerhythm-bench-home-v${VERSION}-${HOME.seed}-${HOME.days}x${HOME.eventsPerDay}`);

/** The prepared home; built first, in a child process, so a measured process holds only its own work. */
export async function preparedHome(): Promise<{ dir: string; days: string[]; calendar: Calendar }> {
  const calendar = new Calendar(HOME.timeZone);
  if (!existsSync(join(DIR, 'ready'))) {
    const loader = import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const built = spawnSync(process.execPath, [...loader, fileURLToPath(import.meta.url), '--build'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (built.status !== 0) throw new Error('preparing the bench home failed');
  }
  return { dir: DIR, days: homeDays(calendar), calendar };
}

async function build(): Promise<void> {
  const calendar = new Calendar(HOME.timeZone);
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const storage = new SqliteStorage(DIR, NO_RETENTION);
  for (const { events } of simulateDays(HOME)) await storage.events.append(events);
  for (const day of homeDays(calendar).slice(0, -1)) await runDailyJob(storage, calendar, day, DEFAULT_DETECTOR_SETTINGS);
  await storage.close();
  writeFileSync(join(DIR, 'ready'), new Date().toISOString());
}

if (process.argv.includes('--build')) await build();
