/**
 * Files of a data directory: which are SQLite stores (copied through SQLite's online backup),
 * which are plain (copied as they are), whether a running process has the store open, and the
 * fsyncs that make a rename durable.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** SQLite companions and half-written files: never copied, never restored. */
const TRANSIENT = /(-wal|-shm|-journal|\.tmp)$/;

export function isSqliteFile(name: string): boolean {
  return name.endsWith('.sqlite');
}

/** Every regular file under `dir` (relative paths, `/`-separated), SQLite companions left out. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !TRANSIENT.test(entry.name)) out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

/** Copies a live SQLite file consistently: SQLite's online backup, all pages in one step (one read transaction). */
export async function copySqlite(source: string, target: string): Promise<void> {
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // The first step only starts the backup; the second copies every page at once, so a writer in
    // another process cannot make it restart over and over (WAL: the writer is never blocked).
    await db.backup(target, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
}

/** `PRAGMA quick_check` of a SQLite file: null when fine, else what SQLite reports. */
export function sqliteProblem(path: string): string | null {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true });
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    return problems.length === 0 ? null : problems.slice(0, 3).join('; ');
  } catch (e) {
    return (e as Error).message;
  } finally {
    db?.close();
  }
}

/**
 * Whether another process has a SQLite store of `dir` open. In WAL mode the last connection to
 * close removes the `-wal` file; so we open and close each store, and a `-wal` that stays means
 * someone else still holds it (a `-wal` left by a crash is recovered and removed by our close).
 */
export function storeInUse(dir: string): boolean {
  if (!existsSync(dir)) return false;
  for (const name of readdirSync(dir).filter(isSqliteFile)) {
    const path = join(dir, name);
    if (!existsSync(`${path}-wal`)) continue;
    const db = new Database(path, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 2000');
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } finally {
      db.close();
    }
    if (existsSync(`${path}-wal`)) return true;
  }
  return false;
}

export function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || (statSync(dir).isDirectory() && readdirSync(dir).length === 0);
}

export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsync every file under `dir`, then the directories themselves, deepest first. */
export function fsyncTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) fsyncTree(path);
    else fsyncPath(path);
  }
  fsyncPath(dir);
}
