/**
 * Layers 1–3 through the Storage interfaces only, as JSON lines: how a backend whose data lives
 * outside the data directory (InfluxDB) is backed up and restored. Nothing here knows a backend;
 * the SQLite tests run it too, so the path is proven on the default store.
 */
import { closeSync, createReadStream, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { StateEvent } from '../events/model.js';
import type { AggregateBucket, AggregateRecord, Storage } from '../storage/types.js';
import { BUCKETS } from '../storage/types.js';

export const LAYER_FILES = {
  events: `${BUCKETS.raw}.jsonl`,
  [BUCKETS.daily]: `${BUCKETS.daily}.jsonl`,
  [BUCKETS.weekly]: `${BUCKETS.weekly}.jsonl`,
} as const;

const AGGREGATE_BUCKETS: readonly AggregateBucket[] = [BUCKETS.daily, BUCKETS.weekly];
/** Aggregates are read this many days at a time, never a whole layer at once. */
const AGGREGATE_SPAN_MS = 28 * 86_400_000;
const EVENT_BATCH = 5000;

class LineWriter {
  private readonly fd: number;
  private buffer: string[] = [];
  lines = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  write(value: unknown): void {
    this.buffer.push(JSON.stringify(value));
    this.lines++;
    if (this.buffer.length >= 1000) this.flush();
  }

  private flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, `${this.buffer.join('\n')}\n`);
    this.buffer = [];
  }

  close(): void {
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}

export interface ExportCounts {
  readonly events: number;
  readonly daily: number;
  readonly weekly: number;
}

/** Writes Layers 1–3 of `storage` into `dir` as JSON lines; returns the records written per layer. */
export async function exportLayers(storage: Storage, dir: string): Promise<ExportCounts> {
  const events = new LineWriter(join(dir, LAYER_FILES.events));
  try {
    // Bounded by what the layer holds: a backend's time type may not reach MAX_SAFE_INTEGER ms (InfluxDB: int64 ns).
    const { oldest, newest } = await storage.events.stats();
    if (oldest !== null && newest !== null) {
      for await (const chunk of storage.events.read({ start: oldest, end: newest + 1 })) for (const e of chunk) events.write(e);
    }
  } finally {
    events.close();
  }
  const counts = { events: events.lines, daily: 0, weekly: 0 };
  for (const bucket of AGGREGATE_BUCKETS) {
    const out = new LineWriter(join(dir, LAYER_FILES[bucket]));
    try {
      const { oldest, newest } = await storage.aggregates.stats(bucket);
      if (oldest !== null && newest !== null) {
        for (let start = oldest; start <= newest; start += AGGREGATE_SPAN_MS) {
          for (const r of await storage.aggregates.query({ bucket, start, end: start + AGGREGATE_SPAN_MS })) out.write(r);
        }
      }
    } finally {
      out.close();
    }
    counts[bucket === BUCKETS.daily ? 'daily' : 'weekly'] = out.lines;
  }
  return counts;
}

async function* lines<T>(path: string): AsyncIterable<T> {
  const input = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of input) if (line !== '') yield JSON.parse(line) as T;
}

/** Stores what `exportLayers` wrote: events appended (duplicates skipped), each period's aggregates replaced. */
export async function importLayers(storage: Storage, dir: string): Promise<ExportCounts> {
  let batch: StateEvent[] = [];
  let events = 0;
  for await (const e of lines<StateEvent>(join(dir, LAYER_FILES.events))) {
    batch.push(e);
    if (batch.length >= EVENT_BATCH) {
      events += (await storage.events.append(batch)).inserted;
      batch = [];
    }
  }
  if (batch.length > 0) events += (await storage.events.append(batch)).inserted;
  const counts = { events, daily: 0, weekly: 0 };
  for (const bucket of AGGREGATE_BUCKETS) {
    // Records come ordered by time: a period's records are together (a week and a month may share a start).
    let time: number | null = null;
    let periods = new Map<string, AggregateRecord[]>();
    const flush = async () => {
      for (const [period, records] of periods) {
        await storage.aggregates.replace({ bucket, period, measurements: [...new Set(records.map((r) => r.measurement))], records });
      }
      periods = new Map();
    };
    for await (const r of lines<AggregateRecord>(join(dir, LAYER_FILES[bucket]))) {
      if (r.time !== time) await flush();
      time = r.time;
      const list = periods.get(r.period);
      if (list === undefined) periods.set(r.period, [r]);
      else list.push(r);
      counts[bucket === BUCKETS.daily ? 'daily' : 'weekly']++;
    }
    await flush();
  }
  return counts;
}
