/** Opening a SQLite file the way every store here wants it: WAL, a busy timeout, a schema version. */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

/** Schema migrations, in order: `migrations[i]` brings user_version i to i + 1. */
export type Migrations = readonly string[];

/** Data files are the owner's only: SQLite creates 0644 under umask 022, and its -wal and -shm take the file's mode. */
export const DATA_FILE_MODE = 0o600;
export const DATA_DIR_MODE = 0o700;

/** How long a statement waits for another process's write lock (a migration, a job's commit) before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

function schemaVersion(db: Db, path: string, migrations: Migrations): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > migrations.length) throw new Error(`${path} was written by a newer homerhythm (schema ${version}, this one knows ${migrations.length})`);
  return version;
}

/**
 * Brings the file to the newest schema under one write lock taken up front (BEGIN IMMEDIATE), the
 * version read again inside it: two processes opening a new file at once must not both run
 * migration 0 ("table entities already exists"). The one that waited finds the work done.
 */
function migrate(db: Db, path: string, migrations: Migrations): void {
  db.transaction(() => {
    for (let v = schemaVersion(db, path, migrations); v < migrations.length; v++) {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}

export function openDatabase(path: string, migrations: Migrations): Db {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true, mode: DATA_DIR_MODE });
    if (!existsSync(path)) {
      closeSync(openSync(path, 'a', DATA_FILE_MODE));
      chmodSync(path, DATA_FILE_MODE);
    }
  }
  // The busy timeout before anything else: the services open the same files as they start together.
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a power cut may lose the last commits, never corrupts the file.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  try {
    if (schemaVersion(db, path, migrations) < migrations.length) migrate(db, path, migrations);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** Bytes the file really uses (pages in use, all tables and indexes), without scanning. */
export function usedBytes(db: Db): number {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  return (pages - free) * pageSize;
}

/** Bytes used by the named tables and indexes (dbstat's aggregate mode: one row per object). */
export function objectBytes(db: Db, names: readonly string[]): number {
  const row = db
    .prepare(`SELECT coalesce(sum(pgsize), 0) AS bytes FROM dbstat('main', 1) WHERE name IN (SELECT value FROM json_each(?))`)
    .get(JSON.stringify(names)) as { bytes: number };
  return row.bytes;
}

/** A WHERE clause built from optional conditions, with its parameters in order. */
export class Conditions {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];

  /** Adds `sql` (with `?` placeholders for `params`) when `when` holds. */
  add(when: boolean, sql: string, ...params: unknown[]): this {
    if (when) {
      this.parts.push(sql);
      this.params.push(...params);
    }
    return this;
  }

  get sql(): string {
    return this.parts.length > 0 ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

/** The `meta` table: one text value per key (settings, timestamps), its statements prepared once. */
export class MetaTable {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      get: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      set: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
  }

  get(key: string): string | undefined {
    return this.stmt.get.get(key) as string | undefined;
  }

  set(key: string, value: string): void {
    this.stmt.set.run(key, value);
  }
}
