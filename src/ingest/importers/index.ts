/** The importers behind `homerhythm import`, and how a file's format is told from its first bytes. */
import { open } from 'node:fs/promises';
import { isRecorderDatabase } from './recorder.js';

export { importJsonLines, type JsonLinesOptions } from './jsonl.js';
export { type ActivityLabel, casasEntity, casasEntityIn, importCasas, type CasasEntity, type CasasOptions, type CasasReport } from './casas.js';
export { importRecorder, RecorderFormatError, type RecorderOptions } from './recorder.js';
export type { BadRecord, ImportProgress, ImportReport, ProgressListener } from './report.js';

export type ImportFormat = 'jsonl' | 'casas' | 'recorder';
export const IMPORT_FORMATS: readonly ImportFormat[] = ['jsonl', 'casas', 'recorder'];

export class ImportFormatError extends Error {
  override readonly name = 'ImportFormatError';
}

/** How far to look for the first non-blank line (a JSON line's first character is enough). */
const SNIFF_BYTES = 64 * 1024;
/** A date and time, then at least a sensor and a state, separated by tabs or spaces. */
const CASAS_LINE = /^\d{4}-\d{2}-\d{2}[ \t]+\d{2}:\d{2}:\d{2}(\.\d+)?[ \t]+\S+[ \t]+\S+/;

/**
 * Sniffs the file: a SQLite file with HA's `states` and `schema_changes` tables is a recorder
 * database; otherwise the first non-blank line tells: a JSON object is JSON lines, `date
 * time sensor state …` is CASAS.
 */
export async function detectFormat(path: string): Promise<ImportFormat> {
  const file = await open(path, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await file.read(buffer, 0, SNIFF_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
  if (head.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000') {
    let recorder: boolean;
    try {
      recorder = isRecorderDatabase(path);
    } catch (error) {
      throw new ImportFormatError(`${path} is a SQLite database that cannot be read: ${(error as Error).message}`);
    }
    if (recorder) return 'recorder';
    throw new ImportFormatError(`${path} is a SQLite database but not Home Assistant's recorder database (it has no states and schema_changes tables)`);
  }
  const text = head.toString('utf8').replace(/^\ufeff/, '');
  const first = text.split('\n').find((line) => line.trim() !== '');
  if (first === undefined) throw new ImportFormatError(`${path} has no data${head.length === SNIFF_BYTES ? ` in its first ${SNIFF_BYTES} bytes` : ''}`);
  if (first.trimStart().startsWith('{')) return 'jsonl';
  if (CASAS_LINE.test(first.trimStart())) return 'casas';
  throw new ImportFormatError(
    `cannot tell the format of ${path}: its first line is neither a JSON object (JSON lines of HA state_changed events) ` +
      `nor a CASAS log line (YYYY-MM-DD HH:MM:SS.ffffff, then [location,] sensor, state [, activity] separated by tabs or spaces): ${JSON.stringify(first.slice(0, 60))}`,
  );
}
