/**
 * Live events into Layer 1 in batches: a write starts when `batchSize` events wait or the oldest
 * has waited `flushMs`; events arriving during a write go into the next one (group commit), so
 * under load batches grow and latency stays bounded. A failing store is retried with backoff,
 * holding at most `maxQueued` events; beyond that new events are dropped and reported (the gap
 * fill after the next reconnect or restart brings them back from HA's history).
 */
import type { StateEvent } from '../../events/model.js';
import type { AppendResult, EventStore } from '../../storage/types.js';

export interface BatcherOptions {
  readonly batchSize: number;
  readonly flushMs: number;
  /** Most events held (queued + being written). */
  readonly maxQueued: number;
  /** First retry delay after a failed write; doubles up to 30 s. */
  readonly retryMs?: number;
  onWrite?(result: AppendResult, events: readonly StateEvent[], ms: number): void;
  onWriteError?(error: unknown, attempt: number): void;
  onDrop?(event: StateEvent): void;
}

export const DEFAULT_MAX_QUEUED = 200_000;
const MAX_RETRY_MS = 30_000;

export class EventBatcher {
  private queue: StateEvent[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private closed = false;
  private failures = 0;
  private wakeRetry: (() => void) | undefined;

  constructor(
    private readonly store: Pick<EventStore, 'append'>,
    private readonly options: BatcherOptions,
  ) {
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new RangeError(`batch size must be a positive integer, not ${options.batchSize}`);
  }

  /** Events waiting or being written. */
  get queued(): number {
    return this.queue.length + this.inFlight;
  }

  /** Whether the last write failed (and is being retried). */
  get failing(): boolean {
    return this.failures > 0;
  }

  /** Queues an event; false when it was dropped because the queue is full. */
  add(event: StateEvent): boolean {
    if (this.queued >= this.options.maxQueued) {
      this.options.onDrop?.(event);
      return false;
    }
    this.queue.push(event);
    if (this.writing !== undefined) return true;
    if (this.queue.length >= this.options.batchSize) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), this.options.flushMs);
    return true;
  }

  private kick(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.writing ??= this.drain().finally(() => {
      this.writing = undefined;
      // Whatever arrived while the last write finished.
      if (this.queue.length > 0 && !this.closed) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.batchSize);
      this.inFlight = batch.length;
      const started = performance.now();
      try {
        const result = await this.store.append(batch);
        this.failures = 0;
        this.options.onWrite?.(result, batch, performance.now() - started);
      } catch (error) {
        this.failures++;
        this.queue = batch.concat(this.queue);
        this.options.onWriteError?.(error, this.failures);
        if (this.closed) return;
        const delay = Math.min(MAX_RETRY_MS, (this.options.retryMs ?? 500) * 2 ** (this.failures - 1));
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, delay);
          this.wakeRetry = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wakeRetry = undefined;
      } finally {
        this.inFlight = 0;
      }
    }
  }

  /** Writes everything queued so far; resolves when it is stored (or, closed, when a write failed). */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.writing !== undefined) {
      if (this.writing === undefined) this.kick();
      const failuresBefore = this.failures;
      await this.writing;
      if (this.closed && this.failures > failuresBefore) return;
    }
  }

  /** Stops the timer and retries, making one last attempt to store what is queued. */
  async close(): Promise<void> {
    this.closed = true;
    this.wakeRetry?.();
    await this.flush();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
