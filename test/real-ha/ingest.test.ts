/**
 * Against Home Assistant Core itself (scripts/ha-install.sh), one HA for the whole file:
 *   1. live ingestion (`homerhythm serve --only ingest`, a child process) of ≥ 500 state changes
 *      equals the rows HA's recorder wrote: entity, state, last_updated, attributes, cause; each
 *      event tagged with the entity's area and device, and an entity moved to another room
 *      tagged with the new room from then on;
 *   2. after a SIGKILL of our process and a stop and start of HA while changes go on, Layer 1
 *      again equals the recorder: nothing missing, nothing twice;
 *   3. `homerhythm import <home-assistant_v2.db> --format recorder` into an empty store gives
 *      the same Layer 1 as live ingestion did, key for key.
 * Fails with the reason when HA cannot be installed or started; HOMERHYTHM_SKIP_REAL_HA=1 opts a
 * local run out, and says so.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StateEvent } from '../../src/events/model.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import { compareWithRecorder, describeDifference, recordable } from '../../src/testing/real-ha/compare.js';
import { AUTOMATED, AUTOMATION_TRIGGER, POWER_METER, SWITCHES } from '../../src/testing/real-ha/config.js';
import { drive } from '../../src/testing/real-ha/driver.js';
import { HomeAssistant } from '../../src/testing/real-ha/home-assistant.js';
import { DEVICE_ENTITY, type HomeLayout, setUpHome } from '../../src/testing/real-ha/home.js';
import { optedOut } from '../../src/testing/real-ha/install.js';
import { keyOfEvent, newestRecorded, recordedStates } from '../../src/testing/real-ha/recorder.js';
import type { HaSocket } from '../../src/testing/real-ha/socket.js';
import { waitFor } from '../../src/testing/wait.js';
import { allEvents, type CliRun, configFile, freePort, getJson, spawnCli, spawnServe } from '../ingest/harness.js';

const MOVED = 'input_boolean.desk_lamp';
/** Recorder rows beyond the first in each key (entity, microsecond) they share with another: none expected. */
const sameMillisecondExtra = (d: { sameMillisecond: string[] }) => d.sameMillisecond.reduce((n, s) => n + Number(/×(\d+)/.exec(s)![1]) - 1, 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const started = Date.now();
/** Where a long test is, in the output (a timeout then says which step hung). */
const phase = (what: string) => process.stderr.write(`# ${((Date.now() - started) / 1000).toFixed(1)} s: ${what}\n`);

describe('a real Home Assistant', { skip: optedOut() ? 'HOMERHYTHM_SKIP_REAL_HA=1' : false }, () => {
  let ha: HomeAssistant;
  let socket: HaSocket;
  let layout: HomeLayout;
  const dataDir = mkdtempSync(join(tmpdir(), 'homerhythm-real-ha-data-'));
  const ingestPort = freePort();
  const config = configFile('ingest:\n  history_margin_seconds: 5\n');
  let serve: CliRun | undefined;
  let env: Record<string, string>;
  /** When live ingestion began (after the first subscription) and when each test's changes were recorded. */
  let t0 = 0;
  let moveAt = 0;
  let fromLivePeriod = 0;
  let toLivePeriod = 0;

  before(async () => {
    ha = await HomeAssistant.create();
    socket = await ha.socket();
    layout = await setUpHome(ha, socket);
    env = { HA_URL: ha.url, HA_TOKEN: ha.token, HOMERHYTHM_DATA_DIR: dataDir, HOMERHYTHM_INGEST_PORT: String(await ingestPort) };
  });

  after(async () => {
    serve?.child.kill('SIGKILL');
    socket?.close();
    await ha?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const health = async () => getJson(`http://127.0.0.1:${env['HOMERHYTHM_INGEST_PORT']}/health`);

  async function startServe(): Promise<void> {
    serve = spawnServe(env, config);
    await waitFor(async () => (await health())?.['status'] === 'ok', `homerhythm to ingest from HA:\n${serve.output()}`, 60_000, 200);
  }

  /**
   * Sets a marker state, waits until HA's recorder committed it (it commits in order: all before
   * it is in the database) and our process received and wrote it (events arrive in order: all
   * before it is in Layer 1), then stops our process cleanly. Returns the end of the period:
   * just after the marker.
   */
  let markers = 0;
  async function settle(): Promise<number> {
    const marker = await ha.rest<{ last_updated: string }>('POST', `/api/states/${POWER_METER}`, { state: `marker ${++markers}`, attributes: { unit_of_measurement: 'W', friendly_name: 'power meter' } });
    const at = Date.parse(marker.last_updated);
    await waitFor(() => newestRecorded(ha.database) >= at, 'the recorder to commit the marker', 30_000, 100);
    let last: unknown = null;
    try {
      await waitFor(async () => {
        const h = (last = await health());
        return h?.['status'] === 'ok' && h['queued_writes'] === 0 && Date.parse(String(h['last_event_time'])) >= at;
      }, 'homerhythm to receive and write the marker', 60_000, 100);
    } catch (error) {
      // say why: the health it last reported (a gap fill still running, or failed?)
      const metrics = await fetch(`http://127.0.0.1:${env['HOMERHYTHM_INGEST_PORT']}/metrics`).then((r) => r.text()).catch(() => '');
      const counters = metrics.split('\n').filter((l) => /^homerhythm_ingest_(events|connects|disconnects)/.test(l)).join('; ');
      throw new Error(`${(error as Error).message}; marker at ${new Date(at).toISOString()}; last /health: ${JSON.stringify(last)}; ${counters}\nits output, last 60 lines:\n${serve!.output().split('\n').slice(-60).join('\n')}\nHA's log:\n${ha.logTail(20)}`);
    }
    serve!.child.kill('SIGTERM');
    assert.equal(await serve!.exited, 0, serve!.output());
    serve = undefined;
    return at + 1;
  }

  async function layer1(from: number, to: number): Promise<StateEvent[]> {
    const storage = new SqliteStorage(dataDir);
    try {
      return (await allEvents(storage)).filter((e) => e.time >= from && e.time < to);
    } finally {
      await storage.close();
    }
  }

  /** The entity's device and effective area, as HA's registries say now. */
  async function expectedTags(): Promise<Map<string, { deviceId: string | null; areaId: string | null }>> {
    const entities = await socket.command<{ entity_id: string; device_id: string | null; area_id: string | null }[]>({ type: 'config/entity_registry/list' });
    const devices = new Map((await socket.command<{ id: string; area_id: string | null }[]>({ type: 'config/device_registry/list' })).map((d) => [d.id, d.area_id]));
    return new Map(entities.map((e) => [e.entity_id, { deviceId: e.device_id, areaId: e.area_id ?? (e.device_id === null ? null : (devices.get(e.device_id) ?? null)) }]));
  }

  it('1. live ingestion equals the recorder: ≥ 500 changes of ≥ 10 entities, with areas, devices and causes', { timeout: 180_000 }, async () => {
    await startServe();
    t0 = Date.now() + 1_000;
    await sleep(1_000);
    let moved = false;
    const steps = 420;
    let done = 0;
    await drive(ha, () => socket, {
      steps,
      durationMs: 40_000,
      stop: () => {
        done++;
        if (!moved && done > steps / 2) {
          moved = true;
          void socket.command({ type: 'config/entity_registry/update', entity_id: MOVED, area_id: layout.areas['Living room'] }).then(() => (moveAt = Date.now()));
        }
        return false;
      },
    });
    const t1 = await settle();
    fromLivePeriod = t0;
    toLivePeriod = t1;

    const recorded = recordedStates(ha.database, t0, t1);
    const stored = await layer1(t0, t1);
    const entities = new Set(recorded.map((r) => r.entityId));
    assert.ok(recorded.length >= 500, `the recorder holds ${recorded.length} states in the period (≥ 500 wanted)`);
    assert.ok(entities.size >= 10, `${entities.size} entities changed (≥ 10 wanted)`);
    const difference = compareWithRecorder(stored, recorded);
    assert.equal(describeDifference(difference), '', 'Layer 1 equals the recorder');
    assert.equal(stored.length, recorded.length - sameMillisecondExtra(difference), 'one event per recorder row');
    assert.deepEqual(difference.sameMillisecond, [], 'HA keys its rows to the microsecond, and so does Layer 1');
    // two states of one entity in one millisecond (the automation's `current` 1 → 0): both kept
    const inOneMs = recorded.filter((r, i) => recorded.some((q, j) => j !== i && q.entityId === r.entityId && Math.floor(q.lastUpdatedTs * 1000) === Math.floor(r.lastUpdatedTs * 1000)));
    phase(`${inOneMs.length} recorder rows share their entity's millisecond with another; Layer 1 holds each of them`);

    // causes: the owner's changes are a person's, the automation's an automation's
    const automated = stored.filter((e) => e.entityId === AUTOMATED && e.state === 'on');
    assert.ok(automated.length > 5, `the automation turned the hall light on ${automated.length} times`);
    assert.ok(automated.every((e) => e.cause === 'automation'), 'every hall light on came from the automation');
    const byHand = stored.filter((e) => (SWITCHES as readonly string[]).includes(e.entityId));
    assert.ok(byHand.length > 100 && byHand.every((e) => e.cause === 'person'), 'the switches toggled over call_service are a person\'s');

    // tags: the registries' device and area; the moved entity's room changes with the move
    assert.ok(moveAt > 0, 'the entity was moved');
    const tags = await expectedTags();
    const wrong: string[] = [];
    for (const e of stored) {
      let want = tags.get(e.entityId) ?? { deviceId: null, areaId: null };
      if (e.entityId === MOVED && e.time < moveAt - 1_000) want = { ...want, areaId: layout.entityAreas[MOVED]! };
      if (e.entityId === MOVED && e.time >= moveAt - 1_000 && e.time < moveAt + 1_000) continue; // the registry refresh is not instant
      if (e.deviceId !== want.deviceId || e.areaId !== want.areaId) wrong.push(`${keyOfEvent(e)}: ${e.deviceId}/${e.areaId} ≠ ${want.deviceId}/${want.areaId}`);
    }
    assert.deepEqual(wrong, [], 'tags as the registries say');
    const movedEvents = stored.filter((e) => e.entityId === MOVED);
    assert.ok(movedEvents.some((e) => e.time < moveAt - 1_000 && e.areaId === layout.areas['Bedroom']), 'the desk lamp in the bedroom before the move');
    assert.ok(movedEvents.some((e) => e.time > moveAt + 1_000 && e.areaId === layout.areas['Living room']), 'and in the living room after it');
    const onDevice = stored.filter((e) => e.entityId === DEVICE_ENTITY);
    assert.ok(onDevice.length > 5 && onDevice.every((e) => e.deviceId === layout.deviceId && e.areaId === layout.deviceArea), 'the device\'s entity carries the device and its area');
    assert.ok(stored.some((e) => e.entityId === 'sensor.power_meter' && e.state === e.oldState), 'attribute-only changes are stored');
    phase(`real HA ${ha.version}: ${recorded.length} recorded states of ${entities.size} entities in ${Math.round((t1 - t0) / 1000)} s; Layer 1 holds the same ${stored.length}`);
  });

  it('2. no gap either way: SIGKILL of our process, then HA stopped and started, while HA changes states', { timeout: 240_000 }, async () => {
    const from = Date.now();
    await startServe();
    let stop = false;
    let current = socket;
    const driving = drive(ha, () => current, { steps: 100_000, durationMs: 1_000_000, seed: 11, stop: () => stop, tolerateErrors: true });
    await sleep(5_000);
    phase('SIGKILL homerhythm');
    serve!.child.kill('SIGKILL');
    await serve!.exited;
    await sleep(4_000); // HA changes states while nobody listens
    phase('restart homerhythm');
    await startServe();
    await sleep(4_000);
    // Each (re)connect fills the gap before it from HA's history: this is the restart's fill.
    const fillsBefore = Number((await health())?.['gap_fills_done']);
    phase('stop HA');
    await ha.stopProcess();
    phase('start HA');
    await sleep(2_000);
    await ha.start();
    current = await ha.socket();
    phase('HA is back');
    await sleep(5_000);
    stop = true;
    const report = await driving;
    phase(`driven: ${JSON.stringify(report)}`);
    // Our process reconnects with backoff, maybe seconds after HA is back: the marker below must
    // find it subscribed again, or it would come in through the gap fill and never live.
    await waitFor(async () => Number((await health())?.['gap_fills_done']) > fillsBefore, 'homerhythm to reconnect and fill the gap after HA came back', 60_000, 200);
    phase('reconnected, gap filled');
    socket.close();
    socket = current;
    const to = await settle();

    const recorded = recordedStates(ha.database, from, to);
    const stored = await layer1(from, to);
    assert.ok(report.steps > 100, `${report.steps} changes driven (${report.failed} failed while HA was down)`);
    const difference = compareWithRecorder(stored, recorded);
    assert.equal(describeDifference(difference, false), '', 'Layer 1 equals the recorder after both outages');
    assert.equal(stored.length, recorded.length - sameMillisecondExtra(difference));
    phase(`restart and SIGKILL: ${recorded.length} recorded states, Layer 1 the same ${stored.length}; ${difference.sameMillisecond.length} milliseconds held two; ${difference.causes.length} filled from HA's history without their cause: ${difference.causes.slice(0, 3).join(', ')}`);
  });

  it('3. the recorder import of that HA\'s database gives the same Layer 1 as live ingestion, key for key', { timeout: 120_000 }, async () => {
    assert.ok(toLivePeriod > 0, 'test 1 ran');
    const importDir = mkdtempSync(join(tmpdir(), 'homerhythm-real-ha-import-'));
    try {
      const registry = join(importDir, 'registry.json');
      writeFileSync(registry, JSON.stringify({
        entities: await socket.command({ type: 'config/entity_registry/list' }),
        devices: await socket.command({ type: 'config/device_registry/list' }),
        areas: await socket.command({ type: 'config/area_registry/list' }),
      }));
      const run = spawnCli(['import', ha.database, '--format', 'recorder', '--registry', registry], { HOMERHYTHM_DATA_DIR: join(importDir, 'data') });
      assert.equal(await run.exited, 0, run.output());
      const importedStore = new SqliteStorage(join(importDir, 'data'));
      let imported: StateEvent[];
      try {
        imported = (await allEvents(importedStore)).filter((e) => e.time >= fromLivePeriod && e.time < toLivePeriod);
      } finally {
        await importedStore.close();
      }
      const live = await layer1(fromLivePeriod, toLivePeriod);
      assert.ok(live.length >= 500);
      assert.deepEqual(imported.map(keyOfEvent), live.map(keyOfEvent), 'the same keys in the same order');
      // live events carry what HA's recorder does not write (UNRECORDED_ATTRIBUTES): compared as the recorder keeps them
      const fields = (e: StateEvent, tagsToo: boolean) => ({ state: e.state, oldState: e.oldState, attributes: recordable(e.entityId, e.attributes), cause: e.cause, ...(tagsToo ? { deviceId: e.deviceId, areaId: e.areaId } : {}) });
      for (let i = 0; i < live.length; i++) {
        // the import knows only today's registry: the moved entity's events before the move carry its new room
        const tagsToo = !(live[i]!.entityId === MOVED && live[i]!.time < moveAt + 1_000);
        assert.deepEqual(fields(imported[i]!, tagsToo), fields(live[i]!, tagsToo), keyOfEvent(live[i]!));
      }
    } finally {
      rmSync(importDir, { recursive: true, force: true });
    }
  });

  it('the automation fires in HA on its own (the parent context the tests rely on)', async () => {
    await socket.callService('input_boolean', 'turn_off', { entity_id: [AUTOMATION_TRIGGER, AUTOMATED] });
    await socket.callService('input_boolean', 'turn_on', { entity_id: AUTOMATION_TRIGGER });
    await waitFor(async () => (await ha.rest<{ state: string }>('GET', `/api/states/${AUTOMATED}`)).state === 'on', 'the hall light', 10_000, 100);
  });
});
