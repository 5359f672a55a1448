/**
 * `homerhythm restore FILE [--force]`: the archive is unpacked into a directory beside the data
 * directory and checked there (format, every checksum, no stray files, SQLite's quick_check, the
 * record counts), made durable (fsync), and only then renamed into place. A kill at any moment
 * leaves either the old data directory (or none) or the complete restored one, never half; a
 * later restore clears what a killed one left. A data directory that holds a store is replaced
 * only with `force`; one that a running homerhythm has open never is.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { extract } from 'tar';
import type { Config } from '../config.js';
import { openStorage } from '../storage/index.js';
import { EVENTS_FILE } from '../storage/sqlite/index.js';
import { BUCKETS, type Storage } from '../storage/types.js';
import { pausePoint } from '../test-hooks.js';
import { withDb } from './backup.js';
import { fileEntry, type Manifest, MANIFEST_FILE, ARCHIVE, parseManifest, BackupFormatError } from './manifest.js';
import { fsyncPath, fsyncTree, isEmptyDir, isSqliteFile, listFiles, sqliteProblem, storeInUse } from './files.js';
import { importLayers } from './layers.js';

export interface RestoreOptions {
  /** Replace a data directory that holds a store (never one in use). */
  readonly force?: boolean;
  readonly progress?: (line: string) => void;
  /** Opens the configured backend (tests inject theirs); default openStorage. */
  readonly open?: (config: Config) => Promise<Storage>;
}

export interface RestoreResult {
  readonly manifest: Manifest;
  readonly dataDir: string;
  /** A store was there before and was replaced (`force`). */
  readonly replaced: boolean;
}

/** The restore was refused: nothing was changed. */
export class RestoreRefusedError extends Error {}

/** The restored data directory keeps the backed-up configuration (secrets removed) under this name. */
export const RESTORED_CONFIG_FILE = 'config-from-backup.yaml';

export async function restoreBackup(config: Config, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const target = resolve(config.data_dir);
  const parent = dirname(target);
  const say = options.progress ?? (() => undefined);
  if (!existsSync(file)) throw new RestoreRefusedError(`backup file not found: ${resolve(file)}`);
  mkdirSync(parent, { recursive: true });
  if (existsSync(target) && statSync(target).dev !== statSync(parent).dev) {
    throw new RestoreRefusedError(`${target} is a mount point: restore renames the restored directory into place, which a mount point cannot take; set data_dir to a directory inside it (e.g. ${join(target, 'homerhythm')}) and restore there`);
  }
  // Refused before any work, and checked again just before the swap (a service may have started meanwhile).
  const replacing = checkTarget(target, options.force === true);
  removeLeftovers(parent, basename(target));
  const work = mkdtempSync(join(parent, `.${basename(target)}.restore-`));
  try {
    say(`unpacking ${file}`);
    try {
      await extract({ file, cwd: work, strict: true });
    } catch (e) {
      throw new BackupFormatError(`${file} cannot be unpacked, so it is damaged or not a homerhythm backup (${(e as Error).message})`);
    }
    const manifest = await verify(work);
    if (manifest.layers === 'files' && config.storage.backend !== 'sqlite') {
      throw new RestoreRefusedError(`the backup holds SQLite layers (backend ${manifest.backend}), but this configuration uses ${config.storage.backend}; restore with storage.backend: sqlite`);
    }
    const staged = join(work, ARCHIVE.data);
    mkdirSync(staged, { recursive: true });
    copyFileSync(join(work, ARCHIVE.config), join(staged, RESTORED_CONFIG_FILE));

    if (manifest.layers === 'export') {
      say(`importing Layers 1–3 into the ${config.storage.backend} backend`);
      const storage = await (options.open ?? openStorage)({ ...config, data_dir: staged });
      try {
        const holds = (await storage.events.newestTime()) !== null || (await storage.aggregates.stats(BUCKETS.daily)).records > 0 || (await storage.aggregates.stats(BUCKETS.weekly)).records > 0;
        if (holds && options.force !== true) throw new RestoreRefusedError(`the ${config.storage.backend} backend already holds data: pass --force to restore over it (events are merged, each period's aggregates replaced)`);
        await importLayers(storage, join(work, ARCHIVE.layers));
      } finally {
        await storage.close();
      }
    }
    fsyncTree(staged);
    pausePoint('restore-extracted');
    checkTarget(target, options.force === true);
    swapInto(staged, target, parent);
    say(`restored into ${target}`);
    return { manifest, dataDir: target, replaced: replacing };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Whether `target` holds something to replace; throws when it may not be replaced. */
function checkTarget(target: string, force: boolean): boolean {
  if (storeInUse(target)) throw new RestoreRefusedError(`${target} is in use by a running homerhythm: stop it first (restore never replaces a live store)`);
  const replacing = !isEmptyDir(target);
  if (replacing && !force) throw new RestoreRefusedError(`${target} is not empty: restore into an empty data directory, or pass --force to replace what it holds`);
  return replacing;
}

/** Checks the unpacked archive against its manifest before anything else happens. */
async function verify(work: string): Promise<Manifest> {
  const manifestPath = join(work, MANIFEST_FILE);
  if (!existsSync(manifestPath)) throw new BackupFormatError('not a homerhythm backup: it has no manifest.json');
  const manifest = parseManifest(readFileSync(manifestPath, 'utf8'));
  const listed = Object.keys(manifest.files).sort();
  const present = listFiles(work).filter((f) => f !== MANIFEST_FILE);
  const missing = listed.filter((f) => !present.includes(f));
  const extra = present.filter((f) => !listed.includes(f));
  if (missing.length > 0 || extra.length > 0) {
    throw new BackupFormatError(`the backup is damaged: ${missing.length > 0 ? `missing ${missing.join(', ')}` : ''}${extra.length > 0 ? ` unlisted ${extra.join(', ')}` : ''}`.trim());
  }
  for (const name of listed) {
    const path = resolve(work, name);
    if (!path.startsWith(work + sep)) throw new BackupFormatError(`the backup names a file outside itself: ${name}`);
    const actual = await fileEntry(path);
    const expected = manifest.files[name]!;
    if (actual.sha256 !== expected.sha256 || actual.bytes !== expected.bytes) throw new BackupFormatError(`the backup is damaged: ${name} does not match its checksum`);
  }
  for (const name of listed.filter((f) => f.startsWith(`${ARCHIVE.data}/`) && isSqliteFile(f))) {
    const problem = sqliteProblem(join(work, name));
    if (problem !== null) throw new BackupFormatError(`the backup's ${name} fails SQLite's check: ${problem}`);
  }
  const eventsFile = join(work, ARCHIVE.data, EVENTS_FILE);
  if (manifest.layers === 'files' && existsSync(eventsFile)) {
    const events = withDb(eventsFile, (db) => db.prepare('SELECT count(*) FROM events').pluck().get() as number);
    if (events !== manifest.counts.events) throw new BackupFormatError(`the backup is damaged: it holds ${events} events, its manifest says ${manifest.counts.events}`);
  }
  return manifest;
}

/** Renames the staged directory into place; a store already there is moved aside first and removed after. */
function swapInto(staged: string, target: string, parent: string): void {
  let old: string | null = null;
  if (existsSync(target)) {
    if (isEmptyDir(target)) rmdirSync(target);
    else {
      old = join(parent, `.${basename(target)}.replaced-${Date.now()}`);
      renameSync(target, old);
    }
  }
  pausePoint('restore-swap');
  renameSync(staged, target);
  fsyncPath(parent);
  if (old !== null) rmSync(old, { recursive: true, force: true });
}

/** What a killed restore left beside the data directory: its unpacked copy, or the store it was replacing. */
function removeLeftovers(parent: string, name: string): void {
  for (const entry of readdirSync(parent)) {
    if (entry.startsWith(`.${name}.restore-`) || entry.startsWith(`.${name}.replaced-`)) rmSync(join(parent, entry), { recursive: true, force: true });
  }
}
