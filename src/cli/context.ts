/** What every command starts from: the validated config, a logger, the store; and how failures print. */
import { type Config, ConfigError, loadConfig } from '../config.js';
import { createLogger, type Logger } from '../log.js';
import { runningAsApp } from '../app-options.js';
import { openStorage } from '../storage/index.js';
import type { Storage } from '../storage/types.js';
import { StorageInputError } from '../storage/types.js';
import { MigrationError } from '../jobs/migrate.js';
import { InvalidPeriodError } from '../time/calendar.js';
import { BackupError, BackupFormatError, RestoreRefusedError } from '../backup/index.js';

export interface GlobalOptions {
  readonly config?: string;
  readonly dataDir?: string;
}

export interface CommandContext {
  readonly config: Config;
  readonly log: Logger;
}

export function commandContext(options: GlobalOptions): CommandContext {
  const config = loadConfig({ file: options.config, overrides: { dataDir: options.dataDir } });
  // (an HA token file others can read is refused by loadConfig)
  // An App logs to stdout, which the Supervisor shows in the App's log tab.
  return { config, log: createLogger(config.log_level, runningAsApp(process.env) ? 1 : 2) };
}

/** Runs work with the store open, closing it whatever happens. */
export async function withStorage<T>(config: Config, work: (storage: Storage) => Promise<T>): Promise<T> {
  const storage = await openStorage(config);
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}

/** Errors a user can act on are printed as one clear line; anything else keeps its stack. */
export function reportFailure(error: unknown): number {
  if (error instanceof ConfigError || error instanceof InvalidPeriodError || error instanceof StorageInputError || error instanceof UsageError || error instanceof MigrationError || error instanceof BackupError || error instanceof BackupFormatError || error instanceof RestoreRefusedError) {
    process.stderr.write(`homerhythm: ${error.message}\n`);
    return 2;
  }
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT' || e?.code === 'EACCES' || e?.code === 'ENOSPC') {
    process.stderr.write(`homerhythm: ${e.message}\n`);
    return 1;
  }
  process.stderr.write(`homerhythm: unexpected error: ${e?.stack ?? String(error)}\n`);
  return 1;
}

/** A command used wrongly (bad flag value, conflicting options). */
export class UsageError extends Error {}
