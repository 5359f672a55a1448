/** The store as a whole: status, retention, backup and restore. */
import type { Command } from 'commander';
import { action, globals, nowOption, print } from '../args.js';
import { commandContext, withStorage } from '../context.js';
import { homeCalendar } from '../jobs.js';
import { runRetention } from '../../jobs/retention.js';
import { status } from '../status.js';
import { backupCommand, restoreCommand } from '../backup.js';

export function storeCommands(program: Command): void {
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

}
