/** The 03:00 schedule follows the home's time zone when HA tells it after the start. */
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { it } from 'node:test';
import { DateTime } from 'luxon';
import { DEFAULT_TIME_ZONE, loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { contextFor } from '../main.js';
import { HealthRegistry } from '../service.js';
import { SqliteStorage } from '../storage/sqlite/index.js';
import { tempDirs } from '../testing/temp.js';
import { JobsService } from './service.js';

const tempDir = tempDirs('jobs-zone');

/** The next 03:00 in `zone` after now, as an ISO UTC string. */
function next3am(zone: string): string {
  const now = DateTime.now().setZone(zone);
  let at = now.set({ hour: 3, minute: 0, second: 0, millisecond: 0 });
  if (at <= now) at = at.plus({ days: 1 }).set({ hour: 3 });
  return at.toUTC().toISO({ suppressMilliseconds: false })!;
}

const until = async (what: string, check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(check(), what);
};

it('a first run without time_zone: the jobs move to HA’s zone when get_config arrives after they started', async () => {
  const storage = new SqliteStorage(tempDir());
  const service = new JobsService(contextFor(loadConfig({ env: {}, cwd: tmpdir() }), storage, createLogger('silent'), new HealthRegistry()), { zoneCheckMs: 20 });
  await service.start();
  try {
    const zone = 'Pacific/Auckland'; // 11–13 h from the default: a different 03:00 on any date
    assert.notEqual(DEFAULT_TIME_ZONE, zone);
    const details = () => service.health().details as { next_run: string | null; time_zone: string | null };
    assert.equal(details().time_zone, DEFAULT_TIME_ZONE);
    assert.equal(details().next_run, next3am(DEFAULT_TIME_ZONE));
    storage.home.set({ timeZone: zone }); // the ingest service stored HA's get_config
    await until('re-scheduled in the home zone', () => details().time_zone === zone);
    assert.equal(details().next_run, next3am(zone));
  } finally {
    await service.stop();
    await storage.close();
  }
  assert.equal(service.scheduleZone, null, 'stopped: nothing scheduled');
});
