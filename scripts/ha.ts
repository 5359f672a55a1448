/**
 * `npm run ha`: try homerhythm live in a minute. Starts a throwaway Home Assistant Core (the one
 * the real-HA tests use: scripts/ha-install.sh installs it when missing) with demo entities in
 * rooms, a little driver switching them every few seconds (a person's changes, and the hall
 * automation's), and `homerhythm start` pointed at it (HA_URL, HA_TOKEN) with a throwaway data
 * dir. Prints the URLs, the login and the token; Ctrl-C stops both and removes their dirs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drive } from '../src/testing/real-ha/driver.js';
import { HomeAssistant } from '../src/testing/real-ha/home-assistant.js';
import { setUpHome } from '../src/testing/real-ha/home.js';
import { REPO_ROOT, missingReason } from '../src/testing/real-ha/install.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

if (missingReason() !== null) {
  const install = spawnSync('bash', [join(REPO_ROOT, 'scripts/ha-install.sh')], { stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

say('starting a throwaway Home Assistant …');
const ha = await HomeAssistant.create();
const socket = await ha.socket();
await setUpHome(ha, socket);
const dataDir = mkdtempSync(join(tmpdir(), 'homerhythm-ha-demo-'));

let stopping = false;
const driving = drive(ha, () => socket, { steps: 1e9, durationMs: 3e12 /* one step every 3 s */, stop: () => stopping, tolerateErrors: true });

const homerhythm = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli.ts'), 'start'], {
  cwd: REPO_ROOT,
  stdio: 'inherit',
  env: { ...process.env, HA_URL: ha.url, HA_TOKEN: ha.token, HOMERHYTHM_DATA_DIR: dataDir },
});

say('');
say(`Home Assistant ${ha.version}: ${ha.url}  (log in as owner / owner-password-1)`);
say(`  long-lived token: ${ha.token}`);
say(`  config dir:       ${ha.dir}`);
say('homerhythm (starting): dashboard http://127.0.0.1:3000/, data-api http://127.0.0.1:8006, ingestion health http://127.0.0.1:8001/health');
say(`  data dir:         ${dataDir}`);
say('A driver switches the demo entities every 3 seconds. Ctrl-C stops both.');
say('');

async function stop(code: number): Promise<never> {
  if (stopping) process.exit(code);
  stopping = true;
  say('\nstopping homerhythm and Home Assistant …');
  homerhythm.kill('SIGTERM');
  await Promise.race([new Promise((r) => homerhythm.once('exit', r)), new Promise((r) => setTimeout(r, 15_000))]);
  homerhythm.kill('SIGKILL');
  await driving.catch(() => undefined);
  socket.close();
  await ha.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
homerhythm.once('exit', (code) => {
  if (!stopping) {
    say(`homerhythm exited (${code}); stopping Home Assistant`);
    void stop(code ?? 1);
  }
});
