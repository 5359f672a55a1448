/**
 * `homerhythm backup FILE`: one archive (tar.gz) of everything homerhythm owns, consistent while
 * the service runs. SQLite stores are copied with SQLite's online backup (a snapshot; writers go
 * on); other files of the data directory as they are; with a backend that keeps Layers 1–3
 * elsewhere (InfluxDB), those layers are exported through the Storage interfaces as JSON lines.
 * The configuration goes along without its secrets. The archive is written beside FILE and renamed
 * into place, so FILE is either the complete backup or not there.
 */
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { create as createTar } from 'tar';
import { stringify as toYaml } from 'yaml';
import { type Config, configWithoutSecrets } from '../config.js';
import type { Storage } from '../storage/types.js';
import { openStorage } from '../storage/index.js';
import { STATE_FILE } from '../storage/layer4/index.js';
import { EVENTS_FILE } from '../storage/sqlite/index.js';
import { exportLayers } from './layers.js';
import { ARCHIVE, appVersion, type FileEntry, fileEntry, FORMAT_VERSION, type LayerCounts, type Manifest, MANIFEST_FILE } from './manifest.js';
import { copySqlite, fsyncPath, isSqliteFile, listFiles, sqliteProblem } from './files.js';

export interface BackupOptions {
  /** Export Layers 1–3 as JSON lines even when they are SQLite files (the generic path; tests). */
  readonly exportLayers?: boolean;
  /** Progress lines for a terminal. */
  readonly progress?: (line: string) => void;
  /** Opens the configured backend (tests inject theirs); default openStorage. */
  readonly open?: (config: Config) => Promise<Storage>;
}

export async function createBackup(config: Config, file: string, options: BackupOptions = {}): Promise<Manifest> {
  const out = resolve(file);
  const dataDir = config.data_dir;
  if (!existsSync(join(dataDir, STATE_FILE))) throw new BackupError(`there is no store to back up in ${dataDir} (no ${STATE_FILE})`);
  // a typo in the path should not silently create directories somewhere
  if (!existsSync(dirname(out))) throw new BackupError(`the directory ${dirname(out)} does not exist: create it first, or check the path`);
  // What a killed backup to the same file left beside it.
  for (const entry of readdirSync(dirname(out))) {
    if (entry.startsWith(`.${basename(out)}.`) || entry === `${basename(out)}.partial`) rmSync(join(dirname(out), entry), { recursive: true, force: true });
  }
  // Staged beside the archive (same disk as the result, not a RAM-backed /tmp on a Pi).
  const work = mkdtempSync(join(dirname(out), `.${basename(out)}.work-`));
  const say = options.progress ?? (() => undefined);
  try {
    const layers = options.exportLayers === true || config.storage.backend !== 'sqlite' ? 'export' : 'files';
    const staged = join(work, ARCHIVE.data);
    mkdirSync(staged);
    // Layer 4 and the job runs first, then Layer 1: a daily job committed in between finds its
    // input in the events copy anyway (Layer 1 only grows, but for retention).
    for (const name of [STATE_FILE, ...listFiles(dataDir).filter((f) => isSqliteFile(f) && f !== STATE_FILE)]) {
      if (layers === 'export' && name === EVENTS_FILE) continue;
      say(`copying ${name} (SQLite online backup)`);
      mkdirSync(dirname(join(staged, name)), { recursive: true });
      await copySqlite(join(dataDir, name), join(staged, name));
      const problem = sqliteProblem(join(staged, name));
      if (problem !== null) throw new BackupError(`${join(dataDir, name)} fails SQLite's check (${problem}); not backed up`);
    }
    // demo/ holds the demo's simulated input (re-made on demand, often larger than the store)
    for (const name of listFiles(dataDir).filter((f) => !isSqliteFile(f) && !f.startsWith('demo/'))) {
      if (holdsSecret(config, join(dataDir, name))) {
        say(`leaving out ${name}: it holds a token (keep your tokens apart from the backup)`);
        continue;
      }
      mkdirSync(dirname(join(staged, name)), { recursive: true });
      copyFileSync(join(dataDir, name), join(staged, name));
    }
    let counts: LayerCounts;
    if (layers === 'export') {
      clearAggregates(join(staged, STATE_FILE));
      mkdirSync(join(work, ARCHIVE.layers));
      say(`exporting Layers 1–3 from the ${config.storage.backend} backend`);
      // SQLite's layers are the data directory; any other backend is opened over a scratch
      // directory, so its local files (InfluxDB's spool) stay the running service's: never drained here.
      const scratch = mkdtempSync(join(dirname(out), `.${basename(out)}.open-`));
      const opened: Config = config.storage.backend === 'sqlite' ? config : { ...config, data_dir: scratch, storage: { ...config.storage, influxdb: { ...config.storage.influxdb, spool_dir: join(scratch, 'spool') } } };
      const storage = await (options.open ?? openStorage)(opened);
      try {
        const exported = await exportLayers(storage, join(work, ARCHIVE.layers));
        counts = { ...exported, ...stateCounts(join(staged, STATE_FILE)) };
      } finally {
        await storage.close();
        rmSync(scratch, { recursive: true, force: true });
      }
    } else {
      counts = { ...layerCounts(join(staged, EVENTS_FILE), join(staged, STATE_FILE)), ...stateCounts(join(staged, STATE_FILE)) };
    }
    writeFileSync(join(work, ARCHIVE.config), toYaml(configWithoutSecrets(config)));

    const names = listFiles(work);
    const files: Record<string, FileEntry> = {};
    for (const name of names) files[name] = await fileEntry(join(work, name));
    const manifest: Manifest = {
      format: FORMAT_VERSION,
      app: 'homerhythm',
      app_version: appVersion(),
      created_at: new Date().toISOString(),
      backend: config.storage.backend,
      layers,
      counts,
      files,
    };
    writeFileSync(join(work, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    say(`writing ${out}`);
    const partial = `${out}.partial`;
    // The home's history is its owner's only, whatever the umask.
    await createTar({ file: partial, cwd: work, gzip: true, portable: true, mode: 0o600 }, [MANIFEST_FILE, ...names]);
    chmodSync(partial, 0o600);
    fsyncPath(partial);
    renameSync(partial, out);
    fsyncPath(dirname(out));
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export class BackupError extends Error {}

function count(db: Database.Database, sql: string): number {
  return db.prepare(sql).pluck().get() as number;
}

/** Records in a snapshot's SQLite files (the copies, not the live store). */
function layerCounts(eventsFile: string, stateFile: string): Pick<LayerCounts, 'events' | 'daily' | 'weekly'> {
  const events = existsSync(eventsFile) ? withDb(eventsFile, (db) => count(db, 'SELECT count(*) FROM events')) : 0;
  return withDb(stateFile, (db) => ({
    events,
    daily: count(db, `SELECT count(*) FROM aggregates WHERE bucket = 'pattern_aggregates_daily'`),
    weekly: count(db, `SELECT count(*) FROM aggregates WHERE bucket = 'pattern_aggregates_weekly'`),
  }));
}

function stateCounts(stateFile: string): Pick<LayerCounts, 'patterns' | 'runs'> {
  return withDb(stateFile, (db) => ({ patterns: count(db, 'SELECT count(*) FROM patterns'), runs: count(db, 'SELECT count(*) FROM job_runs') }));
}

/** In an export, Layers 2–3 come only from the JSON lines: the state file's copy carries none. */
function clearAggregates(stateFile: string): void {
  withDb(stateFile, (db) => db.exec('DELETE FROM aggregates; VACUUM;'));
}

export function withDb<T>(path: string, work: (db: Database.Database) => T): T {
  const db = new Database(path, { fileMustExist: true });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** A token file kept in the data directory, or any small file holding a configured secret, stays out of the archive. */
function holdsSecret(config: Config, path: string): boolean {
  const tokenFile = config.homeassistant.token_file;
  if (tokenFile !== undefined && resolve(tokenFile) === resolve(path)) return true;
  const influx = config.storage.influxdb as { token?: string; password?: string };
  const secrets = [config.homeassistant.token, config.api.token, influx.token, influx.password].filter((s): s is string => typeof s === 'string' && s.length >= 8);
  if (secrets.length === 0 || statSync(path).size > 1_000_000) return false;
  const text = readFileSync(path, 'utf8');
  return secrets.some((s) => text.includes(s));
}
