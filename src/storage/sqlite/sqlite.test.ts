import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storageConformance } from '../conformance.js';
import { SqliteStorage } from './index.js';

storageConformance('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'homerhythm-sqlite-'));
  return {
    open: async () => new SqliteStorage(dir),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
