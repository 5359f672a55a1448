/** `homerhythm import FILE`: HA JSON lines or a CASAS log into Layer 1, with a report of every bad line. */
import { loadRegistryFile } from '../ha/registry.js';
import { detectFormat, importCasas, importJsonLines, type ImportFormat } from '../ingest/importers/index.js';
import type { ImportReport } from '../ingest/importers/report.js';
import type { Storage } from '../storage/types.js';
import { count, time } from './format.js';
import { rate, terminalProgress } from './progress.js';

export interface ImportOptions {
  readonly format?: ImportFormat;
  readonly registry?: string;
  readonly timeZone: string;
}

export async function importFile(storage: Storage, file: string, options: ImportOptions): Promise<ImportReport> {
  const format = options.format ?? (await detectFormat(file));
  const progress = terminalProgress(`importing ${file}`);
  const started = Date.now();
  const mb = (n: number) => `${Math.round(n / 1_048_576).toLocaleString('en-US')} MB`;
  const onProgress = (p: { read: number; bytes?: number; totalBytes?: number }) => {
    const size = p.bytes !== undefined && p.totalBytes ? `${mb(p.bytes)} of ${mb(p.totalBytes)}, ` : '';
    progress.update(p.bytes !== undefined && p.totalBytes ? p.bytes / p.totalBytes : undefined, `(${size}${count(p.read)} lines, ${rate(p.read, started)})`);
  };
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
