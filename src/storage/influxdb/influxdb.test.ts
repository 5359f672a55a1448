import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storageConformance } from '../conformance.js';
import { openTestStorage } from '../../testing/backends.js';

storageConformance('influxdb', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'homerhythm-influx-'));
  return {
    open: () => openTestStorage('influxdb', dir),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
