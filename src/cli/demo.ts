/**
 * `homerhythm demo` (what `npm start` runs with no HA configured): simulate a home, import it
 * into the embedded store, and say what it holds and where to look next.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { DEFAULT_TIME_ZONE } from '../config.js';
import { planHome, writeSimulation } from '../simulate/index.js';
import type { Storage } from '../storage/types.js';
import { Calendar } from '../time/calendar.js';
import { describeReport, importFile } from './import.js';
import { dueMonths, dueWeeks } from '../jobs/due.js';
import { entityWords } from '../jobs/entity-words.js';
import { runRetention } from '../jobs/retention.js';
import { runDaily, runMonthly, runWeekly } from './jobs.js';
import { topPatterns } from './patterns.js';
import { terminalProgress } from './progress.js';
import { status } from './status.js';

export async function runDemo(config: Config, storage: Storage, print: (text: string) => void): Promise<void> {
  const timeZone = config.time_zone ?? DEFAULT_TIME_ZONE;
  const options = { days: config.demo.days, eventsPerDay: config.demo.events_per_day, seed: config.demo.seed, timeZone };
  const truth = planHome(options);
  const dir = join(config.data_dir, 'demo');
  const file = join(dir, `home-${truth.last_day}-s${options.seed}-${options.days}d-${options.eventsPerDay}.jsonl`);
  print(`demo home: ${options.days} days (${truth.first_day} to ${truth.last_day}), ~${options.eventsPerDay} events/day, time zone ${timeZone}`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const progress = terminalProgress('simulating');
    const written = await writeSimulation(options, file, (done, all) => progress.update(done / all, `(${done} of ${all} days)`));
    progress.done();
    print(`simulated ${written.events.toLocaleString('en-US')} events into ${file}`);
  }
  storage.home.set({ timeZone, latitude: truth.latitude, longitude: truth.longitude, locationName: 'homerhythm demo home' });
  const report = await importFile(storage, file, { registry: file.replace(/\.jsonl$/, '.registry.json'), timeZone });
  print(describeReport(report));
  // The daily job for every simulated day not yet done, oldest first (what catch-up does at start).
  const calendar = new Calendar(timeZone);
  const pending = calendar.daysBetween(truth.first_day, truth.last_day).filter((d) => storage.runs.lastCompleted('daily', d) === undefined);
  if (pending.length > 0) {
    print('');
    await runDaily(config, storage, pending, print);
  }
  // Then the weeks and months that ended, as the jobs service's catch-up would (Groups B and C).
  const weeks = await dueWeeks(storage, calendar, Date.now());
  if (weeks.length > 0) await runWeekly(config, storage, weeks, print);
  const months = await dueMonths(storage, calendar, Date.now());
  if (months.length > 0) await runMonthly(config, storage, months, print);
  // Then retention, as the 03:00 tick does: Layer 1 keeps its 7 days, the layers above the rest.
  const removed = await runRetention(storage, calendar, Date.now());
  if (removed.raw > 0) print(`retention: ${removed.raw.toLocaleString('en-US')} raw events older than ${config.retention.raw_days} days removed (their days live on in Layers 2–4)`);
  print('');
  print(await status(storage, false));
  print('');
  print('strongest patterns found:');
  print(topPatterns(storage, 3, await entityWords(storage)));
  print('');
  print(`data directory: ${config.data_dir}`);
  print(`ground truth of the planted routines: ${file.replace(/\.jsonl$/, '.truth.json')}`);
  print('next: `npx homerhythm patterns` lists every pattern; `npx homerhythm status` shows the layers (README: commands).');
}
