/** `homerhythm backup FILE` and `homerhythm restore FILE [--force]`: the work is in src/backup/. */
import type { Config } from '../config.js';
import { createBackup, restoreBackup, RESTORED_CONFIG_FILE } from '../backup/index.js';
import type { Manifest } from '../backup/index.js';
import { bytes, count } from './format.js';

function describe(m: Manifest): string {
  const c = m.counts;
  return `${count(c.events)} events, ${count(c.daily)} daily and ${count(c.weekly)} weekly/monthly aggregates, ${count(c.patterns)} patterns, ${count(c.runs)} job runs`;
}

export async function backupCommand(config: Config, file: string, print: (s: string) => void): Promise<number> {
  const manifest = await createBackup(config, file, { progress: (line) => process.stderr.write(`${line}\n`) });
  const size = Object.values(manifest.files).reduce((sum, f) => sum + f.bytes, 0);
  print(`backup written: ${file}`);
  print(`  ${describe(manifest)} (${bytes(size)} before compression; backend ${manifest.backend})`);
  print('  the configuration is in it without secrets: keep HA_TOKEN and HOMERHYTHM_API_TOKEN yourself');
  return 0;
}

export async function restoreCommand(config: Config, file: string, force: boolean, print: (s: string) => void): Promise<number> {
  const r = await restoreBackup(config, file, { force, progress: (line) => process.stderr.write(`${line}\n`) });
  print(`restored ${file} (made ${r.manifest.created_at} by homerhythm ${r.manifest.app_version}) into ${r.dataDir}${r.replaced ? ', replacing what was there' : ''}`);
  print(`  ${describe(r.manifest)}`);
  print(`  the backed-up configuration (without secrets) is in ${RESTORED_CONFIG_FILE} there; start homerhythm as usual`);
  return 0;
}
