/**
 * packaging/systemd/homerhythm.service: `systemd-analyze verify` accepts it without a word, and it
 * has what the issue asks of it (`homerhythm serve`, a dedicated user, its data in StateDirectory,
 * restart on failure, the hardening). verify insists that ExecStart's program exists, so it checks
 * a copy whose ExecStart points at a stand-in; every other line is the file's own.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot } from '../ingest/harness.js';

const UNIT = join(repoRoot, 'packaging', 'systemd', 'homerhythm.service');
const PROGRAM = '/usr/local/bin/homerhythm';
const text = readFileSync(UNIT, 'utf8');
const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;

/** The [Service] section's settings, each key with all its values. */
function serviceSettings(unit: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  let section = '';
  for (const line of unit.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) section = line;
    else if (section === '[Service]') {
      const at = line.indexOf('=');
      const key = line.slice(0, at);
      settings.set(key, [...(settings.get(key) ?? []), line.slice(at + 1)]);
    }
  }
  return settings;
}

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** `systemd-analyze verify` on `unit` (ExecStart's program replaced by a stand-in): exit code and output. */
function verify(unit: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'homerhythm-unit-'));
  dirs.push(dir);
  const program = join(dir, 'homerhythm');
  writeFileSync(program, '#!/bin/sh\n');
  chmodSync(program, 0o755);
  assert.ok(unit.includes(`ExecStart=${PROGRAM} `));
  const file = join(dir, 'homerhythm.service');
  writeFileSync(file, unit.replace(`ExecStart=${PROGRAM} `, `ExecStart=${program} `));
  const run = spawnSync('systemd-analyze', ['verify', '--man=no', file], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

describe('the systemd unit', () => {
  it('runs `homerhythm serve` as its own user, keeps its data in its StateDirectory, restarts on failure, hardened', () => {
    const s = serviceSettings(text);
    const one = (key: string) => {
      assert.equal(s.get(key)?.length, 1, `${key} once`);
      return s.get(key)![0]!;
    };
    assert.equal(one('ExecStart'), `${PROGRAM} serve`);
    assert.equal(one('User'), 'homerhythm');
    assert.notEqual(one('User'), 'root');
    assert.equal(one('StateDirectory'), 'homerhythm');
    assert.ok(s.get('Environment')!.includes('HOMERHYTHM_DATA_DIR=/var/lib/homerhythm'), 'the data in the state directory');
    assert.equal(one('ReadWritePaths'), '/var/lib/homerhythm');
    assert.equal(one('Restart'), 'on-failure');
    assert.equal(one('NoNewPrivileges'), 'yes');
    assert.equal(one('ProtectSystem'), 'strict');
    assert.equal(one('ProtectHome'), 'yes');
    assert.equal(one('PrivateTmp'), 'yes');
    assert.ok(!s.has('MemoryDenyWriteExecute'), "Node's JIT needs writable executable memory");
  });

  it('systemd-analyze verify accepts it, without a warning', { skip: !analyze && 'systemd-analyze is not installed (scripts/system-deps.sh installs systemd)' }, () => {
    const { status, output } = verify(text);
    assert.equal(status, 0, output);
    assert.equal(output, '');
  });

  it('and verify does complain about a broken unit (so the check above means something)', { skip: !analyze && 'no systemd-analyze' }, () => {
    assert.match(verify(text.replace('PrivateTmp=yes', 'PrivateTmpp=yes')).output, /Unknown key/);
    assert.notEqual(verify(text.replace('Restart=on-failure', 'Restart=sometimes')).output, '');
  });
});
