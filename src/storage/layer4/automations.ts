/**
 * Layer 4: Home Assistant's own automations as the ingestion service last read them (entity,
 * id, alias, on/off, configuration), so a suggestion HA already does can say which automation
 * does it. Replaced whole on every read: HA is the truth, this is its latest copy.
 */
import type { HaAutomationRow, HaAutomationStore } from '../types.js';
import { type Db, MetaTable } from '../sqlite-file.js';

export const AUTOMATIONS_SCHEMA = `CREATE TABLE ha_automations (
     entity_id TEXT PRIMARY KEY,
     automation_id TEXT,
     alias TEXT NOT NULL,
     state TEXT NOT NULL,
     config TEXT
   );`;

const READ_AT = 'ha_automations.read_at';

export class SqliteHaAutomationStore implements HaAutomationStore {
  private readonly db: Db;
  private readonly stmt;
  private readonly meta: MetaTable;

  constructor(db: Db) {
    this.db = db;
    this.meta = new MetaTable(db);
    this.stmt = {
      clear: db.prepare('DELETE FROM ha_automations'),
      insert: db.prepare('INSERT INTO ha_automations (entity_id, automation_id, alias, state, config) VALUES (?, ?, ?, ?, ?)'),
      list: db.prepare('SELECT entity_id, automation_id, alias, state, config FROM ha_automations ORDER BY entity_id'),
    };
  }

  replaceAll(rows: readonly HaAutomationRow[], time: number): void {
    this.db.transaction(() => {
      this.stmt.clear.run();
      for (const r of rows) this.stmt.insert.run(r.entity_id, r.automation_id, r.alias, r.state, r.config === null ? null : JSON.stringify(r.config));
      this.meta.set(READ_AT, String(time));
    })();
  }

  list(): HaAutomationRow[] {
    return (this.stmt.list.all() as Array<Omit<HaAutomationRow, 'config'> & { config: string | null }>).map((r) => ({ ...r, config: r.config === null ? null : (JSON.parse(r.config) as Record<string, unknown>) }));
  }

  readAt(): number | null {
    const value = this.meta.get(READ_AT);
    return value === undefined ? null : Number(value);
  }
}
