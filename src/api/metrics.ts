/**
 * Prometheus metrics of the data-api, in its own prom-client Registry (never the global one, so
 * two apps in one process, as in tests, do not collide): requests and their durations by route
 * and status, and what each storage layer holds, read from `storage.stats()` at scrape time.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LayerStats, Storage } from '../storage/types.js';
import type { ApiEnv } from './context.js';

/** Latency buckets around the API's budget (p99 ≤ 20 ms). */
const BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];
/** One scrape's storage stats serve every layer gauge of that scrape. */
const SCRAPE_REUSE_MS = 1000;

export interface ApiMetrics {
  readonly registry: Registry;
  /** Counts and times every request; outermost middleware, so refused requests count too. */
  readonly middleware: MiddlewareHandler<ApiEnv>;
}

export function createMetrics(storage: Storage): ApiMetrics {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'homerhythm_api_requests_total', help: 'data-api requests by route and status', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'homerhythm_api_request_duration_seconds',
    help: 'data-api request durations by route and status',
    labelNames,
    buckets: BUCKETS_SECONDS,
    registers: [registry],
  });
  // Both gauges are collected at once per scrape: they share one stats() call.
  let scrape: { at: number; stats: Promise<LayerStats[]> } | null = null;
  const stats = () => {
    const now = performance.now();
    if (scrape === null || now - scrape.at > SCRAPE_REUSE_MS) scrape = { at: now, stats: storage.stats() };
    return scrape.stats;
  };
  const layerGauge = (name: string, help: string, value: (s: LayerStats) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['layer', 'name'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const s of await stats()) this.set({ layer: String(s.layer), name: s.name }, value(s));
      },
    });
  layerGauge('homerhythm_layer_records', 'records each storage layer holds', (s) => s.records);
  layerGauge('homerhythm_layer_bytes', 'bytes each storage layer uses on disk', (s) => s.bytes);

  const middleware: MiddlewareHandler<ApiEnv> = async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const path = routePath(c, -1);
      // Unmatched paths share one label: a scanner must not grow the label set without bound.
      const route = path === '/*' || path === '*' ? 'unmatched' : path;
      const labels = { method: c.req.method, route, status: String(c.res.status) };
      requests.inc(labels);
      duration.observe(labels, (performance.now() - started) / 1000);
    }
  };
  return { registry, middleware };
}
