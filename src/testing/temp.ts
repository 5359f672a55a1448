/** Temporary directories for a test file, removed when its tests are done. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/** A maker of fresh `homerhythm-<name>-*` directories under the system's temp dir; all go after the file's tests. */
export function tempDirs(name: string): () => string {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  return () => {
    const dir = mkdtempSync(join(tmpdir(), `homerhythm-${name}-`));
    dirs.push(dir);
    return dir;
  };
}
