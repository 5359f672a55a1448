/**
 * Where the Home Assistant Core of the real-HA tests lives (installed by `scripts/ha-install.sh`
 * into `.cache/ha-core/`), and whether a run may go without it: only when the person running
 * the tests says so with HOMERHYTHM_SKIP_REAL_HA=1, never because it is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const HA_DIR = process.env['HOMERHYTHM_HA_DIR'] ?? join(REPO_ROOT, '.cache/ha-core');
export const HASS = join(HA_DIR, 'venv/bin/hass');
export const SKIP_VARIABLE = 'HOMERHYTHM_SKIP_REAL_HA';

/** The pinned version, read from the install script (one place). */
export function pinnedVersion(): string {
  const script = readFileSync(join(REPO_ROOT, 'scripts/ha-install.sh'), 'utf8');
  const match = /^HA_VERSION="([^"]+)"/m.exec(script);
  if (match === null) throw new Error('scripts/ha-install.sh names no HA_VERSION');
  return match[1]!;
}

/** Why HA cannot run here, or null when it can. */
export function missingReason(): string | null {
  if (!existsSync(HASS)) return `Home Assistant Core is not installed: ${HASS} is missing (run bash scripts/ha-install.sh; npm test's pretest does)`;
  const stamp = join(HA_DIR, 'installed');
  const want = `homeassistant==${pinnedVersion()}`;
  if (!existsSync(stamp) || !readFileSync(stamp, 'utf8').startsWith(`${want} `)) return `${HA_DIR} does not hold ${want} (run bash scripts/ha-install.sh)`;
  return null;
}

/**
 * Whether the real-HA tests are opted out of by the person running them; says so on stderr so
 * the output shows it. A missing HA is not an opt-out: the tests fail with the reason.
 */
export function optedOut(): boolean {
  if (process.env[SKIP_VARIABLE] !== '1') return false;
  process.stderr.write(`\n*** ${SKIP_VARIABLE}=1: the tests against a real Home Assistant are NOT run ***\n\n`);
  return true;
}
