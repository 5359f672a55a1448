/** `homerhythm import FILE`: HA JSON lines, a CASAS log or HA's recorder database into Layer 1, with a report of every bad record. */
import { loadRegistryFile } from '../ha/registry.js';
import { detectFormat, importCasas, ImportFormatError, importJsonLines, importRecorder, RecorderFormatError, type ImportFormat } from '../ingest/importers/index.js';
import type { ImportReport } from '../ingest/importers/report.js';
import { DEFAULT_HA_DATABASE, importInflux } from '../ingest/importers/influx.js';
import type { ActivityLabel } from '../ingest/importers/casas.js';
import { writeFile } from 'node:fs/promises';
import { parseTime } from '../api/time.js';
import { describePolicy, type Storage } from '../storage/types.js';
import { UsageError } from './context.js';
import { count, time } from './format.js';
import { rate, terminalProgress } from './progress.js';

export interface ImportOptions {
  readonly format?: ImportFormat;
  readonly registry?: string;
  readonly timeZone: string;
}

export interface ImportResult {
  readonly format: ImportFormat;
  readonly report: ImportReport;
}

/** Detects the format (unless given) and imports (the demo's entry; the import command wants the format too). */
export async function importFile(storage: Storage, file: string, options: ImportOptions): Promise<ImportReport> {
  return (await importWithFormat(storage, file, options)).report;
}

/** Detects the format (unless given) and imports; a file that cannot be read as it is one clear UsageError. */
export async function importWithFormat(storage: Storage, file: string, options: ImportOptions): Promise<ImportResult> {
  try {
    const format = options.format ?? (await detectFormat(file));
    return { format, report: await importAs(storage, file, format, options) };
  } catch (error) {
    if (error instanceof ImportFormatError || error instanceof RecorderFormatError) throw new UsageError(error.message);
    throw error;
  }
}

async function importAs(storage: Storage, file: string, format: ImportFormat, options: ImportOptions): Promise<ImportReport> {
  const progress = terminalProgress(`importing ${file}`);
  const started = Date.now();
  const mb = (n: number) => `${Math.round(n / 1_048_576).toLocaleString('en-US')} MB`;
  const onProgress = (p: { read: number; bytes?: number; totalBytes?: number; totalRecords?: number }) => {
    if (p.totalRecords !== undefined) {
      progress.update(p.totalRecords > 0 ? p.read / p.totalRecords : undefined, `(${count(p.read)} of ${count(p.totalRecords)} states, ${rate(p.read, started)})`);
      return;
    }
    const size = p.bytes !== undefined && p.totalBytes ? `${mb(p.bytes)} of ${mb(p.totalBytes)}, ` : '';
    progress.update(p.bytes !== undefined && p.totalBytes ? p.bytes / p.totalBytes : undefined, `(${size}${count(p.read)} lines, ${rate(p.read, started)})`);
  };
  try {
    if (format === 'casas') return await importCasas(file, storage.events, { timeZone: options.timeZone, onProgress });
    const registry = options.registry === undefined ? undefined : await loadRegistryFile(options.registry);
    if (format === 'recorder') return await importRecorder(file, storage.events, { registry, onProgress });
    return await importJsonLines(file, storage.events, { registry, onProgress });
  } finally {
    progress.done();
  }
}

export function describeReport(r: ImportReport, format?: ImportFormat): string {
  const rows = format === 'recorder';
  const lines = [
    `${r.source}: ${count(r.read)} ${rows ? 'state rows' : 'lines'} read`,
    `  imported    ${count(r.imported)}`,
    `  duplicates  ${count(r.duplicates)}  (already stored)`,
    ...(r.expired > 0 ? [`  expired     ${count(r.expired)}  (older than ${r.expiredBy === null ? 'the store keeps' : describePolicy(r.expiredBy)}: refused by InfluxDB)`] : []),
    `  ignored     ${count(r.ignored)}  (${rows ? 'removals of entities never seen' : 'not state_changed'})`,
    `  invalid     ${count(r.invalid)}`,
  ];
  if (!rows) lines.push(`  blank       ${count(r.blank)}`);
  if (r.attributesDropped > 0) lines.push(`  ${count(r.attributesDropped)} events had attributes over 16 KB, stored as {} (as HA's recorder does)`);
  if (r.first !== null) lines.push(`  events from ${time(r.first)} to ${time(r.last)}`);
  if (r.expired > 0) {
    const offered = r.imported + r.duplicates + r.expired;
    const policy = r.expiredBy === null ? 'the store keeps' : describePolicy(r.expiredBy);
    lines.push('', `imported ${count(r.imported)} of ${count(offered)}: ${count(r.expired)} older than ${policy} (lengthen that policy, or storage.influxdb.retention_grace_days where homerhythm manages it, to keep history this old)`);
  }
  if (r.bad.length > 0) {
    lines.push('', `bad ${rows ? 'rows' : 'lines'}${r.invalid > r.bad.length ? ` (first ${r.bad.length} of ${count(r.invalid)})` : ''}:`);
    for (const b of r.bad) lines.push(`  ${rows ? 'state_id' : 'line'} ${b.line}: ${b.reason}`);
  }
  return lines.join('\n');
}

/**
 * `--labels-out FILE`: the activity labels of a CASAS log as JSON, for scoring detectors against
 * what the residents did. Labels are annotations, not events of the home: Layer 1 never holds them.
 */
export async function writeLabels(file: string, report: ImportReport, timeZone: string): Promise<string> {
  const labels = (report as { labels?: readonly ActivityLabel[] }).labels;
  if (labels === undefined) throw new UsageError('--labels-out: only CASAS logs carry activity labels');
  const rows = labels.map((l) => ({ line: l.line, time: new Date(l.time).toISOString(), entity_id: l.entityId, activity: l.activity, marker: l.marker }));
  await writeFile(file, `${JSON.stringify({ source: report.source, time_zone: timeZone, labels: rows }, null, 1)}\n`);
  const activities = new Set(labels.map((l) => l.activity));
  return `activity labels: ${count(labels.length)} (${count(activities.size)} activities) → ${file}`;
}

export interface InfluxImportFlags {
  readonly influx: string;
  readonly influxDb?: string;
  readonly influxRp?: string;
  readonly influxUser?: string;
  readonly influxPassword?: string;
  readonly influxToken?: string;
  readonly start?: string;
  readonly end?: string;
  readonly registry?: string;
}

/** `import --influx URL`: what HA's InfluxDB integration wrote, by default the last 30 days. */
export async function importFromInflux(storage: Storage, flags: InfluxImportFlags, timeZone: string, env: NodeJS.ProcessEnv = process.env): Promise<ImportReport> {
  const now = Date.now();
  const at = (expr: string | undefined, fallback: number, flag: string) => {
    if (expr === undefined) return fallback;
    const t = parseTime(expr, now, timeZone);
    if (t === null) throw new UsageError(`${flag} ${expr}: expected ISO-8601 (2026-11-01, 2026-11-01T07:30:00Z) or relative (-30d, now)`);
    return t;
  };
  const end = at(flags.end, now, '--end');
  const start = at(flags.start, end - 30 * 86_400_000, '--start');
  if (start >= end) throw new UsageError('--start must be before --end');
  const registry = flags.registry === undefined ? undefined : await loadRegistryFile(flags.registry);
  const progress = terminalProgress(`importing from InfluxDB ${flags.influx}`);
  const started = Date.now();
  try {
    return await importInflux(
      {
        url: flags.influx,
        database: flags.influxDb ?? DEFAULT_HA_DATABASE,
        retentionPolicy: flags.influxRp,
        username: flags.influxUser ?? env['INFLUX_USERNAME'],
        password: flags.influxPassword ?? env['INFLUX_PASSWORD'],
        token: flags.influxToken ?? env['INFLUX_TOKEN'],
      },
      storage.events,
      { start, end, registry, onProgress: (p) => progress.update(p.totalRecords ? (p.records ?? 0) / p.totalRecords : undefined, `(${count(p.read)} points, ${rate(p.read, started)})`) },
    );
  } finally {
    progress.done();
  }
}
