/** The home's settings in the `meta` table of homerhythm.sqlite. */
import type { HomeInfo, HomeInfoStore } from '../types.js';
import { type Db, MetaTable } from '../sqlite-file.js';

const KEY = 'home';

export class SqliteHomeInfoStore implements HomeInfoStore {
  private readonly meta: MetaTable;

  constructor(db: Db) {
    this.meta = new MetaTable(db);
  }

  get(): HomeInfo {
    const value = this.meta.get(KEY);
    return value === undefined ? {} : (JSON.parse(value) as HomeInfo);
  }

  set(info: HomeInfo): void {
    this.meta.set(KEY, JSON.stringify({ ...this.get(), ...info }));
  }
}
