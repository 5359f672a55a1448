/** The home's settings in the `meta` table of homerhythm.sqlite. */
import type { HomeInfo, HomeInfoStore } from '../types.js';
import type { Db } from '../sqlite-file.js';

const KEY = 'home';

export class SqliteHomeInfoStore implements HomeInfoStore {
  constructor(private readonly db: Db) {}

  get(): HomeInfo {
    const value = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(KEY) as string | undefined;
    return value === undefined ? {} : (JSON.parse(value) as HomeInfo);
  }

  set(info: HomeInfo): void {
    const merged = { ...this.get(), ...info };
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(merged));
  }
}
