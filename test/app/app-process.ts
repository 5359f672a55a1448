/**
 * homerhythm started as the App's run script starts it (`homerhythm serve` with SUPERVISOR_TOKEN
 * and no HA_URL), from source through tsx, in an empty working folder with its own HOME and
 * TMPDIR so a test can see that nothing was written outside the App's `/data` (a temp folder,
 * HOMERHYTHM_APP_DATA).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../src/testing/port.js';
import { repoRoot } from '../ingest/harness.js';

export interface AppRun {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

export function startApp(args: readonly string[], env: Record<string, string>, cwd: string): AppRun {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(repoRoot, 'src/cli.ts'), ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** The App's three ports, free ones (the dashboard's stands in for config.yaml's ingress_port). */
export async function appPorts(): Promise<Record<'HOMERHYTHM_INGEST_PORT' | 'HOMERHYTHM_API_PORT' | 'HOMERHYTHM_DASHBOARD_PORT', string>> {
  return { HOMERHYTHM_INGEST_PORT: String(await freePort()), HOMERHYTHM_API_PORT: String(await freePort()), HOMERHYTHM_DASHBOARD_PORT: String(await freePort()) };
}

/** JSON log lines in a stream's text. */
export function logLines(text: string): { level: number; msg: string; [key: string]: unknown }[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: number; msg: string });
}

/** Every TCP socket a process listens on, as `address:port` (IPv4 and IPv6), from /proc. */
export function listeningSockets(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m !== null) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const out: string[] = [];
  for (const table of ['tcp', 'tcp6']) {
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A' || !inodes.has(f[9]!)) continue; // 0A: LISTEN
      const [hex, port] = f[1]!.split(':') as [string, string];
      out.push(`${table === 'tcp' ? ipv4(hex) : ipv6(hex)}:${parseInt(port, 16)}`);
    }
  }
  return out.sort();
}

/** /proc/net/tcp's address: four bytes, little-endian. */
const ipv4 = (hex: string) => [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');
/** /proc/net/tcp6's: four little-endian words; only the two forms a listener here can have. */
const ipv6 = (hex: string) => (/^0+$/.test(hex) ? '::' : hex === '00000000000000000000000001000000' ? '::1' : hex);
