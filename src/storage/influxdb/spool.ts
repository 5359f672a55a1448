/**
 * The local spool for Layer 1: when InfluxDB is down or slow, batches of events are appended to
 * segment files under the data directory (one JSON line a batch, fsynced before `add` returns)
 * and delivered in order when it answers again, with backoff. A batch counts as stored once it is
 * in the spool or in InfluxDB, so nothing acknowledged is lost across a restart. A segment is
 * deleted only after all of it was delivered; a crash in between replays it, and delivery skips
 * what InfluxDB already holds, so every event lands exactly once.
 */
import { appendFileSync, closeSync, fdatasyncSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { StateEvent } from '../../events/model.js';
import { InfluxError } from './http.js';

export const DEFAULT_SPOOL_MAX_BYTES = 256 * 1024 * 1024;
const SEGMENT_BYTES = 8 * 1024 * 1024;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;
const SEGMENT = /^(\d{12})\.jsonl$/;
export const REJECTED_FILE = 'rejected.jsonl';

/** The spool has no room: the events were not stored. */
export class SpoolFullError extends Error {}

export interface SpoolHealth {
  readonly events: number;
  readonly batches: number;
  readonly bytes: number;
  readonly maxBytes: number;
  /** Batches refused because the spool was full (their events were not stored). */
  readonly refusedBatches: number;
  /** Batches InfluxDB refused for good, kept in rejected.jsonl. */
  readonly rejectedBatches: number;
  readonly lastError: string | null;
  /** The last batch offered was refused: new events are not being stored. */
  readonly full: boolean;
}

interface Segment {
  readonly seq: number;
  bytes: number;
  batches: number;
  events: number;
  /** Batches (from the start) delivered by this process; skipped when the segment is read again. */
  delivered: number;
  deliveredEvents: number;
}

type Deliver = (events: StateEvent[]) => Promise<void>;

export class EventSpool {
  private readonly segments: Segment[] = [];
  private fd: number | null = null;
  private draining: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;
  private refused = 0;
  private rejected = 0;
  private lastError: string | null = null;
  private full = false;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
    private readonly deliver: Deliver,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(dir).sort()) {
      const m = SEGMENT.exec(name);
      if (m === null) continue;
      const text = readFileSync(join(dir, name), 'utf8');
      const seg: Segment = { seq: Number(m[1]), bytes: statSync(join(dir, name)).size, batches: 0, events: 0, delivered: 0, deliveredEvents: 0 };
      for (const events of parseSegment(text)) {
        seg.batches++;
        seg.events += events.length;
      }
      this.segments.push(seg);
    }
    try {
      this.rejected = readFileSync(join(dir, REJECTED_FILE), 'utf8').split('\n').filter((l) => l !== '').length;
    } catch {
      // none rejected
    }
  }

  get empty(): boolean {
    return this.segments.every((s) => s.batches === s.delivered);
  }

  health(): SpoolHealth {
    let events = 0;
    let batches = 0;
    let bytes = 0;
    for (const s of this.segments) {
      events += s.events - s.deliveredEvents;
      batches += s.batches - s.delivered;
      bytes += s.bytes;
    }
    return { events, batches, bytes, maxBytes: this.maxBytes, refusedBatches: this.refused, rejectedBatches: this.rejected, lastError: this.lastError, full: this.full };
  }

  private path(seq: number): string {
    return join(this.dir, `${String(seq).padStart(12, '0')}.jsonl`);
  }

  /** Appends a batch durably (fsync) and schedules delivery; throws SpoolFullError when over the bound. */
  add(events: readonly StateEvent[], cause?: unknown): void {
    if (events.length === 0) return;
    if (cause !== undefined) this.lastError = cause instanceof Error ? cause.message : String(cause);
    const line = `${JSON.stringify(events)}\n`;
    const size = Buffer.byteLength(line);
    if (this.health().bytes + size > this.maxBytes) {
      this.refused++;
      this.full = true;
      throw new SpoolFullError(
        `the InfluxDB spool is full (${this.health().bytes} of ${this.maxBytes} bytes, storage.influxdb.spool_max_bytes): ${events.length} events not stored; InfluxDB at fault: ${this.lastError ?? 'unknown'}`,
      );
    }
    let seg = this.segments.at(-1);
    if (seg === undefined || this.fd === null || seg.bytes >= SEGMENT_BYTES) {
      this.seal();
      seg = { seq: (this.segments.at(-1)?.seq ?? 0) + 1, bytes: 0, batches: 0, events: 0, delivered: 0, deliveredEvents: 0 };
      this.fd = openSync(this.path(seg.seq), 'a', 0o600);
      this.segments.push(seg);
    }
    writeSync(this.fd, line);
    fdatasyncSync(this.fd);
    seg.bytes += size;
    seg.batches++;
    seg.events += events.length;
    this.full = false;
    this.schedule(0);
  }

  /** Stops appending to the open segment, so delivery may take it whole. */
  private seal(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private schedule(delay: number): void {
    if (this.closed || this.timer !== undefined || this.draining !== null) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain().catch(() => this.schedule(Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, this.failures - 1))));
    }, delay);
    this.timer.unref();
  }

  /** Delivers everything spooled, oldest first; throws (keeping the rest) when InfluxDB fails. */
  drain(): Promise<void> {
    this.draining ??= this.drainAll().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async drainAll(): Promise<void> {
    while (!this.empty) {
      const seg = this.segments[0]!;
      // The open segment is sealed first: later batches go to a new one, behind it.
      if (this.segments.length === 1) this.seal();
      const batches = parseSegment(readFileSync(this.path(seg.seq), 'utf8'));
      for (const events of batches.slice(seg.delivered)) {
        await this.deliverOne(events);
        seg.delivered++;
        seg.deliveredEvents += events.length;
      }
      // The file goes only once all of it is delivered: a crash before this replays it whole.
      unlinkSync(this.path(seg.seq));
      this.segments.shift();
    }
    this.failures = 0;
    this.lastError = null;
    this.full = false;
  }

  private async deliverOne(events: StateEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.deliver(events);
    } catch (error) {
      if (error instanceof InfluxError && !error.retryable) {
        // InfluxDB will never take this batch (bad data, type conflict): keep it aside, visibly.
        appendFileSync(join(this.dir, REJECTED_FILE), `${JSON.stringify({ error: error.message, events })}\n`, { mode: 0o600 });
        this.rejected++;
        this.lastError = error.message;
        return;
      }
      this.failures++;
      this.lastError = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.seal();
  }
}

/** Batches of a segment; a torn last line (a crash mid-append, never acknowledged) is skipped. */
function parseSegment(text: string): StateEvent[][] {
  const out: StateEvent[][] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      out.push(JSON.parse(line) as StateEvent[]);
    } catch {
      // torn write
    }
  }
  return out;
}
