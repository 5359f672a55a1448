/** What both importers share: batched appends that keep the report's counts, and throttled progress. */
import type { StateEvent } from '../../events/model.js';
import type { EventStore } from '../../storage/types.js';
import type { ProgressListener, ReportBuilder } from './report.js';

/** Events per `EventStore.append`: one SQLite transaction each. */
export const DEFAULT_BATCH_SIZE = 5000;
/** Least time between two progress calls. */
export const PROGRESS_INTERVAL_MS = 100;

/** Stores events in batches and keeps the report's imported/duplicates counts. */
export class BatchWriter {
  private batch: StateEvent[] = [];

  constructor(
    private readonly events: EventStore,
    private readonly report: ReportBuilder,
    private readonly size: number,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, not ${size}`);
  }

  get full(): boolean {
    return this.batch.length >= this.size;
  }

  add(event: StateEvent): void {
    this.batch.push(event);
    this.report.sawTime(event.time);
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    const result = await this.events.append(batch);
    this.report.imported += result.inserted;
    this.report.duplicates += result.duplicates;
    this.report.expired += result.expired ?? 0;
    if (result.expiredBy !== undefined) this.report.expiredBy = result.expiredBy;
  }
}

/** Calls the listener at most every PROGRESS_INTERVAL_MS, and once at the end. */
export function throttledProgress(report: ReportBuilder, listener: ProgressListener | undefined) {
  let last = 0;
  return (bytes: number, totalBytes: number | undefined, final = false): void => {
    if (listener === undefined) return;
    const now = Date.now();
    if (!final && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    listener({ read: report.read, imported: report.imported, bytes, ...(totalBytes === undefined ? {} : { totalBytes }) });
  };
}
