/**
 * A LAN peer for the tests: a network namespace of this test process with one end of a veth
 * pair, the other end here, on a /30 the test assigns itself (10.213.x.y, from the pid). Nothing
 * else is addressed. Names carry the pid, and namespaces of test processes that are gone are
 * removed first, so a killed run leaves nothing behind for long.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PREFIX = 'hr-sec-';

export interface LanPeer {
  readonly namespace: string;
  /** This machine's end, where the service binds. */
  readonly hostAddress: string;
  /** The peer's address inside the namespace. */
  readonly peerAddress: string;
  /** Runs a command inside the namespace. */
  exec(command: string, args: readonly string[]): Promise<string>;
  remove(): void;
}

function ip(args: readonly string[]): { ok: boolean; output: string } {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error?.message ?? ''}`.trim() };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function removeFor(pid: number): void {
  // Deleting one end of a veth pair deletes both; deleting the namespace deletes the end inside it.
  ip(['link', 'del', `hrh${pid}`]);
  ip(['netns', 'del', `${PREFIX}${pid}`]);
}

/** Our namespaces whose test process is gone (a killed run). */
function removeStale(): void {
  for (const line of ip(['netns', 'list']).output.split('\n')) {
    const m = new RegExp(`^${PREFIX}(\\d+)\\b`).exec(line.trim());
    if (m !== null && !alive(Number(m[1]))) removeFor(Number(m[1]));
  }
}

/** Creates the namespace and the veth pair; throws saying why when it cannot (no `ip`, not root, no netns support). */
export function createLanPeer(): LanPeer {
  const version = ip(['-V']);
  if (!version.ok) throw new Error(`cannot make a LAN peer: the \`ip\` command (iproute2) is missing or broken: ${version.output} (apt-get install -y iproute2; scripts/system-deps.sh does it)`);
  const pid = process.pid;
  removeStale();
  removeFor(pid);
  const block = pid % 16384;
  const base = `10.213.${block >> 6}.`;
  const host = `${base}${(block & 63) * 4 + 1}`;
  const peer = `${base}${(block & 63) * 4 + 2}`;
  const namespace = `${PREFIX}${pid}`;
  const steps: string[][] = [
    ['netns', 'add', namespace],
    ['link', 'add', `hrh${pid}`, 'type', 'veth', 'peer', 'name', `hrp${pid}`],
    ['link', 'set', `hrp${pid}`, 'netns', namespace],
    ['addr', 'add', `${host}/30`, 'dev', `hrh${pid}`],
    ['link', 'set', `hrh${pid}`, 'up'],
    ['-n', namespace, 'addr', 'add', `${peer}/30`, 'dev', `hrp${pid}`],
    ['-n', namespace, 'link', 'set', `hrp${pid}`, 'up'],
    ['-n', namespace, 'link', 'set', 'lo', 'up'],
  ];
  for (const step of steps) {
    const r = ip(step);
    if (!r.ok) {
      removeFor(pid);
      throw new Error(`cannot make a LAN peer: \`ip ${step.join(' ')}\` failed: ${r.output} (the test needs root and network namespaces)`);
    }
  }
  return {
    namespace,
    hostAddress: host,
    peerAddress: peer,
    async exec(command, args) {
      const { stdout } = await run('ip', ['netns', 'exec', namespace, command, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
      return stdout;
    },
    remove: () => removeFor(pid),
  };
}
