/**
 * Import of JSON lines: one HA `state_changed` event object per line, as the WebSocket delivers
 * it in `event` (the whole `{"type":"event","event":{…}}` message works too). Every line is
 * accounted for: read = imported + duplicates + ignored + invalid + blank.
 *
 * A worker thread reads and parses (JSON.parse is half the work) while this thread enriches and
 * stores: two cores instead of one, for ≥ 50K events/s on a 2-core machine.
 */
import { Worker } from 'node:worker_threads';
import type { StateEvent } from '../../events/model.js';
import type { Registry } from '../../events/normalize.js';
import type { EventStore } from '../../storage/types.js';
import type { JsonLinesJob, WorkerMessage } from './jsonl-worker.js';
import { type ImportReport, type ProgressListener, ReportBuilder } from './report.js';
import { BatchWriter, DEFAULT_BATCH_SIZE, throttledProgress } from './writer.js';

export interface JsonLinesOptions {
  readonly registry?: Registry;
  readonly batchSize?: number;
  /** Clock for the future-timestamp check (tests); defaults to the time the import starts. */
  readonly now?: number;
  readonly onProgress?: ProgressListener;
}

/**
 * Starts the parser next to this file. Built, it is `jsonl-worker.js`. From source (tsx), Node 20
 * does not apply `--import tsx` to a worker before loading its entry (privatenumber/tsx#354), so
 * a one-line bootstrap registers tsx in the worker first, then loads `jsonl-worker.ts`.
 */
function startWorker(job: JsonLinesJob): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./jsonl-worker.js', import.meta.url), { workerData: job });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./jsonl-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: job });
}

/** The device and area normalize would have set, had the registry been in the worker. */
function enrich(event: StateEvent, registry: Registry): StateEvent {
  const found = registry.lookup(event.entityId);
  return { ...event, deviceId: found?.deviceId ?? null, areaId: found?.areaId ?? null };
}

/** The worker's messages as an async iterable; its error (or an early exit) is thrown here. */
async function* messagesOf(worker: Worker): AsyncGenerator<WorkerMessage> {
  const queue: WorkerMessage[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => wake?.();
  worker.on('message', (message: WorkerMessage) => {
    queue.push(message);
    notify();
  });
  worker.on('error', (error) => {
    failure ??= error;
    notify();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the JSON lines parser stopped (exit code ${code}) before the end of the file`);
    notify();
  });
  for (;;) {
    const message = queue.shift();
    if (message !== undefined) {
      yield message;
      if (message.kind === 'done') return;
      continue;
    }
    if (failure !== undefined) throw failure;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

export async function importJsonLines(path: string, events: EventStore, options: JsonLinesOptions = {}): Promise<ImportReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const report = new ReportBuilder(path);
  const writer = new BatchWriter(events, report, batchSize);
  const progress = throttledProgress(report, options.onProgress);
  const { registry } = options;
  // One clock for the whole import: a long import must not accept later lines it rejected earlier.
  const job: JsonLinesJob = { path, now: options.now ?? Date.now(), batchSize };
  const worker = startWorker(job);
  let bytes = 0;
  let totalBytes: number | undefined;
  try {
    for await (const message of messagesOf(worker)) {
      if (message.kind === 'done') break;
      const parsed = message.parsed;
      report.read += parsed.read;
      report.blank += parsed.blank;
      report.ignored += parsed.ignored;
      report.attributesDropped += parsed.attributesDropped;
      for (const bad of parsed.bad) report.badRecord(bad.line, bad.reason);
      report.invalid += parsed.invalid - parsed.bad.length;
      for (const event of parsed.events) {
        writer.add(registry === undefined ? event : enrich(event, registry));
        if (writer.full) await writer.flush();
      }
      worker.postMessage('stored');
      bytes = parsed.bytes;
      totalBytes = parsed.totalBytes;
      progress(bytes, totalBytes);
    }
    await writer.flush();
  } finally {
    await worker.terminate();
  }
  progress(bytes, totalBytes, true);
  return report.build();
}
