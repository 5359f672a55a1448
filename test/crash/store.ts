/** What the crash tests check after a kill: every SQLite file passes integrity_check; the layers' digests. */
import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import type { JobRun } from '../../src/storage/types.js';
import { storeDigest, type StoreDigest } from '../../src/testing/store-digest.js';

export function integrity(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.sqlite'))) {
    const db = new Database(join(dir, name), { fileMustExist: true });
    try {
      out[name] = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    } finally {
      db.close();
    }
  }
  return out;
}

export async function inspect(dir: string, options: { eventsFrom?: number } = {}): Promise<{ digest: StoreDigest; runs: JobRun[] }> {
  const storage = new SqliteStorage(dir);
  try {
    return { digest: await storeDigest(storage, options), runs: storage.runs.list({ limit: 10_000 }) };
  } finally {
    await storage.close();
  }
}

/** Temporary directories, removed by `cleanup`. */
export function workspace(name: string) {
  const root = mkdtempSync(join(tmpdir(), `homerhythm-crash-${name}-`));
  return {
    root,
    path: (sub: string) => join(root, sub),
    copy: (from: string, sub: string) => {
      cpSync(from, join(root, sub), { recursive: true });
      return join(root, sub);
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
