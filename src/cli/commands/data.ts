/** What comes into the store: import and simulate. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { DEFAULT_TIME_ZONE } from '../../config.js';
import { action, globals, int, positiveInt, print, zone } from '../args.js';
import { commandContext, UsageError, withStorage } from '../context.js';
import { describeReport, importFromInflux, type InfluxImportFlags, importWithFormat, writeLabels } from '../import.js';
import { applyHome, degrees, describeHome, type HomeFlags, metres } from '../home.js';
import { IMPORT_FORMATS, type ImportFormat } from '../../ingest/importers/index.js';
import { terminalProgress } from '../progress.js';
import { writeSimulation } from '../../simulate/index.js';

export function dataCommands(program: Command): void {
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
}
