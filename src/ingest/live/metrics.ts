/**
 * What ingestion counts, for /metrics (Prometheus text, prom-client with its own Registry: two
 * services in one process never share or clash) and for /health.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Events per second over a sliding window of whole seconds. */
export class RateMeter {
  private readonly buckets: number[];
  private second = 0;

  constructor(
    private readonly windowSeconds = 10,
    private readonly now: () => number = Date.now,
  ) {
    this.buckets = new Array<number>(windowSeconds).fill(0);
  }

  private advance(): void {
    const second = Math.floor(this.now() / 1000);
    if (second - this.second >= this.windowSeconds) this.buckets.fill(0);
    else for (let s = this.second + 1; s <= second; s++) this.buckets[s % this.windowSeconds] = 0;
    this.second = Math.max(this.second, second);
  }

  mark(count = 1): void {
    this.advance();
    this.buckets[this.second % this.windowSeconds]! += count;
  }

  /** Mean rate over the window's complete seconds. */
  perSecond(): number {
    this.advance();
    let sum = 0;
    for (let i = 0; i < this.windowSeconds; i++) if (i !== this.second % this.windowSeconds) sum += this.buckets[i]!;
    return sum / (this.windowSeconds - 1);
  }
}

export type EventSource = 'live' | 'history';

export function createIngestMetrics(read: { queued: () => number; connected: () => boolean; lastEventTime: () => number | null; perSecond: () => number }) {
  const registry = new Registry();
  const prefix = 'homerhythm_ingest_';
  const m = {
    registry,
    received: new Counter({ name: `${prefix}events_received_total`, help: 'state_changed events received from the live subscription', registers: [registry] }),
    stored: new Counter({ name: `${prefix}events_stored_total`, help: 'events newly stored in Layer 1', labelNames: ['source'] as const, registers: [registry] }),
    duplicates: new Counter({ name: `${prefix}events_duplicate_total`, help: 'events already in Layer 1 (same entity and microsecond)', labelNames: ['source'] as const, registers: [registry] }),
    invalid: new Counter({ name: `${prefix}events_invalid_total`, help: 'malformed events rejected at the edge', registers: [registry] }),
    filtered: new Counter({ name: `${prefix}events_filtered_total`, help: 'events of entities excluded by ingest.include/exclude', registers: [registry] }),
    dropped: new Counter({ name: `${prefix}events_dropped_total`, help: 'events dropped because the write queue was full', registers: [registry] }),
    writeErrors: new Counter({ name: `${prefix}write_errors_total`, help: 'failed Layer 1 writes (retried)', registers: [registry] }),
    writeSeconds: new Histogram({ name: `${prefix}write_seconds`, help: 'duration of one Layer 1 batch write', buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry] }),
    connects: new Counter({ name: `${prefix}connects_total`, help: 'successful connections to Home Assistant (first and reconnects)', registers: [registry] }),
    pingTimeouts: new Counter({ name: `${prefix}ping_timeouts_total`, help: 'pings without a pong in time (each forces a reconnect)', registers: [registry] }),
    gapFills: new Counter({ name: `${prefix}gap_fills_total`, help: 'gap fills from HA history', labelNames: ['result'] as const, registers: [registry] }),
    registryRefreshes: new Counter({ name: `${prefix}registry_refreshes_total`, help: 'registry loads (on connect and on *_registry_updated)', registers: [registry] }),
  };
  new Gauge({ name: `${prefix}queued_writes`, help: 'events waiting to be written to Layer 1', registers: [registry], collect() { this.set(read.queued()); } });
  new Gauge({ name: `${prefix}connected`, help: '1 while connected to Home Assistant', registers: [registry], collect() { this.set(read.connected() ? 1 : 0); } });
  new Gauge({ name: `${prefix}events_per_second`, help: 'events received per second (10 s window)', registers: [registry], collect() { this.set(read.perSecond()); } });
  new Gauge({
    name: `${prefix}last_event_timestamp_seconds`,
    help: 'time of the last event received (HA time, epoch seconds)',
    registers: [registry],
    collect() {
      const t = read.lastEventTime();
      if (t !== null) this.set(t / 1000);
    },
  });
  return m;
}

export type IngestMetrics = ReturnType<typeof createIngestMetrics>;
