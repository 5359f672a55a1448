/**
 * Tests that touch Layers 1–3 run on every backend: the embedded SQLite store and a real influxd
 * (one per test process, started on first use; each store gets its own databases by prefix).
 */
import { basename } from 'node:path';
import { describe } from 'node:test';
import { InfluxStorage, type InfluxOptions } from '../storage/influxdb/index.js';
import { SqliteStorage } from '../storage/sqlite/index.js';
import type { RetentionPolicy, Storage } from '../storage/types.js';
import { DEFAULT_RETENTION } from '../storage/types.js';
import { Influxd } from './influxd.js';

export type BackendKind = 'sqlite' | 'influxdb';
export const BACKENDS: readonly BackendKind[] = ['sqlite', 'influxdb'];

let server: Promise<Influxd> | undefined;

/** This process's influxd, started on first use and killed when the process exits. */
export function sharedInfluxd(): Promise<Influxd> {
  server ??= Influxd.start().then((s) => {
    process.once('exit', () => s.killSync());
    return s;
  });
  return server;
}

/** The database prefix of a store in `dir`: the same dir opens the same databases again. */
export function prefixOf(dir: string): string {
  return `${basename(dir).replace(/[^A-Za-z0-9]/g, '_')}_`;
}

/**
 * Opens a store of the kind over `dir` (a fresh dir: empty; the same dir again: its data).
 * InfluxDB policies keep forever here (tests use fixed dates that age), like SQLite's tables.
 */
export async function openTestStorage(kind: BackendKind, dir: string, retention: RetentionPolicy = DEFAULT_RETENTION, options: Partial<InfluxOptions> = {}): Promise<Storage> {
  if (kind === 'sqlite') return new SqliteStorage(dir, retention);
  const influxd = await sharedInfluxd();
  // One influxd shares two cores with the whole suite: under load it answers a query in more than
  // the 10 s a Pi's client allows, which is not what these tests check (a test may still set its own).
  return InfluxStorage.open({ url: influxd.url, dataDir: dir, retention, databasePrefix: prefixOf(dir), graceDays: null, timeoutMs: 60_000, ...options });
}

/** `describe(name [backend], …)` once per backend. */
export function forEachBackend(name: string, body: (kind: BackendKind) => void): void {
  for (const kind of BACKENDS) describe(`${name} [${kind}]`, () => body(kind));
}
