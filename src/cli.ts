#!/usr/bin/env node
/** The `homerhythm` command: parse, call, print. Work lives in the modules it calls. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_TIME_ZONE, detectorSettingsOf } from './config.js';
import { commandContext, type GlobalOptions, reportFailure, UsageError, withStorage } from './cli/context.js';
import { runDemo } from './cli/demo.js';
import { describeReport, importFromInflux, type InfluxImportFlags, importWithFormat, writeLabels } from './cli/import.js';
import { applyHome, degrees, describeHome, type HomeFlags, metres } from './cli/home.js';
import { IMPORT_FORMATS, type ImportFormat } from './ingest/importers/index.js';
import { terminalProgress } from './cli/progress.js';
import { daysToRun, ensureRunnable, homeCalendar, monthsToRun, runAllPrinting, runDaily, runMonthly, runRecompute, runWeekly, weeksToRun } from './cli/jobs.js';
import { listPatterns } from './cli/patterns.js';
import { listAnomalies } from './cli/anomalies.js';
import { answerSuggestion, createSuggestion, printFixes, printSuggestions, showOption } from './cli/suggestions.js';
import { haRest } from './ha/rest.js';
import type { Show } from './suggestions/list.js';
import { PATTERN_TYPES } from './detectors/index.js';
import { migrate } from './jobs/migrate.js';
import { runRetention } from './jobs/retention.js';
import { status } from './cli/status.js';
import { backupCommand, restoreCommand } from './cli/backup.js';
import { writeSimulation } from './simulate/index.js';
import { serve } from './main.js';
import { exposureCheck } from './http/index.js';
import { SERVICE_NAMES, type ServiceName } from './service.js';
import { isValidTimeZone } from './time/calendar.js';

const print = (text: string) => process.stdout.write(`${text}\n`);

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
}

function int(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('must be a whole number');
  return n;
}

function zone(value: string): string {
  if (!isValidTimeZone(value)) throw new InvalidArgumentError('not an IANA time zone (e.g. Europe/Berlin)');
  return value;
}

/** `--now <iso>` of the commands that measure from the wall clock; tests and replays pin it. */
function nowOption(value: string | undefined): number {
  if (value === undefined) return Date.now();
  const now = Date.parse(value);
  if (!Number.isFinite(now)) throw new UsageError(`--now ${value} is not an ISO-8601 time`);
  return now;
}

/** A yes/no question on the terminal; without one (a pipe), no. */
async function askYesNo(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

function globals(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** Serves until SIGINT/SIGTERM, then stops every service in reverse order. */
async function serveUntilStopped(config: Parameters<typeof serve>[0], log: Parameters<typeof serve>[1], only?: ServiceName, quietWhenIdle = false): Promise<void> {
  const home = await serve(config, log, { only });
  const listening = home.services.filter((s) => s.name !== 'jobs');
  if (listening.length === 0 && (quietWhenIdle || home.services.length === 0)) {
    await home.stop();
    if (quietWhenIdle) return;
    throw new UsageError(only === undefined ? 'nothing to serve: configure HA_URL/HA_TOKEN for ingestion' : `service ${only} has nothing to do with this configuration`);
  }
  const ports: Partial<Record<ServiceName, number>> = { ingest: config.ingest.port, api: config.api.port, dashboard: config.dashboard.port };
  for (const s of home.services) {
    const port = ports[s.name];
    print(port === undefined ? `${s.name}: running` : `${s.name}: http://${config.bind}:${port}/`);
  }
  print('press Ctrl-C to stop');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await home.stop();
}

/** Runs a command body; failures print one clear line and set the exit code. */
function action<A extends unknown[]>(body: (...args: A) => Promise<number | void>) {
  return async (...args: A) => {
    try {
      process.exitCode = (await body(...args)) ?? 0;
    } catch (e) {
      process.exitCode = reportFailure(e);
    }
  };
}

const program = new Command('homerhythm')
  .description('A local-first companion to Home Assistant: the routines of your home, in four storage layers.')
  .version('0.1.0')
  .option('--config <file>', 'YAML config file (default: homerhythm.yaml in the working directory, if present)')
  .option('--data-dir <dir>', 'data directory (env HOMERHYTHM_DATA_DIR, default ./data)')
  .showHelpAfterError();

program
  .command('demo')
  .description('simulate a home, import it into the embedded store, and show what it holds')
  .action(
    action(async (_opts: object, cmd: Command) => {
      const { config } = commandContext(globals(cmd));
      await withStorage(config, (storage) => runDemo(config, storage, print));
    }),
  );

program
  .command('start')
  .description('the main job: with HA configured, serve everything; without, the demo home, then serve it')
  .action(
    action(async (_opts: object, cmd: Command) => {
      const { config, log } = commandContext(globals(cmd));
      exposureCheck(config); // a bind it would refuse is refused before the demo's half minute, not after (serve warns)
      if (config.homeassistant.url === undefined) {
        print('no Home Assistant configured (HA_URL): running the demo home.');
        await withStorage(config, (storage) => runDemo(config, storage, print));
      }
      await serveUntilStopped(config, log, undefined, true);
    }),
  );

program
  .command('serve')
  .description('run the services: websocket-ingestion (8001, needs HA_URL/HA_TOKEN), data-api (8006), dashboard (3000)')
  .addOption(new Option('--only <service>', 'run one service').choices([...SERVICE_NAMES]))
  .action(
    action(async (opts: { only?: ServiceName }, cmd: Command) => {
      const { config, log } = commandContext(globals(cmd));
      await serveUntilStopped(config, log, opts.only);
    }),
  );

program
  .command('import')
  .description('import HA state_changed JSON lines, HA\'s recorder database (home-assistant_v2.db) or a CASAS sensor log into Layer 1')
  .argument('[file]', 'file to import (or --influx URL)')
  .addOption(new Option('--format <format>', 'input format (default: detected)').choices([...IMPORT_FORMATS]))
  .option('--registry <file>', 'HA registries as JSON {entities, devices, areas}, for areas and devices of JSON lines and recorder states')
  .option('--time-zone <zone>', 'the home\'s time zone, also the zone of a CASAS log\'s local times (default: the config\'s, else the stored home\'s)', zone)
  .option('--latitude <degrees>', 'the home\'s latitude, stored for sun context (default: the config\'s)', degrees(-90, 90))
  .option('--longitude <degrees>', 'the home\'s longitude (default: the config\'s)', degrees(-180, 180))
  .option('--elevation <metres>', 'the home\'s elevation (default: the config\'s)', metres)
  .option('--labels-out <file>', 'CASAS: write the activity labels of the log (annotations, not events) to this JSON file')
  .option('--influx <url>', "read what HA's InfluxDB integration wrote, from this InfluxDB (v1 API) instead of a file")
  .option('--influx-db <name>', "HA's InfluxDB database (default home_assistant)")
  .option('--influx-rp <name>', 'its retention policy (default: the database\'s default)')
  .option('--influx-user <name>', 'InfluxDB 1.x user (password: --influx-password or env INFLUX_PASSWORD)')
  .option('--influx-password <password>', 'InfluxDB 1.x password (prefer env INFLUX_PASSWORD)')
  .option('--influx-token <token>', 'InfluxDB 2.x/3.x token (prefer env INFLUX_TOKEN)')
  .option('--start <time>', '--influx: first time to import (ISO-8601 or -30d; default 30 days before --end)')
  .option('--end <time>', '--influx: end of the import (default now)')
  .action(
    action(async (file: string | undefined, opts: { format?: ImportFormat; registry?: string; labelsOut?: string } & HomeFlags & Partial<InfluxImportFlags>, cmd: Command) => {
      const { config: fileConfig } = commandContext(globals(cmd));
      if ((file === undefined) === (opts.influx === undefined)) throw new UsageError('give a file to import, or --influx URL (not both)');
      if (opts.labelsOut !== undefined && opts.influx !== undefined) throw new UsageError('--labels-out is for CASAS logs, not --influx');
      return withStorage(fileConfig, async (storage) => {
        const config = applyHome(fileConfig, storage, opts);
        const timeZone = config.time_zone ?? storage.home.get().timeZone ?? DEFAULT_TIME_ZONE;
        if (opts.influx !== undefined) {
          const report = await importFromInflux(storage, { ...opts, influx: opts.influx }, timeZone);
          print(describeReport(report));
          return report.invalid > 0 || report.expired > 0 ? 3 : 0;
        }
        const { report, format } = await importWithFormat(storage, file!, { format: opts.format, registry: opts.registry, timeZone });
        if (storage.home.get().timeZone === undefined) storage.home.set({ timeZone });
        print(describeReport(report, format));
        print(describeHome(storage.home.get(), timeZone));
        if (opts.labelsOut !== undefined) print(await writeLabels(opts.labelsOut, report, timeZone));
        // Good lines were stored; a non-zero code still tells scripts that some lines were not.
        return report.invalid > 0 || report.expired > 0 ? 3 : 0;
      });
    }),
  );

program
  .command('simulate')
  .description('write a synthetic home: HA state_changed JSON lines, its registries, and the ground truth of its routines')
  .requiredOption('--out <file>', 'JSON lines file to write (.truth.json and .registry.json are written beside it)')
  .option('--days <n>', 'days to simulate', positiveInt, 30)
  .option('--events-per-day <n>', 'events per day', positiveInt, 3000)
  .option('--seed <n>', 'random seed (same seed, same home)', int, 1)
  .option('--time-zone <zone>', 'the home\'s time zone', zone, DEFAULT_TIME_ZONE)
  .option('--last-day <date>', 'local date of the last simulated day (default: yesterday)')
  .action(
    action(async (opts: { out: string; days: number; eventsPerDay: number; seed: number; timeZone: string; lastDay?: string }) => {
      mkdirSync(dirname(resolve(opts.out)), { recursive: true });
      const progress = terminalProgress('simulating');
      const written = await writeSimulation(
        { days: opts.days, eventsPerDay: opts.eventsPerDay, seed: opts.seed, timeZone: opts.timeZone, lastDay: opts.lastDay },
        opts.out,
        (done, all) => progress.update(done / all, `(${done} of ${all} days)`),
      );
      progress.done();
      print(`${written.events.toLocaleString('en-US')} events → ${opts.out}`);
      print(`ground truth → ${written.truthFile}`);
      print(`registries → ${written.registryFile}`);
    }),
  );

program
  .command('run')
  .description('run a job now: daily (Group A over local days of raw events), weekly (Group B over ISO weeks of Layer 2), monthly (Group C over months of Layer 2/3), or all of them over a range in that order')
  .argument('<job>', 'daily | weekly | monthly | all')
  .option('--date <date>', 'daily: local day YYYY-MM-DD (default: yesterday in the home\'s time zone)')
  .option('--from <date>', 'daily and all: first day of a range, run oldest first (all: default the oldest stored raw event\'s day)')
  .option('--to <date>', 'daily and all: last day of a range (daily: default yesterday; all: the newest stored raw event\'s day)')
  .option('--week <week>', 'weekly: ISO week YYYY-Www (default: the last week that has ended)')
  .option('--month <month>', 'monthly: YYYY-MM (default: the last month that has ended)')
  .option('--time-zone <zone>', 'the home\'s time zone, stored in the home record (default: the config\'s, else HA\'s)', zone)
  .option('--latitude <degrees>', 'the home\'s latitude, stored for sun context (default: the config\'s, else HA\'s)', degrees(-90, 90))
  .option('--longitude <degrees>', 'the home\'s longitude (default: the config\'s, else HA\'s)', degrees(-180, 180))
  .option('--elevation <metres>', 'the home\'s elevation (default: the config\'s, else HA\'s)', metres)
  .action(
    action(async (job: string, opts: { date?: string; from?: string; to?: string; week?: string; month?: string } & HomeFlags, cmd: Command) => {
      if (job !== 'daily' && job !== 'weekly' && job !== 'monthly' && job !== 'all') throw new UsageError(`unknown job ${job}: choose daily, weekly, monthly or all`);
      const { config: fileConfig } = commandContext(globals(cmd));
      return withStorage(fileConfig, async (storage) => {
        const config = applyHome(fileConfig, storage, opts);
        if (job === 'all') {
          if (opts.date !== undefined || opts.week !== undefined || opts.month !== undefined) throw new UsageError('run all takes --from/--to (days), not --date, --week or --month');
          const runs = await runAllPrinting(config, storage, { from: opts.from, to: opts.to }, print);
          return runs.every((r) => r.status === 'success') ? 0 : 5;
        }
        const calendar = homeCalendar(config, storage);
        const kind = job === 'daily' ? 'day' : job === 'weekly' ? 'week' : 'month';
        const periods = job === 'daily' ? daysToRun(calendar, opts) : job === 'weekly' ? weeksToRun(calendar, opts) : monthsToRun(calendar, opts);
        await ensureRunnable(config, storage, calendar, kind, periods);
        const results =
          job === 'daily'
            ? await runDaily(config, storage, periods, print)
            : job === 'weekly'
              ? await runWeekly(config, storage, periods, print)
              : await runMonthly(config, storage, periods, print);
        return results.every((r) => r.status === 'success') ? 0 : 5;
      });
    }),
  );

program
  .command('recompute')
  .description('the full path: derive patterns from N days of raw events in one pass (checks the layers, backfills Layer 2)')
  .option('--days <n>', 'days of raw events', positiveInt, 7)
  .option('--end <date>', 'last local day (default: yesterday)')
  .option('--dry-run', 'compute and print only; store nothing')
  .option('--compare', 'compare with the patterns Layer 2 gives for the same days (exit 4 when they differ)')
  .action(
    action(async (opts: { days: number; end?: string; dryRun?: boolean; compare?: boolean }, cmd: Command) => {
      const { config } = commandContext(globals(cmd));
      return withStorage(config, (storage) => runRecompute(config, storage, { days: opts.days, end: opts.end, dryRun: opts.dryRun === true, compare: opts.compare === true }, print));
    }),
  );

program
  .command('migrate')
  .description("the seed's migration: backfill Layer 2 and 3 from the raw events still present, verify, then lower raw events to their retention (resumable)")
  .option('--now <iso>', 'take this time as now: the last day migrated is the one before it')
  .action(
    action(async (opts: { now?: string }, cmd: Command) => {
      const { config } = commandContext(globals(cmd));
      const now = nowOption(opts.now);
      await withStorage(config, async (storage) => {
        const progress = terminalProgress('migrating');
        const r = await migrate(storage, homeCalendar(config, storage), detectorSettingsOf(config), now, (p) => progress.update(p.done / p.all, `${p.step} (${p.done} of ${p.all})`));
        progress.done();
        print(`migrated ${r.days} days into Layer 2, ${r.weeks} weeks and ${r.months} months into Layer 3`);
        print(`verified: the last ${r.verified.days} days give the same ${r.verified.patterns} patterns from Layer 2 as from raw events`);
        print(`raw events lowered to ${config.retention.raw_days} days: ${r.removedRawEvents.toLocaleString('en-US')} removed`);
      });
    }),
  );

program
  .command('patterns')
  .description('list the patterns found (Layer 4), strongest first')
  .addOption(new Option('--type <type>', 'pattern type').choices(PATTERN_TYPES))
  .option('--entity <entity_id>', 'patterns of one entity (device_id)')
  .option('--area <area_id>', 'patterns of one area')
  .option('--min-confidence <x>', 'lowest confidence, 0..1', Number)
  .option('--limit <n>', 'how many', positiveInt, 50)
  .option('--offset <n>', 'skip this many', int, 0)
  .option('--json', 'print the rows as JSON')
  .action(
    action(async (opts: { type?: string; entity?: string; area?: string; minConfidence?: number; limit: number; offset: number; json?: boolean }, cmd: Command) => {
      const { config } = commandContext(globals(cmd));
      if (opts.minConfidence !== undefined && !(opts.minConfidence >= 0 && opts.minConfidence <= 1)) throw new UsageError('--min-confidence must be between 0 and 1');
      const query = { patternType: opts.type, deviceId: opts.entity, areaId: opts.area, minConfidence: opts.minConfidence, limit: opts.limit, offset: opts.offset };
      print(await withStorage(config, async (storage) => listPatterns(storage, query, opts.json === true)));
    }),
  );

program
  .command('suggestions')
  .description('suggested automations, one per routine, most manual actions a week saved first')
  .option('--show <which>', `new (default), all, automated, accepted, dismissed or snoozed`, showOption, 'new' as Show)
  .option('--limit <n>', 'how many', positiveInt, 50)
  .option('--json', 'print them as JSON, with the YAML')
  .option('--fixes', 'instead: automations of Home Assistant that people undo by hand on most of their recent runs')
  .action(
    action(async (opts: { show: Show; limit: number; json?: boolean; fixes?: boolean }, cmd: Command) => {
      const { config } = commandContext(globals(cmd));
      const settings = detectorSettingsOf(config).overrides;
      const now = Date.now();
      print(await withStorage(config, (storage) => (opts.fixes === true ? printFixes(storage, homeCalendar(config, storage), { json: opts.json === true, now, settings }) : printSuggestions(storage, homeCalendar(config, storage), { ...opts, json: opts.json === true, now, automatedShare: settings.automatedShare }))));
    }),
  );

program
  .command('suggestion')
  .description('say what you think of a suggestion: accept, dismiss (until its routine changes), snooze, or undo')
  .argument('<key>', 'its key, as `homerhythm suggestions` lists it')
  .argument('<answer>', 'accept, dismiss, snooze, undo, or create (in Home Assistant, after showing it)')
  .option('--days <n>', 'how long a snooze lasts', positiveInt, 7)
  .option('--disabled', 'create: turned off, to enable in Home Assistant')
  .option('--yes', 'create: do not ask (the automation is still printed)')
  .action(
    action(async (key: string, answer: string, opts: { days: number; disabled?: boolean; yes?: boolean }, cmd: Command) => {
      const { config } = commandContext(globals(cmd));
      const { url, token } = config.homeassistant;
      print(
        await withStorage(config, (storage) =>
          answer === 'create'
            ? createSuggestion(storage, homeCalendar(config, storage), { key, now: Date.now(), enabled: opts.disabled !== true, yes: opts.yes === true, ha: url === undefined || token === undefined ? null : haRest(url, token), ask: askYesNo, print })
            : answerSuggestion(storage, homeCalendar(config, storage), { key, answer, days: opts.days, now: Date.now() }),
        ),
      );
    }),
  );

program
  .command('anomalies')
  .description('the recent anomalies (news about days), newest day first, each with why')
  .option('--since <when>', 'first day: -14d (days ago) or 2026-10-01 (default: detectors.anomaly.recent_days ago)')
  .option('--limit <n>', 'how many', positiveInt, 50)
  .option('--json', 'print the rows as JSON')
  .action(
    action(async (opts: { since?: string; limit: number; json?: boolean }, cmd: Command) => {
      const { config } = commandContext(globals(cmd));
      const since = opts.since ?? `-${detectorSettingsOf(config).anomaly.recentDays}d`;
      print(await withStorage(config, async (storage) => listAnomalies(storage, homeCalendar(config, storage), { since, now: Date.now(), limit: opts.limit, json: opts.json === true })));
    }),
  );

program
  .command('status')
  .description('per layer: records, bytes on disk, oldest and newest, retention')
  .option('--json', 'print JSON')
  .action(
    action(async (opts: { json?: boolean }, cmd: Command) => {
      const { config } = commandContext(globals(cmd));
      print(await withStorage(config, (storage) => status(storage, opts.json === true)));
    }),
  );

program
  .command('retention')
  .description('delete what each layer holds beyond its retention (the jobs also do this daily)')
  .option('--now <iso>', 'measure ages from this time instead of now')
  .action(
    action(async (opts: { now?: string }, cmd: Command) => {
      const { config } = commandContext(globals(cmd));
      const now = nowOption(opts.now);
      const removed = await withStorage(config, (storage) => runRetention(storage, homeCalendar(config, storage), now));
      print(`removed: ${removed.raw} raw events, ${removed.daily} daily and ${removed.weekly} weekly/monthly aggregates, ${removed.patterns} patterns`);
    }),
  );

program
  .command('backup')
  .description('write one archive of everything homerhythm holds (consistent while it runs; the config without secrets)')
  .argument('<file>', 'archive to write, e.g. homerhythm-2026-11-25.tar.gz')
  .action(
    action(async (file: string, _opts: object, cmd: Command) => {
      const { config } = commandContext(globals(cmd));
      return backupCommand(config, file, print);
    }),
  );

program
  .command('restore')
  .description('restore a backup into an empty data directory (stop homerhythm first)')
  .argument('<file>', 'archive written by homerhythm backup')
  .option('--force', 'replace a data directory that already holds a store')
  .action(
    action(async (file: string, opts: { force?: boolean }, cmd: Command) => {
      const { config } = commandContext(globals(cmd));
      return restoreCommand(config, file, opts.force === true, print);
    }),
  );

await program.parseAsync(process.argv);
