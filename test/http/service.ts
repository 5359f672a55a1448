/**
 * The real service (`homerhythm serve`: ingest on 8001's stand-in, data-api, dashboard) as a
 * child process, against the HA double, on free ports at the address a test picks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HaDouble, waitFor } from '../ha-double/server.js';
import { type CliRun, configFile, freePort, spawnCli, tempDataDir } from '../ingest/harness.js';

export const HA_TOKEN = 'ha-token-for-the-http-tests-000';
export const API_TOKEN = 'api-token-for-the-http-tests-0123456789';

export interface RunningService {
  readonly run: CliRun;
  readonly pid: number;
  readonly bind: string;
  readonly ports: { readonly ingest: number; readonly api: number; readonly dashboard: number };
  stop(): Promise<void>;
}

/** VmRSS of a process, bytes. */
export function rssOf(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (line === null) throw new Error(`no VmRSS for process ${pid}`);
  return Number(line[1]) * 1024;
}

export interface ServiceOptions {
  readonly bind: string;
  /** Without an API token when false. */
  readonly token?: boolean;
  /** YAML config file content. */
  readonly yaml?: string;
  /** Resolve once it listens (default), or return at once (for a start that is refused). */
  readonly wait?: boolean;
}

/** Starts `homerhythm serve` with HA (the double) configured, so all three ports listen. */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const double = await HaDouble.start({ token: HA_TOKEN });
  const data = tempDataDir('http');
  const ports = { ingest: await freePort(), api: await freePort(), dashboard: await freePort() };
  const env: Record<string, string> = {
    HA_URL: double.url,
    HA_TOKEN,
    HOMERHYTHM_DATA_DIR: join(data.dir, 'data'),
    HOMERHYTHM_BIND: options.bind,
    HOMERHYTHM_INGEST_PORT: String(ports.ingest),
    HOMERHYTHM_API_PORT: String(ports.api),
    HOMERHYTHM_DASHBOARD_PORT: String(ports.dashboard),
    ...(options.token === false ? {} : { HOMERHYTHM_API_TOKEN: API_TOKEN }),
  };
  const run = spawnCli([...(options.yaml === undefined ? [] : ['--config', configFile(options.yaml)]), 'serve'], env);
  const stop = async () => {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
    await run.exited;
    await double.stop();
    data.remove();
  };
  if (options.wait !== false) {
    try {
      await waitFor(() => /press Ctrl-C to stop/.test(run.output()) || run.child.exitCode !== null, 'the service listening', 60_000, 100);
      if (run.child.exitCode !== null) throw new Error(`the service exited (${run.child.exitCode}): ${run.output()}`);
    } catch (e) {
      await stop();
      throw e;
    }
  }
  return { run, pid: run.child.pid!, bind: options.bind, ports, stop };
}
