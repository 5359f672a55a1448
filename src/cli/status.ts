/** `homerhythm status`: per layer, records, bytes on disk, oldest/newest, retention. */
import type { LayerStats, Storage } from '../storage/types.js';
import { bytes, count, days, table, time } from './format.js';

export function statusTable(stats: readonly LayerStats[]): string {
  return table(
    ['layer', 'bucket / table', 'records', 'on disk', 'oldest', 'newest', 'retention'],
    stats.map((s) => [String(s.layer), s.name, count(s.records), bytes(s.bytes), time(s.oldest), time(s.newest), days(s.retentionDays)]),
  );
}

export async function status(storage: Storage, json: boolean): Promise<string> {
  const stats = await storage.stats();
  if (json) {
    const backend = await storage.describe?.();
    return JSON.stringify({ backend: storage.backend, home: storage.home.get(), layers: stats, ...(backend ? { details: backend } : {}), ...(storage.health ? { health: storage.health() } : {}) }, null, 2);
  }
  const home = storage.home.get();
  const runs = storage.runs.list({ limit: 5 });
  const lines = [`backend: ${storage.backend}${home.timeZone ? `   home time zone: ${home.timeZone}` : ''}`, '', statusTable(stats)];
  const backend = await storage.describe?.();
  if (backend !== undefined) lines.push('', `${backend.title}:`, table([...backend.columns], backend.rows.map((r) => [...r])));
  const health = storage.health?.();
  if (health !== undefined && health.status !== 'ok') lines.push('', `storage ${health.status}: ${health.message ?? ''}`);
  if (runs.length > 0) {
    lines.push('', 'last runs:');
    for (const r of runs) lines.push(`  ${r.job} ${r.period}: ${r.status}${r.error ? ` (${r.error})` : ''}`);
  }
  return lines.join('\n');
}
