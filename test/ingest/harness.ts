/** What the ingestion tests share: a data directory, a config pointing at the double, a service in-process or as a child process. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { type Config, loadConfig } from '../../src/config.js';
import { type IngestOverrides, IngestService } from '../../src/ingest/service.js';
import { contextFor } from '../../src/main.js';
import { HealthRegistry } from '../../src/service.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import type { StateEvent } from '../../src/events/model.js';
import { freePort } from '../../src/testing/port.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export function tempDataDir(name: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `homerhythm-${name}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes a YAML config file in a new temporary directory; returns its path. */
const configDirs: string[] = [];
// removed when the test process ends (a config is read at start, or again by a restarted child)
process.once('exit', () => configDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

export function configFile(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'homerhythm-config-'));
  configDirs.push(dir);
  const file = join(dir, 'homerhythm.yaml');
  writeFileSync(file, yaml);
  return file;
}

/** A config as the env (HA_URL, HA_TOKEN, HOMERHYTHM_DATA_DIR) and, optionally, a YAML file would give it. */
export function testConfig(env: Record<string, string>, yaml?: string): Config {
  return loadConfig({ env, file: yaml === undefined ? undefined : configFile(yaml), cwd: repoRoot });
}

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** An in-process ingest service on any free port, its log lines captured. */
export async function startInProcess(config: Config, overrides: IngestOverrides = {}) {
  const lines: LogLine[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  const storage = new SqliteStorage(config.data_dir);
  const health = new HealthRegistry();
  const service = new IngestService(contextFor(config, storage, log, health), { port: 0, recorderCommitWaitMs: 50, ...overrides });
  return {
    service,
    storage,
    health,
    lines,
    async start() {
      await service.start();
    },
    async stop() {
      await service.stop();
      await storage.close();
    },
  };
}

/** Every stored event, in order. */
export async function allEvents(storage: SqliteStorage): Promise<StateEvent[]> {
  const out: StateEvent[] = [];
  for await (const chunk of storage.events.read({ start: 0, end: Number.MAX_SAFE_INTEGER })) out.push(...chunk);
  return out;
}

export { freePort };

/** `homerhythm serve --only ingest` from source, as a child process; `configFile` is passed as --config. */
export interface CliRun {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** The real CLI (src/cli.ts through tsx) as a child process, its stdout and stderr collected. */
export function spawnCli(args: readonly string[], env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli.ts'), ...args], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** `homerhythm serve --only ingest` as a child process. */
export function spawnServe(env: Record<string, string>, configFile?: string): CliRun {
  return spawnCli([...(configFile === undefined ? [] : ['--config', configFile]), 'serve', '--only', 'ingest'], env);
}

/** GET a JSON endpoint, or null when nothing answers. */
export async function getJson(url: string): Promise<Record<string, unknown> | null> {
  try {
    const res = await fetch(url);
    return (await res.json()) as Record<string, unknown>;
  } catch {
    return null;
  }
}
