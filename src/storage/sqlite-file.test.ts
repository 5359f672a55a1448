/**
 * Opening a store file while another process opens it too: the services start together on a fresh
 * data directory, and each brings the schema up to date. The migration must run once.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { tempDirs } from '../testing/temp.js';
import { openDatabase } from './sqlite-file.js';

const tempDir = tempDirs('sqlite-file');
const MIGRATIONS = ['CREATE TABLE a (x INTEGER)', 'CREATE TABLE b (y INTEGER)'];
const moduleUrl = new URL('./sqlite-file.ts', import.meta.url).href;

/** A second process that says "opening", then opens `path` with MIGRATIONS; resolves with its exit code and output. */
function openElsewhere(path: string, onOpening: () => void): Promise<{ code: number | null; output: string }> {
  const script = `import { openDatabase } from ${JSON.stringify(moduleUrl)};
console.log('opening');
openDatabase(${JSON.stringify(path)}, ${JSON.stringify(MIGRATIONS)}).close();
console.log('opened');`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const read = (d: Buffer) => {
    const before = output;
    output += d.toString();
    if (!before.includes('opening') && output.includes('opening')) onOpening();
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('openDatabase', () => {
  it('migrates a new file once when another process migrates it at the same time', { timeout: 60_000 }, async () => {
    const path = join(tempDir(), 'store.sqlite');
    // This process has begun migrating a new file: it holds the write lock at schema 0.
    const first = new Database(path);
    first.pragma('journal_mode = WAL');
    first.exec('BEGIN IMMEDIATE');
    let release: () => void = () => undefined;
    const opening = new Promise<void>((resolve) => (release = resolve));
    const other = openElsewhere(path, release);
    await opening;
    // The other process has read schema 0 and waits on the lock; this one finishes and commits.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const sql of MIGRATIONS) first.exec(sql);
    first.pragma(`user_version = ${MIGRATIONS.length}`);
    first.exec('COMMIT');
    first.close();
    const { code, output } = await other;
    assert.equal(code, 0, output);
    assert.match(output, /opened/);
    const db = openDatabase(path, MIGRATIONS);
    assert.equal(db.pragma('user_version', { simple: true }), 2);
    db.close();
  });

  it('refuses a file from a newer homerhythm, saying which schema it has, and leaves it as it was', () => {
    const path = join(tempDir(), 'newer.sqlite');
    openDatabase(path, [...MIGRATIONS, 'CREATE TABLE c (z INTEGER)']).close();
    assert.throws(() => openDatabase(path, MIGRATIONS), /newer\.sqlite was written by a newer homerhythm \(schema 3, this one knows 2\)/);
    const db = openDatabase(path, [...MIGRATIONS, 'CREATE TABLE c (z INTEGER)']);
    assert.equal(db.pragma('user_version', { simple: true }), 3);
    db.close();
  });

  it('brings an older file up to date, one migration after another', () => {
    const path = join(tempDir(), 'older.sqlite');
    openDatabase(path, MIGRATIONS.slice(0, 1)).close();
    const db = openDatabase(path, MIGRATIONS);
    assert.equal(db.pragma('user_version', { simple: true }), 2);
    assert.deepEqual(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all(), ['a', 'b']);
    db.close();
  });
});
