/** run, recompute and migrate: the jobs, by hand. */
import type { Command } from 'commander';
import { detectorSettingsOf } from '../../config.js';
import { action, globals, nowOption, positiveInt, print, zone } from '../args.js';
import { commandContext, UsageError, withStorage } from '../context.js';
import { applyHome, degrees, type HomeFlags, metres } from '../home.js';
import { daysToRun, ensureRunnable, homeCalendar, monthsToRun, runAllPrinting, runDaily, runMonthly, runRecompute, runWeekly, weeksToRun } from '../jobs.js';
import { terminalProgress } from '../progress.js';
import { migrate } from '../../jobs/migrate.js';

export function jobsCommands(program: Command): void {
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

}
