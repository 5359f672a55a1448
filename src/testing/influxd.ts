/**
 * A real `influxd` (Debian's InfluxDB 1.x) for tests and benches: its own config, meta, data and
 * WAL in a temp dir, HTTP on a free loopback port, every other listener off. One per test file;
 * tests keep apart by database-name prefix (`uniquePrefix()`).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const INFLUXD = process.env['HOMERHYTHM_INFLUXD'] ?? '/usr/bin/influxd';

export class InfluxdMissingError extends Error {}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function configText(dir: string, httpPort: number, rpcPort: number, auth: boolean): string {
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${join(dir, 'meta')}"
  logging-enabled = false
[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false
  index-version = "inmem"
[monitor]
  store-enabled = false
[subscriber]
  enabled = false
[continuous_queries]
  enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  auth-enabled = ${auth}
  log-enabled = false
  pprof-enabled = false
[[graphite]]
  enabled = false
[[collectd]]
  enabled = false
[[opentsdb]]
  enabled = false
[[udp]]
  enabled = false
`;
}

export class Influxd {
  private child: ChildProcess | undefined;
  private stderr = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly configFile: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Starts influxd in a fresh temp dir; fails loudly (never skips) when it is not installed. With
   * `admin`, authentication is on and that user is its admin (1.x lets the first admin be created
   * without credentials).
   */
  static async start(options: { admin?: { username: string; password: string } } = {}): Promise<Influxd> {
    if (!existsSync(INFLUXD) || spawnSync(INFLUXD, ['version']).status !== 0) {
      throw new InfluxdMissingError(`influxd not found at ${INFLUXD}: run scripts/system-deps.sh (apt-get install -y influxdb)`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'homerhythm-influxd-'));
    const [httpPort, rpcPort] = [await freePort(), await freePort()];
    const configFile = join(dir, 'influxdb.conf');
    writeFileSync(configFile, configText(dir, httpPort, rpcPort, options.admin !== undefined));
    const server = new Influxd(dir, httpPort, configFile);
    await server.restart();
    if (options.admin !== undefined) {
      const { username, password } = options.admin;
      const q = `CREATE USER "${username}" WITH PASSWORD '${password.replace(/'/g, "\\'")}' WITH ALL PRIVILEGES`;
      const res = await fetch(`${server.url}/query`, { method: 'POST', body: new URLSearchParams({ q }) });
      if (!res.ok) throw new Error(`influxd: creating the admin user: ${res.status} ${await res.text()}`);
    }
    return server;
  }

  /** (Re)starts the process on the same dir and port and waits until /ping answers 204. */
  async restart(): Promise<void> {
    if (this.child !== undefined) await this.kill();
    this.stderr = '';
    const child = spawn(INFLUXD, ['run', '-config', this.configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    // Never keeps the test process alive: the process's exit hook kills it (see backends.ts).
    child.unref();
    (child.stderr as unknown as { unref?: () => void }).unref?.();
    this.child = child;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`influxd exited with ${child.exitCode}: ${this.stderr}`);
      try {
        const res = await fetch(`${this.url}/ping`, { signal: AbortSignal.timeout(500) });
        if (res.status === 204) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`influxd did not answer /ping within 20 s: ${this.stderr}`);
  }

  /** Freezes the process (SIGSTOP): connections hang, as with an overloaded or stuck server. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** kill -9, then waits for the exit. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // The child is unref'd: while we wait for its exit it must hold the event loop, or a test
    // with nothing else pending ends here ("the event loop has already resolved").
    child.ref();
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
  }

  /** At process exit (no async there): kill -9 and remove the files. */
  killSync(): void {
    const child = this.child;
    this.child = undefined;
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Stops the process and removes its files. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.ref();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    this.child = undefined;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

let counter = 0;

/** A database-name prefix no other test in this process uses. */
export function uniquePrefix(name = 't'): string {
  return `${name}${process.pid}_${++counter}_`;
}
