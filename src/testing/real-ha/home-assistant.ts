/**
 * A throwaway Home Assistant Core: a temp config dir, a free loopback port, `hass --skip-pip`
 * as a child process (its own process group, so nothing is left behind), onboarding of an owner
 * without a browser (`/api/onboarding/users`, then `/auth/token`), and a long-lived access token
 * made over the WebSocket (`auth/long_lived_access_token`), as a person would make one in their
 * profile. Stop and start again on the same dir and port (the token stays valid).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HaSocket } from './socket.js';
import { HASS, missingReason } from './install.js';
import { writeConfig } from './config.js';
import { freePort } from '../port.js';

export { freePort };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Every HA child of this process, killed (group and all) if the process exits without stopping
 * them, or is ended by a signal (a test runner's timeout, Ctrl-C): no HA outlives its tests.
 */
const running = new Set<ChildProcess>();
const killAll = () => {
  for (const child of running) killGroup(child, 'SIGKILL');
};
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    if (process.listenerCount(signal) > 0) return; // someone else stops things on this signal (npm run ha)
    killAll();
    process.kill(process.pid, signal); // the default action, now that the handler is gone
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export interface StartOptions {
  /** Where the config dir is made (default: the system's temp dir). */
  readonly parent?: string;
  /** Keep the config dir after stop (default: removed). */
  readonly keep?: boolean;
  /** How long HA may take to come up (first start creates its database). */
  readonly timeoutMs?: number;
  /** automations.yaml (default: the hall automation of config.ts). */
  readonly automations?: readonly unknown[];
}

export class HomeAssistant {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  /** The owner's long-lived access token (after `start`). */
  token = '';
  version = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly options: StartOptions,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get database(): string {
    return join(this.dir, 'home-assistant_v2.db');
  }

  get logFile(): string {
    return join(this.dir, 'hass.out');
  }

  /** A new HA in a new temp dir, up and onboarded, with a long-lived token. Throws why not. */
  static async create(options: StartOptions = {}): Promise<HomeAssistant> {
    const missing = missingReason();
    if (missing !== null) throw new Error(missing);
    const dir = mkdtempSync(join(options.parent ?? tmpdir(), 'homerhythm-real-ha-'));
    const ha = new HomeAssistant(dir, await freePort(), options);
    writeConfig(dir, ha.port, options.automations);
    try {
      await ha.start();
      await ha.onboard();
    } catch (error) {
      await ha.stop();
      throw error;
    }
    return ha;
  }

  /** Starts hass on the dir and port; resolves when it answers as RUNNING. */
  async start(): Promise<void> {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(HASS, ['--config', this.dir, '--skip-pip', '--log-no-color'], {
      detached: true, // its own process group: stopped as a whole
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', TZ: 'UTC' },
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    this.child = child;
    running.add(child);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exited.then(() => running.delete(child));
    const deadline = Date.now() + (this.options.timeoutMs ?? 120_000);
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`hass exited (${child.exitCode ?? child.signalCode}) while starting:\n${this.logTail()}`);
      if (await this.isRunning()) return;
      if (Date.now() > deadline) throw new Error(`hass did not come up in ${this.options.timeoutMs ?? 120_000} ms:\n${this.logTail()}`);
      await sleep(250);
    }
  }

  /** Up: before onboarding the onboarding API answers; after it, /api/config says RUNNING. */
  private async isRunning(): Promise<boolean> {
    try {
      if (this.token === '') return (await fetch(`${this.url}/api/onboarding`)).ok;
      const res = await fetch(`${this.url}/api/config`, { headers: { authorization: `Bearer ${this.token}` } });
      return res.ok && ((await res.json()) as { state?: string }).state === 'RUNNING';
    } catch {
      return false;
    }
  }

  /** The last lines HA wrote: what a failure message shows. */
  logTail(lines = 40): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  private async onboard(): Promise<void> {
    const clientId = `${this.url}/`;
    const user = await fetch(`${this.url}/api/onboarding/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: clientId, name: 'Owner', username: 'owner', password: 'owner-password-1', language: 'en' }),
    });
    if (!user.ok) throw new Error(`onboarding the owner: ${user.status} ${await user.text()}`);
    const { auth_code } = (await user.json()) as { auth_code: string };
    const tokenRes = await fetch(`${this.url}/auth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', code: auth_code, client_id: clientId }),
    });
    if (!tokenRes.ok) throw new Error(`/auth/token: ${tokenRes.status} ${await tokenRes.text()}`);
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const socket = await HaSocket.connect(this.url, access_token);
    try {
      this.token = await socket.command<string>({ type: 'auth/long_lived_access_token', client_name: 'homerhythm tests', lifespan: 30 });
      this.version = ((await socket.command<{ version: string }>({ type: 'get_config' })).version);
    } finally {
      socket.close();
    }
    // the owner's first token is short-lived; wait for RUNNING with the long-lived one
    const deadline = Date.now() + 60_000;
    while (!(await this.isRunning())) {
      if (Date.now() > deadline) throw new Error(`hass never reported RUNNING:\n${this.logTail()}`);
      await sleep(250);
    }
  }

  /** A WebSocket authenticated with the long-lived token. */
  socket(): Promise<HaSocket> {
    return HaSocket.connect(this.url, this.token);
  }

  /** REST call with the token. */
  async rest<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** SIGTERM (HA's clean shutdown: the recorder commits), SIGKILL after `graceMs`. */
  async stopProcess(graceMs = 30_000): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    this.child = undefined;
  }

  /** Stops HA and removes its dir (unless kept). */
  async stop(): Promise<void> {
    await this.stopProcess();
    if (this.options.keep !== true) rmSync(this.dir, { recursive: true, force: true });
  }
}
