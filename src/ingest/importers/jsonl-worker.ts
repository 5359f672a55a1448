/**
 * Worker thread of the JSON lines import: reads and parses the file, posting events in batches.
 * It runs at most WINDOW batches ahead of the importer, so a slow disk write never lets parsed
 * events pile up in memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { emptyParsedLines, parseJsonLines, type ParsedLines } from './jsonl-parse.js';
import { readLineBatches } from './lines.js';
import { PROGRESS_INTERVAL_MS } from './writer.js';

export interface JsonLinesJob {
  readonly path: string;
  readonly now: number;
  readonly batchSize: number;
}

/** Messages to the importer: a batch of parsed lines, then `done`. */
export type WorkerMessage = { readonly kind: 'parsed'; readonly parsed: ParsedLines } | { readonly kind: 'done' };

/** Batches posted and not yet stored by the importer. */
export const WINDOW = 2;

async function run(job: JsonLinesJob): Promise<void> {
  const port = parentPort!;
  let unacknowledged = 0;
  let acknowledged: (() => void) | undefined;
  // Each message from the importer means it has stored one batch.
  port.on('message', () => {
    unacknowledged--;
    acknowledged?.();
  });
  let badSoFar = 0;
  const post = async (parsed: ParsedLines) => {
    while (unacknowledged >= WINDOW) await new Promise<void>((resolve) => (acknowledged = resolve));
    unacknowledged++;
    badSoFar += parsed.bad.length;
    port.postMessage({ kind: 'parsed', parsed } satisfies WorkerMessage);
  };
  let parsed = emptyParsedLines();
  let postedAt = Date.now();
  for await (const batch of readLineBatches(job.path)) {
    parseJsonLines(batch, job.now, parsed, badSoFar);
    // Also post now and then when few lines are events, so progress keeps moving.
    if (parsed.events.length >= job.batchSize || Date.now() - postedAt >= PROGRESS_INTERVAL_MS) {
      await post(parsed);
      parsed = emptyParsedLines();
      postedAt = Date.now();
    }
  }
  await post(parsed);
  port.postMessage({ kind: 'done' } satisfies WorkerMessage);
  port.close();
}

// An error here reaches the importer as the worker's 'error' event.
await run(workerData as JsonLinesJob);
