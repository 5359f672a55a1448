/** `homerhythm import FILE`: HA JSON lines or a CASAS log into Layer 1, with a report of every bad line. */
import { loadRegistryFile } from '../ha/registry.js';
import { detectFormat, importCasas, importJsonLines, type ImportFormat } from '../ingest/importers/index.js';
import type { ImportReport } from '../ingest/importers/report.js';
import type { Storage } from '../storage/types.js';
import { count, time } from './format.js';
import { terminalProgress } from './progress.js';

export interface ImportOptions {
  readonly format?: ImportFormat;
  readonly registry?: string;
  readonly timeZone: string;
}

export async function importFile(storage: Storage, file: string, options: ImportOptions): Promise<ImportReport> {
  const format = options.format ?? (await detectFormat(file));
  const progress = terminalProgress(`importing ${file}`);
  const onProgress = (p: { read: number; bytes?: number; totalBytes?: number }) =>
    p.bytes !== undefined ? progress.update(p.bytes, p.totalBytes, `bytes, ${count(p.read)} lines`) : progress.update(p.read, undefined, 'lines');
  try {
    if (format === 'casas') return await importCasas(file, storage.events, { timeZone: options.timeZone, onProgress });
    const registry = options.registry === undefined ? undefined : await loadRegistryFile(options.registry);
    return await importJsonLines(file, storage.events, { registry, onProgress });
  } finally {
    progress.done();
  }
}

export function describeReport(r: ImportReport): string {
  const lines = [
    `${r.source}: ${count(r.read)} lines read`,
    `  imported    ${count(r.imported)}`,
    `  duplicates  ${count(r.duplicates)}  (already stored)`,
    `  ignored     ${count(r.ignored)}  (not state_changed)`,
    `  invalid     ${count(r.invalid)}`,
    `  blank       ${count(r.blank)}`,
  ];
  if (r.attributesDropped > 0) lines.push(`  ${count(r.attributesDropped)} events had attributes over 16 KB, stored as {} (as HA's recorder does)`);
  if (r.first !== null) lines.push(`  events from ${time(r.first)} to ${time(r.last)}`);
  if (r.bad.length > 0) {
    lines.push('', `bad lines${r.invalid > r.bad.length ? ` (first ${r.bad.length} of ${count(r.invalid)})` : ''}:`);
    for (const b of r.bad) lines.push(`  line ${b.line}: ${b.reason}`);
  }
  return lines.join('\n');
}
