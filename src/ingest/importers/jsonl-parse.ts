/**
 * The CPU-heavy half of the JSON lines import, with no I/O of its own: lines in, normalized
 * events and counts out. It runs in a worker thread (`jsonl-worker.ts`) so that JSON.parse and
 * the main thread's SQLite writes use both cores.
 */
import type { StateEvent } from '../../events/model.js';
import { normalizeStateChanged } from '../../events/normalize.js';
import { MAX_LINE_BYTES, type LineBatch } from './lines.js';
import { type BadRecord, MAX_BAD_REPORTED } from './report.js';

/** What a run of lines held. `bad` lists at most MAX_BAD_REPORTED of the `invalid` lines. */
export interface ParsedLines {
  events: StateEvent[];
  read: number;
  blank: number;
  ignored: number;
  invalid: number;
  attributesDropped: number;
  bad: BadRecord[];
  bytes: number;
  totalBytes: number | undefined;
}

export function emptyParsedLines(): ParsedLines {
  return { events: [], read: 0, blank: 0, ignored: 0, invalid: 0, attributesDropped: 0, bad: [], bytes: 0, totalBytes: undefined };
}

function isBlank(line: string): boolean {
  if (line.length === 0) return true;
  const c = line.charCodeAt(0);
  // Only a line starting with whitespace can be all whitespace; skip the trim for the rest.
  // Whitespace is what trim() removes (also \v, \f, U+3000, …), as for CASAS lines.
  return (c <= 32 || c === 0xa0 || c >= 0x1680) && line.trim().length === 0;
}

/**
 * Adds a batch of lines to `into`. Normalizes without a registry: it lives in the importer's
 * thread, which enriches the events (the same lookup normalize would make).
 * `badSoFar` counts bad records already reported, so a file of garbage sends only the first ones.
 */
export function parseJsonLines(batch: LineBatch, now: number, into: ParsedLines, badSoFar: number): void {
  const options = { now };
  const bad = (line: number, reason: string) => {
    into.invalid++;
    if (badSoFar + into.bad.length < MAX_BAD_REPORTED) into.bad.push({ line, reason });
  };
  let lineNumber = batch.firstLine;
  for (const line of batch.lines) {
    into.read++;
    const at = lineNumber++;
    if (line === null) {
      bad(at, `line is longer than ${MAX_LINE_BYTES} bytes`);
      continue;
    }
    if (isBlank(line)) {
      into.blank++;
      continue;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      bad(at, `malformed JSON: ${(error as Error).message}`);
      continue;
    }
    const result = normalizeStateChanged(raw, options);
    if (result.ok) {
      if (result.attributesDropped) into.attributesDropped++;
      into.events.push(result.event);
    } else if (result.kind === 'ignored') {
      into.ignored++;
    } else {
      bad(at, result.reason);
    }
  }
  into.bytes = batch.bytes;
  into.totalBytes = batch.totalBytes;
}
